"""Each kernel, compiled through Fortran, against CPython on fresh random inputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

Args = Callable[[np.random.Generator], tuple[Any, ...]]


def _f(rng: np.random.Generator, *shape: int, order: str = "C") -> np.ndarray:
    return np.asarray(rng.uniform(-10, 10, size=shape), order=order)  # type: ignore[arg-type]


def _i(rng: np.random.Generator, n: int, dtype: Any = np.int64) -> np.ndarray:
    return rng.integers(-1000, 1000, size=n).astype(dtype)


def _n(rng: np.random.Generator, lo: int = 3, hi: int = 40) -> int:
    return int(rng.integers(lo, hi))


def _nonzero(rng: np.random.Generator) -> int:
    v = int(rng.integers(-50, 50))
    return v if v != 0 else 7


def _strided_bounds(r: np.random.Generator) -> tuple[int, int, int]:
    lo, hi = int(r.integers(0, 20)), int(r.integers(20, 50))
    step = int(r.choice([-3, -2, -1, 1, 2, 3]))
    return (lo, hi, step) if step > 0 else (hi - 1, lo - 1, step)


CASES: dict[tuple[str, str], Args] = {
    ("blas", "axpy"): lambda r: (float(r.normal()), _f(r, (n := _n(r))), _f(r, n)),
    ("blas", "scaled"): lambda r: (_f(r, _n(r)), float(r.normal())),
    ("blas", "dot"): lambda r: (_f(r, (n := _n(r))), _f(r, n)),
    ("blas", "matmul"): lambda r: (_f(r, (n := _n(r)), (k := _n(r))), _f(r, k, (m := _n(r))),
                                   np.zeros((n, m))),
    ("blas", "matmul_f"): lambda r: (_f(r, (n := _n(r)), (k := _n(r)), order="F"),
                                     _f(r, k, (m := _n(r)), order="F"),
                                     np.zeros((n, m), order="F")),
    ("semantics", "floor_div"): lambda r: (int(r.integers(-10**6, 10**6)), _nonzero(r)),
    ("semantics", "floor_mod"): lambda r: (int(r.integers(-10**6, 10**6)), _nonzero(r)),
    ("semantics", "true_div"): lambda r: (int(r.integers(-10**6, 10**6)), _nonzero(r)),
    ("semantics", "float_ops"): lambda r: (float(r.uniform(-100, 100)),
                                           float(r.choice([-1, 1]) * r.uniform(0.5, 7))),
    ("semantics", "casts"): lambda r: (float(r.uniform(-1000, 1000)),),
    ("semantics", "powers"): lambda r: (int(r.integers(0, 12)), float(r.uniform(-3, 3))),
    ("semantics", "minmax"): lambda r: (int(r.integers(-9, 9)), int(r.integers(-9, 9)),
                                        float(r.uniform(-9, 9))),
    ("semantics", "intrinsics"): lambda r: (float(r.uniform(-5, 5)),),
    ("semantics", "complex_ops"): lambda r: (float(r.uniform(-5, 5)), float(r.uniform(-5, 5))),
    ("control", "count_down"): lambda r: (_i(r, _n(r)), int(r.choice([-1, -2, -3]))),
    ("control", "strided_sum"): lambda r: (_i(r, 50), *_strided_bounds(r)),
    ("control", "first_negative"): lambda r: (np.abs(_f(r, _n(r))) * r.choice([1, -1], 1),),
    ("control", "collatz"): lambda r: (int(r.integers(1, 10**5)),),
    ("control", "classify"): lambda r: (np.round(_f(r, (n := _n(r))) / 10, 1),
                                        np.full(n, 9, dtype=np.int64)),
    ("control", "fib"): lambda r: (int(r.integers(0, 20)),),
    ("control", "fib_sum"): lambda r: (int(r.integers(0, 18)),),
    ("control", "clip_sum"): lambda r: (_f(r, _n(r)), -2.5, float(r.uniform(0, 5))),
    ("arrays", "jacobi"): lambda r: (_f(r, (n := _n(r)), (m := _n(r))), np.zeros((n, m)),
                                     int(r.integers(1, 5))),
    ("arrays", "box3"): lambda r: (_f(r, (a := _n(r, 2, 9)), (b := _n(r, 2, 9)),
                                      (c := _n(r, 2, 9))), np.zeros((a, b, c))),
    ("arrays", "ends"): lambda r: (_f(r, _n(r)),),
    ("arrays", "reverse_copy"): lambda r: (_f(r, (n := _n(r))), np.zeros(n)),
    ("arrays", "every_other"): lambda r: (_f(r, (n := _n(r))), np.zeros((n + 1) // 2)),
    ("arrays", "prefix_sums"): lambda r: (_f(r, (n := _n(r))), np.zeros(n)),
    ("arrays", "outer_local"): lambda r: (_f(r, (n := _n(r))), np.zeros(n)),
    ("arrays", "row_sums"): lambda r: (_f(r, (n := _n(r)), _n(r), order="F"), np.zeros(n)),
    ("numpy_calls", "stats"): lambda r: (_f(r, _n(r, 1, 300)), _f(r, _n(r), _n(r))),
    ("numpy_calls", "column_sums"): lambda r: (_f(r, _n(r), (m := _n(r))), np.zeros(m)),
    ("numpy_calls", "running"): lambda r: (_f(r, (n := _n(r))), np.zeros(n)),
    ("numpy_calls", "grid"): lambda r: (_n(r), np.zeros(40)),
    ("numpy_calls", "shaped"): lambda r: (_f(r, _n(r)), float(r.normal())),
    ("dtypes", "scale32"): lambda r: (_f(r, _n(r)).astype(np.float32),
                                      np.float32(r.normal())),
    ("dtypes", "count_true"): lambda r: (r.random(_n(r)) > 0.5,),
    ("dtypes", "threshold"): lambda r: (_f(r, (n := _n(r))), np.zeros(n, dtype=bool),
                                        float(r.normal())),
    ("dtypes", "int32_mix"): lambda r: (_i(r, (n := _n(r)), np.int32), np.zeros(n, np.int64)),
    ("dtypes", "cscale"): lambda r: (_f(r, (n := _n(r))) + 1j * _f(r, n),
                                     complex(r.normal(), r.normal())),
    ("dtypes", "bump"): lambda r: (int(r.integers(-100, 100)), np.zeros(3)),
    ("tuples", "minmax"): lambda r: (_f(r, _n(r)),),
    ("tuples", "polar"): lambda r: (float(r.normal()), float(r.normal())),
    ("tuples", "span"): lambda r: (_f(r, _n(r)), _n(r, 1, 9)),
    ("products", "gemm"): lambda r: (_f(r, (n := _n(r)), (k := _n(r))), _f(r, k, (m := _n(r))),
                                     _f(r, n, m)),
    ("products", "affine"): lambda r: (_f(r, (n := _n(r)), (k := _n(r))).astype(np.float32),
                                       _f(r, k).astype(np.float32),
                                       _f(r, n).astype(np.float32)),
    ("products", "counts"): lambda r: (_i(r, (n := _n(r)) * (k := _n(r))).reshape(n, k),
                                       _i(r, k * (m := _n(r))).reshape(k, m),
                                       np.zeros((n, m), dtype=np.int64)),
    ("iteration", "weighted_sum"): lambda r: (_f(r, _n(r)), _f(r, _n(r))),
    ("iteration", "first_above"): lambda r: (_f(r, _n(r)), float(r.uniform(-10, 12))),
    ("iteration", "strided"): lambda r: (_f(r, _n(r)), float(r.uniform(-10, 12))),
    ("iteration", "moments"): lambda r: (int(r.integers(-3, 40)),),
    ("iteration", "bits"): lambda r: (int(r.integers(-2**40, 2**40)),
                                      int(r.integers(-2**40, 2**40)), int(r.integers(0, 70))),
    ("iteration", "masks"): lambda r: (r.random((n := _n(r))) > 0.5, r.random(n) > 0.5,
                                       np.zeros(n, dtype=bool)),
}


def _copy(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(a.copy(order="K") if isinstance(a, np.ndarray) else a for a in args)


@pytest.mark.parametrize("case", sorted(CASES), ids=lambda c: f"{c[0]}.{c[1]}")
def test_compiled_matches_cpython(case: tuple[str, str], compiled, rng) -> None:
    module, name = case
    mod = compiled(module)
    for _ in range(5):
        args = CASES[case](rng)
        py_args, ft_args = _copy(args), _copy(args)
        expected = getattr(mod.python, name)(*py_args)
        got = mod.entries[name](*ft_args)
        if expected is None:
            assert got is None
        else:
            rtol = 1e-6 if isinstance(expected, np.float32) else 1e-12
            np.testing.assert_allclose(got, expected, rtol=rtol, atol=1e-12)
            assert type(got) is not None
        for a_py, a_ft in zip(py_args, ft_args, strict=True):
            if isinstance(a_py, np.ndarray):
                rtol = 1e-6 if a_py.dtype == np.float32 else 1e-12
                np.testing.assert_allclose(a_ft, a_py, rtol=rtol, atol=1e-12)


# cases whose functions only @transpile's binding can call, left out here: language.py's take
# optional parameters (a value and a flag in the IR) and functions (one copy per function
# passed); tests/reach/test_optional.py and test_hoist.py call them through @transpile
THROUGH_TRANSPILE_ONLY = {"language"}


def test_every_case_function_is_tested(compiled) -> None:
    from tests.conftest import CASES as CASE_DIR

    names = set()
    for path in CASE_DIR.glob("*.py"):
        if path.stem in THROUGH_TRANSPILE_ONLY:
            continue
        for fn in compiled(path.stem).functions:
            names.add((path.stem, fn))
    assert names == set(CASES)
