"""Calling a compiled procedure the way the Python function was called.

The Fortran of a C-order array parameter has its dimensions reversed (see the fortran_layout
pass), so a C-contiguous array is passed as its transpose: a view, no copy. A bool array goes as
its int8 view, which is what f2py takes for logical(1). Array extents are
filled in by f2py's wrapper, which also converts scalars and returns Python scalars; a
function of scalars only that cannot raise is bound to the f2py entry itself, with no Python
layer between. Compiled code reports an exception through its module's status array
(passes/raises.py); the binding reads it after each call that may raise.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, NoReturn

import numpy as np

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Logical, numpy_name
from transpyle.passes.raises import STATUS
from transpyle.passes.safety.recursion import DEPTH


def array_params(f: ir.FunctionDef) -> list[tuple[int, Array]]:
    return [(k, p.type) for k, p in enumerate(f.params) if isinstance(p.type, Array)]


def bind(extension: ModuleType, fortran_module: str, f: ir.FunctionDef,
         sites: Mapping[int, ir.Raise] | None = None,
         symbol: str | None = None) -> Callable[..., Any]:
    """A Python callable for `f` (its typed, pre-layout IR) in a built extension.

    `sites`: the numbered raises of the Fortran module (passes/raises.py) that a call of `f`
    may reach; after such a call the status array is read, and a nonzero site raises.
    `symbol`: the Fortran name of `f` where the fortran_names pass renamed it.
    """
    fmod = getattr(extension, fortran_module)
    target = getattr(fmod, symbol or f.name)
    arrays = array_params(f)
    logical = isinstance(f.returns, Logical)  # f2py returns a logical function's value as int
    if not arrays and not sites and not logical:
        return target  # scalars only: f2py converts and counts the arguments itself
    transposed = tuple(k for k, t in arrays if t.order == "C" and (t.rank or 0) > 1)
    # f2py passes logical(1) as signed char: a bool array goes as its int8 view
    as_bytes = tuple(k for k, t in arrays if isinstance(t.elem, Logical))
    checks = tuple((k, np.dtype(numpy_name(t.elem)), t.rank, f.params[k].name, t.order,
                    f.params[k].intent != "in") for k, t in arrays)
    nparams = len(f.params)
    status = getattr(fmod, STATUS) if sites else None
    depth = getattr(fmod, DEPTH, None)  # recursion depth and limit (passes/safety/recursion.py)
    if depth is not None:
        depth[1] = sys.getrecursionlimit()
    table = dict(sites or {})

    def call(*args: Any) -> Any:
        if checks:
            if len(args) != nparams:
                raise TypeError(f"{f.name}() takes {nparams} arguments ({len(args)} given)")
            for k, dtype, rank, name, order, written in checks:
                _check_array(f.name, args[k], dtype, rank, name, order, written)
        if transposed or as_bytes:
            args_list = list(args)
            for k in transposed:
                args_list[k] = args_list[k].T
            for k in as_bytes:
                args_list[k] = args_list[k].view(np.int8)
            args = tuple(args_list)
        result = target(*args)
        if status is not None and status[0]:
            if depth is not None:
                depth[0] = 0  # the failure unwound every recursive call
            raise_from_status(status, table)
        return bool(result) if logical else result

    call.__name__ = f.name
    return call


def raise_from_status(status: np.ndarray, sites: Mapping[int, ir.Raise]) -> NoReturn:
    """Raise the exception that compiled code reported in its status array, and clear it."""
    site = int(status[0])
    values = [int(v) for v in status[1:]]
    status[:] = 0
    r = sites.get(site)
    if r is None:
        raise SystemError(f"compiled code reported an unknown failure site {site}")
    exc = getattr(builtins, r.exc, None)
    if not (isinstance(exc, type) and issubclass(exc, Exception)):
        raise SystemError(f"compiled code raised an unknown exception {r.exc}")
    raise exc(r.message.format(*values[: len(r.args)]))


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
