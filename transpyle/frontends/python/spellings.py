"""Python frontend: NumPy's function spellings of array attributes, rewritten before lowering.

`np.shape(x)` is `x.shape` (so `n, m = np.shape(x)` and `np.shape(x)[0]` read as the
attribute does), `np.size(x)` is `x.size`, `np.ndim(x)` is `x.ndim`: one argument, no
keywords (`np.size(x, 0)` is refused where written, as any other unknown call).
"""

from __future__ import annotations

import ast
from typing import Any

_ATTRIBUTES = {"numpy.shape": "shape", "numpy.size": "size", "numpy.ndim": "ndim"}


class _Spellings(ast.NodeTransformer):
    def __init__(self, low: Any) -> None:
        self.low = low

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        attr = _ATTRIBUTES.get(self.low.canonical(node.func) or "")
        if attr is None or len(node.args) != 1 or node.keywords:
            return node
        return ast.copy_location(ast.Attribute(node.args[0], attr, ast.Load()), node)


def attribute_spellings(low: Any, f: ast.FunctionDef) -> ast.FunctionDef:
    """`f` with NumPy's function spellings of `.shape`, `.size`, `.ndim` as the attributes;
    `low` is the function's lowering (its `canonical`). Then `len(x.shape)` is `x.ndim`, and
    a local bound once to `x.shape` (`s = np.shape(c)`) read only as `len(s)` and `s[k]`
    reads `x.ndim` and `x.shape[k]` (_ShapeLocals)."""
    out = _Spellings(low).visit(f)
    assert isinstance(out, ast.FunctionDef)
    for stmt in list(out.body):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name) and _shape_of_name(stmt.value) \
                and _ShapeLocal.fits(out, stmt):
            out = _ShapeLocal(stmt).visit(out)
    return _LenOfShape().visit(out)  # type: ignore[no-any-return]


def _shape_of_name(e: ast.expr) -> bool:
    return isinstance(e, ast.Attribute) and e.attr == "shape" and isinstance(e.value, ast.Name)


class _LenOfShape(ast.NodeTransformer):
    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1 \
                and not node.keywords and _shape_of_name(node.args[0]):
            shape = node.args[0]
            assert isinstance(shape, ast.Attribute)
            return ast.copy_location(ast.Attribute(shape.value, "ndim", ast.Load()), node)
        return node


class _ShapeLocal(ast.NodeTransformer):
    """`s = x.shape` at the function's top level, `s` bound nowhere else and read after it
    only as `len(s)` or `s[k]` (k a constant), `x` bound nowhere after it (so the tuple and
    x's shape stay one): the reads become `len(x.shape)`, `x.shape[k]`; the binding goes."""

    def __init__(self, stmt: ast.Assign) -> None:
        self.stmt = stmt
        target = stmt.targets[0]
        assert isinstance(target, ast.Name) and isinstance(stmt.value, ast.Attribute)
        self.name, self.shape = target.id, stmt.value

    @staticmethod
    def fits(f: ast.FunctionDef, stmt: ast.Assign) -> bool:
        target, value = stmt.targets[0], stmt.value
        assert isinstance(target, ast.Name) and isinstance(value, ast.Attribute)
        array = value.value
        assert isinstance(array, ast.Name)
        parents = {id(c): n for n in ast.walk(f) for c in ast.iter_child_nodes(n)}
        for n in ast.walk(f):
            if not isinstance(n, ast.Name):
                continue
            if n.id == array.id and isinstance(n.ctx, ast.Store) and n.lineno >= stmt.lineno:
                return False
            if n.id != target.id or n is target:
                continue
            parent = parents.get(id(n))
            k = parent.slice if isinstance(parent, ast.Subscript) else None
            if isinstance(k, ast.UnaryOp) and isinstance(k.op, ast.USub):
                k = k.operand  # s[-1]
            read = isinstance(parent, ast.Subscript) and parent.value is n and isinstance(
                k, ast.Constant) and type(k.value) is int \
                or isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) \
                and parent.func.id == "len" and parent.args == [n] and not parent.keywords
            if not read or n.lineno < stmt.lineno or isinstance(n.ctx, ast.Store):
                return False
        return True

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        if node is self.stmt:
            return ast.copy_location(ast.Pass(), node)
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if node.id == self.name and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Attribute(ast.Name(self.shape.value.id, ast.Load()),  # type: ignore[attr-defined]
                                                   "shape", ast.Load()), node)
        return node
