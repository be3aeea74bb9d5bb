"""`is` / `is not` between scalars as CPython answers them (passes/identity.py): between two
bools it is ==, between values of different classes (1 is True) False, a name with itself
True; what depends on CPython's objects (two ints, an array's NumPy bool) is refused."""

from __future__ import annotations

import itertools
import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.errors import TranspileError

SOURCE = '''
import numpy as np
from transpyle import transpile

def same(a: bool, b: bool) -> bool:
    return a is b

@transpile
def table(a: 'bool', b: bool, x: int, y: float) -> int:
    r = 0
    if a is False:
        r += 1
    if a is True:
        r += 2
    if same(a, b):
        r += 4
    if a is not b:
        r += 8
    if x is y:
        r += 16
    if x is not y:
        r += 32
    if x is x:
        r += 64
    if x is True or b is 1:
        r += 128
    if y is not y:
        r += 256
    return r

@transpile
def element(m: 'bool[:]') -> bool:
    return m[0] is True

@transpile
def ints(x: int, y: int) -> bool:
    return x is y
'''


def test_identity_matches_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = [f"table({a}, {b}, {rng.randint(-5, 5)}, {rng.uniform(-5, 5)!r})"
             for a, b in itertools.product(["True", "False"], repeat=2)]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python and all(kind == "ok" for kind, *_ in python)


@pytest.mark.parametrize("call", ["element(np.array([True, False]))", "ints(3, 3)"])
def test_identity_of_objects_cpython_made_is_refused(tmp_path, call):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, [call])
    assert python[0][0] == "ok"
    assert compiled[0][:2] == ["raise", TranspileError.__name__]
    assert "depends on which objects" in compiled[0][2]
