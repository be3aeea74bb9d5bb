"""Fortran I/O and legacy semantics for migrated Python (what `transpyle migrate` emits calls).

- `write(unit, *values)`: list-directed output (`PRINT *` / `WRITE(*,*)`), laid out as
  gfortran lays it out: integers right-aligned in 5, 7, 12 or 21 columns by kind (a Python
  int: 12, or 21 past int32), reals in
  G form with 9 (real) or 17 (double precision) significant digits, logicals as T/F,
  strings as they are; arrays in column-major order.
- `write_fmt(unit, fmt, *values)`: formatted output through the `fortranformat` library
  (a FORMAT statement or a format string), which follows the standard's edit descriptors;
  `fortran_format` adds the minimal-width ones it lacks (I0, B0, O0, Z0, G0).
- `ipow(x, n)`: `X**N` with an integer exponent, as gfortran computes it; `total`, `product`,
  `dot_product`: SUM, PRODUCT, DOT_PRODUCT added in element order; `sin`, `exp`, ...: the C
  library's functions gfortran calls (`fortran_math`).
- `stop(code)`, `error_stop(code)`, clocks, random numbers, the command line: the
  environment procedures of `fortran_system`.
Unit None, 6 and "*" are standard output, 0 standard error; other units are the files of
`fortran_files` (OPENed, or fort.N); READ is `fortran_read`.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator
from typing import Any

import numpy as np

# The names migrated code reaches through `fio.`, by the module that defines them: each is
# imported at its first use (PEP 562), so a program pays only for the modules it calls (a
# program that never formats does not import fortranformat).
_LAZY: dict[str, tuple[str, ...]] = {
    # RESHAPE, SPREAD, PACK, ...
    "fortran_arrays": ("bounds", "cshift", "elemental", "eoshift", "outer_index", "pack",
        "reshape", "shape_of", "size_of", "spread", "unpack"),
    # bits, the real model, TRANSFER
    "fortran_bits": ("bitnot", "btest", "fraction", "ibclr", "ibits", "ibset",
        "ieee_class", "ieee_copy_sign", "ieee_is_finite", "ieee_is_nan",
        "ieee_is_negative", "ieee_is_normal", "ieee_value", "ishft", "ishftc",
        "ishftc2", "leadz", "maskl", "maskr", "mvbits", "nearest", "popcnt", "poppar",
        "rrspacing", "scale", "set_exponent", "shifta", "shiftl", "shiftr", "spacing",
        "trailz", "transfer"),
    # OPEN, CLOSE, ... and records
    "fortran_files": ("IoError", "backspace", "close", "endfile", "flush", "inquire",
        "open_unit", "rewind", "write_unf"),
    # migrated code calls fio.ipow, ...
    "fortran_math": ("acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cabs",
        "cdiv", "cmul", "cos", "cosh", "dot_product", "erf", "erfc", "exp", "exponent",
        "fdiv", "gamma", "hypot", "idiv", "imod", "ipow", "isign", "lgamma", "log", "log10",
        "product", "rmod", "selected_int_kind", "selected_real_kind", "sin", "sinh", "tan",
        "tanh", "total", "wrap_int"),
    # NAMELIST
    "fortran_namelist": ("read_namelist", "write_namelist"),
    # READ
    "fortran_read": ("read_internal", "read_start"),
    # CLASS objects
    "fortran_records": ("allocate_as", "assign_polymorphic", "associated", "class_is",
        "copy_record", "extends_type_of", "same_type_as", "type_is"),
    # with DIM= and MASK=
    "fortran_reductions": ("all_of", "any_of", "count", "findloc", "iall_of", "iany_of",
        "iparity_of", "maxloc", "maxval", "minloc", "minval", "norm2_of", "product_of",
        "sum_of"),
    # CHARACTER intrinsics
    "fortran_strings": ("achar", "adjustl", "adjustr", "char_compare", "fit_chars", "fit_to",
        "iachar", "index", "len_trim", "length", "lge", "lgt", "lle", "llt", "repeat", "scan",
        "verify"),
    # STOP, clocks, random numbers
    "fortran_system": ("abort", "clock_count", "clock_max", "clock_rate",
        "command_argument", "command_argument_count", "command_argument_length",
        "command_argument_status", "cpu_time", "date_and_time", "environment_variable",
        "environment_variable_length", "environment_variable_status", "error_stop",
        "exit", "random_fill", "random_number", "random_seed", "random_seed_get",
        "random_seed_put", "random_seed_size", "stop"),
}
_WHERE = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    """A re-exported name, imported from its module at its first use and then kept here."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"transpyle.runtime.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


def _format() -> Any:
    """runtime/fortran_format (and with it fortranformat), imported at the first format."""
    from transpyle.runtime import fortran_format

    return fortran_format


def _stream(unit: Any) -> Any:
    """The text stream of `unit` (fortran_files, imported at the first WRITE)."""
    from transpyle.runtime.fortran_files import stream

    return stream(unit)


def _items(values: tuple[Any, ...] | Iterator[Any]) -> Iterator[Any]:
    """The values an I/O list writes: arrays element by element in array element order, a
    derived-type value component by component (recursively)."""
    for v in values:
        if isinstance(v, np.ndarray):
            yield from _items(iter(v.ravel(order="F"))) if v.dtype == object else \
                (x for x in v.ravel(order="F"))
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            yield from _items(getattr(v, f.name) for f in dataclasses.fields(v))
        else:
            yield v


def _real(v: float, digits: int, exp_digits: int, e_digits: int = 0) -> str:
    """gfortran's list-directed real: F form for 0.1 <= |v| < 10**digits, else E form (with
    `e_digits` significant digits where given: a complex part's E form has one more)."""
    if v == 0.0:  # -0.0 keeps its sign
        sign = "-" if np.signbit(v) else ""
        return sign + "0." + "0" * (digits - 1) + " " * (exp_digits + 2)
    if not np.isfinite(v):
        return "NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    mantissa, _, exp_text = f"{v:.{digits - 1}e}".partition("e")
    power = int(exp_text)
    if -1 <= power < digits:
        decimals = digits - 1 - power
        text = f"{v:.{decimals}f}" if decimals > 0 else f"{v:.0f}."
        return text + " " * (exp_digits + 2)
    if e_digits:
        mantissa, _, exp_text = f"{v:.{e_digits - 1}e}".partition("e")
        power = int(exp_text)
    sign = "-" if power < 0 else "+"
    return f"{mantissa}E{sign}{abs(power):0{exp_digits}d}"


_INT_WIDTH = {1: 5, 2: 7, 4: 12, 8: 21}  # list-directed integers, by kind


def list_item(v: Any) -> str:
    """One value of a list-directed record, with its leading blanks (not for strings)."""
    if isinstance(v, bool | np.bool_):
        return " T" if v else " F"
    if isinstance(v, np.integer):  # gfortran's width for the kind
        return f"{int(v):{_INT_WIDTH.get(v.dtype.itemsize, 21)}d}"
    if isinstance(v, int):
        return f"{int(v):12d}" if -2**31 <= v < 2**31 else f"{int(v):21d}"
    if isinstance(v, np.float32):
        return f"{_real(float(v), 9, 2):>17}"
    if isinstance(v, float | np.floating):
        return f"{_real(float(v), 17, 3):>26}"
    if isinstance(v, np.complex64):
        re, im = float(v.real), float(v.imag)
        return f"{f'({_real(re, 9, 2, 10).strip()},{_real(im, 9, 2, 10).strip()})':>36}"
    if isinstance(v, complex | np.complexfloating):
        z = complex(v)
        parts = _real(z.real, 17, 3, 18).strip(), _real(z.imag, 17, 3, 18).strip()
        return f"{f'({parts[0]},{parts[1]})':>54}"
    return str(v)


def list_directed(*values: Any) -> str:
    """The text of one list-directed output record (without the newline)."""
    out = []
    prev_str = False
    for v in _items(values):
        is_str = isinstance(v, str | bytes | np.str_)
        if is_str:
            text = v.decode() if isinstance(v, bytes) else str(v)
            out.append(text if prev_str else " " + text)
        else:
            out.append(list_item(v))
        prev_str = is_str
    return "".join(out)


def write(unit: Any, *values: Any) -> None:
    """List-directed output: `PRINT *, a, b` is `write(None, a, b)`."""
    print(list_directed(*values), file=_stream(unit))


def formatted(fmt: str, *values: Any) -> str:
    """The text written by a formatted WRITE with format `fmt` (with its parentheses)."""
    from transpyle.runtime import fortran_format

    return fortran_format.formatted(fmt, _items(values))


def write_fmt(unit: Any, fmt: str, *values: Any, advance: str = "yes") -> None:
    """Formatted output: `WRITE(6, '(I5, F8.3)') n, x` is `write_fmt(6, '(I5, F8.3)', n, x)`;
    `advance='no'` leaves the record open."""
    if "$" in fmt and _format().unquoted(fmt):  # GNU's $: the record is left open
        fmt = _format().without_dollar(fmt)
        text = formatted(fmt, *values).replace("\n", "")  # as gfortran, across reversion
        print(text, file=_stream(unit), end="")
        return
    if str(advance).strip().lower() == "no":
        from transpyle.runtime.fortran_advance import open_record
        print(open_record(fmt, values), file=_stream(unit), end="")
        return
    print(formatted(fmt, *values), file=_stream(unit))


def write_internal(length: int, fmt: str | None, *values: Any) -> str:
    """A WRITE to a CHARACTER variable of `length`: the record, blank-padded (`fmt` None:
    list-directed)."""
    text = list_directed(*values) if fmt is None else formatted(fmt, *values)
    if "\n" in text or len(text) > length:
        from transpyle.runtime.fortran_files import IoError

        raise IoError(-2, "End of record")
    return text.ljust(length)


def write_internal_records(target: Any, fmt: str, *values: Any) -> None:
    """A formatted WRITE to a CHARACTER array: one record per element, blank-padded, in
    place; the elements after the last record written keep their values."""
    from transpyle.runtime.fortran_files import IoError

    records = formatted(fmt, *values).split("\n")
    length = len(target.flat[0]) if target.size else 0
    if len(records) > target.size:
        raise IoError(-1, "End of file")
    for k, rec in enumerate(records):
        if len(rec) > length:
            raise IoError(-2, "End of record")
        target[k] = rec.ljust(length)


def write_rec(unit: Any, rec: Any, fmt: str | None, *values: Any) -> None:
    """A formatted WRITE to record `rec` of a direct-access unit: RECL characters,
    blank-padded, no newline; each `/` of the format goes on to the next record."""
    from transpyle.runtime.fortran_files import unit_of

    u = unit_of(unit)
    assert u is not None
    text = list_directed(*values) if fmt is None else formatted(fmt, *values)
    for k, record in enumerate(text.split("\n")):
        u.write_direct(int(rec) + k, record.encode("latin-1"), b" ")


def compare_padded(a: str, b: str) -> int:
    """-1, 0 or 1 as `a` sorts before, equal to or after `b` once the shorter is padded with
    blanks, as Fortran compares characters."""
    n = max(len(a), len(b))
    a, b = a.ljust(n), b.ljust(n)
    return (a > b) - (a < b)


def sequence(a: np.ndarray, *index: int) -> np.ndarray:
    """Storage association: the array element `a[index]` (0-based) passed where an array is
    expected is the rest of `a` from that element on, in column-major order (a view)."""
    flat = a.reshape(-1, order="F")
    if hasattr(flat, "valid"):  # a TailView (runtime/tail.py): its elements that are storage
        flat = flat.valid()
    offset = index[0] if len(index) == 1 else int(np.ravel_multi_index(index, a.shape,
                                                                        order="F"))
    return flat[offset:]


def dummy(a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """An explicit-shape dummy array: the actual argument seen with the dummy's shape (a view
    of its column-major storage; -1 in the last place for assumed size `*`)."""
    if a.shape == shape:
        return a
    flat = a.reshape(-1, order="F")
    if shape and shape[-1] == -1:
        inner = int(np.prod(shape[:-1]))
        shape = (*shape[:-1], flat.size // max(inner, 1))
    return flat[: int(np.prod(shape))].reshape(shape, order="F")


def records(kind: type, shape: int | tuple[int, ...]) -> np.ndarray:
    """An array of derived-type values (`type(particle) :: ps(n)`): each element a fresh
    default instance of `kind`, in an object array of `shape` (column-major)."""
    out = np.empty(shape, dtype=object, order="F")
    for at in np.ndindex(out.shape):
        out[at] = kind()
    return out
