"""The variable of a `for` loop after and inside the loop, as CPython has it: the last value
after a loop that ran to its end, the earlier value after an empty range, Python's next value
at the top of each iteration whatever the body assigned; with break and continue, nested loops,
negative and variable steps. Compared with CPython on fresh random ranges, in a subprocess."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def after(start: int, stop: int, step: int) -> int:
    i = -1000
    for i in range(start, stop, step):
        pass
    return i

@transpile
def after_const(n: int) -> int:
    i = 77
    for i in range(n, -3, -2):
        pass
    return i

@transpile
def assigned(n: int, step: int) -> int:
    t = 0
    for i in range(0, n, step):
        t = t * 3 + i
        i = i * 2 + 1
        t += i
    return t

@transpile
def search(n: int, limit: int) -> int:
    j = -5
    for j in range(n):
        if j * j > limit:
            break
    return j

@transpile
def skipping(n: int, stop: int) -> int:
    t = 0
    for k in range(n):
        if k % 3 == 1:
            continue
        t += k
        if k > stop:
            break
    return t * 100 + k

@transpile
def nested(n: int, m: int) -> int:
    t = 0
    j = -9
    for i in range(n):
        if i > 0:
            t += j
        for j in range(i, m):
            t += 1
            i = i + 10
    return t * 1000 + j

@transpile
def reused(n: int, m: int) -> int:
    t = 0
    i = -3
    for i in range(n):
        t += i
    for i in range(m, 0, -1):
        t += 2 * i
    return t * 1000 + i
'''


def test_loop_variables_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rnd = random.Random()
    calls = []
    for _ in range(12):
        start, stop = rnd.randint(-20, 20), rnd.randint(-20, 20)
        step = rnd.choice([-3, -2, -1, 1, 2, 3, 5])
        calls.append(f"after({start}, {stop}, {step})")
    calls += ["after(5, 5, 1)", "after(3, 10, 1)", "after(10, 3, -1)", "after(0, 1, 7)"]
    calls += [f"after_const({rnd.randint(-6, 12)})" for _ in range(4)]
    calls += [f"assigned({rnd.randint(0, 15)}, {rnd.randint(1, 4)})" for _ in range(4)]
    calls += [f"search({rnd.randint(0, 30)}, {rnd.randint(0, 300)})" for _ in range(4)]
    calls += [f"skipping({rnd.randint(1, 30)}, {rnd.randint(0, 40)})" for _ in range(4)]
    calls += [f"nested({rnd.randint(0, 6)}, {rnd.randint(0, 6)})" for _ in range(5)]
    calls += [f"reused({rnd.randint(0, 6)}, {rnd.randint(0, 6)})" for _ in range(4)]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]
