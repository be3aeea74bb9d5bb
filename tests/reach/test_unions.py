"""Union hints ahead of time (issue 14): `T = TypeVar('T', int, float)` and `'int|float'` give
one specialisation per member (`f_int64`, `f_float64`, one per combination for several
parameters), each translated with that type: built and called against CPython's function on
fresh random inputs (negative numbers included). @transpile picks the member at the call
instead (tests/reach/test_hints.py)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from transpyle import passes
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python
from transpyle.passes.specialise import specialise_unions
from transpyle.runtime.build import build_extension, load_extension

SOURCE = '''
from typing import TypeVar, Union

T = TypeVar('T', int, float)


def twice(a: T, b: T) -> T:
    return a * 2 + b // 3


def scaled(x: 'int|float', v: 'float[:]') -> float:
    s = 0.0
    for e in v:
        s += e * x
    return s


def pick(k: Union[int, bool]) -> int:
    return k + 1
'''


def _same(got: object, want: object) -> bool:
    return type(got) is type(want) and (got == want or (got != got and want != want))


def test_specialisations_match_cpython(tmp_path: Path) -> None:
    needs_gfortran()
    fortran = tmp_path / "unions.f90"
    fortran.write_text(compile_source(SOURCE, "fortran", filename="unions.py"))
    ext = load_extension(build_extension(fortran, "unions_ext", tmp_path), "unions_ext").unions
    python: dict[str, object] = {}
    exec(SOURCE, python)  # noqa: S102 - the module under test, as CPython runs it
    rng = random.Random()
    for _ in range(30):
        i, j = rng.randint(-10**6, 10**6), rng.randint(-10**6, 10**6)
        x, y = rng.uniform(-1e6, 1e6), rng.uniform(-1e6, 1e6)
        assert int(ext.twice_int64_int64(i, j)) == python["twice"](i, j)
        assert float(ext.twice_float64_float64(x, y)).hex() == python["twice"](x, y).hex()
        assert float(ext.twice_int64_float64(i, y)).hex() == python["twice"](i, y).hex()
        v = np.array([rng.uniform(-9, 9) for _ in range(rng.randint(0, 6))])
        assert float(ext.scaled_int64(i, v)).hex() == python["scaled"](i, v).hex()
        assert float(ext.scaled_float64(x, v)).hex() == float(python["scaled"](x, v)).hex()
        assert int(ext.pick_int64(i)) == python["pick"](i)
        assert int(ext.pick_bool(bool(i % 2))) == python["pick"](bool(i % 2))


def test_one_function_per_member() -> None:
    module = specialise_unions(parse_python(SOURCE, "unions.py"))
    assert [f.name for f in module.functions().values()] == [
        "twice_int64_int64", "twice_int64_float64", "twice_float64_int64",
        "twice_float64_float64", "scaled_int64", "scaled_float64", "pick_int64", "pick_bool"]


def test_a_call_of_a_union_function_is_refused_at_the_call() -> None:
    source = SOURCE + "\n\ndef user(a: int) -> int:\n    return twice(a, a)\n"
    with pytest.raises(TranspileError) as err:
        passes.typed(specialise_unions(parse_python(source, "unions.py")))
    assert "a call of 'twice', whose parameters have union hints" in err.value.message
    assert err.value.loc.line == source.splitlines().index("    return twice(a, a)") + 1


CALLED = '''
from typing import TypeVar
from transpyle import transpile

T = TypeVar('T', int, float)
N : type = 'int | float'
I = int

def gen(x: T, y: T):
    return x / y + x

def mixed(y: 'float | int', x: N):
    return y * x - 1

def optional(x: T, y: I = None):
    if y is None:
        return x
    return x + y

@transpile
def user(a: int, b: float):
    return gen(a, a + 1), gen(b, b * 2.0), mixed(b, a), mixed(a, b), optional(a), optional(b, a)
'''


def test_union_functions_called_inside_take_the_arguments_member(tmp_path: Path) -> None:
    """A module function with union hints called from another: one specialisation per
    member its arguments are (passes/call_types.py), as @transpile picks at its own call."""
    from tests.isolated import run_both

    needs_gfortran()
    rng = random.Random()
    calls = [f"user({rng.randint(-10**6, 10**6)}, {rng.uniform(-1e3, 1e3)!r})"
             for _ in range(4)]
    compiled, python = run_both(tmp_path, CALLED, calls)
    assert compiled == python and all(kind == "ok" for kind, *_ in python)
