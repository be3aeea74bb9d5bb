"""Rounding to the kinds of REAL, as IEEE arithmetic and gfortran's reader round: to nearest,
ties to even, once (a decimal read through a double first can land on a tie of singles)."""

from __future__ import annotations

import math
from fractions import Fraction

_FLT_MAX = 3.4028234663852886e38


def round_fraction(q: Fraction, kind: int) -> float:
    """The rational `q` correctly rounded to REAL(kind) (4 or 8); OverflowError past its
    range."""
    if q == 0:
        return 0.0
    if kind == 8:
        v = float(q)  # CPython rounds an integer ratio correctly (OverflowError past range)
        if math.isinf(v):
            raise OverflowError(str(q))
        return v
    n, d = abs(q.numerator), q.denominator
    e = n.bit_length() - d.bit_length()
    if (n << max(0, -e)) < (d << max(0, e)):
        e -= 1  # now 2**e <= |q| < 2**(e + 1)
    e = max(e, -126)  # subnormals keep the exponent of the smallest normal
    shift = 23 - e
    num, den = (n << shift, d) if shift >= 0 else (n, d << -shift)
    m, r = divmod(num, den)
    if 2 * r > den or (2 * r == den and m & 1):
        m += 1
    v = math.ldexp(m, e - 23)
    if v > _FLT_MAX:
        raise OverflowError(str(q))
    return v if q > 0 else -v


def single_literal(text: str, value: float) -> float:
    """The REAL(4) literal `text` (read as the double `value`) as a value whose float32 is
    the decimal correctly rounded: `value` itself, except where the double lies on a tie of
    singles that the decimal does not (1.00000005960464477539062500001): then the single."""
    exact = round_fraction(Fraction(text), 4)
    return value if round_fraction(Fraction(value), 4) == exact else exact
