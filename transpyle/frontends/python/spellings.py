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
    `low` is the function's lowering (its `canonical`)."""
    out = _Spellings(low).visit(f)
    assert isinstance(out, ast.FunctionDef)
    return out
