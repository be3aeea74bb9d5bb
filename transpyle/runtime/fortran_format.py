"""Formatted output for migrated code: fortranformat, plus the minimal-width edit descriptors
it lacks, written as gfortran writes them.

fortranformat writes nothing for `I0`, `B0`, `O0`, `Z0` and rejects `G0`. Each of them here
becomes an `A` descriptor of the parsed format, and the value that meets it is written to its
text first (`I0`: the digits and a minus sign; `I0.m`: at least m digits, a blank for zero
with m = 0; `B0`/`O0`/`Z0`: two's complement of the integer's kind for negative values;
`G0`: integers as `I0`, logicals as T/F, characters as they are, reals with 9 (REAL) or 17
(DOUBLE PRECISION) significant digits, or d with `G0.d`, in F form for 0.1 <= |x| < 10**d
and otherwise as `0.dddE+x` with the fewest exponent digits). Complex values take two edit
descriptors, their real and imaginary parts, as in Fortran.
"""

from __future__ import annotations

import copy
import functools
import io
import math
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

import fortranformat  # type: ignore[import-untyped]
import numpy as np
from fortranformat._lexer import lexer  # type: ignore[import-untyped]
from fortranformat._misc import expand_edit_descriptors  # type: ignore[import-untyped]
from fortranformat._output import output  # type: ignore[import-untyped]
from fortranformat._parser import parser  # type: ignore[import-untyped]

# a minimal-width descriptor (not inside a name such as A10 or a number such as 10.0)
_ZERO = re.compile(r"(?<![A-Za-z0-9.])(\d*)([IBOZGFibozgf])0(?:\.(\d+))?(?![\d.])")
_ZERO_E = re.compile(r"(?<![A-Za-z0-9.])(\d*)(ES|EN|E|D|es|en|e|d)0\.(\d+)(?:[Ee](\d+))?(?![\d.])")
# GNU's L without a width, which gfortran reads and writes as L1
_BARE_L = re.compile(r"(?<![A-Za-z0-9.])(\d*)([Ll])(?![A-Za-z0-9])")
_MARK = 100_000  # `A<_MARK + k>` stands for the k-th minimal-width descriptor while parsing


_compose_float = fortranformat._output._compose_float_string


class _RecordIO(io.StringIO):
    """fortranformat's output buffer, with positions counted from the current record's start
    (T, TL and the blanks TR leaves are the record's, as in Fortran) and each record ended
    after its last character, not at the position a TL left (`(a10,tl6,2x,a2)` reverted
    cut the first record to 'abcdefgh')."""

    _start = 0

    def write(self, s: str) -> int:
        if s == "\n":
            super().seek(0, io.SEEK_END)
            n = super().write(s)
            self._start = super().tell()
            return n
        return super().write(s)

    def tell(self) -> int:
        return super().tell() - self._start

    def seek(self, pos: int, whence: int = 0) -> int:
        if whence == 0:
            return super().seek(self._start + pos) - self._start
        return super().seek(pos, whence) - self._start


def _write_string(record: Any, text: str, pos: int) -> tuple[int, Any]:
    """fortranformat's `_write_string`, with the blanks before a position past the record's
    end counted from that end (fortranformat counted them from the last write, so TR or X
    after a TL blanked the characters already there: '(A, T3, A, TR5, A)' wrote 'abX     Y'
    for gfortran's 'abX' 'def' '  Y')."""
    end = record.seek(0, io.SEEK_END)
    if pos > end:
        record.write(" " * (pos - end))
    else:
        record.seek(max(0, pos))
    record.write(text)
    return record.tell(), record


def _i_string(w: int, m: int | None, state: Any, val: Any) -> str:
    """Iw and Iw.m, in integer arithmetic: fortranformat took the magnitude through a double
    (math.fabs), so an INTEGER(8) past 2**53 lost its last digits ('3074457345618258432'
    for 3074457345618258602)."""
    v = int(val)
    digits = str(abs(v))
    if m is not None:
        digits = "" if v == 0 and m == 0 else digits.zfill(m)
    if digits:
        digits = ("-" if v < 0 else "+" if state.get("incl_plus") else "") + digits
    return "*" * w if len(digits) > w else digits.rjust(w)


def nonfinite(v: float, w: int, plus: bool) -> str:
    """An infinity or NaN in a field of width `w` (0: the minimal width) under D, E, EN, ES,
    F or G, as libgfortran writes it: `Infinity` where more than 7 columns are free (8 with a
    sign), else `Inf`; the sign of -Inf always, of +Inf only under SP and where it fits;
    asterisks where `Inf`/`NaN` (or the minus of `-Inf`) does not fit."""
    negative = bool(np.signbit(v)) and not np.isnan(v)
    signed = not np.isnan(v) and (negative or plus)
    nb = w or (4 if signed else 3)
    if nb < 3 or nb == 3 and negative:
        return "*" * nb
    if np.isnan(v):
        return "NaN".rjust(nb)
    body = "Infinity" if nb > (8 if signed else 7) else "Inf"
    sign = ("-" if negative else "+") if signed and nb > 3 else ""
    return (sign + body).rjust(nb)


def _zero_under_g(w: Any, e: Any, d: Any, state: Any, val: Any, ftype: str) -> str:
    """fortranformat writes a zero under Gw.d in E form; the standard (and gfortran) in
    F(w-n).(d-1) followed by n blanks (n = 4, or e + 2 with an exponent width). Infinities
    and NaNs are written as gfortran writes them (`nonfinite`)."""
    if isinstance(val, float) and not np.isfinite(val):
        return nonfinite(val, w or 0, bool(state.get("incl_plus")))
    if e == 0 and ftype in ("E", "ES", "EN") and w:
        return _minimal_exponent(w, d, state, val, ftype)
    if ftype == "G" and val == 0.0 and d and w:
        blanks = 4 if e is None else e + 2
        return _compose_float(w - blanks, e, d - 1, state, val, "F") + " " * blanks
    return _compose_float(w, e, d, state, val, ftype)


def _minimal_exponent(w: int, d: Any, state: Any, val: Any, ftype: str) -> str:
    """Ew.dE0 (ES, EN): the exponent in as few digits as it takes (`1.50E+0`, `1.00E+100`),
    as gfortran writes it; the optional leading zero of E goes first where the field is
    short, then the whole field is asterisks."""
    wide = str(_compose_float(w + 8, 4, d, state, val, ftype)).strip()
    found = re.fullmatch(r"(.*)E([+-])(\d+)", wide)
    if found is None:
        return "*" * w
    text = f"{found[1]}E{found[2]}{int(found[3])}"
    if len(text) > w and ftype == "E":
        text = re.sub(r"^([+-]?)0\.", r"\1.", text)
    return text.rjust(w) if len(text) <= w else "*" * w


@functools.lru_cache(maxsize=256)
def _parsed(fmt: str) -> tuple[list[Any], list[Any], dict[int, tuple[str, int | None]]]:
    """The edit descriptors of `fmt` (and of its reversion), the minimal-width ones turned
    into `A`; `marks` maps such an `A` (by id) to its letter and digit count."""
    # gfortran writes the sign of a negative zero (-0.000); fortranformat can, when asked
    fortranformat._output.PROC_SIGN_ZERO = True
    fortranformat._output._compose_float_string = _zero_under_g
    fortranformat._output._compose_boz_string = _boz
    fortranformat._output.StringIO = _RecordIO
    fortranformat._output._write_string = _write_string
    fortranformat._output._compose_i_string = _i_string
    found: list[tuple[str, int | None]] = []

    def mark(m: re.Match[str]) -> str:
        found.append((m.group(2).upper(), int(m.group(3)) if m.group(3) else None))
        return f"{m.group(1)}A{_MARK + len(found) - 1}"

    def mark_e(m: re.Match[str]) -> str:  # E0.d, D0.d, ES0.d, EN0.d (and Ee)
        found.append((f"{m.group(2).upper()}:{m.group(4) or 0}", int(m.group(3))))
        return f"{m.group(1)}A{_MARK + len(found) - 1}"

    text = "".join(part if k % 2 else
                   _BARE_L.sub(r"\g<1>\g<2>1", _ZERO_E.sub(mark_e, _ZERO.sub(mark, part)))
                   for k, part in enumerate(re.split(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")",
                                                     fmt)))
    eds, rev = parser(lexer(text))
    marks: dict[int, tuple[str, int | None]] = {}
    for ed in [*eds, *rev]:
        if ed.name == "A" and ed.width is not None and ed.width >= _MARK:
            marks[id(ed)] = found[ed.width - _MARK]
            ed.width = None
    return eds, rev, marks


parsed = _parsed  # the READ side (`fortran_read`) walks the same descriptors


_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_UNLIMITED = re.compile(r"\*\s*\(")


def unquoted(fmt: str) -> str:
    """The format's text outside its character constants."""
    return "".join(part for k, part in enumerate(_QUOTED.split(fmt)) if not k % 2)


def without_dollar(fmt: str) -> str:
    """The format without GNU's `$` (its record left open); a `/` with it is not modelled."""
    if "/" in unquoted(fmt):
        raise NotImplementedError("a format with both $ and / is not supported")
    return "".join(part if k % 2 else re.sub(r",?\s*\$\s*", "", part)
                   for k, part in enumerate(_QUOTED.split(fmt)))


def _unlimited(fmt: str, n: int) -> str:
    """`*(i0, 1x)` (Fortran 2008's unlimited repeat) as `n(i0, 1x)`: with `n` the number of
    items, as many repeats as can be used, in one record."""
    return "".join(part if k % 2 else _UNLIMITED.sub(f"{max(n, 1)}(", part)
                   for k, part in enumerate(_QUOTED.split(fmt)))


def formatted(fmt: str, values: Iterator[Any]) -> str:
    """The record(s) a formatted WRITE of `values` (array elements already listed) writes."""
    items = list(_parts(values))
    if "*" in fmt:
        fmt = _unlimited(fmt, len(items))
    eds, rev, marks = _parsed(fmt)
    slots = _slots(eds, rev, len(items))
    if len(slots) < len(items):  # the reversion has no data edit descriptor
        from transpyle.runtime.fortran_files import IoError
        raise IoError(5006, "Insufficient data descriptors in format after reversion")
    items = [_minimal(_bits(v, marks[id(ed)][0]), *marks[id(ed)], plus) if id(ed) in marks
             else _bits(v, ed.name) if ed.name in _BOZ else _rounded(v, ed, k)
             for v, (ed, plus, k) in zip(items, slots, strict=False)] + items[len(slots):]
    items = [bool(v) if isinstance(v, np.bool_) else v.item() if isinstance(v, np.generic)
             else v for v in items]
    return output(_stop_at_colon(eds, len(items)), rev, items)


def _stop_at_colon(eds: list[Any], n: int) -> list[Any]:
    """The format's descriptors up to the colon that ends the output once the `n` values are
    written (fortranformat reads `:` but does not stop there); within the first pass."""
    expanded = expand_edit_descriptors(eds)
    seen = 0
    for k, ed in enumerate(expanded):
        if seen == n and ed.name == "Colon":
            return [_once(x) for x in expanded[:k]]
        if ed.is_output:
            if seen == n:
                break
            seen += 1
    return eds


def _once(ed: Any) -> Any:
    """An edit descriptor without its repeat count (a listed copy of a repeated one)."""
    if getattr(ed, "repeat", None) is None:
        return ed
    single = copy.copy(ed)
    single.repeat = None
    return single


def _parts(values: Iterator[Any]) -> Iterator[Any]:
    for v in values:
        if isinstance(v, complex | np.complexfloating):
            yield v.real
            yield v.imag
        else:
            yield v


def _slots(eds: list[Any], rev: list[Any], n: int) -> list[tuple[Any, bool, int]]:
    """The edit descriptor each of `n` values meets (the format's, then its reversion's),
    whether SP is in effect there, and the scale factor (kP, kept through reversion)."""
    plus = False
    scale = 0

    def outputs(group: list[Any]) -> list[tuple[Any, bool, int]]:
        nonlocal plus, scale
        out = []
        for ed in expand_edit_descriptors(group):
            if ed.name in ("S", "SS", "SP"):
                plus = ed.name == "SP"
            elif ed.name == "P":
                scale = ed.scale
            elif ed.is_output:
                out.append((ed, plus, scale))
        return out

    slots = outputs(eds)[:n]
    while len(slots) < n:
        again = outputs(rev)
        if not again:
            break
        slots += again[: n - len(slots)]
    return slots


_BOZ = ("B", "O", "Z")
_UINT = {4: np.uint32, 8: np.uint64, 2: np.uint16}


def _bits(v: Any, letter: str) -> Any:
    """A value meeting B, O or Z as the unsigned integer of its storage, as gfortran writes
    it: a real's bits, a negative integer's two's complement in its kind."""
    if letter not in _BOZ or isinstance(v, bool | np.bool_):
        return v
    if isinstance(v, float | np.floating):
        item = np.asarray(v, dtype=v.dtype if isinstance(v, np.floating) else np.float64)
        return item.view(_UINT[item.itemsize]).item()
    if isinstance(v, int | np.integer) and v < 0:
        bits = 8 * v.dtype.itemsize if isinstance(v, np.integer) else \
            32 if -2**31 <= v < 2**31 else 64
        return int(v) & ((1 << bits) - 1)
    return v


_compose_boz = fortranformat._output._compose_boz_string


def _boz(w: Any, m: Any, state: Any, val: Any, ftype: str) -> str:
    """Bw.m, Ow.m, Zw.m of a non-negative integer of any size (fortranformat refuses those
    above 2**31 under Z)."""
    val = int(val)
    if val <= 0 or w is None:
        return str(_compose_boz(w, m, state, val, ftype))
    text = format(val, {"B": "b", "O": "o", "Z": "X"}[ftype]).zfill(m or 0).rjust(w)
    return "*" * w if len(text) > w else text


def _minimal(v: Any, letter: str, digits: int | None, plus: bool = False) -> Any:
    """The text of `v` under a minimal-width descriptor (`v` itself where another applies)."""
    if ":" in letter:
        return _e_minimal(v, letter, digits or 0, plus)
    if letter in "FG" and isinstance(v, float | np.floating) and not np.isfinite(v):
        return nonfinite(float(v), 0, plus)
    if letter == "F":
        if not isinstance(v, float | np.floating):
            return v
        text = f"{abs(float(v)):.{digits or 0}f}" + ("" if digits else ".")
        return ("-" if np.signbit(v) else "") + (text[1:] if text.startswith("0.") and digits
                                                 else text)
    if letter == "G":
        if isinstance(v, bool | np.bool_):
            return "T" if v else "F"
        if isinstance(v, str | bytes):
            return v
        if isinstance(v, float | np.floating):
            d = digits if digits is not None else (9 if isinstance(v, np.float32) else 17)
            return _g0(float(v), d, isinstance(v, np.float32) and digits is not None)
        letter, digits = "I", None
    n = int(v)
    if letter == "I":
        text = "" if digits == 0 and n == 0 else str(abs(n)).zfill(digits or 0)
        return (" " if not text else ("-" if n < 0 else "") + text)
    bits = 8 * v.dtype.itemsize if isinstance(v, np.integer) else \
        32 if -2**31 <= n < 2**31 else 64
    text = format(n & ((1 << bits) - 1), {"B": "b", "O": "o", "Z": "X"}[letter])
    text = "" if digits == 0 and n == 0 else text.zfill(digits or 0)
    return text or " "


def _rounded(v: Any, ed: Any, k: int = 0) -> Any:
    """A real about to meet F or G editing, rounded to the digits it shows first: fortranformat
    rounds a 40-digit expansion half up (2.5 under F3.0 is 3.), gfortran the binary value
    itself to nearest, ties to even (2.). E and D show d digits, ES d + 1 (2**-11 under
    E13.6 is 4.882812E-04 in gfortran, 4.882813E-04 in fortranformat); under kP, E and D
    show d + k digits (k <= 0) or d + 1 (k > 0); F and G under kP are left as they are."""
    if not isinstance(v, float | np.floating) or not np.isfinite(v) or \
            ed.name not in ("F", "G", "E", "D", "ES") or ed.decimal_places is None:
        return v
    d = ed.decimal_places
    if k and ed.name in ("E", "D"):
        digits = d + k if k <= 0 else d + 1
        return type(v)(f"{float(v):.{digits - 1}e}") if 0 < digits <= 40 else v
    if k and ed.name in ("F", "G"):
        return v
    if ed.name == "F":
        return type(v)(f"{float(v):.{d}f}")
    if ed.name == "ES":
        return type(v)(f"{float(v):.{d}e}")
    if ed.name in ("E", "D"):
        return type(v)(f"{float(v):.{d - 1}e}") if d > 0 else v
    if d <= 0:
        return v
    return type(v)(_g_decade(float(v), d, isinstance(v, np.float32)))


def _g_decade(x: float, d: int, single: bool) -> float:
    """`x` rounded to d digits for G editing. A REAL(4) that a 7-digit decimal puts in the
    next decade is taken there, as libgfortran decides (9.99499989 under G10.3 is '10.0',
    measured; its digits are otherwise the exact value's)."""
    std = float(f"{x:.{d - 1}e}")
    if not single or x == 0.0 or not 0.1 <= abs(std) < 10.0 ** d:
        return std
    seven = Decimal(x).quantize(Decimal(f"1e{Decimal(x).adjusted() - 6}"), ROUND_HALF_EVEN)
    alt = float(seven.quantize(Decimal(f"1e{seven.adjusted() - d + 1}"), ROUND_HALF_UP))
    if 0.1 <= abs(alt) < 10.0 ** d and math.floor(math.log10(abs(alt))) > \
            math.floor(math.log10(abs(std))):
        return alt
    return std


def _g0(v: float, d: int, single: bool = False) -> str:
    """A real under G0 (G0.d): F form for 0.1 <= |v| < 10**d, else 0.dddE+x."""
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    sign = "-" if np.signbit(v) else ""
    a = abs(v)
    if a == 0.0:
        return f"{sign}0.{'0' * (d - 1)}"
    mantissa, _, exp = f"{_g_decade(a, d, single):.{d - 1}e}".partition("e")
    k = int(exp) + 1  # a = 0.ddd * 10**k
    if 0 <= k <= d:
        text = f"{a:.{d - k}f}"
        return sign + (text + "." if d == k else text)
    digits = mantissa.replace(".", "")
    return f"{sign}0.{digits}E{'+' if k >= 0 else '-'}{abs(k)}"


def _e_minimal(v: Any, letter: str, d: int, plus: bool) -> Any:
    """E0.d, D0.d, ES0.d and EN0.d as gfortran writes them: no blanks, the exponent's fewest
    digits (or e of them) with its sign, and no exponent at all where it is zero."""
    name, e = letter.split(":")
    width = int(e)
    if not isinstance(v, float | np.floating):
        return v
    x = float(v)
    if not np.isfinite(x):
        return nonfinite(x, 0, plus)
    if name in ("E", "D") and width or d == 0:  # gfortran's own rules there (a leading
        # zero dropped in some, d = 0 read as more digits) are not modelled
        raise NotImplementedError(f"the {name}0.{d}{'E' + e if width else ''} edit "
                                  "descriptor is not supported")
    sign = "-" if np.signbit(x) else "+" if plus else ""
    a = abs(x)
    if a == 0.0:
        mantissa, exp = ("0." + "0" * d) if name != "EN" or d else "0.", 0
    elif name in ("E", "D"):
        digits, _, ex = f"{a:.{max(d - 1, 0)}e}".partition("e")
        mantissa, exp = "0." + digits.replace(".", ""), int(ex) + 1
    elif name == "ES":
        mantissa, _, ex = f"{a:.{d}e}".partition("e")
        exp = int(ex)
    else:  # EN: an exponent that is a multiple of 3, 1 <= mantissa < 1000
        ex = int(f"{a:.{d + 2}e}".partition("e")[2])
        for _ in range(2):
            text, _, got = f"{a:.{ex % 3 + d}e}".partition("e")
            if int(got) == ex:
                break
            ex = int(got)
        digits = text.replace(".", "")
        lead = ex % 3 + 1
        mantissa, exp = digits[:lead] + "." + digits[lead:], ex - ex % 3
    if exp == 0:
        return sign + mantissa
    mark = "D" if name == "D" else "E"
    return f"{sign}{mantissa}{mark}{'-' if exp < 0 else '+'}{str(abs(exp)).zfill(width)}"
