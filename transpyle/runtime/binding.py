"""Calling a compiled procedure the way the Python function was called.

The Fortran of a C-order array parameter has its dimensions reversed (see the fortran_layout
pass), so a C-contiguous array is passed as its transpose: a view, no copy. A bool array goes as
its int8 view, which is what f2py takes for logical(1). Array extents are
filled in by f2py's wrapper, which also converts scalars and returns Python scalars; a
function of scalars only that cannot raise is bound to the f2py entry itself, with no Python
layer between. Compiled code reports an exception through its module's status array
(passes/raises.py); the binding reads it after each call that may raise.

What a binding does is a `Plan`: plain data (no IR), so that a warm start can store it beside
the built extension and bind without translating (runtime/warm.py), and the C dispatcher
(runtime/dispatch.py) can perform it without entering Python.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np

from transpyle.runtime.overlap import SharedArguments, shares_memory

if TYPE_CHECKING:
    from transpyle.ir import nodes as ir
    from transpyle.ir.types import Array


@dataclass(frozen=True)
class Site:
    """A numbered raise as the binding needs it: the exception, its message template and how
    many integer arguments the template takes (what passes/raises.py stores in the status)."""
    exc: str
    message: str
    nargs: int


@dataclass(frozen=True)
class ArrayCheck:
    index: int
    dtype: str  # NumPy's name of the element type
    rank: int | None
    name: str
    order: str
    written: bool


@dataclass(frozen=True)
class Plan:
    """How to call the Fortran `symbol` of `f`: JSON-serialisable (`to_json`/`from_json`)."""
    name: str  # the Python name, for messages
    symbol: str  # the Fortran name
    nparams: int
    checks: tuple[ArrayCheck, ...]
    transposed: tuple[int, ...]
    as_bytes: tuple[int, ...]
    logical: bool
    sites: tuple[tuple[int, Site], ...]
    status: str | None  # the status array's name when a call may raise
    depth: str | None  # the recursion depth array's name when the module has one
    # a returned tuple: per element its Python or NumPy type (passes/tuples.result_types)
    results: tuple[str, ...] = ()
    # an array result: the module variable the entry leaves it in, its order and dtype
    array_result: tuple[str, str, str] | None = None
    # a returned scalar that is a NumPy scalar in CPython: its type ("np.float64")
    scalar: str | None = None
    # the index of the array parameter returned itself (passes/array_results.returned_parameter)
    returned: int | None = None
    # the indices of the str parameters: ASCII only (a character's code is the same in Fortran)
    strings: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "symbol": self.symbol, "nparams": self.nparams,
                "checks": [list(vars(c).values()) for c in self.checks],
                "transposed": list(self.transposed), "as_bytes": list(self.as_bytes),
                "logical": self.logical, "status": self.status, "depth": self.depth,
                "sites": [[k, s.exc, s.message, s.nargs] for k, s in self.sites],
                "results": list(self.results),
                "array_result": list(self.array_result) if self.array_result else None,
                "scalar": self.scalar, "returned": self.returned,
                "strings": list(self.strings)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Plan:
        return cls(str(d["name"]), str(d["symbol"]), int(d["nparams"]),
                   tuple(ArrayCheck(int(k), str(t), None if r is None else int(r), str(n),
                                    str(o), bool(w)) for k, t, r, n, o, w in d["checks"]),
                   tuple(map(int, d["transposed"])), tuple(map(int, d["as_bytes"])),
                   bool(d["logical"]),
                   tuple((int(k), Site(str(e), str(m), int(n))) for k, e, m, n in d["sites"]),
                   d["status"] if d["status"] is None else str(d["status"]),
                   d["depth"] if d["depth"] is None else str(d["depth"]),
                   tuple(map(str, d.get("results", ()))),
                   tuple(map(str, d["array_result"])) if d.get("array_result") else None,  # type: ignore[arg-type]
                   None if d.get("scalar") is None else str(d["scalar"]),
                   None if d.get("returned") is None else int(d["returned"]),
                   tuple(map(int, d.get("strings", ()))))


def array_params(f: ir.FunctionDef) -> list[tuple[int, Array]]:
    from transpyle.ir.types import Array

    return [(k, p.type) for k, p in enumerate(f.params) if isinstance(p.type, Array)
            and not (p.allocatable and p.intent == "out")]  # a returned tuple's arrays


def plan_of(f: ir.FunctionDef, sites: Mapping[int, ir.Raise] | None = None,
            symbol: str | None = None, has_depth: bool = True,
            variables: list[str] | None = None, returned: int | None = None) -> Plan:
    """The plan for `f` (its typed, pre-layout IR); see `bind`. `variables`: the module
    variables that hold its array results (jit.py, passes/array_results.add_entry)."""
    from transpyle.ir.types import Character, Logical, numpy_name
    from transpyle.passes.raises import STATUS
    from transpyle.passes.safety.recursion import DEPTH
    from transpyle.passes.scalar_origin import numpy_result
    from transpyle.passes.tuples import result_types

    arrays = array_params(f)
    return Plan(
        f.name, symbol or f.name, len(f.params) - len(f.results),
        tuple(ArrayCheck(k, numpy_name(t.elem), t.rank, f.params[k].name, t.order,
                         f.params[k].intent != "in") for k, t in arrays),
        tuple(k for k, t in arrays if t.order == "C" and (t.rank or 0) > 1),
        # f2py passes logical(1) as signed char: a bool array goes as its int8 view
        tuple(k for k, t in arrays if isinstance(t.elem, Logical)),
        isinstance(f.returns, Logical),  # f2py returns a logical function's value as int
        tuple(sorted((k, Site(r.exc, r.message, len(r.args))) for k, r in (sites or {}).items())),
        STATUS if sites else None, DEPTH if has_depth else None,
        _with_variables(result_types(f), variables or []) if f.results else (),
        (variables[0], f.returns.order, numpy_name(f.returns.elem))  # type: ignore[union-attr]
        if variables and not f.results else None,
        numpy_result(f), returned,
        tuple(k for k, p in enumerate(f.params) if isinstance(p.type, Character)))


def bind(extension: ModuleType, fortran_module: str, f: ir.FunctionDef,
         sites: Mapping[int, ir.Raise] | None = None,
         symbol: str | None = None) -> Callable[..., Any]:
    """A Python callable for `f` (its typed, pre-layout IR) in a built extension.

    `sites`: the numbered raises of the Fortran module (passes/raises.py) that a call of `f`
    may reach; after such a call the status array is read, and a nonzero site raises.
    `symbol`: the Fortran name of `f` where the fortran_names pass renamed it.
    """
    return bind_plan(extension, fortran_module, plan_of(f, sites, symbol))


def bind_plan(extension: ModuleType, fortran_module: str, plan: Plan) -> Callable[..., Any]:
    """A Python callable that calls `plan.symbol` of the extension as `plan` says. A binding
    that does more than call the f2py entry carries its plan as `tp_plan` (with `tp_target`,
    `tp_status`, `tp_depth`, `tp_sites`), for the C dispatcher."""
    fmod = getattr(extension, fortran_module)
    target = getattr(fmod, plan.symbol)
    if not plan.checks and not plan.sites and not plan.logical and not plan.results \
            and not plan.array_result and not plan.scalar and plan.returned is None \
            and not plan.strings:
        return target  # scalars only: f2py converts and counts the arguments itself
    transposed, as_bytes, logical = plan.transposed, plan.as_bytes, plan.logical
    checks = tuple((c.index, np.dtype(c.dtype), c.rank, c.name, c.order, c.written)
                   for c in plan.checks)
    nparams, name = plan.nparams, plan.name
    status = getattr(fmod, plan.status) if plan.status else None
    depth = getattr(fmod, plan.depth, None) if plan.depth else None
    if depth is not None:  # recursion depth and limit (passes/safety/recursion.py)
        depth[1] = sys.getrecursionlimit()
    table = dict(plan.sites)
    results = tuple(_converter(r, fmod) for r in plan.results)
    nflags = sum("|" in r for r in plan.results)
    nscalars = sum(not r.startswith("array:") for r in plan.results)
    array_result = plan.array_result
    scalar = np.dtype(plan.scalar.removeprefix("np.")).type if plan.scalar else None
    returned = plan.returned
    strings = plan.strings
    arrays = tuple((c.index, c.name) for c in plan.checks)
    written = tuple((c.index, c.name) for c in plan.checks if c.written) \
        if len(arrays) >= 2 else ()

    def call(*args: Any) -> Any:
        given = args
        for k in strings:
            if k < len(args) and isinstance(args[k], str) and not args[k].isascii():
                raise TypeError(f"{name}(): a str argument holds characters outside ASCII; "
                                "compiled code takes ASCII strings only")
        if checks:
            if len(args) != nparams:
                raise TypeError(f"{name}() takes {nparams} arguments ({len(args)} given)")
            for k, dtype, rank, pname, order, updated in checks:
                _check_array(name, args[k], dtype, rank, pname, order, updated)
            for k, pname in written:
                for j, other in arrays:
                    if j != k and shares_memory(args[k], args[j]):
                        raise SharedArguments(name, pname, other)
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
        if returned is not None:  # the caller's own array, as CPython returns it
            return given[returned]
        if array_result is not None:
            return _copied_out(getattr(fmod, array_result[0]), *array_result[1:])
        if results:  # f2py returns one out argument bare, several as a tuple
            outs = list(result) if nscalars + nflags > 1 else [result]
            flags = iter(outs[nscalars:])  # "float64|float": the flag says which
            values = iter(outs[:nscalars])
            return tuple(convert(next(flags) if numpy_or else None, values)
                         for numpy_or, convert in results)
        if scalar is not None:
            return scalar(result)
        return bool(result) if logical else result

    call.__name__ = name
    call.tp_plan = plan  # type: ignore[attr-defined]
    call.tp_target = target  # type: ignore[attr-defined]
    call.tp_status, call.tp_depth = status, depth  # type: ignore[attr-defined]
    call.tp_sites = table  # type: ignore[attr-defined]
    return call


def _same(v: Any) -> Any:
    return v


# f2py's Python scalars for a returned tuple's elements: what CPython returns (passes/tuples.py)
_CONVERT: dict[str, Callable[[Any], Any]] = {"int": _same, "float": _same, "complex": _same,
                                             "bool": bool}


def _with_variables(types: tuple[str, ...], arrays: list[str]) -> tuple[str, ...]:
    """The tuple's element types with each array's module variable: "array:C:float64:var"."""
    names = iter(arrays)
    return tuple(f"{t}:{next(names)}" if t.startswith("array:") else t for t in types)


def _copied_out(view: Any, order: str, dtype: str) -> Any:
    """The array result the entry left in the module (f2py's view of it): copied out, as
    NumPy's array of its order (a C-order array's Fortran dimensions are reversed)."""
    ordered = view.T if order == "C" else view
    if dtype == "bool":  # f2py's view of a logical array holds integers
        return np.not_equal(ordered, 0, order=order)
    return ordered.copy(order=order)


def _converter(name: str, fmod: Any) -> tuple[bool, Callable[[Any, Any], Any]]:
    """(whether a flag picks, the element from (its flag, the iterator of f2py's scalar
    outputs)) of a returned element named as passes/tuples.result_types names it."""
    if name.startswith("array:"):  # from its module variable, copied out
        _, order, dtype, var = name.split(":")
        return False, lambda flag, values: _copied_out(getattr(fmod, var), order, dtype)
    numpy, _, python = name.partition("|")
    if python:
        to_numpy, to_python = np.dtype(numpy.removeprefix("np.")).type, _CONVERT[python]
        return True, lambda flag, values: to_numpy(next(values)) if flag \
            else to_python(next(values))
    convert = _CONVERT.get(name) or np.dtype(name.removeprefix("np.")).type
    return False, lambda flag, values: convert(next(values))


def _call_python(message: str, values: list[int]) -> NoReturn:
    """Call the Python function a `python-call` site names (frontends/python/exits.py) with
    its constant arguments and the integers compiled code reported; it raises (SystemExit from
    a migrated STOP, an exception): compiled code stopped where CPython calls it."""
    import importlib
    import json

    what = json.loads(message)
    fn = getattr(sys.modules.get(what["module"]) or importlib.import_module(what["module"]),
                 what["function"])
    ints = iter(values)
    fn(*(next(ints) if kind == "int" else value for kind, value in what["args"]))
    raise SystemError(f"{what['function']}() returned, but compiled code called it as a "
                      "function that never returns")


def raise_from_status(status: Any, sites: Mapping[int, Any]) -> NoReturn:
    """Raise the exception that compiled code reported in its status array, and clear it.

    `sites`: site number -> an `ir.Raise` or a `Site` (exc, message, and args or nargs)."""
    site = int(status[0])
    values = [int(v) for v in status[1:]]
    status[:] = 0
    r = sites.get(site)
    if r is None:
        raise SystemError(f"compiled code reported an unknown failure site {site}")
    if r.exc == "python-call":  # ir.nodes.PYTHON_CALL (the IR is not imported here)
        _call_python(r.message, values)
    exc = getattr(builtins, r.exc, None)
    if not (isinstance(exc, type) and issubclass(exc, Exception)):
        raise SystemError(f"compiled code raised an unknown exception {r.exc}")
    nargs = r.nargs if isinstance(r, Site) else len(r.args)
    raise exc(r.message.format(*values[:nargs]))


def _check_array(func: str, a: Any, dtype: Any, rank: int | None, name: str,
                 order: str, written: bool) -> None:
    if not isinstance(a, np.ndarray) or a.dtype != dtype or a.ndim != rank:
        got = f"{a.dtype}[{a.ndim}d]" if isinstance(a, np.ndarray) else type(a).__name__
        raise TypeError(f"{func}(): argument '{name}' must be a {rank}-d {dtype} "
                        f"array, not {got}")
    if written and not a.flags.writeable:  # NumPy's error class for the first store
        raise ValueError(f"{func}(): argument '{name}' is read-only, and the function "
                         "updates it in place (assignment destination is read-only)")
    if written and not a.flags.aligned:
        raise TypeError(f"{func}(): argument '{name}' is updated in place and is not "
                        "aligned to its dtype; pass a copy (np.array(...)) and copy back")
    if written and not (a.flags.c_contiguous if order == "C" else a.flags.f_contiguous):
        raise TypeError(f"{func}(): argument '{name}' is updated in place and must "
                        f"be {order}-contiguous; pass np.ascontiguousarray(...) "
                        "and copy back")
