"""Default parameter values and keyword arguments (issue 14): at calls between module
functions (made positional by the frontend) and on the @transpile'd function itself (bound as
CPython binds, so a call that does not fit is CPython's TypeError with CPython's message)."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
from transpyle import transpile

SCALE = 0.25

def weigh(x: float, k: int = 2, scale: float = SCALE, shift: float = -1.5) -> float:
    return x * k * scale + shift

@transpile
def outer(x: float, n: int = 3, flip: bool = False) -> float:
    t = weigh(x) + weigh(x, 5) + weigh(k=n, x=x) + weigh(x, shift=x, scale=2.0)
    if flip:
        t = -t
    return t
'''


def _calls(rng: random.Random) -> list[str]:
    x, n = rng.uniform(-1e6, 1e6), rng.randint(-10**6, 10**6)
    return [f"outer({x!r})", f"outer({x!r}, {n})", f"outer(x={x!r}, flip=True)",
            f"outer({x!r}, flip=True, n={n})", f"outer(n={n}, x={x!r})",
            # calls that do not fit: CPython's TypeError and message
            "outer()", f"outer({x!r}, z=1)", f"outer({x!r}, {n}, True, 4)",
            f"outer({x!r}, x=1.0)", f"outer(n={n})"]


def test_defaults_and_keywords_match_cpython(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    assert [kind for kind, *_ in python] == ["ok"] * 5 + ["raise"] * 5


@pytest.mark.parametrize("call, words", [
    ("g(1.0, z=2)", "g() got an unexpected keyword argument 'z'"),
    ("g(1.0, x=2.0)", "g() got multiple values for argument 'x'"),
    ("g(k=2)", "g() missing 1 required positional argument(s): 'x'"),
    ("g(1.0, 2, 3)", "g() takes 2 positional arguments but 3 were given"),
])
def test_bad_call_between_module_functions_refused_at_the_call(call, words):
    source = (f"def g(x: float, k: int = 1) -> float:\n    return x * k\n\n"
              f"def f(y: float) -> float:\n    return {call}\n")
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert err.value.message == words and err.value.loc.line == 5


def test_default_that_is_not_a_constant_refused():
    source = "def g(x: float, k: float = abs(-1.0)) -> float:\n    return x * k\n"
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "default parameter value" in err.value.message
    assert (err.value.loc.line, err.value.loc.col) == (1, 28)
