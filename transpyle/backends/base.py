"""The shared base of the emitters: dispatch by node class, indentation, precedence.

Statement visitors return lists of lines (without indentation); `block` indents them.
Expression visitors return `(text, precedence)`; `operand` parenthesises a child that binds
more loosely than its parent needs.
"""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.visitor import Visitor


class Emitter(Visitor):
    indent_unit = "  "

    def block(self, stmts: tuple[ir.Stmt, ...] | list[ir.Stmt]) -> list[str]:
        lines: list[str] = []
        for s in stmts:
            lines.extend(self.indent_unit + line if line else line for line in self.visit(s))
        return lines

    def expr(self, e: ir.Expr) -> str:
        return self.visit(e)[0]

    def operand(self, e: ir.Expr, parent: int, right: bool = False,
                assoc: bool = True) -> str:
        text, prec = self.visit(e)
        if prec < parent or (prec == parent and right and not assoc):
            return f"({text})"
        return text
