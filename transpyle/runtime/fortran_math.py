"""Fortran arithmetic that Python spells differently, for migrated code (`fm.ipow(x, n)`).

`ipow(x, n)` is `X**N` with an INTEGER exponent, computed as a gfortran build computes it
(measured on gfortran 12, `-fdump-tree-original` and the assembly):
- gfortran itself writes `X**2` as `X*X` and `X**(-1)` as `1/X`; every other exponent of a
  REAL goes to `__builtin_powi`, which without optimisation (the default `-O0`) and for a
  variable exponent at any level is libgcc's `__powidf2`/`__powisf2`: square and multiply
  from the lowest bit (`y = x` if n is odd else 1; `x = x*x`, `y = y*x` per set bit), and
  `1/y` for a negative n. (`-O1` and up expand a constant exponent into their own chain of
  products: see docs/DIFFERENCES.md.)
- a COMPLEX base calls libgfortran's `pow_c4_i4`/`pow_c8_i4`: the reciprocal first for a
  negative n (`1/x`, Smith's division as GCC expands it), then square and multiply with the
  product starting from the complex 1.
- INTEGER ** INTEGER: exact for n >= 0; for n < 0 it is 1 for x = 1, +-1 for x = -1, 0
  otherwise, and a division by zero for x = 0.
Arrays are taken element by element with the same products (NumPy's elementwise `*` rounds as
the scalar one does).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def ipow(x: Any, n: Any) -> Any:
    """`x ** n` for an integer `n`, as gfortran computes it (see the module's text)."""
    if isinstance(n, np.ndarray):
        return np.vectorize(ipow, otypes=[np.result_type(x)])(x, n)
    n = int(n)
    if _is_integer(x):
        return _int_pow(x, n)
    with np.errstate(all="ignore"):
        if _is_complex(x):
            return _complex_pow(x, n)
        return _real_pow(x, n)


def _is_integer(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "iu"
    return isinstance(x, int | np.integer) and not isinstance(x, bool)


def _is_complex(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.dtype.kind == "c"
    return isinstance(x, complex | np.complexfloating)


def _one(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return np.ones_like(x)
    if isinstance(x, complex) and not isinstance(x, np.generic):
        return complex(1.0, 0.0)
    return type(x)(1)


def _real_pow(x: Any, n: int) -> Any:
    """libgcc's __powidf2 / __powisf2."""
    u = abs(n)
    y = x if u % 2 else _one(x)
    u >>= 1
    while u:
        x = x * x
        if u % 2:
            y = y * x
        u >>= 1
    if n >= 0:
        return y
    if isinstance(y, float) and not isinstance(y, np.generic):
        return float(np.float64(1.0) / np.float64(y))  # inf for 0, as C divides
    return _one(y) / y


def _complex_pow(x: Any, n: int) -> Any:
    """libgfortran's pow_c4_i4 / pow_c8_i4."""
    power = _one(x)
    if n == 0:
        return power
    if n < 0:
        x = _reciprocal(x)
    u = abs(n)
    while True:
        if u & 1:
            power = power * x
        u >>= 1
        if not u:
            return power
        x = x * x


def _reciprocal(z: Any) -> Any:
    """`1/z` as GCC expands a complex division (Smith's method, dividing by the scale)."""
    a = np.asarray(z)
    br, bi = a.real, a.imag
    small = np.abs(br) < np.abs(bi)
    ratio = np.where(small, br / np.where(small, bi, 1), bi / np.where(small, 1, br))
    one = np.ones_like(br)
    zero = np.zeros_like(br)
    div = np.where(small, br * ratio + bi, bi * ratio + br)
    tr = np.where(small, one * ratio + zero, zero * ratio + one)
    ti = np.where(small, zero * ratio - one, zero - one * ratio)
    out = np.empty_like(a)
    out.real, out.imag = tr / div, ti / div
    if isinstance(z, np.ndarray):
        return out
    return complex(out) if isinstance(z, complex) and not isinstance(z, np.generic) \
        else out[()]


def _int_pow(x: Any, n: int) -> Any:
    """INTEGER ** INTEGER (libgfortran's pow_i4_i4 for a negative exponent)."""
    if n >= 0:
        return x ** n
    if isinstance(x, np.ndarray):
        if np.any(x == 0):
            raise ZeroDivisionError("integer 0 raised to a negative power")
        odd = n % 2 == 1
        return np.where(x == 1, 1, np.where(x == -1, -1 if odd else 1, 0)).astype(x.dtype)
    if x == 0:
        raise ZeroDivisionError("integer 0 raised to a negative power")
    if x == 1:
        return x
    if x == -1:
        return x if n % 2 else -x
    return x * 0
