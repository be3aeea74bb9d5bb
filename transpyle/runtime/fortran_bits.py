"""Fortran's bit intrinsics, the real number model's functions, TRANSFER and IEEE_ARITHMETIC's
inquiries for migrated code, as gfortran computes them.

Integers of kind k are two's complement in 8k bits: every bit function takes the bit size
last (the frontend passes it) and gives the signed value gfortran gives. Reals keep their
kind (np.float32 for REAL, float or np.float64 for DOUBLE PRECISION). Each is elemental: an
array argument gives a NumPy array of the results."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from transpyle.runtime.fortran_strings import _elemental


def _signed(v: int, bits: int) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def _dtype(bits: int) -> Any:
    return {8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}[bits]


def _bitwise(f: Callable[..., Any], otype: Any = None) -> Callable[..., Any]:
    """`f(i, ..., bits)` of Python ints, elemental over arrays of integers (the results of
    `otype`, the argument's kind where None)."""
    def call(*args: Any) -> Any:
        bits = int(args[-1])
        if any(isinstance(a, np.ndarray) and a.ndim for a in args[:-1]):
            vec = np.vectorize(lambda *a: f(*(int(v) for v in a), bits),
                               otypes=[otype or _dtype(bits)])
            return np.asfortranarray(vec(*args[:-1]))
        return f(*(int(a) for a in args[:-1]), bits)
    call.__doc__ = f.__doc__
    return call


def _check_pos(name: str, pos: int, bits: int) -> None:
    if not 0 <= pos < bits:
        raise ValueError(f"POS argument ({pos}) out of range 0:{bits - 1} in intrinsic {name}")


def _btest(i: int, pos: int, bits: int) -> bool:
    _check_pos("BTEST", pos, bits)
    return bool(i >> pos & 1)


def _ibset(i: int, pos: int, bits: int) -> int:
    _check_pos("IBSET", pos, bits)
    return _signed(i | 1 << pos, bits)


def _ibclr(i: int, pos: int, bits: int) -> int:
    _check_pos("IBCLR", pos, bits)
    return _signed(i & ~(1 << pos), bits)


def _ishft(i: int, shift: int, bits: int) -> int:
    """ISHFT: a logical shift (bits shifted out are lost, zeros come in)."""
    if abs(shift) >= bits:
        return 0
    u = i & ((1 << bits) - 1)
    return _signed(u << shift if shift >= 0 else u >> -shift, bits)


def _shiftr(i: int, shift: int, bits: int) -> int:
    return _ishft(i, -shift, bits)


def _shiftl(i: int, shift: int, bits: int) -> int:
    return _ishft(i, shift, bits)


def _shifta(i: int, shift: int, bits: int) -> int:
    return _signed(i, bits) >> min(shift, bits - 1)


def _ishftc(i: int, shift: int, size: int, bits: int) -> int:
    """ISHFTC: the rightmost `size` bits rotated by `shift` (left if positive)."""
    if size <= 0 or size > bits or abs(shift) > size:
        raise ValueError(f"SIZE/SHIFT argument out of range in intrinsic ISHFTC ({shift}, "
                         f"{size})")
    mask = (1 << size) - 1
    low = i & mask
    shift %= size
    rotated = (low << shift | low >> (size - shift)) & mask
    return _signed(i & ~mask | rotated, bits)


def _ishftc2(i: int, shift: int, bits: int) -> int:
    return _ishftc(i, shift, bits, bits)


def _ibits(i: int, pos: int, length: int, bits: int) -> int:
    if pos < 0 or length < 0 or pos + length > bits:
        raise ValueError(f"POS/LEN arguments ({pos}, {length}) out of range in intrinsic "
                         "IBITS")
    return _signed(i >> pos & ((1 << length) - 1), bits)


def _popcnt(i: int, bits: int) -> int:
    return bin(i & ((1 << bits) - 1)).count("1")


def _poppar(i: int, bits: int) -> int:
    return _popcnt(i, bits) % 2


def _leadz(i: int, bits: int) -> int:
    return bits - (i & ((1 << bits) - 1)).bit_length()


def _trailz(i: int, bits: int) -> int:
    u = i & ((1 << bits) - 1)
    return bits if u == 0 else (u & -u).bit_length() - 1


def _mvbits(src: int, frompos: int, length: int, to: int, topos: int, bits: int) -> int:
    """MVBITS: `to` with its bits topos.. replaced by `length` bits of `src` from frompos."""
    if min(frompos, length, topos) < 0 or frompos + length > bits or topos + length > bits:
        raise ValueError("MVBITS arguments out of range")
    mask = ((1 << length) - 1) << topos
    return _signed(to & ~mask | (src >> frompos << topos) & mask, bits)


def _maskr(n: int, bits: int) -> int:
    return _signed((1 << n) - 1, bits)


def _maskl(n: int, bits: int) -> int:
    return _signed(((1 << n) - 1) << (bits - n), bits)


def _not(i: int, bits: int) -> int:
    return _signed(~i, bits)


btest = _bitwise(_btest, np.bool_)
ibset = _bitwise(_ibset)
ibclr = _bitwise(_ibclr)
ishft = _bitwise(_ishft)
shiftl = _bitwise(_shiftl)
shiftr = _bitwise(_shiftr)
shifta = _bitwise(_shifta)
ishftc = _bitwise(_ishftc)
ishftc2 = _bitwise(_ishftc2)
ibits = _bitwise(_ibits)
popcnt = _bitwise(_popcnt, np.int32)
poppar = _bitwise(_poppar, np.int32)
leadz = _bitwise(_leadz, np.int32)
trailz = _bitwise(_trailz, np.int32)
maskr = _bitwise(_maskr)
maskl = _bitwise(_maskl)
bitnot = _bitwise(_not)
mvbits = _bitwise(_mvbits)


# -- the real number model: x = f * 2**e, 0.5 <= |f| < 1
_DTYPES = {4: np.float32, 8: np.float64}


def _real(value: Any, kind: int) -> Any:
    """A result in the scalar class migrated code holds for REAL(kind)."""
    if isinstance(value, np.ndarray) and value.ndim:
        return np.asfortranarray(value.astype(_DTYPES[kind]))
    return np.float32(value) if kind == 4 else float(value)


def _digits(kind: int) -> int:
    return 24 if kind == 4 else 53


def nearest(x: Any, s: Any, kind: int) -> Any:
    """NEAREST: the next representable number after `x` in the direction of `s`'s sign."""
    d = _DTYPES[kind]
    if np.any(np.asarray(s) == 0):
        raise ValueError("Second argument of NEAREST at (1) shall not be zero")
    toward = np.where(np.signbit(np.asarray(s, dtype=d)), d(-np.inf), d(np.inf))
    return _real(np.nextafter(np.asarray(x, dtype=d), toward), kind)


def spacing(x: Any, kind: int) -> Any:
    """SPACING: 2**(e - digits), TINY for a zero or where that would underflow; NaN for
    infinities and NaNs."""
    d = _DTYPES[kind]
    a = np.asarray(x, dtype=d)
    e = np.frexp(a)[1]
    with np.errstate(all="ignore"):
        sp = np.ldexp(d(1), (e - _digits(kind)).astype(np.int32))
        sp = np.where((a == 0) | (sp < np.finfo(d).tiny), np.finfo(d).tiny, sp)
        sp = np.where(np.isfinite(a), sp, d(np.nan))
    return _real(sp, kind)


def rrspacing(x: Any, kind: int) -> Any:
    """RRSPACING: |f| * 2**digits, 0 for a zero."""
    d = _DTYPES[kind]
    a = np.asarray(x, dtype=d)
    with np.errstate(all="ignore"):
        r = np.ldexp(np.abs(np.frexp(a)[0]), _digits(kind))
        r = np.where(np.isfinite(a), r, d(np.nan))
    return _real(r, kind)


def fraction(x: Any, kind: int) -> Any:
    """FRACTION: f of x = f * 2**e (NaN for infinities and NaNs)."""
    d = _DTYPES[kind]
    a = np.asarray(x, dtype=d)
    with np.errstate(all="ignore"):
        f = np.where(np.isfinite(a), np.frexp(a)[0], d(np.nan))
    return _real(f, kind)


def set_exponent(x: Any, i: Any, kind: int) -> Any:
    """SET_EXPONENT: f * 2**i."""
    d = _DTYPES[kind]
    a = np.asarray(x, dtype=d)
    with np.errstate(all="ignore"):
        r = np.ldexp(np.frexp(a)[0], np.asarray(i, dtype=np.int32))
        r = np.where(np.isfinite(a), r, d(np.nan))
    return _real(r, kind)


def scale(x: Any, i: Any, kind: int) -> Any:
    """SCALE: x * 2**i, exact (rounded only where it underflows)."""
    d = _DTYPES[kind]
    with np.errstate(all="ignore"):
        r = np.ldexp(np.asarray(x, dtype=d), np.asarray(i, dtype=np.int32))
    return _real(r, kind)


# -- TRANSFER: the bytes of the source read as the mould's type
_CODES = {"i1": np.int8, "i2": np.int16, "i4": np.int32, "i8": np.int64, "f4": np.float32,
          "f8": np.float64, "c8": np.complex64, "c16": np.complex128, "l1": np.int8,
          "l2": np.int16, "l4": np.int32, "l8": np.int64}


def _box(v: Any, code: str) -> Any:
    """A NumPy scalar as the scalar class migrated code holds for that type."""
    if code[0] == "i":
        return int(v)
    if code[0] == "l":
        return bool(v)
    if code in ("f4", "c8"):
        return v
    return complex(v) if code == "c16" else float(v)


def transfer(source: Any, source_code: str, mold_code: str, size: Any,
             scalar: bool) -> Any:
    """TRANSFER(source, mold[, size]): `scalar` where the mould is a scalar and SIZE is
    absent (the first bytes), else a vector of SIZE elements or as many as the source fills
    (the last one partly: its missing bytes zero)."""
    src = np.asarray(source, dtype=_CODES[source_code])
    raw = np.ascontiguousarray(src.ravel(order="F")).tobytes()
    d = np.dtype(_CODES[mold_code])
    n = -(-len(raw) // d.itemsize) if size is None else int(size)
    if scalar:
        n = 1
    raw = raw[:n * d.itemsize].ljust(n * d.itemsize, b"\0")
    out = np.frombuffer(raw, dtype=d).copy()
    if mold_code[0] == "l":
        out = out != 0
    if scalar:
        return _box(out[0], mold_code)
    return out


# -- IEEE_ARITHMETIC's inquiries (elemental)
def _classify(x: Any) -> int:
    """IEEE_CLASS, gfortran's numbering: 1 signaling NaN, 2 quiet NaN, 3 -inf, 4 -normal,
    5 -denormal, 6 -0, 7 +0, 8 +denormal, 9 +normal, 10 +inf."""
    v = float(x)
    if math.isnan(v):
        return 2
    neg = math.copysign(1.0, v) < 0
    if math.isinf(v):
        return 3 if neg else 10
    if v == 0:
        return 6 if neg else 7
    tiny = float(np.finfo(np.asarray(x).dtype if isinstance(x, np.generic | np.ndarray)
                          else np.float64).tiny)
    if abs(v) < tiny:
        return 5 if neg else 8
    return 4 if neg else 9


ieee_class = _elemental(_classify, np.int32)
ieee_is_nan = _elemental(lambda x: math.isnan(float(x)), np.bool_)
ieee_is_finite = _elemental(lambda x: math.isfinite(float(x)), np.bool_)
ieee_is_negative = _elemental(lambda x: _classify(x) in (3, 4, 5, 6), np.bool_)
ieee_is_normal = _elemental(lambda x: _classify(x) in (4, 6, 7, 9), np.bool_)


def ieee_value(x: Any, cls: int, kind: int) -> Any:
    """IEEE_VALUE(x, class) of REAL(kind)."""
    d = _DTYPES[kind]
    tiny = np.finfo(d).tiny
    values = {1: np.nan, 2: np.nan, 3: -np.inf, 4: -1.0, 5: -tiny / 2, 6: -0.0, 7: 0.0,
              8: tiny / 2, 9: 1.0, 10: np.inf}
    if isinstance(cls, np.ndarray) and cls.ndim:
        return np.asfortranarray(np.array([values[int(c)] for c in cls.ravel(order="F")],
                                          dtype=d).reshape(cls.shape, order="F"))
    return _real(d(values[int(cls)]), kind)


def ieee_copy_sign(x: Any, y: Any, kind: int) -> Any:
    d = _DTYPES[kind]
    return _real(np.copysign(np.asarray(x, dtype=d), np.asarray(y, dtype=d)), kind)
