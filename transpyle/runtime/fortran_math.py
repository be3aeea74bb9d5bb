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

import ctypes
import ctypes.util
import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np


def wrap_int(v: Any, bits: int) -> int:
    """An INTEGER value of `bits` bits as gfortran stores it: two's complement, wrapped."""
    half = 1 << (bits - 1)
    return (int(v) + half) % (half << 1) - half


# gfortran's kinds on x86-64: INTEGER (kind, decimal range), REAL (kind, precision, range)
INT_KINDS = ((1, 2), (2, 4), (4, 9), (8, 18), (16, 38))
REAL_KINDS = ((4, 6, 37), (8, 15, 307), (10, 18, 4931), (16, 33, 4931))


def selected_int_kind(r: Any) -> int:
    """SELECTED_INT_KIND(R): the smallest kind whose range is at least R, else -1."""
    return next((k for k, rng in INT_KINDS if int(r) <= rng), -1)


def selected_real_kind(p: Any = None, r: Any = None, radix: Any = None) -> int:
    """SELECTED_REAL_KIND(P, R, RADIX) as gfortran answers: the smallest kind of precision
    at least P and range at least R; -1 where no precision is enough, -2 no range, -3
    neither, -4 each but not together, -5 a radix other than 2."""
    if radix is not None and int(radix) != 2:
        return -5
    want_p, want_r = int(p) if p is not None else 0, int(r) if r is not None else 0
    fits = [k for k, prec, rng in REAL_KINDS if prec >= want_p and rng >= want_r]
    if fits:
        return fits[0]
    p_ok = any(prec >= want_p for _, prec, _ in REAL_KINDS)
    r_ok = any(rng >= want_r for _, _, rng in REAL_KINDS)
    return -4 if p_ok and r_ok else -1 if r_ok else -2 if p_ok else -3


def ipow(x: Any, n: Any, bits: int = 0) -> Any:
    """`x ** n` for an integer `n`, as gfortran computes it (see the module's text); an
    INTEGER result wrapped to `bits` bits where they are given (libgfortran's pow_i4_i4 and
    pow_i8_i8 multiply in the kind's two's complement)."""
    if isinstance(n, np.ndarray):
        return np.vectorize(lambda a, k: ipow(a, k, bits), otypes=[np.result_type(x)])(x, n)
    n = int(n)
    if _is_integer(x):
        if bits and not isinstance(x, np.ndarray):
            return type(x)(wrap_int(_int_pow(int(x), n), bits))
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


def idiv(a: Any, b: Any) -> Any:
    """INTEGER `A / B`: the quotient truncated toward zero, exact at any size (`int(a / b)`
    goes through a double, which is wrong past 2**53)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        q = np.floor_divide(a, b)
        inexact = (q * b != a) & ((np.asarray(a) < 0) != (np.asarray(b) < 0))
        return q + inexact.astype(q.dtype)
    q = abs(int(a)) // abs(int(b))
    q = q if (a < 0) == (b < 0) else -q
    return type(a)(q) if isinstance(a, np.integer) else q


def fdiv(a: Any, b: Any) -> Any:
    """REAL `A / B` as IEEE arithmetic (gfortran's default) divides: by zero, an infinity
    with the signs' product, or NaN for 0/0 and NaN operands (Python's float division
    raises; NumPy's warns on standard error)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.divide(a, b)
    if b != 0:
        return a / b
    numpy = isinstance(a, np.floating) or isinstance(b, np.floating)
    with np.errstate(divide="ignore", invalid="ignore"):  # the hardware's inf and NaN bits
        q = np.divide(a, b) if numpy else np.float64(a) / np.float64(b)
    return q if numpy else float(q)


def rmod(a: Any, b: Any) -> Any:
    """REAL `MOD(A, B)`: fmod, NaN for B = 0 as gfortran's (math.fmod raises)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        with np.errstate(invalid="ignore"):
            return np.fmod(a, b)
    if b == 0:
        with np.errstate(invalid="ignore"):  # the hardware's NaN bits
            r = np.fmod(np.float64(a), np.float64(b))
        return type(a)(r) if isinstance(a, np.floating) else float(r)
    r = math.fmod(a, b)
    return type(a)(r) if isinstance(a, np.floating) else r


def imod(a: Any, b: Any) -> Any:
    """INTEGER `MOD(A, B)`: the remainder with the sign of A, exact at any size."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.fmod(a, b)  # integer arrays: C's %, exact
    r = abs(int(a)) % abs(int(b))
    r = -r if a < 0 else r
    return type(a)(r) if isinstance(a, np.integer) else r


def isign(a: Any, b: Any) -> Any:
    """INTEGER `SIGN(A, B)`: |A| with the sign of B (B = 0 counts as positive), A evaluated
    once; exact at any size (math.copysign goes through a double)."""
    return abs(a) if b >= 0 else -abs(a)


def total(a: Any) -> Any:
    """SUM(A): the elements added one by one in array element order, in A's kind, as
    gfortran adds them (NumPy's `sum` adds pairwise, which rounds differently)."""
    a = np.asarray(a)
    flat = a.ravel(order="F")
    if flat.size == 0:
        return a.dtype.type(0)
    # from +0 as gfortran starts: -0.0 alone adds up to +0.0 (x + 0 is x for every other x)
    return np.cumsum(flat, dtype=a.dtype)[-1] + a.dtype.type(0)


def product(a: Any) -> Any:
    """PRODUCT(A): the elements multiplied one by one in array element order, in A's kind."""
    a = np.asarray(a)
    flat = a.ravel(order="F")
    if flat.size == 0:
        return a.dtype.type(1)
    return np.cumprod(flat, dtype=a.dtype)[-1]


def dot_product(a: Any, b: Any) -> Any:
    """DOT_PRODUCT(A, B): SUM(CONJG(A)*B) for complex, SUM(A*B) otherwise, added in order."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype == np.bool_:
        return bool(np.any(a & b))
    return total(cmul(np.conj(a), b) if np.iscomplexobj(a) else a * b)


def cmul(a: Any, b: Any) -> Any:
    """Complex `a * b` elementwise as gfortran multiplies: (ar*br - ai*bi, ar*bi + ai*br),
    each product rounded (NumPy's complex array loops fuse them into FMAs on AVX-512)."""
    a, b = np.asarray(a), np.asarray(b)
    dtype = np.result_type(a, b)
    if not np.iscomplexobj(a) or not np.iscomplexobj(b):
        return (a * b).astype(dtype, copy=False)
    out = np.empty(np.broadcast_shapes(a.shape, b.shape), dtype=dtype)
    out.real = a.real * b.real - a.imag * b.imag
    out.imag = a.real * b.imag + a.imag * b.real
    return out


def cdiv(a: Any, b: Any) -> Any:
    """Complex `a / b` as gfortran divides (GCC's Fortran rules, Smith's method with true
    divisions, each step rounded in the parts' precision); NumPy's complex64 and array loops
    multiply by a reciprocal instead, one rounding more. CPython's complex division is this
    same method, so only COMPLEX(4) values and arrays come here."""
    scalar = not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray)
    dtype = np.result_type(a, b)  # a Python number is weak (NEP 50): COMPLEX(4) stays
    if dtype.kind != "c":
        dtype = np.result_type(dtype, np.complex64)
    a, b = np.asarray(a), np.asarray(b)
    part = np.float32 if dtype == np.complex64 else np.float64
    ar, ai = np.real(a).astype(part), np.imag(a).astype(part)
    br, bi = np.real(b).astype(part), np.imag(b).astype(part)
    swap = np.abs(br) < np.abs(bi)
    with np.errstate(all="ignore"):  # gfortran does not trap either
        ratio = np.where(swap, br / bi, bi / br)
        div = np.where(swap, br * ratio + bi, bi * ratio + br)
        re = np.where(swap, ar * ratio + ai, ai * ratio + ar) / div
        im = np.where(swap, ai * ratio - ar, ai - ar * ratio) / div
    out = np.empty(np.broadcast_shapes(a.shape, b.shape), dtype=dtype)
    out.real, out.imag = re, im
    return out[()] if scalar else out


def exponent(x: Any) -> Any:
    """EXPONENT: e of x = f * 2**e with 0.5 <= |f| < 1 (frexp's), 0 for a zero and HUGE(0)
    for an infinity or a NaN, as gfortran gives; elementwise on arrays (default integers)."""
    if isinstance(x, np.ndarray) and x.ndim:
        e = np.frexp(x)[1].astype(np.int32)
        return np.where(np.isfinite(x), e, np.int32(2**31 - 1))
    return math.frexp(float(x))[1] if math.isfinite(x) else 2**31 - 1


def cabs(z: Any) -> Any:
    """ABS of a complex: the C library's hypot (hypotf for COMPLEX), as cabs/cabsf compute."""
    z = np.asarray(z) if isinstance(z, np.ndarray) else z
    return hypot(z.real, z.imag)


# the C library's functions that a gfortran build calls (sinf for REAL, sin for DOUBLE
# PRECISION): NumPy's own SIMD loops (SVML on AVX-512) and CPython's gamma/lgamma round
# differently; migrated code calls these for REAL arguments and for arrays
_C_NAMES = {"exp": "exp", "log": "log", "log10": "log10", "sin": "sin", "cos": "cos",
            "tan": "tan", "asin": "asin", "acos": "acos", "atan": "atan", "atan2": "atan2",
            "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "asinh": "asinh",
            "acosh": "acosh", "atanh": "atanh", "erf": "erf", "erfc": "erfc",
            "gamma": "tgamma", "lgamma": "lgamma", "hypot": "hypot"}
_TWO_ARGS = ("atan2", "hypot")


@functools.cache
def _libm_symbol(c_name: str, single: bool) -> Callable[..., float]:
    lib = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
    fn = getattr(lib, c_name + ("f" if single else ""))
    ctype = ctypes.c_float if single else ctypes.c_double
    fn.restype = ctype
    fn.argtypes = [ctype] * (2 if c_name in _TWO_ARGS else 1)
    return fn  # type: ignore[no-any-return]


def _libm(name: str) -> Callable[..., Any]:
    c_name = _C_NAMES[name]

    def call(*args: Any) -> Any:
        dtype = np.result_type(*args)
        single = dtype == np.float32
        fn = _libm_symbol(c_name, single)
        if any(isinstance(a, np.ndarray) and a.ndim for a in args):
            out_type = np.float32 if single else np.float64
            return np.vectorize(fn, otypes=[out_type])(*args)
        value = fn(*(float(a) for a in args))
        return np.float32(value) if single else value

    call.__name__ = name
    call.__doc__ = f"The C library's {c_name} (REAL: {c_name}f), elementwise on arrays."
    return call


exp, log, log10 = _libm("exp"), _libm("log"), _libm("log10")
sin, cos, tan, asin, acos, atan = (_libm(n) for n in ("sin", "cos", "tan", "asin", "acos",
                                                       "atan"))
sinh, cosh, tanh, asinh, acosh, atanh = (_libm(n) for n in ("sinh", "cosh", "tanh", "asinh",
                                                             "acosh", "atanh"))
atan2, hypot, erf, erfc = _libm("atan2"), _libm("hypot"), _libm("erf"), _libm("erfc")
gamma, lgamma = _libm("gamma"), _libm("lgamma")
LIBM_FUNCTIONS = tuple(_C_NAMES)
