"""Two arrays that swap names (issue 14, passes/array_swaps.py): `In, Out = Out, In` of two
array parameters in a time-stepping loop (Pythran's lapl2d), `u, v = v, u` of two local
arrays then `return u`, and a swap in a branch. No element is copied: each statement that
names them is written for both bindings and a flag picks one. Compared with CPython on fresh
random inputs (odd sizes, zero and odd step counts): the results and both arrays' bytes after
the call. What stays out (a loop whose header names a swapped array) is refused as before."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError

SOURCE = '''
import numpy as np
from transpyle import transpile


@transpile
def lapl2d(In: 'float[:,:]', Out: 'float[:,:]', niter: int):
    siz = In.shape[0]
    h2 = (1. / siz) ** 2
    for it in range(0, niter):
        Out[1:siz-1, 1:siz-1] = h2 * (
            In[0:siz-2, 1:siz-1] + In[1:siz-1, 0:siz-2] - 4.0 * In[1:siz-1, 1:siz-1]
            + In[2:siz, 1:siz-1] + In[1:siz-1, 2:siz])
        In, Out = Out, In


@transpile
def heat(u0: 'float[:]', steps: int, c: float):
    u = u0.copy()
    v = np.zeros_like(u0)
    for _ in range(steps):
        v[1:-1] = u[1:-1] + c * (u[2:] - 2 * u[1:-1] + u[:-2])
        u, v = v, u
    return u


@transpile
def maybe(a: 'float[:]', b: 'float[:]', k: int) -> float:
    for i in range(k):
        if a[0] > b[0]:
            a, b = b, a
        a[i % a.shape[0]] += 1.0
    return a[0] - 2.0 * b[0]
'''


def _call(rng: random.Random, fn: str, shapes: list[tuple[int, ...]], *rest: object) -> str:
    arrays = [f"np.array({[[rng.uniform(-9, 9) for _ in range(s[-1])] for _ in range(s[0])]!r})"
              if len(s) == 2 else f"np.array({[rng.uniform(-9, 9) for _ in range(s[0])]!r})"
              for s in shapes]
    names = [f"a{k}" for k in range(len(arrays))]
    args = ", ".join([*names, *map(repr, rest)])
    hexes = " + ".join(f"{n}.tobytes().hex()" for n in names)
    return f"(lambda {', '.join(names)}: ({fn}({args}), {hexes}))({', '.join(arrays)})"


def test_swapped_arrays_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for niter in (0, 1, rng.randint(2, 5)):
        n = rng.randint(3, 8)
        calls.append(_call(rng, "lapl2d", [(n, n), (n, n)], niter))
        calls.append(_call(rng, "heat", [(n + 1,)], niter, rng.uniform(0.1, 0.4)))
        calls.append(_call(rng, "maybe", [(n,), (n,)], niter + 2))
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_no_array_is_copied() -> None:
    fortran = compile_source(SOURCE.replace("@transpile\n", "")).lower()
    assert "tp_swapped0 = .not. tp_swapped0" in fortran
    assert "in_1(:, :) = out" not in fortran and "out(:, :) = in_1" not in fortran


def test_a_swap_under_a_header_naming_the_array_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source('''
def f(a: 'float[:]', b: 'float[:]'):
    for i in range(a.shape[0]):
        a[i] = b[i]
        a, b = b, a
''')
    assert "rebound" in err.value.message
