"""Optional scalar parameters (`x: int = None`, `if x is None:`) and calls whose result is
dropped (`fill(r, a)` as a statement of a function that returns a value), against CPython on
fresh random values (frontends/python/optional.py, frontends/python/discard.py)."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
from transpyle import transpile

def pick(x: int = None, y: 'float' = None):
    a = 0
    b = 0.5
    if x is not None:
        a = x
    if y is not None:
        b = y
    return a * b

def first(x: 'int' = None):
    if x is None:
        return -7
    return x

def pass_on(x: 'int' = None) -> int:
    return first(x) + first() + first(None)

@transpile
def calls(n: int, y: float) -> float:
    return pick() + pick(n) + pick(y=y) + pick(n, y) + pick(None, y) + 3 * first(n)

@transpile
def top(x: int = None, y: float = None, flag: bool = None) -> float:
    if x is None:
        x = 4
    else:
        x += 3
    t = pass_on(x) + pass_on()
    if flag is not None and flag:
        t = -t
    return t + (y if y is not None else 1.25)

def fill(r: float, a: 'float[:]'):
    for i in range(len(a)):
        a[i] = a[i] * r
    return len(a), r

def count(a: 'float[:]') -> int:
    n = 0
    for v in a:
        if v > 0:
            n += 1
    return n

@transpile
def dropped(r: float, a: 'float[:]') -> float:
    fill(r, a)
    count(a)
    return a[0]
'''


def _calls(rng: random.Random) -> list[str]:
    n, y = rng.randint(-10**6, 10**6), rng.uniform(-1e3, 1e3)
    flag = rng.choice(["True", "False", "None"])
    return [f"calls({n}, {y!r})", f"top()", f"top({n})", f"top({n}, {y!r}, {flag})",
            f"top(None, {y!r})", f"top(flag={flag})", f"top(y={y!r}, x=None)",
            f"top({n}, {y!r}, {flag}, 1)",
            f"(dropped({y!r}, a := np.array([{y!r}, -1.5, 2.0])), a.tolist())"]


def test_optional_parameters_match_cpython(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    assert [kind for kind, *_ in python] == ["ok"] * 7 + ["raise", "ok"]


@pytest.mark.parametrize("body, line", [
    ("    return x + 1\n", 2),
    ("    if x is None:\n        y = 1\n    return x\n", 4),
    ("    while x is not None:\n        x = None\n    return x\n", 4),
])
def test_a_read_that_may_be_none_is_refused_where_written(body, line):
    source = "def f(x: int = None) -> int:\n" + body
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "'x' may be None here" in err.value.message and err.value.loc.line == line


def test_unused_module_constants_that_differ_in_case_are_left_out(tmp_path):
    """Pyccel's awkward_names: `a = 3.5` and `A = 5.9` beside functions that read neither
    (Fortran, blind to case, refused the module); a function reading both is refused."""
    needs_gfortran()
    source = ("from transpyle import transpile\n\na = 3.5\nA = 5.9\n\n"
              "@transpile\ndef pure(x: float) -> float:\n    double = 3.0 * x\n    return double\n")
    x = random.uniform(-100, 100)
    compiled, python = run_both(tmp_path, source, [f"pure({x!r})"])
    assert compiled == python and python[0][0] == "ok"
    with pytest.raises(TranspileError) as err:
        parse_python("a = 3.5\nA = 5.9\n\ndef f() -> float:\n    return a + A\n", "m.py")
    assert "spelled the same but for case" in err.value.message


TRUTH = '''
from transpyle import transpile

@transpile
def truth(a: int = None, b: float = None) -> float:
    t = 3.0
    if a and 2 < a <= 5:
        t += a
    if not b:
        t -= 1.0
    elif b:
        t *= b
    return t + (1.0 if a == None else 0.5) + (2.0 if b != None else 0.25)
'''


def test_truth_of_optional_parameters_matches_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    values = [str(rng.randint(-3, 7)), "0", "None"]
    floats = [repr(rng.uniform(-3, 3)), "0.0", "None", "float('nan')"]
    calls = [f"truth({a}, {b})" for a in values for b in floats] + ["truth()"]
    compiled, python = run_both(tmp_path, TRUTH, calls)
    assert compiled == python and all(kind == "ok" for kind, *_ in python)


def test_a_read_in_a_loop_after_none_is_refused():
    """An iteration may begin after `x = None` in the one before: the read is refused."""
    source = ("def f(x: int = None) -> int:\n    if x is None:\n        return 0\n    t = 0\n"
              "    while t < 10:\n        t += x\n        x = None\n    return t\n")
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "'x' may be None here" in err.value.message and err.value.loc.line == 6
