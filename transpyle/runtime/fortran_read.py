"""The READ statement for migrated programs: one reader per statement, from which the migrated
code takes each input item in turn (`n = r.item('i4')`, `r.into(a, 'f8')` for a whole array),
then `r.finish()`.

- List-directed (`READ(u, *)`): values separated by blanks, a comma or the end of a record,
  across as many records as the items need; `r*value` repeats; quoted or bare strings; T/F
  or .TRUE./.FALSE.; complex as `(re, im)`; D exponents. A slash ends the input: the items
  left keep their values only where the migrated code gives them (a null value reads as 0 of
  the item's type: docs/DIFFERENCES.md).
- Formatted (`READ(u, '(I5, F8.3)')`): fields by the edit descriptors I, F, E, D, G, L, A and
  the positioning X, T, TL, TR, /, with BN (blanks ignored, gfortran's default) and BZ, an
  implied decimal point (F8.3 reads "12345" as 12.345), a short record padded with blanks,
  and format reversion starting a new record.
- Unformatted: the items' bytes from one record (sequential, direct) or from the file (stream).
Decimal text becomes binary correctly rounded (REAL as well: never through a double rounding).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from fortranformat._misc import expand_edit_descriptors  # type: ignore[import-untyped]

from transpyle.runtime import fortran_format
from transpyle.runtime.fortran_files import (
    BAD_READ,
    EOF,
    SHORT_RECORD,
    IoError,
    unit_of,
)

_DTYPES = {"i": "i", "f": "f", "c": "c", "l": "i"}


def to_real(text: str, kind: int) -> Any:
    """The REAL(kind) nearest to the decimal `text`, ties to even (as strtof/strtod)."""
    d = float(text)
    if kind == 8:
        return d
    f = np.float32(d)
    if not np.isfinite(f) or float(f) == d:
        return f
    other = np.nextafter(f, np.float32(np.inf) if float(f) < d else np.float32(-np.inf))
    if (float(f) + float(other)) / 2 != d:
        return f  # no tie between float32s: rounding the double is rounding the text
    exact = Fraction(text.replace("E", "e"))
    a, b = abs(Fraction(float(f)) - exact), abs(Fraction(float(other)) - exact)
    if a != b:
        return f if a < b else other
    return f if int(f.view(np.int32)) % 2 == 0 else other


def _value(code: str, v: Any) -> Any:
    """A read value as migrated code holds a scalar of that type."""
    letter, size = code[0], int(code[1:] or 0)
    if letter == "i" or letter == "l" and not isinstance(v, bool):
        return int(v) if letter == "i" else bool(v)
    if letter == "f":
        return v if isinstance(v, np.float32 | float) else (np.float32(v) if size == 4
                                                               else float(v))
    if letter == "c":
        return np.complex64(v) if size == 8 else complex(v)
    return v


class Reader:
    """The items of one READ statement, taken in order."""

    count = 0  # items read so far (for messages)

    def item(self, code: str) -> Any:
        raise NotImplementedError

    def into(self, target: np.ndarray, code: str) -> None:
        """As many items as `target` has elements, in column-major order, into `target`."""
        values: list[Any] = []
        try:
            for _ in range(target.size):
                values.append(self.item(code))
        except IoError:  # the items read before the error keep their values, as in gfortran
            for k, v in enumerate(values):
                target[np.unravel_index(k, target.shape, order="F")] = v
            raise
        flat = np.empty(target.size, dtype=target.dtype)
        flat[:] = values
        target[...] = flat.reshape(target.shape, order="F")

    def finish(self) -> None:
        pass


def _records(unit: Any) -> Callable[[], str]:
    if unit is None or unit == "*" or unit == 5:
        def stdin() -> str:
            from transpyle.runtime.fortran_advance import take_rest
            rest = take_rest(None)  # what a non-advancing READ left of its record
            if rest is not None:
                return rest
            line = sys.stdin.readline()
            if not line:
                raise IoError(EOF, "End of file")
            return line.rstrip("\n")
        return stdin
    u = unit_of(unit)
    assert u is not None
    if u.form != "formatted":
        raise IoError(5001, "Format present for UNFORMATTED data transfer")
    return u.line


def _internal(text: Any) -> Callable[[], str]:
    records = [str(x) for x in text.ravel(order="F")] if isinstance(text, np.ndarray) \
        else [str(text)]

    def next_record() -> str:
        if not records:
            raise IoError(EOF, "End of file")
        return records.pop(0)
    return next_record


def _direct(u: Any, rec: int) -> Callable[[], str]:
    """Records `rec`, `rec + 1`, ... of a formatted direct-access unit (a `/` of the format
    reads on into the next one); the first is read now, so a missing one fails here. One
    past the end of the file reads as an empty record, as gfortran 12 reads it."""
    records = [u.read_direct(rec).decode("latin-1")]

    def next_record() -> str:
        if records:
            return records.pop()
        nonlocal rec
        rec += 1
        try:
            return u.read_direct(rec).decode("latin-1")  # type: ignore[no-any-return]
        except IoError:
            return ""
    return next_record


def read_start(unit: Any, fmt: str | None, rec: Any = None, pos: Any = None,
               advance: str = "yes") -> Reader:
    """The reader of `READ(unit, fmt)`: fmt "*" list-directed, None unformatted."""
    if str(advance).strip().lower() == "no":
        from transpyle.runtime.fortran_advance import read_start_nonadvancing
        return read_start_nonadvancing(unit, fmt)  # type: ignore[arg-type]
    if fmt is None:
        return UnformattedReader(unit, rec, pos)
    u = unit_of(unit)
    if u is not None and u.access == "direct":
        lines = _direct(u, int(rec))
    else:
        lines = _records(unit)
    return ListReader(lines) if fmt == "*" else FormatReader(fmt, lines)


def read_internal(text: Any, fmt: str) -> Reader:
    """The reader of a READ from a CHARACTER variable (an array: one record per element)."""
    lines = _internal(text)
    return ListReader(lines) if fmt == "*" else FormatReader(fmt, lines)


# ------------------------------------------------------------------ list-directed

_TOKEN = re.compile(r"""\s*(?:('(?:[^']|'')*'|"(?:[^"]|"")*")|(\([^)]*\))|([^\s,/]+))?""")


class ListReader(Reader):
    def __init__(self, lines: Callable[[], str]) -> None:
        self.lines = lines
        self.rec = lines()
        self.pos = 0
        self.repeat = 0
        self.repeated: str | None = None
        self.ended = False  # a slash was read
        self.count = 0

    def token(self) -> str | None:
        """The next value's text (None: a null value)."""
        if self.repeat:
            self.repeat -= 1
            return self.repeated
        while True:
            rest = self.rec[self.pos:]
            stripped = rest.lstrip(" \t")
            if not stripped:
                self.rec, self.pos = self.lines(), 0
                continue
            self.pos += len(rest) - len(stripped)
            break
        c = self.rec[self.pos]
        if c == ",":
            self.pos += 1
            return None
        if c == "/":
            self.ended = True
            return None
        m = _TOKEN.match(self.rec, self.pos)
        assert m is not None
        text = m.group(0).strip()
        self.pos = m.end()
        self.separator()
        star = re.fullmatch(r"(\d+)\*(.*)", text)
        if star and not text.startswith(("'", '"')):
            self.repeat = int(star.group(1)) - 1
            self.repeated = star.group(2) or None
            return self.repeated
        return text

    def separator(self) -> None:
        rest = self.rec[self.pos:]
        stripped = rest.lstrip(" \t")
        self.pos += len(rest) - len(stripped)
        if stripped.startswith(","):
            self.pos += 1

    def into(self, target: np.ndarray, code: str) -> None:
        """A whole array: a null value (`,,`, `n*`, after a slash) leaves its element as
        it was."""
        for k in range(target.size):
            self.count += 1
            text = None if self.ended else self.token()
            if text is not None:
                target[np.unravel_index(k, target.shape, order="F")] = self.value(text, code)

    def item(self, code: str, old: Any = None) -> Any:
        """The next value; a null value: `old` (an array element's value), else zero."""
        self.count += 1
        text = None if self.ended else self.token()
        letter = code[0]
        if text is None:
            if old is not None:
                return old
            return _value(code, "" if letter == "a" else False if letter == "l" else 0)
        return self.value(text, code)

    def value(self, text: str, code: str) -> Any:
        letter = code[0]
        try:
            return _value(code, self.convert(text, code))
        except (ValueError, IndexError, ZeroDivisionError):
            what = {"i": "Bad integer for item {} in list input",
                    "f": "Bad real number in item {} of list input",
                    "c": "Bad complex floating point number for item {}",
                    "l": "Bad logical value for item {} of list input"}.get(
                        letter, "Bad value for item {} of list input")
            raise IoError(BAD_READ, what.format(self.count)) from None

    @staticmethod
    def convert(text: str, code: str) -> Any:
        letter, size = code[0], int(code[1:] or 0)
        if letter == "a":
            if text[:1] in ("'", '"'):
                return text[1:-1].replace(text[0] * 2, text[0])
            return text
        if letter == "i":
            return int(text)
        if letter == "l":
            t = text.lstrip(".").upper()
            if t[0] not in "TF":
                raise ValueError(text)
            return t[0] == "T"
        if letter == "f":
            return to_real(_decimal(text), size)
        if letter == "c":
            re_, im = text.strip("()").split(",")
            half = size // 2
            return complex(float(to_real(_decimal(re_.strip()), half)),
                           float(to_real(_decimal(im.strip()), half)))
        raise ValueError(code)


def _decimal(text: str) -> str:
    """Fortran real text ("1.5D+03", "2.5-3") as Python reads it."""
    t = text.upper().replace("D", "E").replace("Q", "E")
    m = re.fullmatch(r"([+-]?(?:\d+\.?\d*|\.\d+))(?:E?([+-]?\d+))?", t)
    if m is None:
        if t.lstrip("+-") in ("INF", "INFINITY", "NAN"):
            return t
        raise ValueError(text)
    mantissa, exp = m.group(1), m.group(2)
    return f"{mantissa}e{exp}" if exp else mantissa


# ------------------------------------------------------------------ formatted


class FormatReader(Reader):
    _DATA = frozenset({"I", "F", "E", "D", "G", "L", "A", "EN", "ES"})

    def __init__(self, fmt: str, lines: Callable[[], str]) -> None:
        eds, rev, _marks = fortran_format.parsed(fmt)
        self.first = expand_edit_descriptors(eds)
        self.again = expand_edit_descriptors(rev)
        self.seq, self.k = self.first, 0
        self.lines = lines
        self.rec, self.pos = lines(), 0
        self.blank_zero = False
        self.count = 0

    def next_record(self) -> None:
        self.rec, self.pos = self.lines(), 0

    def descriptor(self) -> Any:
        """The next data edit descriptor, doing the positioning ones on the way."""
        while True:
            if self.k == len(self.seq):
                if not self.again:
                    raise IoError(5006, "Insufficient data descriptors in format after "
                                  "reversion")
                self.seq, self.k = self.again, 0
                self.next_record()
            ed = self.seq[self.k]
            self.k += 1
            name = type(ed).__name__
            if name in self._DATA:
                return ed
            if name in ("X", "TR"):
                self.pos += ed.num_chars
            elif name == "TL":
                self.pos = max(0, self.pos - ed.num_chars)
            elif name == "T":
                self.pos = ed.num_chars - 1
            elif name == "Slash":
                self.next_record()
            elif name in ("BN", "BZ"):
                self.blank_zero = name == "BZ"

    def item(self, code: str) -> Any:
        letter, size = code[0], int(code[1:] or 0)
        if letter == "c":  # two edit descriptors: the real part's, the imaginary part's
            re_, im = self.item(f"f{size // 2}"), self.item(f"f{size // 2}")
            self.count -= 1
            return _value(code, complex(float(re_), float(im)))
        self.count += 1
        ed = self.descriptor()
        width = ed.width if ed.width is not None else (size if letter == "a" else 0)
        text = self.rec[self.pos:self.pos + width].ljust(width)
        self.pos += width
        name = type(ed).__name__
        if letter == "a":
            if name != "A":
                raise IoError(5006, f"Expected CHARACTER for item {self.count} in formatted "
                              "transfer, got " + ("REAL" if name in "FEDG" else "INTEGER"))
            return text[-size:] if width >= size else text.ljust(size)
        digits = text.replace(" ", "0") if self.blank_zero else text.replace(" ", "")
        if self.blank_zero:
            digits = digits.lstrip("0") or "0" if not re.search(r"[.EeDd]", digits) \
                else digits
        try:
            if letter == "l":
                t = text.strip().lstrip(".").upper()
                if not t or t[0] not in "TF":
                    raise ValueError(text)
                return t[0] == "T"
            if letter == "i":
                return int(digits) if digits.strip("+-") else 0
            if letter in ("f", "c"):
                value = to_real(self.real_text(digits, ed), size if letter == "f"
                                else size // 2)
                return _value(code, value)
        except ValueError:
            kind = "integer" if letter == "i" else "logical" if letter == "l" \
                else "floating point"
            raise IoError(BAD_READ, f"Bad value during {kind} read") from None
        raise IoError(5006, f"cannot read {code} with {name}")

    @staticmethod
    def real_text(digits: str, ed: Any) -> str:
        if not digits.strip("+-"):
            return "0"
        t = _decimal(digits)
        d = getattr(ed, "decimal_places", None)
        if "." in t or not d:
            return t
        mantissa, _, exp = t.partition("e")
        return f"{mantissa}e{int(exp or 0) - d}"


# ------------------------------------------------------------------ unformatted


class UnformattedReader(Reader):
    def __init__(self, unit: Any, rec: Any, pos: Any) -> None:
        u = unit_of(unit, "unformatted")
        if u is None or u.form != "unformatted":
            raise IoError(5001, "Missing format for FORMATTED data transfer")
        u.readable()
        self.f = u.file
        self.buf: memoryview | None = None
        self.left = -1  # bytes left in the record; -1: a stream
        self.sequential = u.access == "sequential"
        if u.access == "direct":
            self.buf = memoryview(u.read_direct(int(rec)))
        elif u.access == "stream":
            if pos is not None:
                self.f.seek(int(pos) - 1)
        else:
            u.truncate = True
            self.start_record()

    def start_record(self) -> None:
        head = self.f.read(4)
        if len(head) < 4:
            raise IoError(EOF, "End of file")
        n = int(np.frombuffer(head, "=i4")[0])
        if n >= 0:
            self.left = n
            return
        parts = []  # subrecords: gathered into one buffer
        while True:
            parts.append(self.f.read(abs(n)))
            self.f.read(4)
            if n > 0:
                break
            n = int(np.frombuffer(self.f.read(4), "=i4")[0])
        self.buf = memoryview(b"".join(parts))
        self.left = -1

    def take(self, n: int) -> bytes:
        if self.buf is not None:
            if n > len(self.buf):
                raise IoError(SHORT_RECORD, "I/O past end of record on unformatted file")
            data, self.buf = bytes(self.buf[:n]), self.buf[n:]
            return data
        if 0 <= self.left < n:
            raise IoError(SHORT_RECORD, "I/O past end of record on unformatted file")
        data = self.f.read(n)
        if len(data) < n:
            raise IoError(EOF, "End of file")
        if self.left >= 0:
            self.left -= n
        return data

    def item(self, code: str) -> Any:
        letter, size = code[0], int(code[1:] or 0)
        data = self.take(size)
        if letter == "a":
            return data.decode("latin-1")
        v = np.frombuffer(data, f"={_DTYPES[letter]}{size}")[0]
        return _value(code, bool(v) if letter == "l" else v)

    def into(self, target: np.ndarray, code: str) -> None:
        if target.dtype == object:
            super().into(target, code)
            return
        contiguous = target.flags.f_contiguous or target.flags.c_contiguous and \
            target.ndim <= 1
        work = target if contiguous and target.dtype != np.bool_ else \
            np.empty(target.shape, dtype=target.dtype if target.dtype != np.bool_
                     else np.int32, order="F")
        view = memoryview(work.reshape(-1, order="F")).cast("B")
        n = view.nbytes
        if self.buf is not None or 0 <= self.left < n:
            view[:] = self.take(n)
        else:
            got = self.f.readinto(view)
            if got < n:
                raise IoError(EOF, "End of file")
            if self.left >= 0:
                self.left -= n
        if work is not target:
            target[...] = work

    def finish(self) -> None:
        if self.sequential and self.buf is None and self.left >= 0:
            self.f.seek(self.left + 4, 1)
