"""Small local lists of numbers (issue 14): `[c] * n`, `n * [c]`, list displays,
`[e for i in range(...)]`, read and assigned by index, `len`, `for v in lst` (and enumerate,
zip), against CPython on fresh random inputs (negative lengths, negative steps, negative
indices). Their elements are Python scalars (`x[i] / 0.0` raises ZeroDivisionError, where an
array element gives inf); what Python and an array would mean differently is refused where it
is written."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import passes
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def filled(n: int, k: int) -> float:
    x = [0.0] * n
    c = 3 * [-2]
    for i in range(len(x)):
        x[i] = i * 0.25 - c[i % 3]
    s = 0.0
    for v in x:
        s += v
    return s + len(x) + x[-1] if n > 0 else s + len(x) + k

@transpile
def comprehended(n: int, lo: int) -> float:
    i = 100
    sq = [i * i - lo for i in range(lo, n)]
    back = [0.5 * j for j in range(n, lo, -3)]
    s = 0.0
    for j, v in enumerate(sq):
        s += j * v
    for a, b in zip(sq, back):
        s += a - b
    return s + i + len(sq) + len(back)

@transpile
def display(t: float) -> float:
    w = [0.25, -1.5, 2.0, t]
    ks = [3, -7, 11]
    w[1] = w[0] * t
    return w[-1] + w[1] + ks[1] // 2 + ks[-3] % 5

@transpile
def divide(x: float, n: int) -> float:
    d = [x] * n
    return d[0] / (d[n - 1] - x)

@transpile
def pairs(a: 'float[:]') -> float:
    p = [0.0] * len(a)
    for i in range(len(a)):
        p[i] = float(a[i])
    return p[0] / 0.0

@transpile
def kept(a: 'float[:]') -> float:
    p = [0.0] * len(a)
    for i in range(len(a)):
        p[i] = a[i]  # NumPy scalars, kept as they are
    return p[0] / 0.0 + p[-1]
'''


def _calls(rng: random.Random) -> list[str]:
    out = []
    for _ in range(8):
        n, lo = rng.randint(-3, 12), rng.randint(-5, 5)
        out += [f"filled({n}, {rng.randint(-9, 9)})", f"comprehended({n}, {lo})",
                f"display({rng.uniform(-10, 10)!r})", f"divide({rng.uniform(-5, 5)!r}, "
                f"{rng.randint(1, 4)})",
                f"pairs(np.array({[rng.uniform(-3, 3) for _ in range(rng.randint(1, 4))]!r}))",
                f"kept(np.array({[rng.uniform(-3, 3) for _ in range(rng.randint(1, 4))]!r}))"]
    return out


def test_lists_match_cpython(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, _calls(random.Random()))
    assert compiled == python
    raised = {tuple(o[:2]) for o in python if o[0] == "raise"}
    assert raised == {("raise", "ZeroDivisionError")}  # list elements are Python floats


@pytest.mark.parametrize("body, text, line", [
    ("x = [0.0] * n\n    y = x + x", "this use of the list 'x'", 3),
    ("x = [0.0] * n\n    y = x * 2", "this use of the list 'x'", 3),
    ("x = [0.0] * n\n    y = x[1:]", "this use of the list 'x'", 3),
    ("x = [0.0] * n\n    y = x", "this use of the list 'x'", 3),
    ("x = [0.0] * n\n    x.append(1.0)", "this use of the list 'x'", 3),
    ("x = [0.0] * n\n    return x", "this use of the list 'x'", 3),
    ("x = []", "an empty list", 2),
    ("x = [i for i in range(n) if g(i)]", "list comprehension with an if clause", 2),
    ("x = [i for i in (1, 2)]", "a tuple value", 2),
    ("x = [1.0, 2.0] * n", "a repeated list other than", 2),
    ("x = [i for i in range(0, n, n)]", "a comprehension over range() with a constant", 2),
])
def test_list_refusals_are_located(body, text, line):
    source = f"def f(n: int) -> None:\n    {body}\n"
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert text in err.value.message and err.value.loc.line == line, err.value.message


@pytest.mark.parametrize("body, line", [
    ("x = [1, 2.5]", 2), ("x = [0.0] * n\n    x[0] = 1", 3), ("x = [True, 2]", 2),
])
def test_mixed_element_types_are_refused(body, line):
    source = f"def f(n: int) -> None:\n    {body}\n"
    with pytest.raises(TranspileError) as err:
        passes.typed(parse_python(source, "a.py"))
    assert "Python keeps each element's own type" in err.value.message
    assert err.value.loc.line == line


def test_documented_difference_a_list_that_may_hold_numpy_scalars(tmp_path):
    """DIFFERENCES.md: once a NumPy scalar may be stored into a list, every element read from
    it follows NumPy's rules (here CPython's p[1] is still the Python float 0.0 and raises);
    the values read are exact either way."""
    needs_gfortran()
    source = '''
import numpy as np
from transpyle import transpile

@transpile
def f(a: 'float[:]') -> float:
    p = [0.0] * 2
    p[0] = a[0]
    return p[0] + p[1] / 0.0
'''
    compiled, python = run_both(tmp_path, source, ["f(np.array([1.5]))"])
    assert python[0][:2] == ["raise", "ZeroDivisionError"]
    assert compiled[0][0] == "ok"  # nan: 0.0 / 0.0 under NumPy's rule


COMPREHENSIONS_OVER_SEQUENCES = '''
import numpy as np
from transpyle import transpile

@transpile
def over(y: 'int[:]', w: 'float[:]', s: int):
    a = [yi * 2 + 1 for yi in y]
    b = [i * v for i, v in enumerate(a, start=s)]
    c = [v - 0.5 * u for v, u in zip(w, a)]
    d = [i + v for i, v in enumerate(y[::-2])]
    e = [p + q + r for p, q, r in zip(b, y[1:], d)]
    t = 0.0
    for v in c:
        t = t * 0.5 + v
    sb = 0
    for vb in b:
        sb = sb * 3 + vb
    se = 0
    for ve in e:
        se = se * 3 - ve
    return len(a), len(b), len(c), len(d), len(e), sb, se, t
'''


def test_comprehensions_over_arrays_lists_enumerate_and_zip_match_cpython(tmp_path):
    """`[f(v) for v in a]`, over enumerate(a, start), zip(a, b, c) and sections (Pyccel's
    functionals module): over range(len(a)) reading a[k]; against CPython on fresh random
    data, empty arrays included."""
    needs_gfortran()
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(6):
        n, m = rng.randint(0, 8), rng.randint(0, 8)
        calls.append(f"over(np.array({[rng.randint(-50, 50) for _ in range(n)]}, dtype=int), "
                     f"np.array({[rng.uniform(-9, 9) for _ in range(m)]!r}), "
                     f"{rng.randint(-4, 4)})")
    compiled, python = run_both(tmp_path, COMPREHENSIONS_OVER_SEQUENCES, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


COUNTED = '''
import numpy as np
from transpyle import transpile

@transpile
def counted(y: 'int[:]', z: 'float[:]', n: int):
    a = [i * j for i in range(1, n) for j in range(0, n, i)]
    b = [x + 1 - w for x in range(n) if x % 2 == 0 for w in range(n + 2) if w % 3 != 1]
    c = [yi * zi for yi in y for zi in z if zi > 0]
    d = [i for i in range(n) for i in range(i, n) if i > 1]
    e = [v * k for k, v in enumerate(y) if v < k]
    s = 0.0
    for ci in c:
        s = s * 0.5 + ci
    t = 0
    for ai in a:
        t = (t * 3 + ai) % 1000003
    for bi in b:
        t = (t * 3 - bi) % 1000003
    for di in d:
        t = (t * 2 + di) % 1000003
    for ei in e:
        t = (t * 2 - ei) % 1000003
    return len(a), len(b), len(c), len(d), len(e), s, t
'''


def test_comprehensions_with_several_for_clauses_and_conditions_match_cpython(tmp_path):
    """Several for clauses (a later one reading an earlier one, or binding its name again)
    and if clauses (Pyccel's functionals): the loops run once to count and once to store;
    against CPython on fresh random data, empty ones included."""
    needs_gfortran()
    seed = random.randrange(2**31)
    print("seed", seed)
    rng = random.Random(seed)
    calls = []
    for _ in range(6):
        n, m = rng.randint(0, 6), rng.randint(0, 6)
        calls.append(f"counted(np.array({[rng.randint(-9, 9) for _ in range(n)]}, dtype=int), "
                     f"np.array({[rng.uniform(-9, 9) for _ in range(m)]!r}), "
                     f"{rng.randint(-1, 7)})")
    compiled, python = run_both(tmp_path, COUNTED, calls)
    assert compiled == python
    assert all(kind == "ok" for kind, *_ in python)


def test_a_counted_comprehension_calling_a_function_in_a_condition_is_refused():
    source = ("def g(i: int) -> bool:\n    return i > 2\n\n"
              "def f(n: int) -> int:\n    x = [i for i in range(n) if g(i)]\n    return len(x)\n")
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "list comprehension with an if clause whose iterables or conditions call a " \
        "function" in err.value.message and err.value.loc.line == 5


def test_a_counted_comprehension_whose_element_and_condition_may_both_raise_is_refused():
    """Counting first would raise the condition's error where CPython raises the element's."""
    source = ("def f(y: 'int[:]', n: int) -> int:\n"
              "    x = [1 // i for i in range(-2, n) if y[i] > 0]\n    return len(x)\n")
    with pytest.raises(TranspileError) as err:
        parse_python(source, "a.py")
    assert "may raise" in err.value.message and err.value.loc.line == 2
