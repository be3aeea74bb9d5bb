"""A documented difference (docs/DIFFERENCES.md): the sign bit of a NaN that arithmetic
produces is not kept (IEEE 754 leaves it unspecified; gfortran may rewrite `-a + -b` as
`-(a + b)`, exact for every number but not for a NaN's sign). Every other bit is: the values
agree as numbers and a NaN is a NaN in both."""

from __future__ import annotations

import math
import struct

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def negsum(a: float, b: float) -> float:
    return (-a) + (-b)
'''


def _bits(outcome: list[str]) -> float:
    kind, text = eval(outcome[1])  # ("float", hex)
    assert kind == "float"
    return float.fromhex(text)


def test_documented_difference_nan_sign_bit(tmp_path) -> None:
    needs_gfortran()
    calls = ["negsum(float('nan'), -18.0)", "negsum(-18.0, float('nan'))", "negsum(1.5, -2.25)",
             "negsum(-0.0, -0.0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    for call, got, want in zip(calls, compiled, python, strict=True):
        g, w = _bits(got), _bits(want)
        if math.isnan(w):
            assert math.isnan(g), call  # a NaN in both; its sign may differ
        else:
            assert struct.pack("<d", g) == struct.pack("<d", w), call
