"""Tuples in the Python frontend: `return a, b`, `x, y = f(...)`, tuple-typed locals.

A function that returns a tuple (its hint `tuple[float, int]`, or a `return a, b` in its body,
or a `return g(...)` of such a function) gets one out parameter per element
(`FunctionDef.results`, typed by the type pass): `return a, b` assigns them and returns. A call
of it is a `CallStmt` whose trailing arguments receive the elements: `x, y = g(a)` assigns
fresh temporaries and then `x` and `y` (so `a[i], b = g(...)` works and the targets are
written after the call, as in Python), `g(a)[1]` reads the second temporary.

A local bound to a tuple (`t = (n, m)`, `t = g(a)`) is one local per element (`t_0`, `t_1`):
`t[0]`, `a, b = t`, `np.zeros(t)` and `return t` read them. The rewrite happens on the syntax
tree of each statement before it is lowered (`TupleLowering.rewrite`), so every construct that
takes a tuple display takes a tuple local too.

Refused where the tuple would have to be a value of its own: passed to a function, compared,
iterated, indexed by a variable; and a call of a tuple function inside a `while` condition, a
conditional expression or an `and`/`or` operand (it is evaluated before the statement).
"""

from __future__ import annotations

import ast
from typing import Any

from transpyle.errors import SourceLoc
from transpyle.frontends.python.hints import dotted
from transpyle.frontends.python.numpy_arrays import nonzero_first
from transpyle.ir import nodes as ir

_TUPLE_HINTS = frozenset(("tuple", "Tuple", "typing.Tuple"))


def _hint_elements(hint: ast.expr | None) -> list[ast.expr] | None:
    """The element hints of a `tuple[...]` hint (also quoted), else None."""
    if isinstance(hint, ast.Constant) and isinstance(hint.value, str):
        try:
            hint = ast.parse(hint.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(hint, ast.Subscript) and dotted(hint.value) in _TUPLE_HINTS:
        elts = hint.slice.elts if isinstance(hint.slice, ast.Tuple) else [hint.slice]
        if any(isinstance(e, ast.Constant) and e.value is Ellipsis for e in elts):
            return None  # tuple[int, ...]: any length, the returned tuple's own
        return list(elts)
    return None


def _own_nodes(f: ast.FunctionDef) -> list[ast.AST]:
    return [n for stmt in f.body for n in ast.walk(stmt)]


def tuple_arities(funcs: list[ast.FunctionDef]) -> dict[str, int]:
    """How many elements each function's returned tuple has (functions returning tuples only),
    from its hint, its `return a, b`, a local it binds to a tuple, or a call it returns."""
    out: dict[str, int] = {}
    for f in funcs:
        elements = _hint_elements(f.returns)
        if elements is not None:
            out[f.name] = len(elements)
    changed = True
    while changed:  # `return g(x)` has g's arity: to a fixed point
        changed = False
        for f in funcs:
            if f.name in out:
                continue
            n = _arity_in_body(f, out)
            if n is not None:
                out[f.name] = n
                changed = True
    return out


def _arity_of(value: ast.expr | None, arities: dict[str, int],
              tuple_names: dict[str, int]) -> int | None:
    if isinstance(value, ast.Tuple):
        return len(value.elts)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return arities.get(value.func.id)
    if isinstance(value, ast.Name):
        return tuple_names.get(value.id)
    return None


def _arity_in_body(f: ast.FunctionDef, arities: dict[str, int]) -> int | None:
    nodes = _own_nodes(f)
    names: dict[str, int] = {}
    for n in nodes:
        if isinstance(n, ast.Assign) and len(n.targets) == 1 \
                and isinstance(n.targets[0], ast.Name):
            k = _arity_of(n.value, arities, {})
            if k is not None:
                names[n.targets[0].id] = k
    for n in nodes:
        if isinstance(n, ast.Return):
            k = _arity_of(n.value, arities, names)
            if k is not None:
                return k
    return None


class TupleLowering:
    """Mixin of the function lowering (module.py): expects `m` (the module lowering, with
    `tuple_arities`), `node`, `expr`, `stmt`, `assign`, `loc`, `error`, `unsupported`."""

    m: Any
    node: ast.FunctionDef

    def expr(self, e: ast.expr) -> ir.Expr: raise NotImplementedError
    def stmt(self, s: ast.stmt) -> list[ir.Stmt]: raise NotImplementedError
    def assign(self, target: ast.expr, value: ast.expr,
               loc: SourceLoc) -> list[ir.Stmt]: raise NotImplementedError
    def loc(self, node: ast.AST) -> SourceLoc: raise NotImplementedError
    def unsupported(self, node: ast.AST, what: str | None = None) -> Any:
        raise NotImplementedError

    # -- names
    def _tuple_state(self) -> dict[str, Any]:
        state = self.__dict__.get("_tuples")
        if state is None:
            taken = {n.id for n in ast.walk(self.node) if isinstance(n, ast.Name)}
            taken |= {a.arg for a in self.node.args.args} | {self.node.name}
            state = {"vars": {}, "taken": taken, "results": None}
            self.__dict__["_tuples"] = state
        return state

    def _fresh(self, base: str) -> str:
        taken = self._tuple_state()["taken"]
        k = 0
        while f"{base}{k}" in taken:
            k += 1
        taken.add(f"{base}{k}")
        return f"{base}{k}"

    def arity(self, call: ast.expr) -> int | None:
        """The element count of a call of a module function that returns a tuple."""
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) \
                and call.func.id in self.m.tuple_arities and call.func.id != "print":
            return int(self.m.tuple_arities[call.func.id])
        return None

    # -- the function's own results
    def result_decls(self) -> tuple[ir.VarDecl, ...]:
        """The out parameters of this function's returned tuple (empty if it returns none)."""
        state = self._tuple_state()
        if state["results"] is None:
            n = self.m.tuple_arities.get(self.node.name)
            hints = _hint_elements(self.node.returns) or [None] * (n or 0)
            state["results"] = tuple(
                ir.VarDecl(self._fresh("res"), None if h is None else self.m.hints.read(h),
                           intent="out", loc=self.loc(self.node)) for h in hints)
        return state["results"]  # type: ignore[no-any-return]

    def return_stmt(self, s: ast.Return, loc: SourceLoc) -> list[ir.Stmt]:
        results = self.result_decls()
        if not results:
            return [ir.Return(self.expr(s.value) if s.value else None, loc=loc)]
        names = [ast.copy_location(ast.Name(r.name, ast.Store()), s) for r in results]
        value = s.value
        n = self.arity(value) if value is not None else None
        if n is not None or isinstance(value, ast.Tuple):
            count = n if n is not None else len(value.elts)  # type: ignore[union-attr]
            if count != len(results):
                raise self.unsupported(s, f"returning {count} values from a function that "
                                          f"returns a tuple of {len(results)}")
            target = ast.copy_location(ast.Tuple(names, ast.Store()), s)
            return [*self.parallel(target, value, loc), ir.Return(None, loc=loc)]  # type: ignore[arg-type]
        raise self.unsupported(s, "returning something other than a tuple from a function "
                                  "that returns a tuple")

    # -- assignments
    def tuple_assign(self, target: ast.expr, value: ast.expr,
                     loc: SourceLoc) -> list[ir.Stmt] | None:
        """`x, y = g(...)`, `t = (a, b)`, `t = g(...)`; None for the other assignments."""
        n = self.arity(value)
        if isinstance(target, ast.Name) and isinstance(value, ast.Attribute) \
                and value.attr == "shape":
            value = self._shape_display(target.id, value)
        if isinstance(target, ast.Name) and (n is not None or isinstance(value, ast.Tuple)):
            count = n if n is not None else len(value.elts)  # type: ignore[attr-defined]
            known = self._tuple_state()["vars"]
            if target.id in known and len(known[target.id]) != count:
                raise self.unsupported(target, f"rebinding tuple '{target.id}' to a tuple of "
                                               "another length")
            parts = known.get(target.id) or [self._fresh(f"{target.id}_") for _ in range(count)]
            known[target.id] = parts
            names = [ast.copy_location(ast.Name(p, ast.Store()), target) for p in parts]
            target = ast.copy_location(ast.Tuple(names, ast.Store()), target)
            if n is None:  # t = (a, b): t_0, t_1 = a, b
                return self.parallel(target, value, loc)
        if not (isinstance(target, ast.Tuple) and n is not None):
            return None
        if len(target.elts) != n:
            raise self.unsupported(target, f"unpacking {n} values into {len(target.elts)} "
                                           "targets")
        call = self.expr(value)
        assert isinstance(call, ir.Call)
        if self._bound_here_only(target, value):  # the targets receive the elements
            names = tuple(ir.Name(t.id, loc=self.loc(t)) for t in target.elts)  # type: ignore[attr-defined]
            return [ir.CallStmt(call.func, (*call.args, *names), loc=loc)]
        temps = [ir.Name(self._fresh("tp_t"), loc=loc) for _ in range(n)]
        out: list[ir.Stmt] = [ir.CallStmt(call.func, (*call.args, *temps), loc=loc)]
        for t, tmp in zip(target.elts, temps, strict=True):
            out += self.assign(t, ast.copy_location(ast.Name(tmp.id, ast.Load()), t), loc)
        return out

    def _shape_display(self, name: str, shape: ast.Attribute) -> ast.expr:
        """`s = a.shape` as `s = (a.shape[0], ..., a.shape[k])`, a snapshot as in Python, where
        the function reads `s` only as `s[k]` (constant k >= 0): its length is the largest
        they need (the type pass refuses an axis past the array's rank; the elements past it
        are never read); else `shape` itself (refused: `len(s)` and unpacking `s` need the
        rank, which the frontend does not know)."""
        count, counted = 0, set()
        for node in ast.walk(self.node):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                    and node.value.id == name:
                k = node.slice.value if isinstance(node.slice, ast.Constant) else None
                if not isinstance(k, int) or isinstance(k, bool) or k < 0:
                    return shape
                count = max(count, k + 1)
                counted.add(id(node.value))
        bare = any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
                   and id(n) not in counted for n in ast.walk(self.node))
        if bare or count == 0:
            return shape
        return ast.copy_location(ast.Tuple([ast.copy_location(ast.Subscript(
            shape, ast.Constant(k), ast.Load()), shape) for k in range(count)], ast.Load()),
            shape)

    def _bound_here_only(self, target: ast.Tuple, value: ast.expr) -> bool:
        """Whether every target is a distinct name that the function binds nowhere else and
        the call does not read: then it receives its element itself (an array is moved)."""
        state = self._tuple_state()
        if "stores" not in state:
            stores: dict[str, int] = {}
            for n in ast.walk(self.node):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    stores[n.id] = stores.get(n.id, 0) + 1
            state["stores"] = stores
        names = [t.id for t in target.elts if isinstance(t, ast.Name)]
        read = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        return len(names) == len(set(names)) == len(target.elts) and all(
            state["stores"].get(t, 0) <= 1 and t not in read for t in names)

    def parallel(self, target: ast.Tuple, value: ast.expr, loc: SourceLoc) -> list[ir.Stmt]:
        """`a, b = x, y`: through temporaries where a value reads a target, else directly."""
        names = {t.id for t in target.elts if isinstance(t, ast.Name)}
        if not isinstance(value, ast.Tuple) or len(names) != len(target.elts) or any(
                isinstance(n, ast.Name) and n.id in names for n in ast.walk(value)) \
                or len(value.elts) != len(target.elts):
            return self.assign(target, value, loc)
        return [ir.Assign(ir.Name(t.id, loc=self.loc(t)), self.expr(v), loc=loc)  # type: ignore[attr-defined]
                for t, v in zip(target.elts, value.elts, strict=True)]

    # -- the rewrite of each statement's own expressions
    def lower_statement(self, s: ast.stmt) -> list[ir.Stmt]:
        """`s` lowered, after the calls of tuple functions it indexes were hoisted."""
        rewrite = _Rewrite(self)
        rewrite.pure = not any(_may_write(n, self.m.signatures) for n in ast.walk(s))
        if isinstance(s, ast.If):
            s.test = rewrite.visit(s.test)
        elif isinstance(s, ast.For):
            s.iter, s.target = rewrite.visit(s.iter), rewrite.visit(s.target)
        elif isinstance(s, ast.While):
            s.test = rewrite.visit(s.test)
            if rewrite.before:
                raise self.unsupported(s.test, "a call of a function that returns a tuple in "
                                               "a while condition")
        elif not isinstance(s, ast.With | ast.Try | ast.FunctionDef | ast.ClassDef):
            s = rewrite.visit(s)
        out: list[ir.Stmt] = []
        for before in rewrite.before:
            out += self.stmt(before)
        return out + self.stmt(s)


_WRITING_METHODS = frozenset(("fill", "sort", "append", "resize", "put", "itemset", "pop",
                              "extend", "insert", "remove", "clear", "setflags"))


def _may_write(node: ast.AST, functions: Any) -> bool:
    """A call that may change an array: of a module function, or a writing method."""
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Name) and f.id in functions) or (
        isinstance(f, ast.Attribute) and f.attr in _WRITING_METHODS) or any(
        k.arg == "out" for k in node.keywords)


class _Rewrite(ast.NodeTransformer):
    """Tuple locals to their displays; `g(...)[k]` to a temporary assigned before."""

    def __init__(self, owner: TupleLowering) -> None:
        self.owner = owner
        self.before: list[ast.stmt] = []
        self.lazy = 0
        self.pure = False  # the statement calls nothing that may write an array

    def visit_Name(self, node: ast.Name) -> ast.expr:
        parts = self.owner._tuple_state()["vars"].get(node.id)
        if parts is None:
            return node
        names = [ast.copy_location(ast.Name(p, type(node.ctx)()), node) for p in parts]
        return ast.copy_location(ast.Tuple(names, type(node.ctx)()), node)

    def visit_Assign(self, node: ast.Assign) -> ast.stmt:
        names = node.targets if all(isinstance(t, ast.Name) for t in node.targets) else []
        node.targets = [t for t in node.targets if t not in names]  # `t = ...` rebinds t
        node = self._keep_call(node)  # type: ignore[assignment]
        node.targets = names + node.targets
        return node

    def visit_Return(self, node: ast.Return) -> ast.stmt:
        return self._keep_call(node)

    def _keep_call(self, node: ast.Assign | ast.Return) -> ast.stmt:
        """The call of a tuple function that is the whole value stays: only its arguments
        are rewritten."""
        value = node.value
        if value is not None and self.owner.arity(value) is not None:
            assert isinstance(value, ast.Call)
            value.args = [self.visit(a) for a in value.args]
            for kw in value.keywords:
                kw.value = self.visit(kw.value)
            if isinstance(node, ast.Assign):
                node.targets = [self.visit(t) for t in node.targets]
            return node
        return self.generic_visit(node)  # type: ignore[return-value]

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        value = node.value
        first = nonzero_first(self.owner, node)  # np.where(x)[0]: np.flatnonzero(x)
        if first is not None:
            return self.visit(first)
        if self.owner.arity(value) is not None:
            assert isinstance(value, ast.Call)
            value.args = [self.visit(a) for a in value.args]
            n = self.owner.arity(value) or 0
            k = self._index(node.slice, n)
            if self.lazy:
                raise self.owner.unsupported(node, "a call of a function that returns a tuple "
                                                   "in a conditional expression or an "
                                                   "'and'/'or' operand")
            temps = [self.owner._fresh("tp_i") for _ in range(n)]
            target = ast.Tuple([ast.Name(t, ast.Store()) for t in temps], ast.Store())
            self.before.append(ast.copy_location(
                ast.fix_missing_locations(ast.copy_location(
                    ast.Assign([ast.copy_location(target, node)], value), node)), node))
            return ast.copy_location(ast.Name(temps[k], ast.Load()), node)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id in self.owner.m.signatures:  # g(x)[i]: g's array, named
            if self.lazy:
                raise self.owner.unsupported(node, "indexing a call's result in a conditional "
                                                   "expression or an 'and'/'or' operand")
            value = self.visit(value)
            temp = self.owner._fresh("tp_c")
            self.before.append(ast.fix_missing_locations(ast.copy_location(
                ast.Assign([ast.copy_location(ast.Name(temp, ast.Store()), node)], value),
                node)))
            node.value = ast.copy_location(ast.Name(temp, ast.Load()), value)
        if isinstance(value, ast.BinOp | ast.UnaryOp | ast.Call) and self.pure \
                and not self.lazy and isinstance(node.ctx, ast.Load):
            # (a - b)[1:], np.dot(a, b)[0]: a new array in Python too, named before the
            # statement (which calls nothing that could write what it reads)
            value = self.visit(value)
            temp = self.owner._fresh("tp_e")
            self.before.append(ast.fix_missing_locations(ast.copy_location(
                ast.Assign([ast.copy_location(ast.Name(temp, ast.Store()), node)], value),
                node)))
            node.value = ast.copy_location(ast.Name(temp, ast.Load()), value)
        node = self.generic_visit(node)  # type: ignore[assignment]
        if isinstance(node.value, ast.Tuple) and isinstance(node.ctx, ast.Load):
            k = self._index(node.slice, len(node.value.elts))
            return node.value.elts[k]
        return node

    def _index(self, index: ast.expr, n: int) -> int:
        k = index.value if isinstance(index, ast.Constant) else None
        if isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub) \
                and isinstance(index.operand, ast.Constant):
            k = -index.operand.value
        if not isinstance(k, int) or isinstance(k, bool):
            raise self.owner.unsupported(index, "indexing a tuple by anything but an integer "
                                                "constant")
        if not -n <= k < n:
            raise self.owner.unsupported(index, f"tuple index {k} out of range for a tuple of "
                                                f"{n}")
        return k % n

    def visit_Call(self, node: ast.Call) -> ast.expr:
        if self.owner.arity(node) is not None:
            raise self.owner.unsupported(node, "a call of a function that returns a tuple, "
                                               "used as a single value")
        return self.generic_visit(node)  # type: ignore[return-value]

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.expr:
        node.values[0] = self.visit(node.values[0])
        self.lazy += 1
        node.values[1:] = [self.visit(v) for v in node.values[1:]]
        self.lazy -= 1
        return node

    def visit_IfExp(self, node: ast.IfExp) -> ast.expr:
        node.test = self.visit(node.test)
        self.lazy += 1
        node.body, node.orelse = self.visit(node.body), self.visit(node.orelse)
        self.lazy -= 1
        return node
