"""Helpers shared by the kernel families: C types, argument checks, CuPy arrays.

The checks work on any array with ``shape``, ``dtype``, ``size`` and ``flags`` (NumPy or CuPy), so
they are tested on the CPU; the public functions add the "is it a CuPy array" check in front.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import numpy as np

from transpyle.errors import TranspileError
from transpyle.runtime import gpu

CTYPES: dict[str, str] = {
    "float32": "float",
    "float64": "double",
    "int32": "int",
    "uint8": "unsigned char",
}

# Kernel parameters may take 32,764 bytes since CUDA 12.1 on Volta and later; keep a margin for
# the other arguments. Filter taps and 1x1 weights travel in a by-value struct of at most this.
MAX_STRUCT_BYTES = 32000


def filter_pads(padding: str, kh: int, kw: int) -> tuple[int, int]:
    """(top, left) zero padding of a kh x kw filter: the offsets of its first tap ("same": the
    output has the input's extent, an even side's extra tap below and to the right)."""
    if padding == "valid":
        return (0, 0)
    return ((kh - 1) // 2, (kw - 1) // 2)


def dtype_name(dtype: Any) -> str:
    return np.dtype(dtype).name


class KernelValueError(TranspileError, ValueError):
    """A kernel parameter or call argument out of its range."""


class KernelTypeError(TranspileError, TypeError):
    """A kernel parameter of the wrong type."""


def fail(message: str, hint: str | None = None) -> TranspileError:
    """A TranspileError (and ValueError) about a call's arguments (no source location)."""
    return KernelValueError(None, message, hint=hint, code="K001")


_KINDS: dict[str, tuple[tuple[type, ...], str]] = {
    "int": ((int, np.integer), "an integer"),
    "bool": ((bool, np.bool_), "True or False"),
    "str": ((str,), "a string"),
    "bytes": ((bytes,), "bytes"),
}


def check_fields(desc: Any, family: str) -> None:
    """Type-check every field of a kernel description before any range check and before
    a template sees it; NumPy integers and booleans become Python ones (they render the same
    and hash the same). Bools are not integers here, nor integers bools."""
    for f in dataclasses.fields(desc):
        value = getattr(desc, f.name)
        kinds, words = _KINDS.get(str(f.type), ((object,), "anything"))
        wrong = not isinstance(value, kinds) or (
            str(f.type) == "int" and isinstance(value, bool | np.bool_))
        if wrong:
            raise KernelTypeError(None, f"{family} parameter {f.name} must be {words}, not "
                                  f"{type(value).__name__} {value!r}"[:200], code="K002")
        if str(f.type) in ("int", "bool"):
            object.__setattr__(desc, f.name, int(value) if f.type == "int" else bool(value))


def check_array(
    arr: Any,
    what: str,
    *,
    dtypes: Iterable[str],
    ranks: Iterable[int],
    contiguous: bool = True,
) -> None:
    """Raise TranspileError unless ``arr`` has an allowed dtype and rank, is C-contiguous and
    non-empty."""
    dtypes = tuple(dtypes)
    ranks = tuple(ranks)
    if not all(hasattr(arr, a) for a in ("shape", "dtype", "ndim")):
        raise fail(f"{what} must be an array, got {type(arr).__name__}")
    name = dtype_name(arr.dtype)
    if name not in dtypes:
        raise fail(
            f"{what} has dtype {name}; expected one of {', '.join(dtypes)}",
            hint=f"convert it first, e.g. {what}.astype('{dtypes[0]}')",
        )
    if arr.ndim not in ranks:
        shapes = " or ".join(f"rank {r}" for r in ranks)
        raise fail(f"{what} has rank {arr.ndim} (shape {tuple(arr.shape)}); expected {shapes}")
    if arr.size == 0:
        raise fail(f"{what} is empty (shape {tuple(arr.shape)})")
    if contiguous and not arr.flags.c_contiguous:
        raise fail(
            f"{what} is not C-contiguous (strides {tuple(arr.strides)})",
            hint=f"pass cupy.ascontiguousarray({what})",
        )


def require_device_array(arr: Any, what: str) -> Any:
    """Return the cupy module after checking that ``arr`` is a CuPy array."""
    cp = gpu.cupy()
    if not isinstance(arr, cp.ndarray):
        raise fail(
            f"{what} must be a CuPy array on the GPU, got {type(arr).__module__}."
            f"{type(arr).__name__}",
            hint=f"move it first: cupy.asarray({what})",
        )
    return cp


def host_array(arr: Any) -> np.ndarray:
    """A NumPy copy of a NumPy or CuPy array (small parameters: weights, anchors)."""
    if hasattr(arr, "get") and not isinstance(arr, np.ndarray):
        return np.asarray(arr.get())
    return np.asarray(arr)


def check_struct_size(nbytes: int, what: str) -> None:
    if nbytes > MAX_STRUCT_BYTES:
        raise fail(
            f"{what} take {nbytes} bytes; at most {MAX_STRUCT_BYTES} fit in one kernel launch",
            hint="use fewer channels or a smaller filter",
        )


def output_array(cp: Any, out: Any | None, shape: tuple[int, ...], dtype: Any) -> Any:
    """``out`` checked against the result's shape and dtype, or a new uninitialised array."""
    if out is None:
        return cp.empty(shape, dtype=dtype)
    if not isinstance(out, cp.ndarray):
        raise fail(f"out must be a CuPy array, got {type(out).__name__}")
    if tuple(out.shape) != tuple(shape) or out.dtype != np.dtype(dtype):
        raise fail(
            f"out has shape {tuple(out.shape)} and dtype {out.dtype}; "
            f"expected {tuple(shape)} and {np.dtype(dtype).name}"
        )
    if not out.flags.c_contiguous:
        raise fail("out is not C-contiguous")
    return out


def relative_error(got: Any, ref: Any) -> float:
    """``||got - ref|| / ||ref||`` in float64 on the host; any NaN or inf in ``got`` gives inf."""
    got64 = np.asarray(host_array(got), dtype=np.float64)
    ref64 = np.asarray(host_array(ref), dtype=np.float64)
    if not np.isfinite(got64).all():
        return float("inf")
    denom = float(np.linalg.norm(ref64))
    return float(np.linalg.norm(got64 - ref64)) / (denom if denom > 0 else 1.0)
