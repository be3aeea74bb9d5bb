"""A value that is a Python scalar on some paths and a NumPy float32 (complex64) on others:
`s = 0.0` then `s += x[i]`, `x[i] if c else 0.1`, `max(x[i], 0.2)`; and NumPy's functions and
a Python complex meeting float32 (`np.maximum(x[i], 0.1)`, `(0.1 + 0.2j) * x[i]`: float32,
complex64 in NumPy 2). CPython with NumPy 2 (NEP 50) adds in float32
from the first float32 on, and a chosen Python float stays the float it is. Compiled code holds
such a value in float64 (exact for both) and converts it to float32 where it meets a float32,
as NumPy does on either path (passes/weak_scalars.py mixed_scalars, infer_types.py). Compared
bit for bit with CPython in fresh interpreters, on fresh random data."""

from __future__ import annotations

import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import numpy as np
from transpyle import transpile

@transpile
def total(x: 'float32[:]') -> float:
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i]
    return float(s)

@transpile
def scaled_total(x: 'float32[:]') -> float:
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * 0.1
    return float(s)

@transpile
def biggest(x: 'float32[:]', start: float) -> float:
    m = start
    m = m * 1.0
    for i in range(x.shape[0]):
        if x[i] > m:
            m = x[i]
    return float(m)

@transpile
def reset(x: 'float32[:]', c: bool) -> float:
    s = x[0]
    if c:
        s = 0.1
    return float(s)

@transpile
def pick(x: 'float32[:]', k: int) -> float:
    return float(x[k] if k % 2 == 0 else 0.1)

@transpile
def pick_then_add(x: 'float32[:]', k: int, out: 'float32[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = (x[k] if i % 3 == 0 else 0.7) + x[i]

@transpile
def damped_from_zero(x: 'float32[:]') -> float:
    s = 0.0
    for i in range(x.shape[0]):
        s = s * 0.5 + x[i]
    return float(s)

@transpile
def ctotal(z: 'complex64[:]', x: 'float32[:]') -> complex:
    s = 0j
    for i in range(z.shape[0]):
        s += z[i] * x[i]
    return complex(s)

@transpile
def cscale(x: 'float32[:]', out: 'complex64[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = (0.1 + 0.2j) * x[i]

@transpile
def bounded(x: 'float32[:]', out: 'float32[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = max(x[i], 0.2) + x[i] - min(0.1, x[i]) * x[0]

@transpile
def ufuncs(x: 'float32[:]', out: 'float64[:]') -> None:
    for i in range(x.shape[0]):
        out[i] = (np.maximum(x[i], 0.1) + np.minimum(0.3, x[i]) + np.copysign(0.7, x[i])
                  + np.hypot(x[i], 0.1) + np.fmod(x[i], 0.3)) * 1.1

@transpile
def clipped(x: 'float32[:]', out: 'float32[:]') -> None:
    out[:] = np.maximum(x, 0.1) * 3.3 + np.minimum(x, -0.2)

@transpile
def low(x: 'float32[:]') -> float:
    return float(min(x[0], 0.1))

@transpile
def damped(x: 'float32[:]') -> float:
    s = 0.1
    for i in range(x.shape[0]):
        s = s * 0.5 + x[i]
    return float(s)
'''


def test_python_or_float32_values_compute_as_numpy(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(4):
        seed = rng.randrange(2**31)
        x = f"np.random.default_rng({seed}).normal(size={rng.randint(1, 300)}).astype(np.float32)"
        z = f"({x} * (1 - 2j)).astype(np.complex64)"
        k = 0  # an even index: x[k] is chosen in pick and pick_then_add
        calls += [f"total({x})", f"scaled_total({x})", f"biggest({x}, {rng.uniform(-1, 1)!r})",
                  f"reset({x}, True)", f"damped_from_zero({x})", f"reset({x}, False)",
                  f"pick({x}, {k})",
                  f"pick({x}, {k + 1} % len({x}))",
                  f"(lambda o: (pick_then_add({x}, {k}, o), o)[1])(np.zeros_like({x}))",
                  f"ctotal({z}, {x})",
                  f"(lambda o: (bounded({x}, o), o)[1])(np.zeros_like({x}))",
                  f"(lambda o: (ufuncs({x}, o), o)[1])(np.zeros(len({x})))",
                  f"(lambda o: (clipped({x}, o), o)[1])(np.zeros_like({x}))",
                  f"(lambda o: (cscale({x}, o), o)[1])(np.zeros(len({x}), np.complex64))"]
    calls += ["total(np.zeros(0, np.float32))", "reset(np.ones(1, np.float32), True)",
              "pick(np.ones(2, np.float32), 1)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    assert python[-2] == ["ok", repr(("float", (0.1).hex()))]  # the Python float, not float32's


def test_documented_difference_a_mixed_value_meeting_a_python_float(tmp_path) -> None:
    """`s = s * 0.5 + x[i]` with `s = 0.1` first: CPython multiplies a Python float on the first
    pass and a float32 after; compiled `s * 0.5` is float64 on every pass (docs/DIFFERENCES.md).
    (Where every Python float assigned is one a float32 holds, `s = 0.0`, `s` is a float32 and
    such a product float32's on every pass.)"""
    needs_gfortran()
    seed = random.Random().randrange(2**31)
    x = f"np.random.default_rng({seed}).normal(size=300).astype(np.float32)"
    compiled, python = run_both(tmp_path, SOURCE, [f"damped({x})",
                                                   "low(np.array([0.1], np.float32))"])
    import numpy as np
    xs = np.random.default_rng(seed).normal(size=300).astype(np.float32)
    s32: float | np.float32 = 0.1
    s64 = 0.1
    for v in xs:
        s32 = s32 * 0.5 + v
        s64 = s64 * 0.5 + float(v)
    assert python[0] == ["ok", repr(("float", float(s32).hex()))]
    assert compiled[0] == ["ok", repr(("float", s64.hex()))]
    # min compares in float32 in CPython (a tie: the float32 found first), in float64 compiled
    assert python[1] == ["ok", repr(("float", float(np.float32(0.1)).hex()))]
    assert compiled[1] == ["ok", repr(("float", (0.1).hex()))]
