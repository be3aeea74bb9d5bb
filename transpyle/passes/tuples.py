"""Typing the elements of returned tuples (frontends/python/tuples.py lowers the syntax).

A function's `results` are out parameters: the type pass types them as locals from what the
`return a, b` statements assign (or their `tuple[...]` hint), then appends them to the
parameters with intent(out). A call passes fresh temporaries in their places, declared with
the callee's element types. The binding (runtime/binding.py) returns them as a Python tuple
whose elements have CPython's types: `result_types` says, per element, a Python scalar or a
NumPy scalar of which dtype, from the flow analysis of `scalar_origin.py`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, Array, Complex, Integer, Logical, Real, Type, numpy_name
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.temporaries import Temporaries


def is_result(callee: ir.FunctionDef, p: ir.VarDecl) -> bool:
    return p.intent == "out" and any(r.name == p.name for r in callee.results)


def callee_params(callee: ir.FunctionDef, typed: bool) -> tuple[ir.VarDecl, ...]:
    """A callee's parameters as its call passes them (its results last)."""
    if typed:
        return callee.params
    for r in callee.results:
        if r.type is None:
            raise TranspileError(r.loc, f"'{callee.name}' calls itself and returns a tuple: "
                                 "give its element types in a tuple[...] hint",
                                 code="E-type")
    return callee.params + callee.results


def merge_results(f: ir.FunctionDef, locals_: dict[str, ir.VarDecl]) -> ir.FunctionDef:
    """`f` typed, its results moved from `locals_` (where the assignments declared them) to
    the end of its parameters."""
    results = []
    for k, r in enumerate(f.results):
        d = locals_.pop(r.name, None)
        if d is None or d.type is None:
            raise TranspileError(r.loc, f"element {k} of the tuple that '{f.name}' returns is "
                                 "never assigned", code="E-type")
        array = isinstance(d.type, Array)  # an allocatable result (passes/array_results.py)
        results.append(ir.VarDecl(r.name, d.type, intent="out", allocatable=array, loc=r.loc))
    return dataclasses.replace(f, params=(*f.params, *results), results=tuple(results),
                               locals=tuple(locals_.values()))


def result_types(f: ir.FunctionDef) -> tuple[str, ...]:
    """Per element of the tuple that typed `f` returns: "int", "float", "complex", "bool"
    (a Python scalar), "np." and a NumPy dtype name ("np.float64", "np.bool", ...), or both
    ("np.float64|float": a run-time flag says which), as CPython returns it."""
    from transpyle.passes.scalar_origin import scalar_states

    states = scalar_states(f)
    returns = [s for s in walk(f) if isinstance(s, ir.Return)]
    out = []
    for r in f.results:
        assert r.type is not None
        if isinstance(r.type, Array):  # the binding fills in the module variable (jit.py)
            out.append(f"array:{r.type.order}:{numpy_name(r.type.elem)}")
            continue
        may = any(r.name in states[id(s)].may for s in returns if id(s) in states)
        must = all(r.name in states[id(s)].must for s in returns if id(s) in states)
        numpy = not (isinstance(r.type, Integer | Real | Complex) and r.type.kind in (8, 16)) \
            and not isinstance(r.type, Logical)
        if isinstance(r.type, Logical):
            numpy = must
        if not numpy and may != must:  # known at run time: a flag beside it (result_flags)
            out.append(f"np.{numpy_name(r.type)}|{_python(r.type)}")
            continue
        out.append(f"np.{numpy_name(r.type)}" if numpy or must else _python(r.type))
    return tuple(out)


def _python(t: Type) -> str:
    return {Integer: "int", Real: "float", Complex: "complex", Logical: "bool"}[type(t)]


def numpy_results(s: ir.CallStmt, callee: ir.FunctionDef | None) -> ir.CallStmt:
    """`s` (typed), marked with which returned elements are NumPy scalars in CPython (None:
    on some paths, the callee's flag says): the callee's, typed before its callers (a
    recursive callee's count as Python scalars)."""
    if callee is None or not callee.results:
        return s
    flags = tuple(None if "|" in t else t.startswith("np.") for t in result_types(callee))
    return dataclasses.replace(s, numpy_results=flags) if any(x is not False for x in flags) \
        else s


def result_flags(module: ir.Module) -> ir.Module:
    """Elements that are NumPy scalars on some paths only (`s = 0.0; for ...: s += x[i]`;
    `result_types` says "float64|float"): each gets a logical out parameter after the
    results, true where the element is a NumPy scalar (checked/flags.py computes it), which
    the binding reads. Calls between module functions pass a temporary for it."""
    from transpyle.passes.checked.flags import Flags, prune

    funcs = module.functions()
    ambiguous = {name: [k for k, t in enumerate(result_types(f)) if "|" in t]
                 for name, f in funcs.items() if f.results}
    ambiguous = {n: ks for n, ks in ambiguous.items() if ks}
    if not ambiguous:
        return module
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef):
            f, received = _pass_flags(f, ambiguous)
            if f.name in ambiguous:
                flags = Flags(f)
                flags.names.update(received)  # a call's element: the flag the call set
                f = _flagged(f, ambiguous[f.name], flags)
                mine = set(received.values())  # declared by _pass_flags, set by the calls
                f = dataclasses.replace(f, locals=tuple(
                    d for k, d in enumerate(f.locals) if d.name not in mine
                    or all(e.name != d.name for e in f.locals[:k])))
                f = prune(f)
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))


def _flagged(f: ir.FunctionDef, which: list[int], flags: Any) -> ir.FunctionDef:
    f = flags.instrument(f)
    outs = [ir.VarDecl(f"{f.results[k].name}_isnp", BOOL, intent="out", loc=f.loc)
            for k in which]

    class _AtReturns(Transformer):
        def visit_Return(self, s: ir.Return) -> list[ir.Stmt]:
            return [*(ir.Assign(ir.Name(o.name, type=BOOL, loc=s.loc),
                                flags.flag(f.results[k].name), loc=s.loc)
                      for o, k in zip(outs, which, strict=True)), s]

    f = _AtReturns().visit(f)
    return dataclasses.replace(f, params=(*f.params, *outs))


def _pass_flags(f: ir.FunctionDef, ambiguous: dict[str, list[int]]
                ) -> tuple[ir.FunctionDef, dict[str, str]]:
    """`f` with a temporary passed for each flag of the functions it calls, and which
    element temporary each flag tells about."""
    temps = Temporaries(f, "tp_callnp")
    received: dict[str, str] = {}

    class _Calls(Transformer):
        def visit_CallStmt(self, s: ir.CallStmt) -> ir.CallStmt:
            which = ambiguous.get(s.func, ())
            extra = tuple(temps.new(BOOL, s.loc) for _ in which)
            elements = s.args[len(s.args) - len(s.numpy_results):]
            for k, flag in zip(which, extra, strict=True):
                element = elements[k]
                assert isinstance(element, ir.Name)
                received[element.id] = flag.id
            if not extra:
                return s
            # the flags are results too (logicals, never NumPy scalars), last
            return dataclasses.replace(s, args=(*s.args, *extra),
                                       numpy_results=(*s.numpy_results, *(False,) * len(extra)))

    f = _Calls().visit(f)
    if temps.decls:
        f = dataclasses.replace(f, locals=(*f.locals, *temps.decls))
    return f, received
