"""GPU kernels generated from templates: 2D convolution, convolution layers (implicit GEMM on
tensor cores), summed-area tables, LBC, strict float32 matrix products (no cuBLAS: graph-safe).

Each family has a description (a frozen dataclass), a Jinja2 template under ``templates/``, a
NumPy float64 reference and a CuPy API. Importing this package needs neither CuPy nor a GPU;
calling a GPU function without them raises :class:`transpyle.errors.TranspileError`.
"""

from __future__ import annotations

import importlib

from transpyle.kernels.conv2d import Conv2dDesc, conv2d, conv2d_reference
from transpyle.kernels.conv_gemm import ConvGemmDesc, conv2d_layer, conv2d_layer_reference
from transpyle.kernels.lbc import (
    LbcDesc,
    lbc,
    lbc_backward,
    lbc_backward_input,
    lbc_backward_input_reference,
    lbc_backward_reference,
    lbc_features,
    lbc_features_reference,
    lbc_reference,
    make_anchors,
)
from transpyle.kernels.sat import SatDesc, sat, sat_reference

__all__ = [
    "Conv2dDesc",
    "ConvGemmDesc",
    "LbcDesc",
    "SatDesc",
    "conv2d",
    "conv2d_layer",
    "conv2d_layer_reference",
    "conv2d_reference",
    "default_variants",
    "lbc",
    "lbc_backward",
    "lbc_backward_input",
    "lbc_backward_input_reference",
    "lbc_backward_reference",
    "lbc_features",
    "lbc_features_reference",
    "lbc_reference",
    "make_anchors",
    "sat",
    "sat_reference",
]


def default_variants() -> dict[str, tuple]:
    """The variants that ``transpyle kernels emit --all`` writes, per family."""
    # The package exports functions named like the modules, so look the modules up directly.
    conv_mod = importlib.import_module("transpyle.kernels.conv2d")
    staged_mod = importlib.import_module("transpyle.kernels.conv2d_staged")
    sat_mod = importlib.import_module("transpyle.kernels.sat")
    lbc_mod = importlib.import_module("transpyle.kernels.lbc")
    gemm_mod = importlib.import_module("transpyle.kernels.conv_gemm")
    matmul_mod = importlib.import_module("transpyle.kernels.gemm")
    return {
        "conv2d": conv_mod.DEFAULT_VARIANTS,
        "conv2d_staged": staged_mod.DEFAULT_VARIANTS,
        "sat": sat_mod.DEFAULT_VARIANTS,
        "lbc": lbc_mod.default_variants(),
        "conv_gemm": gemm_mod.DEFAULT_VARIANTS,
        "gemm": matmul_mod.DEFAULT_VARIANTS,
    }
