"""Boolean masks (issue 14, passes/masks.py): `x[m] = scalar`, `d[d > h] = d[d > h] - L` (the
same mask on both sides, Pythran's periodic_dist), a mask from another array, a vector
scattered through a mask (`n[m] = np.where(x & 1, ...)` of `x = n[m]`, Pythran's collatz; one
element spread to all), and `x[m]` read as a new vector (`np.sum(x[x > 0])`, its length, returned). Compared with CPython on fresh
random inputs (negatives, NaN, masks that select nothing or everything, odd sizes), and a
mask of another shape raises IndexError with NumPy's message; what stays out is refused
where it is written."""

from __future__ import annotations

import os
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
def wrap(d: 'float[:,:]', L: float):
    d[d > L / 2] = d[d > L / 2] - L
    d[d < -L / 2] = d[d < -L / 2] + L
    d[d == 0] = -1
    return d.sum()


@transpile
def by_other(x: 'float[:]', y: 'float[:]', v: float) -> float:
    x[y > v] = 2.0 * x[y > v] + v
    return x[0]


@transpile
def selected(x: 'float[:]', v: float):
    n = x[x > v].shape[0]
    return np.sum(x[x > v]), n, x[np.isnan(x)]


@transpile
def collatz(n_max: int):
    n = np.arange(3, n_max + 1)
    count = np.ones_like(n)
    indices = n != 1
    while np.any(indices):
        count[indices] += 1
        x = n[indices]
        n[indices] = np.where(x & 1, 3 * x + 1, x // 2)
        indices = n != 1
    max_i = np.argmax(count)
    return max_i + 3, count[max_i]


@transpile
def scatter(a: 'float[:,:]', v: 'float[:]', t: float):
    a[a > t] = v
    return a.sum()


@transpile
def guarded(a: 'int[:]', b: 'int[:]', x: 'float[:]', s: float) -> float:
    a[b != 0] = a[b != 0] // b[b != 0] + 1
    x[x > 0] = x[x > 0] * (1.0 / s) + x[0]
    return x.sum() + a.sum()


@transpile
def ints(k: 'int[:,:]'):
    k[k < 0] = 0
    return k[k > 1]
'''


def _matrix(rng: random.Random, n: int, m: int) -> str:
    rows = [[rng.choice([0.0, rng.uniform(-4.0, 4.0)]) for _ in range(m)] for _ in range(n)]
    return f"np.array({rows!r})"


def test_masks_with_checks_match_cpython(tmp_path) -> None:
    """Index and division checks around a masked assignment (boundscheck on)."""
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 9)):
        a = [rng.randint(-9, 9) for _ in range(n)]
        b = [rng.choice([0, rng.randint(-3, 3)]) for _ in range(n)]
        x = [rng.uniform(-5, 5) for _ in range(n)]
        for s in (rng.uniform(-3, 3), 0.0):
            calls.append(f"guarded(np.array({a!r}), np.array({b!r}), np.array({x!r}), {s!r})")
    env = {**os.environ, "TRANSPYLE_BOUNDSCHECK": "1"}
    compiled, python = run_both(tmp_path, SOURCE, calls, env=env)
    assert compiled == python
    assert {o[0] for o in python} == {"ok", "raise"}  # 1.0 / 0.0 raises ZeroDivisionError


def test_masks_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 5), rng.randint(6, 11)):
        m = rng.randint(1, 6)
        calls.append(f"(lambda d: (wrap(d, {rng.uniform(0.5, 6.0)!r}), d.tobytes().hex()))"
                     f"({_matrix(rng, n, m)})")
        x = [rng.choice([float("nan"), rng.uniform(-5, 5)]) for _ in range(n)]
        y = [rng.uniform(-5, 5) for _ in range(n)]
        v = rng.choice([-9.0, 9.0, rng.uniform(-3, 3)])
        xs = "np.array([" + ", ".join("float('nan')" if t != t else repr(t) for t in x) + "])"
        calls.append(f"(lambda x: (by_other(x, np.array({y!r}), {v!r}), x.tobytes().hex()))"
                     f"({xs})")
        calls.append("(lambda t: [(type(v).__name__, np.asarray(v).tobytes().hex()) for v in t])"
                     f"(selected({xs}, {v!r}))")
        k = [[rng.randint(-3, 3) for _ in range(m)] for _ in range(n)]
        calls.append(f"ints(np.array({k!r}))")
        calls.append(f"collatz({rng.randint(3, 40)})")
        a = _matrix(rng, n, m)
        calls.append(f"(lambda a: (scatter(a, np.arange(float((a > 1.0).sum())), 1.0), "
                     f"a.tobytes().hex()))({a})")
        calls.append(f"(lambda a: (scatter(a, np.array([-2.5]), 1.0), a.tobytes().hex()))({a})")
    calls.append("scatter(np.ones((2, 2)), np.zeros(3), 0.0)")  # ValueError: 3 values for 4
    calls.append("by_other(np.zeros(3), np.zeros(4), 0.0)")  # IndexError, NumPy's message
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert python[-1][:2] == ["raise", "IndexError"]
    assert python[-2][:2] == ["raise", "ValueError"]
    assert all(o[0] == "ok" for o in python[:-2])


@pytest.mark.parametrize("body, text", [
    ("x[x > 0] = y", "through a boolean mask takes a scalar"),
    ("x[x > 0] = y * 2.0", "through a boolean mask takes a scalar"),
])
def test_other_values_through_a_mask_are_refused(body: str, text: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_source(f"def f(x: 'float[:,:]', y: 'float[:,:]'):\n    {body}\n")
    assert text in err.value.message
    assert err.value.loc.line == 2


def test_a_mask_of_an_f_ordered_matrix_is_refused() -> None:
    with pytest.raises(TranspileError) as err:
        compile_source("def f(x: 'float[:,:](order=F)'):\n    return x[x > 0]\n")
    assert "F-ordered" in err.value.message


def test_the_python_backend_writes_masks_as_numpy(tmp_path) -> None:
    """--to python: x[m] read is written `x[m]`; a vector assigned through a mask is refused."""
    import numpy as np

    from transpyle import compile_file

    src = tmp_path / "m.py"
    src.write_text("import numpy as np\n\n\ndef f(x: 'float[:]') -> float:\n"
                   "    x[x > 0] = x[x > 0] - 1.0\n    return np.sum(x[x > 1])\n")
    ns: dict[str, object] = {}
    exec(compile_file(src, to="python"), ns)  # noqa: S102 - our own output
    rng = np.random.default_rng()
    x = rng.normal(0, 3, 9)
    y = x.copy()
    x[x > 0] = x[x > 0] - 1.0
    assert ns["f"](y) == np.sum(x[x > 1]) and (x == y).all()  # type: ignore[operator]
    src.write_text("def f(x: 'float[:]', v: 'float[:]'):\n    x[x > 0] = v\n")
    with pytest.raises(TranspileError) as err:
        compile_file(src, to="python")
    assert "not written as Python yet" in err.value.message and err.value.loc.line == 2
