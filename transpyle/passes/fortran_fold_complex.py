"""COMPLEX constant expressions, folded as gfortran folds them (MPC): each part of `*`, `/`,
`**N` and ABS correctly rounded to the kind of the parts, from the exact rational result.
gfortran's code for variables rounds each product of `a*c - b*d` first, which differs in the
last bits for most operands (measured: 758 of 1200 random products and quotients).

A result with a zero part is left to run time (the sign of a zero part follows rules this
module does not model; an operand's zero part, of either sign, is exact).
"""

from __future__ import annotations

import math
from fractions import Fraction

from transpyle.ir.rounding import round_fraction

_MAX_POWER = 64


class Unfoldable(ArithmeticError):
    """Not folded: left to the run-time code."""


def _parts(z: complex) -> tuple[Fraction, Fraction]:
    if not (math.isfinite(z.real) and math.isfinite(z.imag)):
        raise Unfoldable
    return Fraction(z.real), Fraction(z.imag)


def _rounded(re: Fraction, im: Fraction, kind: int) -> complex:
    if re == 0 or im == 0:
        raise Unfoldable
    return complex(round_fraction(re, kind), round_fraction(im, kind))


def _product(x: tuple[Fraction, Fraction], y: tuple[Fraction, Fraction]) \
        -> tuple[Fraction, Fraction]:
    (a, b), (c, d) = x, y
    return a * c - b * d, a * d + b * c


def complex_binop(op: str, x: complex, y: complex, kind: int) -> complex:
    """x op y for `op` in + - * /, each part correctly rounded to REAL(kind)."""
    if op in "+-":
        re = x.real + y.real if op == "+" else x.real - y.real
        im = x.imag + y.imag if op == "+" else x.imag - y.imag
        return complex(round_fraction(Fraction(re), kind) if re else re,
                       round_fraction(Fraction(im), kind) if im else im)
    a, b = _parts(x)
    c, d = _parts(y)
    if op == "*":
        return _rounded(*_product((a, b), (c, d)), kind)
    if op == "/":
        den = c * c + d * d
        if den == 0:
            raise Unfoldable
        return _rounded((a * c + b * d) / den, (b * c - a * d) / den, kind)
    raise Unfoldable


def complex_power(z: complex, n: int, kind: int) -> complex:
    """z**n for an integer n, each part of the exact power correctly rounded."""
    if n == 0:
        return complex(1.0, 0.0)
    if z == 0:
        raise Unfoldable
    if abs(n) > _MAX_POWER:
        raise Unfoldable
    base, acc = _parts(z), (Fraction(1), Fraction(0))
    k = abs(n)
    while k:
        if k & 1:
            acc = _product(acc, base)
        base, k = _product(base, base), k >> 1
    re, im = acc
    if n < 0:
        den = re * re + im * im
        re, im = re / den, -im / den
    return _rounded(re, im, kind)


def complex_abs(z: complex, kind: int) -> float:
    """|z|, correctly rounded: the integer square root of a² + b² scaled, with a sticky bit."""
    a, b = _parts(z)
    q = a * a + b * b
    if q == 0:
        return 0.0
    digits = 24 if kind == 4 else 53
    e = (q.numerator.bit_length() - q.denominator.bit_length()) // 2
    s = digits + 4 - e
    scaled = q * Fraction(4) ** s if s >= 0 else q / Fraction(4) ** -s
    n = scaled.numerator // scaled.denominator
    r = math.isqrt(n)
    exact = r * r == scaled
    value = Fraction(r) if exact else Fraction(2 * r + 1, 2)
    return round_fraction(value / Fraction(2) ** s if s >= 0 else value * Fraction(2) ** -s, kind)
