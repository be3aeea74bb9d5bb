"""Control flow: loops with any step, while, break/continue, early return, elif, recursion."""
import numpy as np


def count_down(x: 'int[:]', step: int) -> int:
    # a range with a step whose sign is only known at run time
    total = 0
    for i in range(len(x) - 1, -1, step):
        total += x[i]
    return total


def strided_sum(x: 'int[:]', start: int, stop: int, step: int) -> int:
    total = 0
    for i in range(start, stop, step):
        total += x[i] * i
    return total


def first_negative(x: 'float[:]') -> int:
    for i in range(len(x)):
        if x[i] < 0.0:
            return i
    return -1


def collatz(n: int) -> int:
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def classify(x: 'float[:]', out: 'int[:]') -> None:
    for i in range(len(x)):
        v = x[i]
        if v < -0.5:
            out[i] = -1
            continue
        elif v > 0.5:
            out[i] = 1
        elif v == 0.0:
            break
        else:
            out[i] = 0


def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_sum(n: int) -> int:
    total = 0
    for k in range(n):
        total += fib(k)
    return total


def clip_sum(x: 'float[:]', lo: float, hi: float) -> float:
    s = 0.0
    for i in range(len(x)):
        s += min(max(x[i], lo), hi) if x[i] == x[i] else 0.0
    return s
