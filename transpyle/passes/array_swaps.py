"""Two arrays that swap names (`In, Out = Out, In`, `u, u_new = u_new, u`): IR -> IR, before
typing.

In CPython the swap rebinds the names, no element moves: after it, writes through `Out` reach
the array `In` named before. Fortran cannot rebind a dummy argument, so each statement that
names either array is written twice, with the names as they are and exchanged, and a logical
`tp_swapped<k>` (false at entry, negated at each swap) picks one: the arrays are never copied,
and a loop that holds the swap keeps one test per statement outside its inner loops.

Taken: a swap of two array parameters of one type, or of two local arrays made by NumPy
(`np.zeros`, `np.empty_like`, `x.copy()`, ...), written `a, b = b, a` (the frontend's tuple
lowering gives four assignments through two `tmp_` names). A branch that holds the swap
reads its test for the binding of the moment. Left as it was (refused later as a rebound
parameter or a name bound twice): a swap inside a loop whose header or condition names either
array, and names in more than one swap pair.
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, Array
from transpyle.ir.visitor import Transformer, walk

_MAKERS = frozenset(("zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like",
                     "full_like", "copy", "zeros_shaped", "ones_shaped", "empty_shaped",
                     "zeros_as", "ones_as", "empty_as"))


def _swap_at(body: tuple[ir.Stmt, ...], k: int) -> tuple[str, str] | None:
    """(a, b) where body[k:k + 4] is `t0 = b; t1 = a; a = t0; b = t1`."""
    four = body[k:k + 4]
    if len(four) < 4 or not all(isinstance(s, ir.Assign) and isinstance(s.target, ir.Name)
                                and isinstance(s.value, ir.Name) and not s.inplace
                                for s in four):
        return None
    t0, t1, s2, s3 = four
    names = [(s.target.id, s.value.id) for s in four]  # type: ignore[attr-defined]
    (x0, b), (x1, a), (a2, y0), (b2, y1) = names
    if not (x0.startswith("tmp_") and x1.startswith("tmp_") and x0 != x1 and a != b
            and (a2, y0, b2, y1) == (a, x0, b, x1)):
        return None
    return a, b


def _pairs(body: tuple[ir.Stmt, ...]) -> list[tuple[str, str]]:
    found = []
    for node in (body, *[n for s in body for n in walk(s)]):
        block = node if isinstance(node, tuple) else None
        if block is None and isinstance(node, ir.For | ir.While | ir.If):
            for b in (node.body, getattr(node, "orelse", ())):
                found += [p for k in range(len(b)) if (p := _swap_at(b, k))]
        elif block is not None:
            found += [p for k in range(len(block)) if (p := _swap_at(block, k))]
    return found


class _Exchange(Transformer):
    def __init__(self, a: str, b: str) -> None:
        self.other = {a: b, b: a}

    def visit_Name(self, e: ir.Name) -> ir.Name:
        return dataclasses.replace(e, id=self.other[e.id]) if e.id in self.other else e


class _Versioned:
    def __init__(self, a: str, b: str, flag: str) -> None:
        self.a, self.b, self.flag = a, b, flag
        self.exchange = _Exchange(a, b)

    def names_either(self, node: object) -> bool:
        nodes = node if isinstance(node, tuple) else (node,)
        return any(isinstance(n, ir.Name) and n.id in (self.a, self.b)
                   for x in nodes for n in walk(x))

    def holds_swap(self, s: ir.Stmt) -> bool:
        blocks = [s.body, getattr(s, "orelse", ())] if isinstance(s, ir.For | ir.While | ir.If) \
            else []
        return any(self.swaps(b) for b in blocks) or any(
            self.holds_swap(x) for b in blocks for x in b)

    def swaps(self, body: tuple[ir.Stmt, ...]) -> bool:
        return any(_swap_at(body, k) in ((self.a, self.b), (self.b, self.a))
                   for k in range(len(body)))

    def block(self, body: tuple[ir.Stmt, ...], before: bool = False
              ) -> tuple[ir.Stmt, ...] | None:
        """`body` versioned; `before`: the names are as bound at entry until the first
        statement that swaps (the function's own block)."""
        out: list[ir.Stmt] = []
        k = 0
        while k < len(body):
            s = body[k]
            if _swap_at(body, k) in ((self.a, self.b), (self.b, self.a)):
                flag = ir.Name(self.flag, loc=s.loc)
                out.append(ir.Assign(flag, ir.UnaryOp("not", flag, loc=s.loc), loc=s.loc))
                k += 4
                continue
            k += 1
            if before and not self.holds_swap(s) and _swap_at(body, k - 1) is None:
                out.append(s)
                continue
            before = False
            if self.holds_swap(s):
                inner = self.inside(s)
                if inner is None:
                    return None
                out.append(inner)
            elif self.names_either(s):
                out.append(ir.If(ir.Name(self.flag, loc=s.loc), (self.exchange.visit(s),),
                                 (s,), loc=s.loc))
            else:
                out.append(s)
        return tuple(out)

    def inside(self, s: ir.Stmt) -> ir.Stmt | None:
        """`s` (a loop or branch that holds the swap) with its blocks versioned."""
        head = (s.start, s.stop, s.step) if isinstance(s, ir.For) else (s.test,)  # type: ignore[attr-defined]
        if self.names_either(head) and not isinstance(s, ir.If):
            return None
        body = self.block(s.body)  # type: ignore[attr-defined]
        orelse = self.block(s.orelse) if isinstance(s, ir.If) else ()
        if body is None or orelse is None:
            return None
        if isinstance(s, ir.If):  # its test, read once before the branch, for each binding
            test = s.test if not self.names_either(s.test) else ir.IfExp(
                ir.Name(self.flag, loc=s.loc), self.exchange.visit(s.test), s.test, loc=s.loc)
            return dataclasses.replace(s, test=test, body=body, orelse=orelse)
        return dataclasses.replace(s, body=body)  # type: ignore[call-arg]


def _arrays(f: ir.FunctionDef) -> dict[str, object]:
    """Names that are arrays before typing: array parameters (their hint's type) and locals
    whose every binding is a NumPy maker (their kind, to compare)."""
    out: dict[str, object] = {p.name: p.type for p in f.params if isinstance(p.type, Array)}
    params = {p.name for p in f.params}  # a scalar parameter swapped is no array
    made: dict[str, bool] = {}
    maker: set[str] = set()  # bound by a NumPy maker at least once (not by the swap alone)
    for s in walk(f):
        if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name) \
                and s.target.id not in out and s.target.id not in params:
            new = isinstance(s.value, ir.Intrinsic) and s.value.name in _MAKERS
            ok = new or isinstance(s.value, ir.Name) and s.value.id.startswith("tmp_")
            made[s.target.id] = made.get(s.target.id, True) and ok
            if new:
                maker.add(s.target.id)
    out.update({n: "local" for n, ok in made.items() if ok and n in maker})
    return out


def array_swaps(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None:
            f = _function(f)
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))


def _function(f: ir.FunctionDef) -> ir.FunctionDef:
    pairs = set(_pairs(f.body))
    arrays = _arrays(f)
    names = [n for p in pairs for n in p]
    taken = {p.name for p in f.params} | {n.id for n in walk(f) if isinstance(n, ir.Name)}
    for k, (a, b) in enumerate(sorted(pairs)):
        if names.count(a) > 1 or names.count(b) > 1 or a not in arrays or b not in arrays \
                or arrays[a] != arrays[b]:
            continue
        flag = f"tp_swapped{k}"
        while flag in taken:
            flag += "_"
        taken.add(flag)
        body = _Versioned(a, b, flag).block(f.body, before=True)
        if body is None:
            continue
        start = ir.Assign(ir.Name(flag, loc=f.loc), ir.Const(False, type=BOOL, loc=f.loc),
                          loc=f.loc)
        f = dataclasses.replace(f, body=(start, *body))
    return f
