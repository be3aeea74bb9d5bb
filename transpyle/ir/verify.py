"""The IR verifier: invariants that must hold between passes once types are inferred.

A failure here is transpyle's bug, not the user's, so it raises AssertionError-like
`IRVerifyError` with the node and location.
"""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Void
from transpyle.ir.visitor import walk


class IRVerifyError(AssertionError):
    pass


def verify(module: ir.Module) -> None:
    for f in module.body:
        if not isinstance(f, ir.FunctionDef):
            continue
        declared = {d.name for d in (*f.params, *f.locals, *module.decls)}
        if f.returns is None:
            raise IRVerifyError(f"{f.loc}: function {f.name} has no return type")
        for p in f.params:
            if p.intent is None and not p.value:
                raise IRVerifyError(f"{p.loc}: parameter {p.name} has no intent")
        for node in walk(f):
            if isinstance(node, ir.Expr) and not isinstance(node, ir.Slice) and node.type is None:
                raise IRVerifyError(f"{node.loc}: untyped {type(node).__name__}")
            if isinstance(node, ir.Name) and node.id not in declared:
                raise IRVerifyError(f"{node.loc}: undeclared name {node.id}")
            if isinstance(node, ir.Subscript):
                t = node.value.type
                if not isinstance(t, Array) or t.rank != len(node.indices):
                    base = node.value.id if isinstance(node.value, ir.Name) else node.value.name
                    raise IRVerifyError(f"{node.loc}: subscript of {base} does not "
                                        "match its rank")
            if isinstance(node, ir.Call) and isinstance(node.type, Void):
                raise IRVerifyError(f"{node.loc}: call of {node.func} used as a value")
