"""Programs the Python -> Fortran fuzzer found (tests/fuzz/python_long.py), reduced to the
construct, against CPython on fresh random inputs (seed printed): each failed to build or
computed another value before its fix."""

from __future__ import annotations

import math
import random

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SLICES = '''
import numpy as np
from transpyle import transpile

@transpile
def column_products(m: 'float[:,:]', a: 'float[:]', k: int) -> float:
    e = m * m[:, 0:1]
    return float(np.sum(a[7:0:3])) + float(np.sum(a[1:k:2])) + float(np.sum(e)) + e[0, 0]
'''


def test_literal_slice_bounds_build(tmp_path) -> None:
    """`m[:, 0:1]`: the inclusive stop `1 - 1` of INTEGER(8) literals was passed to the clipping
    procedure as default-integer Fortran (gfortran: 'passed INTEGER(4) to INTEGER(8)')."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    calls = []
    for _ in range(6):
        r, c, n = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 9)
        m = [[round(rng.uniform(-9, 9), 3) for _ in range(c)] for _ in range(r)]
        a = [round(rng.uniform(-9, 9), 3) for _ in range(n)]
        calls.append(f"column_products(np.array({m}), np.array({a}), {rng.randint(-3, 12)})")
    compiled, python = run_both(tmp_path, SLICES, calls)
    assert compiled == python, (seed, compiled, python)


FMOD = '''
import math
import numpy as np
from transpyle import transpile

@transpile
def remainders(x: float, y: float, a: 'float[:]') -> float:
    return math.fmod(x, y) + float(np.fmod(a[0], y)) * 0.5
'''


def test_math_fmod_raises_where_cpython_does(tmp_path) -> None:
    """math.fmod(inf, y) and math.fmod(x, 0.0) raise ValueError (math domain error) in CPython;
    they were NumPy's fmod, a NaN. np.fmod stays NaN; fmod(x, inf) is x; NaN in is NaN out."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    special = ("float('inf')", "-float('inf')", "float('nan')", "0.0", "-0.0", "5e-324")
    def value() -> str:
        return rng.choice(special) if rng.random() < 0.4 else repr(rng.uniform(-50, 50))
    calls = [f"remainders({value()}, {value()}, np.array([{value()}]))" for _ in range(40)]
    compiled, python = run_both(tmp_path, FMOD, calls)
    assert compiled == python, (seed, [(c, a, b) for c, a, b in zip(calls, compiled, python)
                                       if a != b][:3])


FOLDED = '''
import math
from transpyle import transpile

@transpile
def folded(k: int, x: float) -> int:
    q = 5
    if k == 0:
        q = max(min(math.floor(math.inf + math.e), 1000000), -1000000)
    elif k == 1:
        q = int(1e300 * 1e300) % 97
    elif k == 2:
        q = int(math.inf - math.inf)
    elif k == 3:
        q = math.ceil(-math.inf + x)
    elif k == 4:
        q = int(-9.223372036854775808e18) + int(0.5 - 0.25)
    else:
        q = int(x) + math.floor(x * 0.5)
    return q
'''


def test_int_of_a_folded_constant_raises(tmp_path) -> None:
    """int() of a float the compiler folds (a constant, inlined into the checking helper):
    gcc's folding saturates (2**63 - 1) or gives 0 where x86-64's conversion gives -2**63,
    and the OverflowError or ValueError was missed ('math.floor(math.inf + math.e)')."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    xs = [repr(rng.uniform(-1e3, 1e3)) for _ in range(6)] + ["0.0", "-0.5", "0.75"]
    calls = [f"folded({k}, {rng.choice(xs)})" for k in range(5)] + [f"folded(9, {x})" for x in xs]
    compiled, python = run_both(tmp_path, FOLDED, calls)
    assert compiled == python, (seed, [(c, a, b) for c, a, b in zip(calls, compiled, python)
                                       if a != b][:3])


SWAPS = '''
from transpyle import transpile

@transpile
def swap_params(x: float, y: float, n: int, k: int = 3) -> float:
    y, x = x, y
    k, n = n, k
    return x + 10.0 * y + 100.0 * float(n) - float(k)
'''


def test_a_swap_of_scalar_parameters_swaps(tmp_path) -> None:
    """`y, x = x, y` of two scalar parameters was taken for a swap of two arrays' names
    (passes/array_swaps.py): the flag flipped and no value moved."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    calls = [f"swap_params({rng.uniform(-9, 9)!r}, {rng.uniform(-9, 9)!r}, {rng.randint(-50, 50)}"
             + (f", {rng.randint(-50, 50)})" if rng.random() < 0.5 else ")") for _ in range(8)]
    compiled, python = run_both(tmp_path, SWAPS, calls)
    assert compiled == python, (seed, compiled, python)


CONSTANT_MATH = '''
import math
from transpyle import transpile

@transpile
def erfc_of_constants(y: float) -> float:
    return math.erfc(math.atan2(0.5, 5e-324 * 0.5))

@transpile
def erfc_of(x: float, y: float) -> float:
    return math.erfc(math.atan2(x, y))
'''


def test_documented_difference_math_of_constants_is_folded(tmp_path) -> None:
    """gfortran folds a transcendental function of constants with MPFR (correctly rounded);
    CPython calls the C library at run time: `math.erfc(math.atan2(0.5, 5e-324 * 0.5))` is
    0x1.af3e96ff0126bp-6 in CPython (glibc), 0x1.af3e96ff0126ap-6 compiled. Within one ulp;
    the same function of values known only at run time is the C library's, bit for bit."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    runtime = [f"erfc_of({rng.uniform(-3, 3)!r}, {rng.uniform(-3, 3)!r})" for _ in range(20)]
    calls = ["erfc_of_constants(0.0)", "erfc_of(0.5, 5e-324 * 0.5)", *runtime]
    compiled, python = run_both(tmp_path, CONSTANT_MATH, calls)
    assert compiled[1:] == python[1:], (seed, compiled, python)
    got, want = (float.fromhex(eval(x[1])[1]) for x in (compiled[0], python[0]))
    assert abs(got - want) <= math.ulp(want), (got.hex(), want.hex())


SIGNED = '''
import math
from transpyle import transpile

@transpile
def clamp_int(x: float, n: int) -> int:
    if max(min(int(abs(x)), 1000000), -1000000) == n:
        return 1
    return n + max(min(int(math.fabs(x) * 0.5), 1000000), -1000000) % 7
'''


def test_int_of_a_float_of_known_sign_raises(tmp_path) -> None:
    """`int(abs(x))` of inf, nan or 2**70: x86-64 gives -2**63 for all three, but gcc knows
    abs(x) >= 0 and folded the test of a -2**63 result away: no exception was raised."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    xs = ["float('inf')", "-float('inf')", "float('nan')", "2.0 ** 62", "-(2.0 ** 62)", "0.0"]
    xs += [repr(rng.uniform(-1e7, 1e7)) for _ in range(6)]
    calls = [f"clamp_int({x}, {rng.randint(-5, 5)})" for x in xs]
    compiled, python = run_both(tmp_path, SIGNED, calls)
    assert compiled == python, (seed, [(c, a, b) for c, a, b in zip(calls, compiled, python)
                                       if a != b][:3])


CAST_LITERALS = '''
from transpyle import transpile

def scaled(x: float, k: int = 2, scale: float = 0.5) -> float:
    return x * scale + float(k)

@transpile
def cast_literals(x: float) -> float:
    return scaled(x, int(7)) + scaled(x, int((-3)), float(2)) + scaled(x, k=int(1))
'''


def test_a_cast_literal_argument_names_its_kind(tmp_path) -> None:
    """`f(x, int(7))`: the no-op cast hid the literal from the call's kind rule, and gfortran
    refused the module ('passed INTEGER(4) to INTEGER(8)')."""
    needs_gfortran()
    seed = random.randrange(2**30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    calls = [f"cast_literals({rng.uniform(-9, 9)!r})" for _ in range(4)]
    compiled, python = run_both(tmp_path, CAST_LITERALS, calls)
    assert compiled == python, (seed, compiled, python)
