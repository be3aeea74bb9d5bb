"""NumPy's elementwise predicates and logic (issue 14): np.isnan, np.isinf, np.isfinite of
arrays, elements and Python floats (the result a NumPy bool, as CPython gives it), of complex
arrays (NaN in either part), of integers; np.logical_not / and / or / xor of bools and of
numbers (nonzero is true, NaN too); np.square (x * x, one rounding). Compared with CPython on
fresh random inputs with NaN, both infinities, both zeros and negatives, in a subprocess."""

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
def masks(x: 'float[:]', y: 'float[:]'):
    return np.logical_and(np.isnan(x), np.isfinite(y)) | np.isinf(x + y)


@transpile
def count_bad(x: 'float[:,:]') -> int:
    n = 0
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            if np.isnan(x[i, j]) or np.isinf(x[i, j]):
                n += 1
    return n


@transpile
def scalar(v: float, w: float):
    return np.isnan(v), np.isinf(v * w), np.isfinite(w), np.logical_xor(v, w > 0.0)


@transpile
def complex_nan(z: 'complex[:]'):
    return np.isnan(z), np.isfinite(z)


@transpile
def ints(k: 'int[:]'):
    return np.logical_not(k), np.logical_or(k, k - 1), np.isnan(k), np.isfinite(k)


@transpile
def squares(x: 'float[:]', k: 'int32[:]', v: float):
    return np.square(x) - np.square(v), np.square(k), np.square(x[0] + v)


@transpile
def negation(b: 'bool[:]', x: 'float[:]'):
    return np.logical_not(b), np.logical_not(x), np.logical_and(b, x)
'''

_SPECIAL = ["float('nan')", "float('inf')", "-float('inf')", "0.0", "-0.0"]


# each element of a returned tuple as its class, dtype and bytes (repr rounds arrays)
_HEX = "(lambda t: [(type(v).__name__, str(np.asarray(v).dtype), np.asarray(v).tobytes().hex())" \
    " for v in t])("


def _floats(rng: random.Random, n: int) -> str:
    return "np.array([" + ", ".join(rng.choice(_SPECIAL) if rng.random() < 0.4 else
                                   repr(rng.uniform(-1e3, 1e3)) for _ in range(n)) + "])"


def test_predicates_match_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for n in (1, rng.randint(2, 6), rng.randint(7, 13)):
        x, y = _floats(rng, n), _floats(rng, n)
        calls.append(f"masks({x}, {y})")
        calls.append(f"count_bad({x}.reshape(1, {n}) * np.ones(({rng.randint(1, 3)}, 1)))")
        v, w = rng.choice(_SPECIAL + ["1.5", "-2.25"]), rng.choice(_SPECIAL + ["3.0"])
        calls.append(f"scalar({v}, {w})")
        calls.append(f"complex_nan({x} + 1j * {y})")
        k = [rng.randint(-3, 3) for _ in range(n)]
        calls.append(f"ints(np.array({k!r}))")
        calls.append(_HEX + f"squares({x}, np.array({k!r}, dtype=np.int32), {v}))")
        b = [rng.random() < 0.5 for _ in range(n)]
        calls.append(f"negation(np.array({b!r}), {x})")
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert all(o[0] == "ok" for o in python)
    assert "np.True_" in python[2][1] or "np.False_" in python[2][1]  # NumPy bools


@pytest.mark.parametrize("body, text", [
    ("return np.isinf(z)", "np.isinf of complex128 is not translated"),
    ("return np.square(z)", "np.square of complex128 is not translated"),
])
def test_refused_at_the_call(body: str, text: str) -> None:
    with pytest.raises(TranspileError) as err:
        compile_source(f"import numpy as np\n\n\ndef f(z: 'complex[:]'):\n    {body}\n")
    assert text in err.value.message
    assert err.value.loc.line == 5
