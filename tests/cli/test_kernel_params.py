"""Kernel description parameters are checked (type, then range) before a template sees them:
a wrong type is a TypeError, a value out of range a ValueError, both TranspileErrors with
the parameter named; NumPy integers render exactly as Python ones. No GPU needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from transpyle.backends.cuda import emit
from transpyle.errors import TranspileError
from transpyle.kernels.conv2d import Conv2dDesc
from transpyle.kernels.lbc import LbcDesc
from transpyle.kernels.sat import SatDesc


def lbc(**kw: Any) -> LbcDesc:
    args: dict[str, Any] = {"dtype": "float32", "c_in": 1, "n_anchors": 1, "k": 3,
                            "anchors": bytes(9)}
    return LbcDesc(**(args | kw))


TYPE_CASES: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    (Conv2dDesc, {"kh": 3.0}, "conv2d parameter kh must be an integer, not float 3.0"),
    (Conv2dDesc, {"kw": "5"}, "conv2d parameter kw must be an integer, not str '5'"),
    (Conv2dDesc, {"c_in": 1.5}, "conv2d parameter c_in must be an integer"),
    (Conv2dDesc, {"co_per_launch": None}, "conv2d parameter co_per_launch must be an integer"),
    (Conv2dDesc, {"tile_h": True}, "conv2d parameter tile_h must be an integer, not bool"),
    (Conv2dDesc, {"taps_on_device": "no"}, "conv2d parameter taps_on_device must be True or"),
    (Conv2dDesc, {"taps_on_device": 1}, "conv2d parameter taps_on_device must be True or"),
    (Conv2dDesc, {"dtype": np.float32}, "conv2d parameter dtype must be a string"),
    (Conv2dDesc, {"shuffle": 1}, "conv2d parameter shuffle must be a string"),
    (SatDesc, {"warps": True}, "sat parameter warps must be an integer, not bool"),
    (SatDesc, {"rows": 32.0}, "sat parameter rows must be an integer"),
    (SatDesc, {"vec_out": "yes"}, "sat parameter vec_out must be True or False"),
    (SatDesc, {"backoff_ns": 2.5}, "sat parameter backoff_ns must be an integer"),
    (SatDesc, {"lookback": ["flags"]}, "sat parameter lookback must be a string"),
    (lbc, {"anchors": "abc"}, "lbc parameter anchors must be bytes, not str"),
    (lbc, {"k": 3.0}, "lbc parameter k must be an integer"),
    (lbc, {"block_y": "8"}, "lbc parameter block_y must be an integer"),
    (lbc, {"nonlinearity": None}, "lbc parameter nonlinearity must be a string"),
]

RANGE_CASES: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    (Conv2dDesc, {"kh": 0}, "conv2d filter sides must be 1 to 15"),
    (Conv2dDesc, {"kw": 17}, "conv2d filter sides must be 1 to 15"),
    (Conv2dDesc, {"c_in": 0}, "conv2d: c_in and co_per_launch must be >= 1"),
    (Conv2dDesc, {"tile_h": 65}, "conv2d tile_h must be 1 to 64"),
    (SatDesc, {"backoff_ns": -1}, "sat backoff_ns must be 0 to 1000000"),
    (SatDesc, {"backoff_ns": 10**9}, "sat backoff_ns must be 0 to 1000000"),
    (SatDesc, {"rows": 48}, "sat tile rows must be 32 or 64"),
    (lbc, {"c_out": 0}, "lbc c_in and c_out must be >= 1"),
    (lbc, {"block_y": 0}, "lbc block_y must be 1 to 32"),
    (lbc, {"block_y": 64}, "lbc block_y must be 1 to 32"),
    (lbc, {"k": 9, "anchors": bytes(81)}, "lbc anchor size must be odd, 1 to 7"),
]


@pytest.mark.parametrize(("make", "kw", "message"), TYPE_CASES,
                         ids=[f"{m.__name__}-{next(iter(k))}" for m, k, _ in TYPE_CASES])
def test_wrong_type_is_a_type_error(make: Callable[..., Any], kw: dict[str, Any],
                                    message: str) -> None:
    with pytest.raises(TypeError) as info:
        make(**kw)
    assert isinstance(info.value, TranspileError)
    assert info.value.message.startswith(message), info.value.message
    assert str(info.value).startswith("error: " + message)


@pytest.mark.parametrize(("make", "kw", "message"), RANGE_CASES,
                         ids=[f"{m.__name__}-{'-'.join(k)}" for m, k, _ in RANGE_CASES])
def test_out_of_range_is_a_value_error(make: Callable[..., Any], kw: dict[str, Any],
                                       message: str) -> None:
    with pytest.raises(ValueError) as info:
        make(**kw)
    assert isinstance(info.value, TranspileError)
    assert info.value.message.startswith(message), info.value.message


def test_numpy_scalars_render_as_python_ones() -> None:
    rng = np.random.default_rng()
    k = int(rng.choice([3, 5, 7, 9]))
    mixed = Conv2dDesc("float32", np.int64(k), np.int32(k), c_in=np.int16(2),
                       taps_on_device=np.bool_(True))
    plain = Conv2dDesc("float32", k, k, c_in=2, taps_on_device=True)
    assert mixed == plain and hash(mixed) == hash(plain)
    assert type(mixed.kh) is int and type(mixed.taps_on_device) is bool
    assert emit(mixed).source == emit(plain).source
    assert emit(SatDesc(warps=np.int64(4))).source == emit(SatDesc(warps=4)).source
