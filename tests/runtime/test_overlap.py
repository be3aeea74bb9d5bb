"""Arguments that share memory where compiled code writes one of them (`f(a, a)`,
`f(a[1:], a[:-1])`): Fortran's compilers assume dummy arguments do not overlap and vectorise on
it, so `y[1:] = x[:-1] * 2.0` with `x is y` gave [0, 0, 2, 4, 6, 12] where NumPy gives
[0, 0, 2, 4, 6, 8]. Such a call runs in Python, with a warning; arrays side by side in one
buffer (`a[:4]`, `a[4:]`) stay on the compiled path. Compared with CPython in a fresh
interpreter on fresh random arrays, through the C dispatcher and the Python path alike."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def doubled(x: 'float[:]', y: 'float[:]') -> None:
    y[1:] = x[:-1] * 2.0

@transpile
def carried(x: 'float[:]', y: 'float[:]') -> None:
    for i in range(1, len(x)):
        y[i] = x[i - 1] * 0.5 + y[i]

@transpile
def rows(m: 'float[:,:]', out: 'float[:,:]') -> float:
    for i in range(1, m.shape[0]):
        for j in range(m.shape[1]):
            out[i, j] = m[i - 1, j] + out[i, j] * 2.0
    return out[m.shape[0] - 1, 0]

@transpile
def optional_doubled(x: 'float[:]', y: 'float[:]', k: int = None) -> None:
    y[1:] = x[:-1] * 2.0
    if k is not None:
        y[0] = k

@transpile
def pair(x: 'float[:]', y: 'float[:]') -> tuple[float, float]:
    y[1:] = x[:-1] + 1.0
    return y[0], y[len(y) - 1]
'''


def _vector(rng: random.Random, n: int) -> str:
    return "np.array([" + ", ".join(repr(rng.uniform(-9, 9)) for _ in range(n)) + "])"


def test_overlapping_arguments_give_cpythons_result(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(3):
        n = rng.randint(9, 40)
        a = _vector(rng, n)
        calls += [
            f"(lambda a: (doubled(a, a), a)[1])({a})",  # the same array twice
            f"(lambda a: (doubled(a[:-1], a[1:]), a)[1])({a})",  # shifted views
            f"(lambda a: (carried(a, a), a)[1])({a})",
            f"(lambda a: (carried(a[::2], a[1:{(n + 1) // 2 + 1}]), a)[1])({a})",  # strided
            f"(lambda a: (carried(a[:{n // 2}], a[{n // 2}:{2 * (n // 2)}]), a)[1])({a})",
            f"(lambda a, b: (doubled(a, b), carried(a, b), b)[2])({a}, {a})",  # two arrays
            f"(lambda a: (pair(a, a), a))({a})",  # a binding that builds a tuple
            f"(lambda a: (optional_doubled(a, a), a)[1])({a})",  # optional parameters' class
            f"(lambda a: (optional_doubled(a, a, 3), a)[1])({a})",
        ]
        r, c = rng.randint(3, 7), rng.randint(2, 6)
        m = f"np.arange({r * c}.0).reshape({r}, {c}) * {rng.uniform(0.5, 2)!r}"
        calls += [f"(lambda m: (rows(m, m), m))({m})",
                  f"(lambda m: (rows(m[:-1], m[1:]), m))({m})"]
    calls = calls * 2  # the second round goes through the C dispatcher's registered entries
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python, [(c, g, w) for c, g, w in zip(calls, compiled, python,
                                                                strict=True) if g != w]


def test_an_overlapping_call_warns_and_a_separate_one_stays_compiled(tmp_path) -> None:
    needs_gfortran()
    script = tmp_path / "case.py"
    script.write_text(textwrap.dedent(SOURCE) + textwrap.dedent('''
        import warnings
        a, b = np.zeros(8), np.zeros(8)
        doubled(a, b)  # compiled: registered with the C dispatcher
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            doubled(a, a)
            doubled(a[:4], a[4:])  # side by side: no element in common
        print([str(w.message) for w in seen])
    '''))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=True).stdout
    warned = eval(out.splitlines()[0])  # noqa: S307 - the list printed above
    assert len(warned) == 1 and "'y' and 'x' share memory" in warned[0] \
        and "runs in Python" in warned[0]
