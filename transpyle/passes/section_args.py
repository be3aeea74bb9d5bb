"""An array section passed to a module function together with another array: IR -> IR check.

Fortran may pass a section as a copy in and out, where Python passes a view. Where the callee
writes none of its array parameters the copy reads what the view reads (`dist(X[i], X[j])`,
the rows of one matrix to a helper that only reads them); where it writes one, it could reach
the section's storage through another argument and the copy would miss the write: refused at
the section, as before intents were known.
"""

from __future__ import annotations

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array
from transpyle.ir.visitor import walk

MESSAGE = ("passing an array section to a function that writes an array, together with "
           "another array, is not supported in translated functions")
HINT = "pass the whole arrays and the bounds"


def section_args(module: ir.Module) -> ir.Module:
    """`module` unchanged; the refusal where a written-to callee gets a section and more."""
    funcs = module.functions()
    for f in funcs.values():
        for call in walk(f):
            if not isinstance(call, ir.Call | ir.CallStmt) or call.func not in funcs:
                continue
            callee = funcs[call.func]
            arrays = [a for a in call.args if isinstance(a.type, Array)]
            sections = [a for a in arrays if isinstance(a, ir.Subscript)]
            if not sections or len(arrays) < 2:
                continue
            if any(isinstance(p.type, Array) and p.intent != "in" for p in callee.params):
                raise TranspileError(sections[0].loc, MESSAGE, HINT, code="E-type")
    return module
