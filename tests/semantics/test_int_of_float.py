"""CPython's int() of a float, compiled (passes/checked/helpers.py, `tp_int_f8`/`tp_int_f4`):
on x86-64 the helper converts first and tests the result once (-2**63 is the conversion's
answer for nan, inf and what is beyond int64); elsewhere it tests the float first. Both must
give CPython's value or exception at the edges of int64, in a scalar function and in a loop
over an array (where gfortran may vectorise the conversion), on fresh random values.
"""

from __future__ import annotations

import math
import secrets

import numpy as np

from tests.conftest import needs_gfortran
from tests.isolated import run_both

EDGES = [0.0, -0.0, 0.5, -0.5, 0.9999999999999999, -1.5, 2.0 ** 62, -(2.0 ** 63),
         math.nextafter(2.0 ** 63, 0.0), math.nextafter(-(2.0 ** 63), 0.0),
         2.0 ** 63, math.nextafter(-(2.0 ** 63), -math.inf), 1e19, -1e300, 1e308,
         math.inf, -math.inf, math.nan, -math.nan]

MODULE = '''
import numpy as np
from transpyle import transpile


@transpile
def one(x: float) -> int:
    return int(x) + 0


@transpile
def one32(x: np.float32) -> int:
    return int(x)


@transpile
def many(x: 'float[:]', out: 'int[:]') -> int:
    s = 0
    for i in range(len(x)):
        out[i] = int(x[i] * 1.0)
        s = s + out[i] // 2
    return s
'''


def _rng() -> np.random.Generator:
    seed = secrets.randbits(32)
    print("seed", seed)
    return np.random.default_rng(seed)


def _lit(x: float) -> str:
    return f"float.fromhex('{x.hex()}')" if math.isfinite(x) else f"float('{x}')"


def _beyond_int64(outcome: list[str], python: list[str]) -> bool:
    """The documented difference: exact in CPython, OverflowError beyond int64 compiled (and
    where CPython's int then fails to fit an int64 array, the same class, another message)."""
    return outcome[:2] == ["raise", "OverflowError"] and (
        python[0] == "ok" or python[:3] == ["raise", "OverflowError",
                                            "Python int too large to convert to C long"])


def test_int_of_float_at_the_edges_of_int64(tmp_path) -> None:
    needs_gfortran()
    rng = _rng()
    xs = EDGES + [float(v) for v in rng.normal(0, 1, 12) * 10.0 ** rng.integers(-3, 19, 12)]
    calls = [f"one({_lit(x)})" for x in xs]
    calls += [f"one32(np.float32({_lit(x)}))" for x in xs]
    arrays = [[x] for x in xs]  # each special alone, then mixed in random arrays
    for _ in range(6):
        n = int(rng.integers(1, 40))
        a = rng.normal(0, 1e6, n)
        if rng.random() < 0.6:
            a[int(rng.integers(0, n))] = xs[int(rng.integers(0, len(EDGES)))]
        arrays.append([float(v) for v in a])
    calls += [f"(lambda o: (int(many(np.array([{', '.join(map(_lit, a))}]), o)), o.tolist()))"
              f"(np.zeros({len(a)}, dtype=np.int64))" for a in arrays]
    compiled, python = run_both(tmp_path, MODULE, calls)
    for call, c, p in zip(calls, compiled, python, strict=True):
        if _beyond_int64(c, p):
            assert "2**63" not in call  # (a reminder of where the difference lies)
            continue
        if call.startswith("one32") and p[:2] == ["ok"] and c[:2] == ["ok"]:
            assert c == p, call
            continue
        assert c[:2] == p[:2] and (c[0] == "ok" and c == p or c[2] == p[2]), (call, c, p)
    # the edges themselves: -2**63 converts, nan is ValueError, inf OverflowError
    at = {x.hex() if math.isfinite(x) else str(x): c for x, c in zip(xs, compiled, strict=False)}
    assert at[(-(2.0 ** 63)).hex()] == ["ok", repr(-2 ** 63)]
    assert at["nan"][:2] == ["raise", "ValueError"]
    assert at["inf"][:2] == at["-inf"][:2] == ["raise", "OverflowError"]
    assert at[(2.0 ** 63).hex()][:2] == ["raise", "OverflowError"]  # DIFFERENCES.md's row


def test_the_float_is_tested_before_it_is_converted() -> None:
    """A conversion of a float that does not fit is undefined: gcc may fold a test of its
    result away (`int(abs(x))` of inf returned), so the float is tested first."""
    from transpyle import compile_source

    text = compile_source("def f(x: float) -> int:\n    return int(x)\n", to="fortran")
    body = text[text.index("function tp_int_f8"):text.index("end function tp_int_f8")]
    assert body.index("if (.not. abs(x) < 9.223372036854776d+18)") < body.index("int(x, 8)")
