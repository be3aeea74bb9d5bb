"""A local read on a path where nothing assigned it raises UnboundLocalError, as in CPython
(compiled code read whatever the variable held): the loop variable after an empty range, a
variable assigned in one branch, a local array assigned in a loop that may not run."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle import TranspileError, compile_source

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def after_loop(n: int) -> int:
    for i in range(n):
        pass
    return i

@transpile
def one_branch(x: 'float[:]', c: float) -> float:
    if c > 0.0:
        y = x[0] * 2.0
    elif c < -1.0:
        y = 1.0
    return y + 1.0

@transpile
def found(x: 'float[:]', v: float) -> int:
    for k in range(len(x)):
        if x[k] > v:
            at = k
            break
    return at

@transpile
def array_in_loop(n: int) -> float:
    for j in range(n):
        d = np.zeros(3) + j
    return d[0]

@transpile
def guarded(n: int, c: bool) -> int:
    for i in range(n):
        pass
    return i * 2 if n > 0 else (c and i > 0) + 7

@transpile
def always(n: int) -> int:
    t = 0
    for i in range(n):
        t += i
    return t
'''


def test_reads_of_unassigned_locals_raise_as_in_cpython(tmp_path) -> None:
    needs_gfortran()
    rng = np.random.default_rng()
    calls = []
    for _ in range(6):
        n = int(rng.integers(0, 3))
        x = "np.array([" + ", ".join(repr(float(v)) for v in rng.normal(0, 1, 4)) + "])"
        c, v = float(rng.normal(0, 1.5)), float(rng.normal(0, 1))
        calls += [f"after_loop({n})", f"one_branch({x}, {c!r})", f"found({x}, {v!r})",
                  f"float(array_in_loop({n}))", f"always({n})", f"guarded({n}, False)",
                  f"guarded({n}, True)"]
    calls += ["after_loop(0)", "one_branch(np.zeros(1), 0.0)", "found(np.zeros(2), 5.0)",
              "array_in_loop(0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert sum(p[:2] == ["raise", "UnboundLocalError"] for p in python) >= 4


def test_an_array_read_in_an_operand_python_may_skip_is_refused_where_written() -> None:
    source = ("import numpy as np\n"
              "def f(n: int, c: bool) -> float:\n"
              "    for i in range(n):\n"
              "        d = np.zeros(3)\n"
              "    return np.sum(d) if c else 0.0\n")
    with pytest.raises(TranspileError) as err:
        compile_source(source, "fortran", filename="skip.py")
    assert "'d' may be read before it is assigned" in str(err.value)
    assert (err.value.loc.line, err.value.loc.file) == (5, "skip.py")
