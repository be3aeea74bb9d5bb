"""@transpile: lazy specialisation, dispatch by signature, the cache across processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import needs_gfortran
from transpyle.runtime.cache import INDEX, SUPPORT

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    needs_gfortran()
    cache = tmp_path / "cache"
    monkeypatch.setenv("TRANSPYLE_CACHE_DIR", str(cache))
    return cache


def _entries(cache: Path) -> list[Path]:
    return [p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")
            and p.name not in (SUPPORT, INDEX)]


def test_results_match_python_and_signatures_specialise(rng, private_cache: Path) -> None:
    from tests.runtime import jit_kernels as k

    for dtype in (np.float64, np.float32, np.int32):
        a = (rng.uniform(-5, 5, 37) * 10).astype(dtype)
        expected = sum(float(x) * float(x) for x in a[:30])
        np.testing.assert_allclose(k.sum_squares(a, 30), expected, rtol=1e-6)
    assert len(k.sum_squares.entries) == 3
    assert len(_entries(private_cache)) == 3


@pytest.mark.parametrize("order", ["C", "F"])
def test_in_place_update_seen_by_caller(rng, order: str) -> None:
    from tests.runtime import jit_kernels as k

    a = np.asarray(rng.normal(size=(7, 5)), order=order)  # type: ignore[call-overload]
    expected = a * 2.5 + np.arange(7)[:, None] - np.arange(5)[None, :]
    k.scale_rows(a, 2.5)
    np.testing.assert_allclose(a, expected, rtol=1e-13)


def test_bad_argument_is_a_clear_type_error(rng) -> None:
    from tests.runtime import jit_kernels as k

    k.scale_rows(np.zeros((3, 3)), 1.0)
    with pytest.raises(TypeError, match="scale_rows\\(\\): argument 'a' is updated in place"):
        k.scale_rows(np.zeros((6, 6))[::2, ::2], 1.0)


def test_documented_difference_read_only_and_unaligned_arrays_written_in_place(rng) -> None:
    """An array the function writes, passed read-only: CPython's first store raises NumPy's
    ValueError; the compiled call raises ValueError before it runs (docs/DIFFERENCES.md). An
    unaligned one, which CPython writes, is refused with a TypeError saying what to pass. The
    caller's array is unchanged either way (f2py's message was "input not fortran contiguous")."""
    from tests.runtime import jit_kernels as k

    a = rng.normal(size=(4, 3))
    k.scale_rows(a.copy(), 2.0)  # the fast path is registered for this signature
    frozen = a.copy()
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="assignment destination is read-only"):
        k.scale_rows.fn(frozen, 2.0)  # CPython
    with pytest.raises(ValueError, match="argument 'a' is read-only"):
        k.scale_rows(frozen, 2.0)
    assert np.array_equal(frozen, a)
    raw = np.zeros(a.size * 8 + 1, np.uint8)
    odd = np.ndarray(a.shape, np.float64, raw.data, 1)
    odd[...] = a
    assert not odd.flags.aligned
    with pytest.raises(TypeError, match="argument 'a' is updated in place and is not aligned"):
        k.scale_rows(odd, 2.0)
    assert np.array_equal(odd, a)


def test_fallback_to_python_warns() -> None:
    from tests.runtime import jit_kernels as k

    with pytest.warns(RuntimeWarning, match="fallback"):
        assert k.uses_a_dict(4) == 4


def _run(code: str, cache: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, TRANSPYLE_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


CHILD = """
    import numpy as np
    from tests.runtime import jit_kernels as k
    a = np.arange(10, dtype=np.float64)
    print(k.sum_squares(a, 10))
"""


def test_four_processes_on_a_cold_key_build_once(private_cache: Path) -> None:
    procs = [_run(CHILD, private_cache) for _ in range(4)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [o[1] for o in outs]
    assert [float(o[0]) for o in outs] == [285.0] * 4
    assert len(_entries(private_cache)) == 1


def test_cache_hit_across_processes_and_damaged_entry_rebuilt(private_cache: Path) -> None:
    first = _run(CHILD, private_cache).communicate(timeout=300)
    assert float(first[0]) == 285.0
    (entry,) = _entries(private_cache)
    so = next(entry.glob("*.so"))
    stamp = so.stat().st_mtime_ns
    second = _run(CHILD, private_cache).communicate(timeout=300)
    assert float(second[0]) == 285.0
    assert so.stat().st_mtime_ns == stamp  # loaded, not rebuilt
    (entry / "complete").unlink()  # damage the entry
    so.write_bytes(b"garbage")
    third = _run(CHILD, private_cache).communicate(timeout=300)
    assert float(third[0]) == 285.0, third[1]
    assert next(entry.glob("*.so")).read_bytes() != b"garbage"


def test_arguments_that_fit_no_signature_are_a_type_error_naming_them() -> None:
    from tests.runtime import jit_kernels as k

    with pytest.raises(TypeError, match="sum_squares\\(\\): argument 'n' must be int64, "
                                        "not float64"):
        k.sum_squares(np.zeros(4), 2.5)
    k.scale_rows(np.zeros((2, 2)), 3)  # an int for an unhinted parameter specialises
    with pytest.raises(TypeError, match="argument 'a' must be a 1-d float64 array, "
                                        "not a 1-d int32 array"):
        k.hinted(np.zeros(3, dtype=np.int32))
    with pytest.raises(TypeError, match="argument 'a' must be a 1-d float64 array, "
                                        "not float64"):
        k.hinted(1.0)
    assert k.hinted(np.array([1.0, 2.0, 4.0])) == 7.0


def test_openmp_directive_comments_reach_fortran_and_run(rng) -> None:
    import inspect

    from tests.runtime import jit_kernels as k
    from transpyle import compile_source

    source = inspect.getsource(k.omp_sum_squares.fn).split("\n", 1)[1]  # without the decorator
    fortran = compile_source(source, filename="omp.py")
    lines = [line.strip() for line in fortran.splitlines()]
    at = lines.index("!$omp parallel do reduction(+:s)")
    assert lines[at + 1].startswith("do i = 0,")
    a = rng.normal(size=100_003)
    assert k.omp_sum_squares(a) == pytest.approx(float(np.dot(a, a)), rel=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.complex128])
# a 1-d array is both C- and F-ordered: (1, "C") covers it
@pytest.mark.parametrize(("rank", "order"), [(1, "C"), (2, "C"), (2, "F"), (3, "C"), (3, "F")])
def test_dtypes_ranks_and_orders_match_numpy(rng, dtype, rank: int, order: str) -> None:
    from tests.runtime import jit_kernels as k

    shape = (7, 5, 3)[:rank]

    def make() -> np.ndarray:
        x = rng.integers(-20, 20, size=shape) + (1j * rng.integers(-20, 20, size=shape)
                                                  if dtype is np.complex128 else 0)
        return np.asarray(x.astype(dtype), order=order)  # type: ignore[call-overload]

    a, b = make(), make()
    out = np.asarray(np.full(shape, 99, dtype=dtype), order=order)  # type: ignore[call-overload]
    (k.mul_add1, k.mul_add2, k.mul_add3)[rank - 1](a, b, out)
    np.testing.assert_array_equal(out, a * b + a)


def test_bool_arrays(rng) -> None:
    from tests.runtime import jit_kernels as k

    a, b = rng.random(33) < 0.5, rng.random(33) < 0.5
    out = np.zeros(33, dtype=bool)
    k.differ(a, b, out)
    np.testing.assert_array_equal(out, a != b)


def test_small_contiguous_extents_are_constants_of_their_own_specialisation(
        rng, private_cache: Path) -> None:
    from tests.runtime import jit_kernels as k

    for shape, order in (((101, 3), "C"), ((57, 7), "C"), ((3, 40), "F"), ((64, 3), "C")):
        pos = np.asarray(rng.normal(size=shape), order=order)  # type: ignore[call-overload]
        out = np.full(shape[0], np.nan)
        k.row_norms2(pos, out)
        expected = [sum(float(x) * float(x) for x in pos[i, :]) for i in range(shape[0])]
        np.testing.assert_array_equal(out, expected)
    assert len(k.row_norms2.entries) == 3  # (.., 3) C twice: one specialisation
    sources = [f.read_text() for f in private_cache.rglob("tp_row_norms2_*.f90")]
    constant = [s for s in sources if "integer(8), parameter :: pos_n1 = 3" in s]
    assert len(sources) == 3 and len(constant) == 2  # 7 is past SMALL_EXTENT


@pytest.mark.parametrize("order", ["C", "F"])
def test_rank_four(rng, order: str) -> None:
    from tests.runtime import jit_kernels as k

    a, b = (np.asarray(rng.normal(size=(2, 3, 5, 7)), order=order) for _ in range(2))
    out = np.asarray(np.full(a.shape, np.nan), order=order)  # type: ignore[call-overload]
    k.mul_add4(a, b, out)
    np.testing.assert_array_equal(out, a * b + a)


def test_open_array_hints_take_dtype_and_rank_from_the_call(rng) -> None:
    from tests.runtime import jit_kernels as k

    for dtype in (np.float32, np.float64):
        a, b = rng.normal(size=19).astype(dtype), rng.normal(size=19).astype(dtype)
        out = np.full(19, np.nan, dtype=dtype)
        k.open_hints(a, b, out)
        np.testing.assert_array_equal(out, a - b)
    assert len(k.open_hints.entries) == 2


def test_an_f_ordered_array_for_a_c_order_hint_is_not_specialised_on_its_extent(rng) -> None:
    """The signature keys on the extent of the array's own contiguous axis; where the hint
    declares the other order, no extent may become a constant."""
    from tests.runtime import jit_kernels as k

    for shape in ((3, 2), (3, 7)):
        pos = np.asfortranarray(rng.normal(size=shape))
        out = np.full(shape[0], np.nan)
        k.row_norms2_c(pos, out)
        np.testing.assert_array_equal(out, [sum(float(x) ** 2 for x in row) for row in pos])
