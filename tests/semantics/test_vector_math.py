"""The C library's sin, cos, exp, log, ... for every element, as CPython's math module calls
them, also where gfortran vectorises the loop: its driver pre-includes glibc's
math-vector-fortran.h, which lets -O3 call libmvec's SIMD variants (_ZGVdN4v_sin), whose last
bit differs on most elements; transpyle builds with -nostdinc (runtime/build.py). Found by the
Pythran corpus (tests/corpora/pythran_run.py): np.sin of an array differed from NumPy's.
Compared with CPython on fresh random arrays in a subprocess."""

from __future__ import annotations

import math
import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
import math
import numpy as np
from transpyle import transpile

@transpile
def elementwise(a: 'float[:]', b: 'float[:]', out: 'float[:,:]') -> None:
    for i in range(len(a)):
        out[0, i] = math.sin(a[i])
        out[1, i] = math.cos(a[i])
        out[2, i] = math.exp(a[i])
        out[3, i] = math.log(b[i])
        out[4, i] = math.tan(a[i])
        out[5, i] = math.atan2(a[i], b[i])
        out[6, i] = math.tanh(a[i])
        out[7, i] = b[i] ** a[i]

@transpile
def whole(a: 'float[:]', b: 'float[:]', out: 'float[:,:]') -> None:
    out[0, :] = np.sin(a)
    out[1, :] = np.cos(a)
    out[2, :] = np.exp(a)
    out[3, :] = np.log(b)
    out[4, :] = np.tan(a)
    out[5, :] = np.arctan2(a, b)
    out[6, :] = np.tanh(a)
'''

_MATH = (math.sin, math.cos, math.exp, None, math.tan, None, math.tanh)


def _expected(a: list[float], b: list[float], rows: int) -> str:
    import numpy as np

    want = [[f(x) for x in a] if f else [] for f in _MATH]
    want[3] = [math.log(y) for y in b]
    want[5] = [math.atan2(x, y) for x, y in zip(a, b, strict=True)]
    want.append([y ** x for x, y in zip(a, b, strict=True)])
    return repr(("array", "float64", np.array(want[:rows]).tobytes().hex()))


def test_elementwise_math_is_the_c_librarys(tmp_path) -> None:
    needs_gfortran()
    rng = random.Random()
    n = rng.randrange(300, 700) | 1
    a = [rng.uniform(-20.0, 20.0) for _ in range(n)]
    b = [rng.uniform(1e-3, 50.0) for _ in range(n)]
    call = "(lambda o: ({f}(np.array({a!r}), np.array({b!r}), o), o)[1])(np.zeros(({k}, {n})))"
    calls = [call.format(f="elementwise", a=a, b=b, k=8, n=n),
             call.format(f="whole", a=a, b=b, k=7, n=n)]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled[0] == python[0] == ["ok", _expected(a, b, 8)]
    # whole-array NumPy calls: the C library's value per element, as math computes it; NumPy's
    # own SIMD loops (exp, log, tan, arctan2, tanh on AVX2/AVX-512) may differ in the last bit:
    # docs/DIFFERENCES.md
    assert compiled[1] == ["ok", _expected(a, b, 7)]


HYPOT = '''
import math
import numpy as np
from transpyle import transpile

@transpile
def hypots(a: 'float[:]', b: 'float[:]', out: 'float[:,:]') -> None:
    for i in range(len(a)):
        out[0, i] = math.hypot(a[i], b[i])
        out[1, i] = np.hypot(a[i], b[i])
'''


def _coordinate(rng: random.Random) -> float:
    k = rng.random()
    if k < 0.5:
        return rng.uniform(-10.0, 10.0)
    if k < 0.85:  # any exponent, subnormals included
        return math.ldexp(rng.uniform(0.5, 1.0), rng.randint(-1074, 1024)) * rng.choice((1, -1))
    return rng.choice((0.0, -0.0, 5e-324, 2.2e-308, 1.7976931348623157e308, 3.0, 4.0,
                       math.inf, -math.inf, math.nan))


def test_math_hypot_is_cpythons_own(tmp_path) -> None:
    """math.hypot is CPython's correctly rounded algorithm, not the C library's hypot (which
    rounds differently for about 0.6% of pairs): compiled, it is the same algorithm step by
    step; np.hypot stays the C library's, as NumPy calls it."""
    needs_gfortran()
    import numpy as np

    rng = random.Random()
    n = rng.randrange(4000, 6000) | 1
    a = [_coordinate(rng) for _ in range(n)]
    b = [_coordinate(rng) for _ in range(n)]
    call = f"(lambda o: (hypots(np.array({a!r}), np.array({b!r}), o), o)[1])(np.zeros((2, {n})))"
    compiled, python = run_both(tmp_path, HYPOT, [
        call.replace("inf", "math.inf").replace("nan", "math.nan")])
    with np.errstate(all="ignore"):
        want = np.array([[math.hypot(x, y) for x, y in zip(a, b, strict=True)],
                         [float(np.hypot(x, y)) for x, y in zip(a, b, strict=True)]])
    assert python[0] == ["ok", repr(("array", "float64", want.tobytes().hex()))]
    assert compiled[0] == python[0]


GAMMA = '''
import math
import numpy as np
from transpyle import transpile

@transpile
def gammas(a: 'float[:]', out: 'float[:,:]') -> None:
    for i in range(len(a)):
        out[0, i] = math.gamma(a[i])
        out[1, i] = math.lgamma(a[i])

@transpile
def gamma(x: float) -> float:
    return math.gamma(x)

@transpile
def lgamma(x: float) -> float:
    return math.lgamma(x)
'''


def test_math_gamma_and_lgamma_are_cpythons_own(tmp_path) -> None:
    """math.gamma and math.lgamma are CPython's Lanczos sums, not the C library's tgamma and
    lgamma (which differed on about 70% of arguments): the same steps compiled, and the same
    errors (ValueError at the poles, OverflowError where the result overflows)."""
    needs_gfortran()
    import numpy as np

    rng = random.Random()
    n = rng.randrange(3000, 4000) | 1
    a = [rng.uniform(-170.0, 170.0) if k % 2 else rng.uniform(-8.0, 8.0) for k in range(n)]
    a = [x for x in a if x != math.floor(x)]
    edges = [0.0, -0.0, 1.0, 2.0, 3.0, 22.0, 23.0, 24.0, -1.0, -7.0, 0.5, -0.5, 1e-21, -1e-21,
             5e-324, 139.99, 140.0, 171.5, 171.7, 200.5, -200.5, 1e308, -1e308, math.inf,
             -math.inf, math.nan, 4.999999999999999, 5.0, -0.24999999999999997,
             -2.4999999999999996] + [rng.uniform(-250.0, 250.0) for _ in range(40)]
    bulk = f"(lambda o: (gammas(np.array({a!r}), o), o)[1])(np.zeros((2, {len(a)})))"
    scalars = [f"{f}({x!r})".replace("inf", "math.inf").replace("nan", "math.nan")
               for x in edges for f in ("gamma", "lgamma")]
    compiled, python = run_both(tmp_path, GAMMA, [bulk, *scalars])
    want = np.array([[math.gamma(x) for x in a], [math.lgamma(x) for x in a]])
    assert python[0] == ["ok", repr(("array", "float64", want.tobytes().hex()))]
    assert compiled == python
