"""Python frontend: one function's lowering (its parameters, docstring, comments, blocks).

Statements are lowered in statements.py, expressions in expressions.py, tuples in tuples.py,
calls in calls.py: FunctionLowering puts those mixins together.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.python.args import constant_default
from transpyle.frontends.python.calls import CallLowering
from transpyle.frontends.python.decorators import check_decorators
from transpyle.frontends.python.discard import dropped_result
from transpyle.frontends.python.expressions import ExpressionLowering
from transpyle.frontends.python.hints import Choice
from transpyle.frontends.python.lists import check_list_uses, list_names
from transpyle.frontends.python.source import comment_or_pragma
from transpyle.frontends.python.spellings import attribute_spellings
from transpyle.frontends.python.statements import StatementLowering
from transpyle.frontends.python.tuples import TupleLowering
from transpyle.ir import nodes as ir
from transpyle.ir.types import Void

if TYPE_CHECKING:
    from transpyle.frontends.python.module import ModuleLowering

_UNSUPPORTED_NAMES = {
    ast.ListComp: "list comprehension", ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension", ast.GeneratorExp: "generator expression",
    ast.Lambda: "lambda", ast.List: "list", ast.Dict: "dict", ast.Set: "set",
    ast.With: "with statement", ast.Try: "try statement",
    ast.ClassDef: "class definition", ast.Global: "global statement",
    ast.Nonlocal: "nonlocal statement", ast.Delete: "del statement", ast.Yield: "yield",
    ast.YieldFrom: "yield from", ast.Await: "await", ast.AsyncFunctionDef: "async function",
    ast.AsyncFor: "async for", ast.AsyncWith: "async with", ast.JoinedStr: "f-string",
    ast.Starred: "starred expression", ast.NamedExpr: "assignment expression",
    ast.Import: "import inside a function", ast.ImportFrom: "import inside a function",
    ast.FunctionDef: "nested function", ast.Match: "match statement",
}


class FunctionLowering(ExpressionLowering, StatementLowering, TupleLowering, CallLowering):
    """The mixins' order matters: TupleLowering's and CallLowering's stubs (expr, stmt)
    come after the mixins that define them."""

    def __init__(self, module: ModuleLowering, node: ast.FunctionDef, names: set[str]) -> None:
        super().__init__(dict(module.aliases), names, module.constants)  # + its own imports
        self.m = module
        self.node = node
        self.last_line = node.lineno

    # -- helpers shared with CallLowering
    def loc(self, node: ast.AST) -> SourceLoc:
        return self.m.loc(node)

    def error(self, node: ast.AST, message: str, hint: str | None = None,
              code: str = "E-unsupported") -> TranspileError:
        return self.m.error(node, message, hint, code)

    def unsupported(self, node: ast.AST, what: str | None = None) -> TranspileError:
        what = what or _UNSUPPORTED_NAMES.get(type(node), type(node).__name__ + " syntax")
        return self.error(node, msg.UNSUPPORTED.format(what=what))

    # -- the function
    def lower(self) -> ir.FunctionDef:
        for imp in ast.walk(self.node):  # `from numpy import shape` inside: known from here
            if isinstance(imp, ast.Import | ast.ImportFrom):
                self.local_import(imp)
        f = self.node = attribute_spellings(self, self.node)  # np.shape(x) is x.shape
        check_decorators(self, f)  # @transpile, and Pyccel's with their Python meaning
        a = f.args
        for extra in (*a.posonlyargs, *a.kwonlyargs):
            raise self.unsupported(extra, "positional-only or keyword-only parameter")
        if a.vararg or a.kwarg:
            raise self.unsupported(a.vararg or a.kwarg, "*args or **kwargs")  # type: ignore[arg-type]
        for default in a.defaults:
            if not constant_default(default, self.m.constants):
                raise self.unsupported(default, "a default parameter value other than a number "
                                                "or a module constant")
        params = tuple(
            ir.VarDecl(arg.arg, self.m.hints.read(arg.annotation), loc=self.loc(arg))
            for arg in a.args)
        results = self.result_decls()  # a returned tuple's elements (frontends/python/tuples)
        returns = Void() if results else self.m.hints.read(f.returns)
        if isinstance(returns, Choice):
            returns = None  # a union's member follows the parameters': inferred from the body
        body = list(f.body)
        doc = None
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            doc = body[0].value.value
            self.last_line = body[0].end_lineno or body[0].lineno
            body = body[1:]
        check_list_uses(self, f, list_names(f))
        stmts = self.block(body)
        stmts += self._trailing_comments(f.end_lineno or f.lineno)
        return ir.FunctionDef(f.name, params, returns, tuple(stmts), tuple(self.declared), doc=doc,
                              results=results, loc=self.loc(f))

    def _trailing_comments(self, end: int) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for k in range(self.last_line + 1, end + 1):
            if k in self.m.comments and k not in self.m.used_comments:
                self.m.used_comments.add(k)
                out.append(comment_or_pragma(self.m.comments[k],
                                             SourceLoc(self.m.filename, k, 1)))
        self.last_line = max(self.last_line, end)
        return out

    def block(self, stmts: list[ast.stmt]) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for s in stmts:
            out += self._trailing_comments(s.lineno - 1)
            s = dropped_result(s, self.m.valued - set(self.m.exits))  # unused_7_4 = fill(a)
            lowered = self.lower_statement(s)
            # a comment on the statement's own line goes just before it
            if s.lineno in self.m.comments and s.lineno not in self.m.used_comments:
                self.m.used_comments.add(s.lineno)
                out.append(comment_or_pragma(self.m.comments[s.lineno], self.loc(s)))
            out += lowered
            self.last_line = max(self.last_line, s.lineno)
            if not isinstance(s, ast.For | ast.While | ast.If):
                self.last_line = max(self.last_line, s.end_lineno or s.lineno)
        return out

    def body_of(self, stmts: list[ast.stmt], end: int) -> tuple[ir.Stmt, ...]:
        out = self.block(stmts)
        out += self._trailing_comments(end)
        return tuple(out)

