"""Calling a compiled procedure the way the Python function was called.

The Fortran of a C-order array parameter has its dimensions reversed (see the fortran_layout
pass), so a C-contiguous array is passed as its transpose: a view, no copy. A bool array goes as
its int8 view, which is what f2py takes for logical(1). Array extents are
filled in by f2py's wrapper, which also converts scalars and returns Python scalars; a
function of scalars only is bound to the f2py entry itself, with no Python layer between.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Logical, numpy_name


def array_params(f: ir.FunctionDef) -> list[tuple[int, Array]]:
    return [(k, p.type) for k, p in enumerate(f.params) if isinstance(p.type, Array)]


def bind(extension: ModuleType, fortran_module: str, f: ir.FunctionDef) -> Callable[..., Any]:
    """A Python callable for `f` (its typed, pre-layout IR) in a built extension."""
    target = getattr(getattr(extension, fortran_module), f.name)
    arrays = array_params(f)
    if not arrays:  # scalars only: f2py converts and counts the arguments itself
        return target
    transposed = tuple(k for k, t in arrays if t.order == "C" and (t.rank or 0) > 1)
    # f2py passes logical(1) as signed char: a bool array goes as its int8 view
    as_bytes = tuple(k for k, t in arrays if isinstance(t.elem, Logical))
    checks = tuple((k, np.dtype(numpy_name(t.elem)), t.rank, f.params[k].name, t.order,
                    f.params[k].intent != "in") for k, t in arrays)
    nparams = len(f.params)

    def call(*args: Any) -> Any:
        if len(args) != nparams:
            raise TypeError(f"{f.name}() takes {nparams} arguments ({len(args)} given)")
        for k, dtype, rank, name, order, written in checks:
            _check_array(f.name, args[k], dtype, rank, name, order, written)
        if not transposed and not as_bytes:
            return target(*args)
        args_list = list(args)
        for k in transposed:
            args_list[k] = args_list[k].T
        for k in as_bytes:
            args_list[k] = args_list[k].view(np.int8)
        return target(*args_list)

    call.__name__ = f.name
    return call


def _check_array(func: str, a: Any, dtype: np.dtype[Any], rank: int | None, name: str,
                 order: str, written: bool) -> None:
    if not isinstance(a, np.ndarray) or a.dtype != dtype or a.ndim != rank:
        got = f"{a.dtype}[{a.ndim}d]" if isinstance(a, np.ndarray) else type(a).__name__
        raise TypeError(f"{func}(): argument '{name}' must be a {rank}-d {dtype} "
                        f"array, not {got}")
    if written and not (a.flags.c_contiguous if order == "C" else a.flags.f_contiguous):
        raise TypeError(f"{func}(): argument '{name}' is updated in place and must "
                        f"be {order}-contiguous; pass np.ascontiguousarray(...) "
                        "and copy back")
