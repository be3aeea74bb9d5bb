"""The graph-safe float32 GEMM on the GPU against float64 NumPy on fresh random odd shapes:
plain, transposed and batched operands, sliding-window views (the filter gradient), split-K;
the same bits on every run and when replayed from a CUDA graph (no atomics, fixed order).

Limit: normwise relative error below 1e-6 * sqrt(K) (float32 sums of K products; dropping or
doubling one product of K is an error of about 1 / sqrt(K), far above it), outputs finite."""

from __future__ import annotations

import numpy as np
import pytest

from transpyle.runtime.gpu import unavailable_reason as gpu_unavailable_reason

_REASON = gpu_unavailable_reason()
pytestmark = [pytest.mark.gpu, pytest.mark.skipif(_REASON is not None, reason=str(_REASON))]


def _close(got, ref, k: int) -> None:
    y = got.get().astype(np.float64)
    assert y.shape == ref.shape and np.isfinite(y).all()
    norm = np.linalg.norm(y - ref) / max(np.linalg.norm(ref), 1e-300)
    assert norm < 1e-6 * max(1.0, np.sqrt(k)), f"norm {norm:.2e} with K = {k}"


@pytest.mark.parametrize(("m", "k", "n"), [(1, 1, 1), (7, 13, 5), (33, 65, 17), (257, 31, 10),
                                           (16, 5000, 72), (130, 129, 131), (3, 40000, 2)])
@pytest.mark.parametrize("order", ["nn", "tn", "nt", "tt"])
def test_matmul_matches_float64(rng, m, k, n, order):
    import cupy as cp

    from transpyle.kernels import gemm

    a = rng.standard_normal((m, k) if order[0] == "n" else (k, m)).astype(np.float32)
    b = rng.standard_normal((k, n) if order[1] == "n" else (n, k)).astype(np.float32)
    da, db = cp.asarray(a), cp.asarray(b)
    da = da if order[0] == "n" else da.T
    db = db if order[1] == "n" else db.T
    a64 = a.astype(np.float64) if order[0] == "n" else a.T.astype(np.float64)
    b64 = b.astype(np.float64) if order[1] == "n" else b.T.astype(np.float64)
    got = gemm.matmul(da, db)
    assert got.flags.c_contiguous
    _close(got, a64 @ b64, k)


def test_batched_matmul_and_negative_strides(rng):
    import cupy as cp

    from transpyle.kernels import gemm

    w = rng.standard_normal((11, 9)).astype(np.float32)
    z = rng.standard_normal((5, 9, 37)).astype(np.float32)
    _close(gemm.matmul(cp.asarray(w), cp.asarray(z)), np.matmul(w.astype(float), z), 9)
    flipped = cp.asarray(w)[::-1, ::-1]
    _close(gemm.matmul(flipped, cp.asarray(z[0])), w[::-1, ::-1].astype(float) @ z[0], 9)


def test_filter_gradient_window_view_and_lbc_contractions(rng):
    import cupy as cp

    from examples.lbcnn.ops import filter_gradient
    from transpyle.kernels import gemm

    n, c, h, w, co, k = 37, 5, 9, 11, 7, 3
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    dy = rng.standard_normal((n, co, h, w)).astype(np.float32)
    ref = filter_gradient(np, x.astype(np.float64), dy.astype(np.float64), k)
    got = filter_gradient(cp, cp.asarray(x), cp.asarray(dy), k, gemm.tensordot)
    _close(got, ref, n * h * w)
    g, z = dy.reshape(n, co, h * w), x.reshape(n, c, h * w)
    _close(gemm.tensordot(cp.asarray(g), cp.asarray(z), ([0, 2], [0, 2])),
           np.tensordot(g.astype(float), z.astype(float), ([0, 2], [0, 2])), n * h * w)
    _close(gemm.tensordot(cp.asarray(dy), cp.asarray(x), ([0, 2, 3], [0, 2, 3])),
           np.tensordot(dy.astype(float), x.astype(float), ([0, 2, 3], [0, 2, 3])), n * h * w)
    t = rng.standard_normal((h, w, 3)).astype(np.float32)
    _close(gemm.tensordot(cp.asarray(x), cp.asarray(t), 2),
           np.tensordot(x.astype(float), t.astype(float), 2), h * w)


def test_same_bits_every_run_and_in_a_graph(rng):
    """A split-K product (many splits) gives the same bits twice, and replayed from a graph."""
    import cupy as cp

    from transpyle.kernels import gemm

    a = cp.asarray(rng.standard_normal((16, 20001)).astype(np.float32))
    b = cp.asarray(rng.standard_normal((20001, 70)).astype(np.float32))
    assert gemm.plan(16, 70, 20001)[1] > 8
    first = gemm.matmul(a, b)
    assert cp.array_equal(first, gemm.matmul(a, b))
    stream = cp.cuda.Stream(non_blocking=True)
    pool = cp.cuda.MemoryPool()
    with stream, cp.cuda.using_allocator(pool.malloc):
        stream.begin_capture()
        out = gemm.matmul(a, b)
        graph = stream.end_capture()
        out.fill(np.nan)
        graph.launch(stream=stream)
        stream.synchronize()
    assert cp.array_equal(out, first)


def test_refusals(rng):
    import cupy as cp

    from transpyle.kernels import gemm

    a = cp.ones((3, 4), cp.float32)
    with pytest.raises(ValueError, match="float32"):
        gemm.matmul(a.astype(cp.float64), a.T)
    with pytest.raises(ValueError, match="do not chain"):
        gemm.matmul(a, a)
    with pytest.raises(ValueError, match="axis 1 of a"):
        gemm.tensordot(a, a, ([1], [0]))
    zero = gemm.matmul(cp.ones((3, 0), cp.float32), cp.ones((0, 5), cp.float32))
    assert zero.shape == (3, 5) and not zero.any()
