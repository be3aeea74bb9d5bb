"""Issue 14: loops over arrays, enumerate and zip, small lists, bitwise operators, a section
passed to a function, and Pyccel's decorators."""

import numpy as np
from pyccel.decorators import inline, pure


@pure
def weighted_sum(x: 'float[:]', w: 'float[:]') -> float:
    s = 0.0
    for a, b in zip(x, w):
        s += a * b
    return s


def first_above(x: 'float[:]', t: float) -> int:
    k = -1
    for i, v in enumerate(x):
        if v > t:
            k = i
            break
    return k


@inline
def strided(x: 'float[:]', t: float) -> int:
    return first_above(x[::2], t)


def moments(n: int) -> float:
    powers = [0.0] * n
    squares = [i * i for i in range(n)]
    for i in range(n):
        powers[i] = 0.5 * squares[i]
    s = 0.0
    for p in powers:
        s += p
    return s


def bits(a: int, b: int, n: int) -> int:
    return (a & b) | (a ^ ~b) + (a << 3) + (b >> n)


def masks(p: 'bool[:]', q: 'bool[:]', out: 'bool[:]') -> None:
    out[:] = (p & q) | (p ^ q)
