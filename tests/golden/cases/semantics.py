"""Python's arithmetic, kept exactly: flooring //, %, true division, casts, powers."""
import math


def floor_div(a: int, b: int) -> int:
    return a // b


def floor_mod(a: int, b: int) -> int:
    return a % b


def true_div(a: int, b: int) -> float:
    return a / b


def float_ops(x: float, y: float) -> float:
    q = x // y
    r = x % y
    return q * 1000.0 + r + x ** 2 - abs(y) ** 0.5


def casts(x: float) -> int:
    i = int(x)  # truncates toward zero, as Python does
    f = float(i) / 3
    return i + int(f * 10) + math.floor(x) + math.ceil(x)


def powers(n: int, x: float) -> float:
    return x ** n + 2 ** n + n ** 2


def minmax(a: int, b: int, x: float) -> float:
    return min(a, b) + max(a, b, 3) + max(x, float(a)) + min(abs(a - b), 5)


def intrinsics(x: float) -> float:
    y = abs(x) + 1.0
    return (math.sqrt(y) + math.exp(-y) + math.log(y) + math.sin(x) * math.cos(x)
            + math.tanh(x) + math.atan2(x, y) + math.hypot(x, y) + math.pi)


def complex_ops(re: float, im: float) -> float:
    z = complex(re, im)
    w = z * z + 1j * z - 2.5
    return w.real * 3.0 + w.imag + abs(w)
