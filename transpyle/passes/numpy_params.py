"""Scalar parameters that receive NumPy scalars, and calls that return them: IR -> IR.

In CPython `f(a[i])` passes an `np.float64`, and NumPy's rules then apply in `f`'s body
(`1.0 / x` is inf for x = 0, where a Python float raises ZeroDivisionError); what `f`
returns is a NumPy scalar where its returns are. So that `checked/` raises exactly where
CPython raises, each scalar parameter that every call of the module passes a NumPy scalar is
listed in its function's `numpy_params` (scalar_origin.py starts the body with it held), and
each call of a module function is marked `numpy` where the function returns a NumPy scalar on
every path. Refused at the call: a parameter passed a NumPy scalar at one call and a Python
scalar at another, or one on some paths only, where that changes what the function computes,
raises, returns or passes on (one translation cannot follow both); a function
that its NumPy arguments make return a NumPy scalar on some paths only. The entry's
parameters are what the call from Python passes (`FunctionDef.numpy_args`: a NumPy scalar there,
a Python scalar otherwise).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from transpyle import messages as msg
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, Array, Complex, Integer, Logical, Real
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.callgraph import call_order
from transpyle.passes.scalar_origin import Origin, State, origin, scalar_states
from transpyle.passes.tuples import result_types

Calls = list[tuple[ir.Call | ir.CallStmt, State]]


def _scalar(t: object) -> bool:
    return isinstance(t, Integer | Real | Complex | Logical)


def _flag(name: str) -> ir.Expr:  # stands for a run-time flag: the answer depends on the path
    return ir.Name(name, type=BOOL, loc=None)  # type: ignore[arg-type]


def _calls(f: ir.FunctionDef) -> Calls:
    """Each call of `f`'s body with the state at the start of its statement."""
    states = scalar_states(f)
    out: Calls = []

    def scan(node: object, state: State) -> None:
        if isinstance(node, ir.Stmt):
            state = states.get(id(node), state)
            if isinstance(node, ir.CallStmt):
                out.append((node, state))
        if isinstance(node, ir.Expr):
            out.extend((c, state) for c in walk(node) if isinstance(c, ir.Call))
            return
        if isinstance(node, tuple):
            for item in node:
                scan(item, state)
        elif isinstance(node, ir.Node):
            for fld in dataclasses.fields(node):
                if fld.name != "loc":
                    scan(getattr(node, fld.name), state)

    scan(f.body, State())
    return out


def _own_params(f: ir.FunctionDef) -> tuple[ir.VarDecl, ...]:
    results = {r.name for r in f.results}
    return tuple(p for p in f.params if p.name not in results)


def _returns(f: ir.FunctionDef) -> Iterator[Origin]:
    states = scalar_states(f)
    for r in walk(f):
        if isinstance(r, ir.Return) and r.value is not None and _scalar(r.value.type):
            yield origin(r.value, states.get(id(r), State()), _flag)


class _Mark(Transformer):
    """Calls marked with what their callees return; tuple elements likewise."""

    def __init__(self, funcs: dict[str, ir.FunctionDef], numpy: dict[str, bool]) -> None:
        self.funcs, self.numpy = funcs, numpy

    def visit_Call(self, e: ir.Call) -> ir.Call:
        e = self.rebuild(e)
        want = self.numpy.get(e.func, False)
        return e if e.numpy == want else dataclasses.replace(e, numpy=want)

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.CallStmt:
        s = self.rebuild(s)
        callee = self.funcs.get(s.func)
        if callee is None or not callee.results:
            return s
        flags = tuple(None if "|" in t else t.startswith("np.") for t in result_types(callee))
        return dataclasses.replace(s, numpy_results=flags if any(
            x is not False for x in flags) else ())


def _returns_numpy(f: ir.FunctionDef, loc: ir.SourceLoc) -> bool:
    seen = set()
    for o in _returns(f):
        seen.add(o if isinstance(o, bool) else None)
    if seen == {True}:
        return True
    if len(seen) > 1 and f.numpy_params:
        raise TranspileError(loc, msg.NUMPY_RETURN_MIXED.format(func=f.name),
                             msg.NUMPY_RETURN_HINT, code="E-type")
    return False  # a Python scalar, or either with Python arguments (as before)


def _indifferent(f: ir.FunctionDef, name: str, overflow: str, fastmath: bool) -> bool:
    """Whether `f` computes, raises, returns and passes on the same with parameter `name`
    a NumPy scalar as with it a Python one (then either may be passed)."""
    from transpyle.passes.checked import _Rewrite

    both = [dataclasses.replace(f, numpy_params=tuple(
        {*f.numpy_params, name} if numpy else set(f.numpy_params) - {name}))
        for numpy in (True, False)]
    checked = [_Rewrite(overflow, fastmath).visit(g) for g in both]
    returns = [list(_returns(g)) for g in both]
    passed = [[origin(a, st, _flag) for c, st in _calls(g) for a in c.args] for g in both]
    return checked[0] == checked[1] and returns[0] == returns[1] and passed[0] == passed[1]


def numpy_params(module: ir.Module, overflow: str = "wrap", fastmath: bool = False
                 ) -> ir.Module:
    """`module` with its functions' `numpy_params` and its calls' `numpy` marks; the options
    are checked/'s (a parameter whose rules make no difference may be passed either)."""
    funcs = {n: f for n, f in module.functions().items() if f.kind is None}
    if not funcs:
        return module
    order, _ = call_order(module)
    order = [n for n in order if n in funcs]
    start = dict(funcs)
    try:
        given = _fixed_point(funcs, order, {n: () for n in funcs}, overflow, fastmath)
    except TranspileError:
        # From the Python side a NumPy scalar that goes round a loop through a helper
        # (x = a[i]; x, y = f(x, y)) is seen as NumPy's on the first pass only; the
        # least set where any call passes NumPy's, then the same checks, may agree.
        funcs = dict(start)
        try:
            given = _fixed_point(funcs, order, _numpy_side(funcs, order), overflow, fastmath)
        except TranspileError:
            funcs = dict(start)
            _fixed_point(funcs, order, {n: () for n in funcs}, overflow, fastmath)
            raise
    for name in order:
        funcs[name] = dataclasses.replace(funcs[name], numpy_params=given[name])
    body = tuple(funcs.get(n.name, n) if isinstance(n, ir.FunctionDef) else n
                 for n in module.body)
    return dataclasses.replace(module, body=body)


def _marked(funcs: dict[str, ir.FunctionDef], order: list[str],
            given: dict[str, tuple[str, ...]]) -> None:
    """`funcs` with `given` as their NumPy parameters and their calls marked, in place."""
    numpy: dict[str, bool] = {}
    for name in order:  # callees first: a call is what its callee returns
        f = dataclasses.replace(funcs[name], numpy_params=given[name])
        f = _Mark(funcs, numpy).visit(f)
        funcs[name] = f
        numpy[name] = _returns_numpy(f, f.loc)


def _fixed_point(funcs: dict[str, ir.FunctionDef], order: list[str],
                 given: dict[str, tuple[str, ...]], overflow: str, fastmath: bool
                 ) -> dict[str, tuple[str, ...]]:
    """The NumPy parameters from `given` on, where every call agrees (else refused)."""
    for _ in range(len(funcs) + 2):
        _marked(funcs, order, given)
        new = _collect(funcs, overflow, fastmath)
        if new == given:
            break
        given = new
    return given


def _numpy_side(funcs: dict[str, ir.FunctionDef], order: list[str]
                ) -> dict[str, tuple[str, ...]]:
    """The least NumPy parameters closed under 'some call passes a NumPy scalar here, on
    some path' (NumPy's scalars only spread: a NumPy operand makes a NumPy result)."""
    given: dict[str, tuple[str, ...]] = {n: () for n in funcs}
    for _ in range(sum(len(_own_params(f)) for f in funcs.values()) + 2):
        _marked(funcs, order, given)
        new = {n: set(v) for n, v in given.items()}
        for f in funcs.values():
            for call, state in _calls(f):
                callee = funcs.get(call.func)
                if callee is None:
                    continue
                for p, a in zip(_own_params(callee), call.args, strict=False):
                    if _scalar(p.type) and not isinstance(a.type, Array) \
                            and origin(a, state, _flag) is not False:
                        new[callee.name].add(p.name)
        grown = {n: tuple(p.name for p in _own_params(funcs[n]) if p.name in new[n])
                 for n in funcs}
        if grown == given:
            break
        given = grown
    return given


def _collect(funcs: dict[str, ir.FunctionDef], overflow: str, fastmath: bool
             ) -> dict[str, tuple[str, ...]]:
    """The scalar parameters that every call passes a NumPy scalar, per function."""
    seen: dict[tuple[str, str], tuple[bool, ir.SourceLoc]] = {
        (f.name, p): (True, f.loc) for f in funcs.values() for p in f.numpy_args}  # binding's
    either: set[tuple[str, str]] = set()  # passed both ways, and that makes no difference
    for f in funcs.values():
        for call, state in _calls(f):
            callee = funcs.get(call.func)
            if callee is None:
                continue
            for p, a in zip(_own_params(callee), call.args, strict=False):
                if not _scalar(p.type) or isinstance(a.type, Array):
                    continue
                key = (callee.name, p.name)
                o = origin(a, state, _flag)
                if key in either:
                    continue
                if (not isinstance(o, bool) or seen.get(key, (o,))[0] != o) and _indifferent(
                        callee, p.name, overflow, fastmath):
                    either.add(key)
                    continue
                if not isinstance(o, bool):
                    raise TranspileError(a.loc, msg.NUMPY_ARG_PATHS.format(
                        name=p.name, func=callee.name), msg.NUMPY_ARG_HINT, code="E-type")
                before = seen.setdefault((callee.name, p.name), (o, a.loc))
                if before[0] != o:
                    raise TranspileError(a.loc if o else before[1], msg.NUMPY_ARG_MIXED.format(
                        name=p.name, func=callee.name), msg.NUMPY_ARG_HINT, code="E-type")
    return {n: tuple(p.name for p in _own_params(f) if (n, p.name) not in either
                     and seen.get((n, p.name), (False,))[0])
            for n, f in funcs.items()}
