"""Tuples built from tuples: nested displays, `a + b`, `a * 2`, `tuple((1, 2))`, `a[1:]`.

The tuple lowering (tuples.py) keeps a flat tuple as one scalar per element. A local bound
once, at the function's top level, to a tuple whose shape is known from the source (displays,
nested or not; `+` of two such; `*` by an integer constant; `tuple(t)`; `t[k]` and `t[i:j]`
with constant bounds) is evaluated here, before lowering: each element is computed once, in
Python's order, into a local of its own (`a_0_1`), and every `t[k]...` with constant indices,
`len(t)` and `t` itself where a flat tuple may stand (a return, another binding) reads those
locals. A flat one indexed by a variable or iterated becomes the list of its elements
(lists.py). Other uses (passing a nested tuple, indexing by a variable into a nested one) are
left to the lowering, which refuses them where written.
"""

from __future__ import annotations

import ast
import copy
from typing import Any

Struct = list[Any]  # elements: ast.expr (a scalar) or a nested Struct


def _int(e: ast.expr, ints: dict[str, int]) -> int | None:
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        k = _int(e.operand, ints)
        return None if k is None else -k
    if isinstance(e, ast.Constant) and type(e.value) is int:
        return e.value
    return ints.get(e.id) if isinstance(e, ast.Name) else None


class _Eval:
    def __init__(self, ints: dict[str, int]) -> None:
        self.env: dict[str, Struct] = {}
        self.ints = ints
        self.taken: set[str] = set()  # every name of the function

    def struct(self, e: ast.expr) -> Struct | None:
        """The shape and elements of a tuple-valued `e`, or None for a scalar or unknown."""
        if isinstance(e, ast.Tuple):
            if any(isinstance(x, ast.Starred) for x in e.elts):
                return None
            out: Struct = []
            for x in e.elts:
                s = self.struct(x)
                out.append(s if s is not None else x)
            return out
        if isinstance(e, ast.Name):
            return self.env.get(e.id)
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
            a, b = self.struct(e.left), self.struct(e.right)
            return a + b if a is not None and b is not None else None
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult):
            for s, k in ((self.struct(e.left), _int(e.right, self.ints)),
                         (self.struct(e.right), _int(e.left, self.ints))):
                if s is not None and k is not None:
                    return s * max(k, 0)
            return None
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "tuple" \
                and len(e.args) == 1 and not e.keywords:
            return self.struct(e.args[0])
        if isinstance(e, ast.Subscript):
            s = self.struct(e.value)
            if s is None:
                return None
            if isinstance(e.slice, ast.Slice):
                bounds = [None if b is None else _int(b, self.ints)
                          for b in (e.slice.lower, e.slice.upper, e.slice.step)]
                if any(b is None and x is not None for b, x in zip(
                        bounds, (e.slice.lower, e.slice.upper, e.slice.step), strict=True)) \
                        or bounds[2] == 0:
                    return None
                return s[slice(*bounds)]
            k = _int(e.slice, self.ints)
            if k is not None and -len(s) <= k < len(s) and isinstance(s[k], list):
                return s[k]  # type: ignore[no-any-return]
        return None


def _leaves(s: Struct) -> list[ast.expr]:
    return [y for x in s for y in (_leaves(x) if isinstance(x, list) else [x])]


def _display(s: Struct, at: ast.AST) -> ast.expr:
    elts = [_display(x, at) if isinstance(x, list) else copy.deepcopy(x) for x in s]
    return ast.copy_location(ast.Tuple(elts, ast.Load()), at)


class _Reads(ast.NodeTransformer):
    """Reads of evaluated tuples replaced by their elements' locals."""

    def __init__(self, ev: _Eval, parents: dict[ast.AST, ast.AST]) -> None:
        self.ev, self.parents = ev, parents

    def visit_Subscript(self, e: ast.Subscript) -> ast.expr:
        s = self.ev.struct(e.value)
        if s is not None and isinstance(e.ctx, ast.Load):
            if isinstance(e.slice, ast.Slice):
                part = self.ev.struct(e)
                return _display(part, e) if part is not None else self.generic_visit(e)
            k = _int(e.slice, self.ev.ints)
            if k is not None and -len(s) <= k < len(s):
                x = s[k]
                return _display(x, e) if isinstance(x, list) else copy.deepcopy(x)
        return self.generic_visit(e)  # type: ignore[return-value]

    def visit_Call(self, e: ast.Call) -> ast.expr:
        if isinstance(e.func, ast.Name) and e.func.id == "len" and len(e.args) == 1:
            s = self.ev.struct(e.args[0])
            if s is not None:
                return ast.copy_location(ast.Constant(len(s)), e)
        if isinstance(e.func, ast.Name) and e.func.id == "tuple" and len(e.args) == 1:
            s = self.ev.struct(e.args[0])
            if s is not None:
                return _display(s, e)
        return self.generic_visit(e)  # type: ignore[return-value]

    def visit_Name(self, e: ast.Name) -> ast.expr:
        s = self.ev.env.get(e.id)
        if s is not None and isinstance(e.ctx, ast.Load):
            return _display(s, e)
        return e

    def visit_BinOp(self, e: ast.BinOp) -> ast.expr:
        s = self.ev.struct(e)
        return _display(s, e) if s is not None else self.generic_visit(e)  # type: ignore[return-value]


def _needed(value: ast.expr, ev: _Eval) -> bool:
    """Whether the tuple lowering alone would refuse this binding's value."""
    if isinstance(value, ast.Tuple):
        return any(isinstance(x, ast.Tuple) for x in value.elts)
    return ev.struct(value) is not None and not isinstance(value, ast.Name)


def tuple_values(f: ast.FunctionDef, ints_outside: dict[str, int]) -> None:
    """Evaluate, in place, the tuples of `f` described in the module docstring."""
    stores: dict[str, int] = {}
    for n in ast.walk(f):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store | ast.Del):
            stores[n.id] = stores.get(n.id, 0) + 1
    params = {a.arg for a in ast.walk(f.args) if isinstance(a, ast.arg)}
    ints = {k: v for k, v in ints_outside.items() if k not in stores and k not in params}
    for s in f.body:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(
                s.targets[0], ast.Name) and stores[s.targets[0].id] == 1 \
                and (k := _int(s.value, {})) is not None:
            ints[s.targets[0].id] = k
    probe = _Eval(ints)
    once = [s for s in f.body if isinstance(s, ast.Assign) and len(s.targets) == 1
            and isinstance(s.targets[0], ast.Name) and stores.get(s.targets[0].id) == 1
            and s.targets[0].id not in params]
    for s in once:  # shapes only, to know whether anything here needs the evaluation
        st = probe.struct(s.value)
        if st is not None:
            probe.env[s.targets[0].id] = st
    if not any(_needed(s.value, probe) for s in once if s.targets[0].id in probe.env) \
            and not _subscripted_displays(f, probe):
        return
    ev = _Eval(ints)
    ev.taken = {n.id for n in ast.walk(f) if isinstance(n, ast.Name)} | params
    parents = {c: p for p in ast.walk(f) for c in ast.iter_child_nodes(p)}
    body: list[ast.stmt] = []
    for s in f.body:
        st = ev.struct(s.value) if s in once else None  # type: ignore[attr-defined]
        if st is not None and _iterated(f, s.targets[0].id, parents, ints):  # type: ignore[attr-defined]
            if any(isinstance(x, list) for x in st):
                body.append(s)  # nested, read by a variable: left (refused)
                continue
            elts = [_Reads(ev, parents).visit(copy.deepcopy(x)) for x in st]
            s.value = ast.copy_location(ast.List(elts, ast.Load()), s.value)  # type: ignore[attr-defined]
            body.append(s)  # a list (lists.py)
        elif st is not None:
            body += _bind(s.targets[0].id, st, s, ev, parents)  # type: ignore[attr-defined]
        else:
            body.append(_Reads(ev, parents).visit(s))
    f.body = body


def _bind(name: str, st: Struct, s: ast.Assign, ev: _Eval,
          parents: dict[ast.AST, ast.AST]) -> list[ast.stmt]:
    out: list[ast.stmt] = []

    def local(x: Any, path: str) -> Any:
        if isinstance(x, list):
            return [local(y, f"{path}_{k}") for k, y in enumerate(x)]
        if isinstance(x, ast.Constant) or (isinstance(x, ast.Name) and getattr(
                x, "tp_element", False)):
            return x
        value = _Reads(ev, parents).visit(copy.deepcopy(x))
        target = ast.copy_location(ast.Name(path, ast.Store()), s)
        out.append(ast.copy_location(ast.Assign([target], value), s))
        read = ast.copy_location(ast.Name(path, ast.Load()), s)
        read.tp_element = True  # type: ignore[attr-defined]
        return read
    used = {n.id for n in ast.walk(s) if isinstance(n, ast.Name)} | ev.taken
    base = name
    while any(u == base or u.startswith(base + "_") for u in used - {name}):
        base += "_"  # the elements' locals take no name of the function's
    ev.env[name] = local(st, base)
    return out


def _iterated(f: ast.FunctionDef, name: str, parents: dict[ast.AST, ast.AST],
              ints: dict[str, int]) -> bool:
    """Read by a variable index or iterated: not evaluated here (lists.py may take it)."""
    for n in ast.walk(f):
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load):
            p = parents.get(n)
            if isinstance(p, ast.For) and p.iter is n:
                return True
            if isinstance(p, ast.Subscript) and p.value is n and not isinstance(
                    p.slice, ast.Slice) and _int(p.slice, ints) is None:
                return True
    return False


def _subscripted_displays(f: ast.FunctionDef, ev: _Eval) -> bool:
    return any(isinstance(n, ast.Subscript) and isinstance(n.value, ast.Tuple)
               and ev.struct(n) is not None for n in ast.walk(f))
