"""Issue 14's language from Pyccel's test modules: optional parameters, nested functions,
functions passed to function-hinted parameters, tuples of tuples, round/divmod, `is`."""

import math


def first(x: int = None) -> int:
    if x is None:
        return -7
    return x


def twice(function: '(float)(float)', x: float) -> float:
    return function(function(x))


def half(x: float) -> float:
    return x / 2.0


def language(n: int, x: float, flag: bool) -> float:
    def scaled(k: int) -> float:
        return x * k + n

    q, r = divmod(n, 7)
    t = ((x, n), (q, r))
    u = t[0] + t[1] * 2
    s = first() + first(n) + round(x) + math.trunc(x)
    if flag is True:
        s = s + 1
    return s + scaled(2) + twice(half, x) + u[1] + u[5]
