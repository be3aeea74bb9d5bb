"""np.copyto(dst, src) (issue 14): `dst[...] = src` in place (every view and the caller see
it), a scalar or an array of dst's shape; Pythran's fdtd stencil keeps two earlier grids with
it. Compared with CPython on fresh random inputs (odd sizes, zero steps); a float copied into
an int array is refused where written (NumPy's 'same_kind' rule raises TypeError)."""

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
def fdtd(input_grid: 'float[:,:]', steps: int):
    grid = input_grid.copy()
    old_grid = np.zeros_like(input_grid)
    previous_grid = np.zeros_like(input_grid)
    l_x = grid.shape[0]
    l_y = grid.shape[1]
    for i in range(steps):
        np.copyto(previous_grid, old_grid)
        np.copyto(old_grid, grid)
        for x in range(l_x):
            for y in range(l_y):
                grid[x, y] = 0.0
                if 0 < x + 1 < l_x:
                    grid[x, y] += old_grid[x + 1, y]
                if 0 < x - 1 < l_x:
                    grid[x, y] += old_grid[x - 1, y]
                if 0 < y + 1 < l_y:
                    grid[x, y] += old_grid[x, y + 1]
                if 0 < y - 1 < l_y:
                    grid[x, y] += old_grid[x, y - 1]
                grid[x, y] /= 2.0
                grid[x, y] -= previous_grid[x, y]
    return grid


@transpile
def fill(a: 'float[:]', k: 'int32[:]', v: float):
    np.copyto(a, v)
    np.copyto(k, 3)
    return a.sum() + k.sum()
'''


def test_copyto_matches_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for steps in (0, 1, rng.randint(2, 6)):
        n, m = rng.randint(1, 7), rng.randint(1, 7)
        g = [[rng.uniform(-9, 9) for _ in range(m)] for _ in range(n)]
        calls.append(f"fdtd(np.array({g!r}), {steps})")
        calls.append(f"fill(np.zeros({n}), np.zeros({m}, dtype=np.int32), {rng.uniform(-9, 9)!r})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)


def test_a_float_into_an_int_array_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("import numpy as np\n\n\ndef f(x: 'int[:]', y: 'float[:]'):\n"
                       "    np.copyto(x, y)\n")
    assert "same_kind" in err.value.message and err.value.loc.line == 5
