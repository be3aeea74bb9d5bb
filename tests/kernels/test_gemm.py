"""The graph-safe float32 GEMM's planner and layout on the CPU (no GPU needed): split-K is a
function of the shape alone, adjacent axes merge, the layout struct is what the template reads,
and operands it cannot address are refused. The GPU checks are in test_gpu_gemm.py; the nvcc
compile check of every default variant is in test_templates.py."""

from __future__ import annotations

import numpy as np
import pytest

from transpyle.backends.cuda import emit
from transpyle.errors import TranspileError
from transpyle.kernels import gemm


def test_merge_joins_axes_that_are_one_in_memory():
    # (N, H, W) of a contiguous (N, C, H, W) array against a contiguous (N, M, H, W) one
    dims = [(5, 7 * 6 * 4, 3 * 6 * 4), (6, 4, 4), (4, 1, 1)]
    assert gemm.merge(dims) == [(5, 168, 72), (24, 1, 1)]
    # size-1 axes vanish; a padded sliding window (row stride 6, width 4) does not merge
    assert gemm.merge([(1, 99, 99), (3, 6, 4), (4, 1, 1)]) == [(3, 6, 4), (4, 1, 1)]
    assert gemm.merge([]) == []


@pytest.mark.parametrize(("m", "n", "k"), [(16, 72, 16384), (7, 5, 3), (300, 300, 3000),
                                           (16, 16, 100), (1, 1, 1 << 20)])
def test_plan_covers_every_tile_once(m, n, k):
    desc, splits, per = gemm.plan(m, n, k)
    tiles = -(-k // gemm.BK)
    assert splits * per >= tiles > (splits - 1) * per  # no empty split, none left over
    assert desc.threads == 256 and desc.bm >= min(m, 64) and desc.bn >= min(n, 64)
    blocks = -(-m // desc.bm) * -(-n // desc.bn)
    if blocks >= gemm.SMS or tiles < 2 * gemm.MIN_SPLIT_TILES:
        assert splits == 1
    else:
        assert per >= gemm.MIN_SPLIT_TILES
    assert gemm.plan(m, n, k) == (desc, splits, per)  # the same shape, the same order of sums


def test_filter_gradient_shape_is_split():
    # the LBCNN example's filter gradient at batch 256: 16 x 72 outputs, 16384 products each
    _desc, splits, per = gemm.plan(16, 72, 256 * 64)
    assert splits > 16 and per * gemm.BK <= 2048


def test_layout_struct_is_32_ints_in_template_order():
    m = [(1, 0, 0), (1, 0, 0), (7, 3, 11)]
    n = [(1, 0, 0), (2, 50, 77), (11, 1, 1)]
    k = [(1, 0, 0), (1, 0, 0), (5, 1, 10)]
    packed = gemm.layout(m, n, k, 3, 4)
    assert packed.dtype.itemsize == 32 * 4 and packed.shape == (1,)
    values = packed["v"][0].tolist()
    assert values[:9] == [1, 1, 7, 0, 0, 3, 0, 0, 11]
    assert values[9:18] == [1, 2, 11, 0, 50, 1, 0, 77, 1]
    assert values[27:] == [7, 22, 5, 3, 4]
    src = emit(gemm.GemmDesc()).source
    assert "struct Layout {" in src and "int splits;" in src


def test_descriptions_are_checked():
    with pytest.raises(TranspileError, match="64 to 256"):
        gemm.GemmDesc("tile", 16, 16, 16, 4, 4)
    with pytest.raises(TranspileError, match="mode"):
        gemm.GemmDesc("sum")
    with pytest.raises(TranspileError, match="tile"):
        gemm.GemmDesc("tile", 48, 64)
    names = {d.kernel_name for d in gemm.DEFAULT_VARIANTS}
    assert len(names) == len(gemm.DEFAULT_VARIANTS)


def test_more_than_three_axes_or_huge_offsets_are_refused():
    four = [(2, 1000, 1), (3, 100, 1), (5, 10, 1), (7, 1, 1)]
    with pytest.raises(TranspileError, match="at most 3 array axes"):
        gemm._plan_launch([(4, 1, 1)], [(3, 1, 1)], four, (4, 3))
    with pytest.raises(TranspileError, match="32-bit"):
        gemm._plan_launch([(1 << 20, 1 << 12, 1)], [(3, 1, 1)], [(1 << 12, 1, 1)], (1, 3))


def test_numpy_arrays_are_refused_before_any_gpu_work():
    a = np.ones((3, 4), np.float32)
    with pytest.raises(TranspileError):
        gemm.matmul(a, a.T)
