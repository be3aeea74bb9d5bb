"""Assignment forms (issue 14): chained `a = b = v`, `a[...]`, and augmented assignment on an
array (in place, as NumPy does: the caller and views see it; NumPy's 'same_kind' casting rule
refuses `x += 1.5` on an int array, so the translation refuses it where it is written)."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
from transpyle import transpile

@transpile
def chained(x: float, n: int) -> float:
    a = b = x * 2.0
    i = j = n
    c = d = 0
    b += 1.0
    j -= 3
    return a + b + i * j + c + d

@transpile
def update(x: 'float[:]', y: 'float[:]', b: 'float32[:,:]', alpha: float,
           k: 'int32[:]', m: int) -> None:
    x += y
    x *= alpha
    b *= 0.75  # a literal: weak, as NumPy takes it (a float parameter is not: see report)
    b -= 0.5
    k += 7
    k //= m
    v = y
    v += 1.0
    y[...] = y * 2.0

def run(x, y, b, alpha, k, m):
    update(x, y, b, alpha, k, m)
    return (x.tobytes().hex(), y.tobytes().hex(), b.tobytes().hex(), k.tobytes().hex())
'''


def _calls(rng: random.Random) -> list[str]:
    out = []
    for _ in range(3):
        n = rng.randint(1, 5)
        x = [rng.uniform(-1e3, 1e3) for _ in range(n)]
        y = [rng.uniform(-1e3, 1e3) for _ in range(n)]
        b = [[rng.uniform(-1e3, 1e3) for _ in range(rng.randint(1, 4))]] * rng.randint(1, 3)
        k = [rng.randint(-10**6, 10**6) for _ in range(rng.randint(1, 5))]
        m = rng.choice([-7, -2, 3, 11])
        out += [f"chained({rng.uniform(-1e6, 1e6)!r}, {rng.randint(-10**9, 10**9)})",
                f"run(np.array({x!r}), np.array({y!r}), np.array({b!r}, np.float32), "
                f"{rng.uniform(-4, 4)!r}, np.array({k!r}, np.int32), {m})"]
    return out


def test_assignment_forms_match_cpython(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("body, line", [
    ("x += 1.5", 2), ("x /= 2", 2), ("x += 1j", 2),
])
def test_inplace_that_numpy_refuses_is_refused(body, line):
    source = f"def f(x: 'int[:]') -> None:\n    {body}\n"
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert "UFuncTypeError" in err.value.message and err.value.loc.line == line


def test_chained_assignment_to_an_element_first_refused():
    source = "def f(x: 'float[:]', y: float) -> float:\n    x[0] = z = y * 2\n    return z\n"
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "chained assignment" in err.value.message and err.value.loc.line == 2
