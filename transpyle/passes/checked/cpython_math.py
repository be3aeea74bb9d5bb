"""CPython's own algorithms for math.hypot, math.gamma and math.lgamma, as checked helpers.

CPython computes these itself (Modules/mathmodule.c), not with the C library's hypot, tgamma
and lgamma that gfortran calls: those round differently for about 0.6% of hypot's pairs and most
of gamma's arguments. Each helper is the same sequence of IEEE operations, the C library's sin,
cos, exp, log and pow where CPython calls them, so the compiled result is CPython's bit for bit
(builds use -ffp-contract=off: no fused multiply-add). Python floats are float64: these
helpers exist for that kind only. The source is typed Python, translated with the other helpers
(helpers.py); the Lanczos sums are unrolled here, in Python, from their coefficient tables.
"""

from __future__ import annotations

import math

import numpy as np


def cpython_message(expr: str) -> str:
    """What the running CPython (or NumPy) says, so messages match the interpreter's version."""
    try:
        eval(expr, {"math": math, "np": np})  # noqa: S307 - a constant expression of this module
    except (ArithmeticError, ValueError) as err:
        return str(err)
    raise AssertionError(expr)


PI = 3.141592653589793238462643383279502884197
LOG_PI = 1.144729885849400174143427351353058711647
# Lanczos' approximation of CPython's gamma and lgamma: g, g - 1/2, numerator and denominator
LANCZOS_G = 6.024680040776729583740234375
LANCZOS_G_MINUS_HALF = 5.524680040776729583740234375
LANCZOS_NUM = (23531376880.410759688572007674451636754734846804940,
               42919803642.649098768957899047001988850926355848959,
               35711959237.355668049440185451547166705960488635843,
               17921034426.037209699919755754458931112671403265390,
               6039542586.3520280050642916443072979210699388420708,
               1439720407.3117216736632230727949123939715485786772,
               248874557.86205415651146038641322942321632125127801,
               31426415.585400194380614231628318205362874684987640,
               2876370.6289353724412254090516208496135991145378768,
               186056.26539522349504029498971604569928220784236328,
               8071.6720023658162106380029022722506138218516325024,
               210.82427775157934587250973392071336271166969580291,
               2.5066282746310002701649081771338373386264310793408)
LANCZOS_DEN = (0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
               13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0)
GAMMA_INTEGRAL = 23  # gamma(n) for n = 1 .. 23 is (n - 1)!, correctly rounded


def _lanczos_sum() -> str:
    """L_g(x) for x > 0: Horner in x below 5, in 1/x above (no overflow), as CPython."""
    small = [f"        num = num * x + {n!r}\n        den = den * x + {d!r}"
             for n, d in zip(reversed(LANCZOS_NUM[:-1]), reversed(LANCZOS_DEN[:-1]),
                             strict=True)]
    large = [f"        num = num / x + {n!r}\n        den = den / x + {d!r}"
             for n, d in zip(LANCZOS_NUM[1:], LANCZOS_DEN[1:], strict=True)]
    return "\n".join([
        "def tp_lanczos_sum_f8(x: np.float64) -> np.float64:",
        "    if x < 5.0:",
        f"        num = {LANCZOS_NUM[-1]!r}", f"        den = {LANCZOS_DEN[-1]!r}", *small,
        "    else:",
        f"        num = {LANCZOS_NUM[0]!r}", f"        den = {LANCZOS_DEN[0]!r}", *large,
        "    return num / den", ""])


def _gamma_integral() -> str:
    """gamma(n) = (n - 1)! for the small positive integers, as CPython's table."""
    lines = ["def tp_gamma_integral_f8(n: np.float64) -> np.float64:"]
    for k in range(1, GAMMA_INTEGRAL):
        lines += [f"    if n == {float(k)!r}:", f"        return {float(math.factorial(k - 1))!r}"]
    return "\n".join([*lines, f"    return {float(math.factorial(GAMMA_INTEGRAL - 1))!r}", ""])


_SINPI = f'''
def tp_sinpi_f8(x: np.float64) -> np.float64:
    # sin(pi * x) for finite x, exact at the integers and half-integers
    y = np.fmod(abs(x), 2.0)
    v = 2.0 * y
    n = int(v)
    if v - float(n) >= 0.5:  # C's round: halves away from zero
        n = n + 1
    if n == 0:
        r = np.sin({PI!r} * y)
    elif n == 1:
        r = np.cos({PI!r} * (y - 0.5))
    elif n == 2:
        r = np.sin({PI!r} * (1.0 - y))
    elif n == 3:
        r = -np.cos({PI!r} * (y - 1.5))
    else:
        r = np.sin({PI!r} * (y - 2.0))
    return np.copysign(1.0, x) * r
'''

_GAMMA = f'''
def tp_math_gamma_f8(x: np.float64) -> np.float64:
    if not abs(x) <= 1.7976931348623157e308:
        if x != x or x > 0.0:
            return x
        raise ValueError("{cpython_message("math.gamma(-math.inf)")}")
    if x == 0.0:
        raise ValueError("{cpython_message("math.gamma(0.0)")}")
    if np.trunc(x) == x:
        if x < 0.0:
            raise ValueError("{cpython_message("math.gamma(-1.0)")}")
        if x <= {float(GAMMA_INTEGRAL)!r}:
            return tp_gamma_integral_f8(x)
    ax = abs(x)
    if ax < 1e-20:
        r = 1.0 / x
        if abs(r) > 1.7976931348623157e308:
            raise OverflowError("{cpython_message("math.gamma(5e-324)")}")
        return r
    if ax > 200.0:
        if x < 0.0:
            return 0.0 / tp_sinpi_f8(x)
        raise OverflowError("{cpython_message("math.gamma(300.0)")}")
    y = ax + {LANCZOS_G_MINUS_HALF!r}
    if ax > {LANCZOS_G_MINUS_HALF!r}:  # the rounding error of y, for the correction
        q = y - ax
        z = q - {LANCZOS_G_MINUS_HALF!r}
    else:
        q = y - {LANCZOS_G_MINUS_HALF!r}
        z = q - ax
    z = z * {LANCZOS_G!r} / y
    if x < 0.0:
        r = {-PI!r} / tp_sinpi_f8(ax) / ax * np.exp(y) / tp_lanczos_sum_f8(ax)
        r = r - z * r
        if ax < 140.0:
            r = r / y ** (ax - 0.5)
        else:
            half = y ** (ax / 2.0 - 0.25)
            r = r / half
            r = r / half
    else:
        r = tp_lanczos_sum_f8(ax) / np.exp(y)
        r = r + z * r
        if ax < 140.0:
            r = r * y ** (ax - 0.5)
        else:
            half = y ** (ax / 2.0 - 0.25)
            r = r * half
            r = r * half
    if abs(r) > 1.7976931348623157e308:
        raise OverflowError("{cpython_message("math.gamma(300.0)")}")
    return r


def tp_math_lgamma_f8(x: np.float64) -> np.float64:
    if not abs(x) <= 1.7976931348623157e308:
        if x != x:
            return x
        return abs(x)
    if np.trunc(x) == x and x <= 2.0:
        if x <= 0.0:
            raise ValueError("{cpython_message("math.lgamma(0.0)")}")
        return 0.0
    ax = abs(x)
    if ax < 1e-20:
        return -np.log(ax)
    r = np.log(tp_lanczos_sum_f8(ax)) - {LANCZOS_G!r}
    r = r + (ax - 0.5) * (np.log(ax + {LANCZOS_G!r} - 0.5) - 1.0)
    if x < 0.0:  # the reflection formula
        r = {LOG_PI!r} - np.log(abs(tp_sinpi_f8(ax))) - np.log(ax) - r
    if abs(r) > 1.7976931348623157e308:
        raise OverflowError("{cpython_message("math.lgamma(1.7e308)")}")
    return r
'''



_HYPOT = '''
def tp_math_hypot_f8(x: np.float64, y: np.float64) -> np.float64:
    # CPython's math.hypot for two coordinates: scaled by a power of two, squared exactly
    # (Veltkamp-Dekker), summed with compensation, one correction step of the square root
    ax = abs(x)
    ay = abs(y)
    m = ax
    if ay > ax:
        m = ay
    if ax > 1.7976931348623157e308:
        return ax
    if ay > 1.7976931348623157e308:
        return ay
    if ax != ax or ay != ay:
        return ax + ay
    if m == 0.0:
        return m
    e = fio.exponent(m)
    if e < -1023:
        u = ax / m
        v = ay / m
        csum = 1.0 + u * u
        f1 = (1.0 - csum) + u * u
        old = csum
        csum = csum + v * v
        f1 = f1 + ((old - csum) + v * v)
        return m * np.sqrt(csum - 1.0 + f1)
    scale = 2.0 ** float(-e)  # the C library's pow: exact, 2.0**-1024 too
    csum = 1.0
    f1 = 0.0
    f2 = 0.0
    f3 = 0.0
    for c in range(2):
        w = ax * scale
        if c == 1:
            w = ay * scale
        t = w * 134217729.0
        hi = t - (t - w)
        lo = w - hi
        old = csum
        csum = csum + hi * hi
        f1 = f1 + ((old - csum) + hi * hi)
        old = csum
        csum = csum + 2.0 * hi * lo
        f2 = f2 + ((old - csum) + 2.0 * hi * lo)
        f3 = f3 + lo * lo
    h = np.sqrt(csum - 1.0 + (f1 + f2 + f3))
    t = h * 134217729.0
    hi = t - (t - h)
    lo = h - hi
    old = csum
    csum = csum + (-hi * hi)
    f1 = f1 + ((old - csum) + (-hi * hi))
    old = csum
    csum = csum + (-2.0 * hi * lo)
    f2 = f2 + ((old - csum) + (-2.0 * hi * lo))
    old = csum
    csum = csum + (-lo * lo)
    f3 = f3 + ((old - csum) + (-lo * lo))
    r = csum - 1.0 + (f1 + f2 + f3)
    return (h + r / (2.0 * h)) / scale
'''

CPYTHON_MATH = "\n\n" + _lanczos_sum() + "\n\n" + _gamma_integral() + _SINPI + _GAMMA + _HYPOT
