"""`range(a, b, s)` with a step known only at run time: a zero step raises CPython's ValueError.

A compiled DO loop's trip count divides by the step: a zero step is SIGFPE, which kills the
Python process. Before each counted loop whose step is not a constant, compiled code tests it
and raises what CPython raises. In the Fortran path only: emitted Python keeps `range`, which
raises by itself (and reads back to the same IR).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL
from transpyle.ir.visitor import Transformer


def _zero_step_message() -> str:
    try:
        range(0, 1, 0)
    except ValueError as err:
        return str(err)
    raise AssertionError("range() took a zero step")


MESSAGE = _zero_step_message()  # CPython's own words


class _Checked(Transformer):
    def visit(self, node: Any) -> Any:
        if isinstance(node, ir.For) and node.step is not None \
                and not isinstance(node.step, ir.Const):
            loop = self.rebuild(node)
            step = node.step
            zero = ir.Compare("==", step, ir.Const(0, type=step.type, loc=node.loc), type=BOOL,
                              loc=node.loc)
            raised = ir.Raise("ValueError", MESSAGE, (), loc=node.loc)
            return [ir.If(zero, (raised,), loc=node.loc), loop]
        if isinstance(node, ir.Stmt | ir.FunctionDef | ir.Module | ir.Case):
            return super().visit(node)
        return node  # expressions hold no statements


def range_steps(module: ir.Module) -> ir.Module:
    body = tuple(_Checked().visit(f) if isinstance(f, ir.FunctionDef) else f
                 for f in module.body)
    return dataclasses.replace(module, body=body)
