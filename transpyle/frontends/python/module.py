"""Python frontend: the standard library's `ast` (plus `tokenize` for comments) -> IR.

The frontend lowers syntax; it does not type. It converts Python's meanings to the IR's:
`range` stops become inclusive, slice stops inclusive, negative constant indices count from the
end, `//` and `%` keep their flooring meaning as the IR's `//` and `%` operators.
"""

from __future__ import annotations

import ast
import builtins
import copy
import cmath
from collections.abc import Iterable, Mapping
from types import EllipsisType

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.python.args import constant_default, positional
from transpyle.frontends.python.builtins_calls import rewrite_builtins
from transpyle.frontends.python.calls import CallLowering
from transpyle.frontends.python.decorators import check_decorators
from transpyle.frontends.python.discard import dropped_result, returns_value
from transpyle.frontends.python.exits import exit_call
from transpyle.frontends.python.hoist import Synthesised, hoist_nested, specialise_function_args
from transpyle.frontends.python.hints import Choice, HintReader, type_alias
from transpyle.frontends.python.lists import (
    array_of_list,
    check_list_uses,
    is_list_value,
    list_names,
    lower_list,
)
from transpyle.frontends.python.loops import for_each
from transpyle.frontends.python.numpy_calls import copyto_statement, fill_statement
from transpyle.frontends.python.optional import rewrite_optionals
from transpyle.frontends.python.operators import BITWISE, OPERATOR_TEXT, operator_loc
from transpyle.frontends.python.source import (
    comment_or_pragma,
    module_aliases,
    module_constant,
    module_name_of,
    read_comments,
)
from transpyle.frontends.python.spellings import attribute_spellings
from transpyle.frontends.python.tuple_lists import tuples_as_lists
from transpyle.frontends.python.tuple_values import tuple_values
from transpyle.frontends.python.tuples import TupleLowering, tuple_arities
from transpyle.ir import nodes as ir
from transpyle.ir.types import Void
from transpyle.ir.visitor import walk

# `for i in prange(n)`: a range in CPython, a parallel loop (`!$omp parallel do`) compiled
PRANGES = ("transpyle.prange", "numba.prange")
_BINOPS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**",
}
_CMPOPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not",  # typed by passes/identity.py
}
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


def parse_python(source: str, filename: str = "<string>", only: Iterable[str] | None = None,
                 module_name: str | None = None,
                 linked: Mapping[str, ast.FunctionDef] | None = None,
                 exits: Mapping[str, tuple[str, str]] | None = None) -> ir.Module:
    """Parse a Python module into an IR module of its top-level functions.

    `only` restricts translation to the named functions (and is how @transpile asks for one
    function and what it calls). Module-level code other than imports, functions and constant
    definitions is the caller's (driver code) and is not translated. `linked`: functions this
    module imports from another module of the same translation (runtime/jit_unit.py), by the
    name it calls them: calls of them are calls of module functions.
    """
    try:
        tree = ast.parse(source, filename=filename, type_comments=True)
    except SyntaxError as err:
        loc = SourceLoc(filename, err.lineno or 1, err.offset or 1)
        raise TranspileError(loc, msg.SYNTAX.format(msg=err.msg), code="E-syntax",
                             source=source) from None
    name = module_name or module_name_of(filename)
    lowering = _ModuleLowering(source, filename, tree)
    lowering.exits = dict(exits or {})
    return lowering.lower(name, only, linked or {})


def frontend_refusals(source: str, filename: str) -> dict[str, TranspileError]:
    """What the frontend refuses in each top-level function, each lowered on its own (the
    command line on a whole module finds them in one pass). A syntax error: none here."""
    try:
        tree = ast.parse(source, filename=filename, type_comments=True)
    except SyntaxError:
        return {}
    lowering = _ModuleLowering(source, filename, tree)
    out: dict[str, TranspileError] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef):
            try:
                lowering.lower(module_name_of(filename), [stmt.name])
            except TranspileError as err:
                out[stmt.name] = err
    return out


class _ModuleLowering:
    def __init__(self, source: str, filename: str, tree: ast.Module) -> None:
        self.source = source
        self.filename = filename
        self.synth: Synthesised = {}  # functions made here (hoist.py) -> whose code calls them
        tree = copy.deepcopy(tree)
        hoist_nested(tree, self.synth)  # nested defs, '(int)(int)' parameters
        self.take_functions = specialise_function_args(tree, self.synth)
        self.tree, self.refused = rewrite_optionals(tree, self.error)  # x: int = None
        functions = {s.name for s in self.tree.body if isinstance(s, ast.FunctionDef)}
        self.refused |= rewrite_builtins(self.tree, module_aliases(self.tree), functions, self)
        ints = {c[0]: c[1].value for s in self.tree.body if (c := module_constant(s)) is not None
                and type(c[1].value) is int}
        for f in self.tree.body:  # before the tuples functions return are counted
            if isinstance(f, ast.FunctionDef):
                tuples_as_lists(f)  # `ai = (1, 4, 5)` read as ai[i]: a list (tuple_lists.py)
                tuple_values(f, ints)  # a + b, a * 2, ((1, 2), (3, 4)) (tuple_values.py)
        self.comments = read_comments(source)
        self.used_comments: set[int] = set()
        self.aliases: dict[str, str] = {}
        self.constants: dict[str, ast.Constant] = {}
        self.types: dict[str, ast.expr | None] = {}  # module-level type aliases and TypeVars
        self.hints = HintReader(self.aliases, filename, self.types)
        self.signatures: dict[str, ast.arguments] = {}  # of the module's functions, by name
        self.tuple_arities: dict[str, int] = {}  # of the functions that return tuples
        self.valued: set[str] = set()  # the functions that return a value
        self.exits: dict[str, tuple[str, str]] = {}  # functions left to Python (exits.py)

    def loc(self, node: ast.AST) -> SourceLoc:
        return SourceLoc(self.filename, getattr(node, "lineno", 1),
                         getattr(node, "col_offset", 0) + 1)

    def error(self, node: ast.AST, message: str, hint: str | None = None,
              code: str = "E-unsupported") -> TranspileError:
        return TranspileError(self.loc(node), message, hint, code=code, source=self.source)

    def unsupported(self, node: ast.AST, what: str) -> TranspileError:
        return self.error(node, msg.UNSUPPORTED.format(what=what))

    def lower(self, name: str, only: Iterable[str] | None,
              linked: Mapping[str, ast.FunctionDef] | None = None) -> ir.Module:
        linked = linked or {}
        wanted = set(only) if only is not None else None
        while wanted is not None and not {n for n, o in self.synth.items() if o in wanted} \
                <= wanted:  # and the functions made for them (hoist.py)
            wanted |= {n for n, o in self.synth.items() if o in wanted}
        funcs: list[ast.FunctionDef] = []
        self.aliases.update(module_aliases(self.tree))
        for stmt in self.tree.body:
            if isinstance(stmt, ast.Import | ast.ImportFrom):
                continue
            if isinstance(stmt, ast.FunctionDef):
                funcs.append(stmt)
            elif isinstance(stmt, ast.ClassDef | ast.AsyncFunctionDef) and wanted is None:
                what = "a class" if isinstance(stmt, ast.ClassDef) else "async def"
                raise self.error(stmt, msg.TOP_LEVEL.format(what=what), msg.TOP_LEVEL_HINT)
            elif (constant := module_constant(stmt)) is not None:
                self.constants[constant[0]] = constant[1]
            elif (alias := type_alias(stmt)) is not None:
                self.types[alias[0]] = alias[1]
        names = {f.name for f in funcs} | set(linked)
        self.signatures = {**{n: f.args for n, f in linked.items()},
                           **{f.name: f.args for f in funcs}}
        self.tuple_arities = tuple_arities([*linked.values(), *funcs])
        self.valued = {f.name for f in [*linked.values(), *funcs] if returns_value(f)}
        body: list[ir.FunctionDef | ir.Comment] = []
        decls = [ir.VarDecl(k, None, init=self._const(v), constant=True, loc=self.loc(v))
                 for k, v in self.constants.items()]
        for f in funcs:
            if wanted is not None and f.name not in wanted:
                continue
            if wanted is None and f.name in self.take_functions:
                continue  # takes functions: its copies per function passed are translated
            if f.name in self.refused:
                raise self.refused[f.name]
            body.extend(self._comments_before(f.lineno - len(f.decorator_list), f))
            body.append(_FunctionLowering(self, f, names).lower())
        # the constants the functions read (Fortran cannot take `a` beside an unused `A`)
        read = {n.id for n in walk(ir.Module(name, tuple(body), (), loc=SourceLoc(
            self.filename, 1, 1))) if isinstance(n, ir.Name)}
        decls = [d for d in decls if d.name in read]
        lower = [d.name.lower() for d in decls]
        for d in decls:
            if lower.count(d.name.lower()) > 1:
                raise self.error(self.constants[d.name], msg.CASE_CLASH.format(name=d.name))
        return ir.Module(name, tuple(body), tuple(decls), loc=SourceLoc(self.filename, 1, 1))

    def _const(self, node: ast.Constant) -> ir.Const:
        return ir.Const(node.value, loc=self.loc(node))  # type: ignore[arg-type]

    def _comments_before(self, line: int, node: ast.AST) -> list[ir.Comment]:
        """Comments on the lines just above `line` (a block with no code between)."""
        out: list[ir.Comment] = []
        ln = line - 1
        while ln in self.comments and ln not in self.used_comments:
            ln -= 1
        for k in range(ln + 1, line):
            self.used_comments.add(k)
            out.append(ir.Comment(self.comments[k], loc=SourceLoc(self.filename, k, 1)))
        return out


class _FunctionLowering(TupleLowering, CallLowering):
    def __init__(self, module: _ModuleLowering, node: ast.FunctionDef, names: set[str]) -> None:
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

    # -- statements
    def stmt(self, s: ast.stmt) -> list[ir.Stmt]:
        loc = self.loc(s)
        if isinstance(s, ast.Assign):
            if len(s.targets) != 1:
                return self.chained(s, loc)
            return self.assign(s.targets[0], s.value, loc)
        if isinstance(s, ast.Import | ast.ImportFrom):
            self.local_import(s)
            return []
        if isinstance(s, ast.AnnAssign):
            if s.value is None:
                raise self.unsupported(s, "a declaration without a value")
            t = self.m.hints.read(s.annotation)
            if isinstance(t, Choice):
                t = None  # its member is the value's
            stmts = self.assign(s.target, s.value, loc)
            self.declared.append(ir.VarDecl(ast.unparse(s.target), t, loc=loc))
            return stmts
        if isinstance(s, ast.AugAssign):
            op = _BINOPS.get(type(s.op))
            target = self.expr(s.target)
            if op is None and type(s.op) in BITWISE:
                value: ir.Expr = ir.Intrinsic(BITWISE[type(s.op)],
                                              (target, self.expr(s.value)), loc=loc)
                return [ir.Assign(target, value, inplace=isinstance(target, ir.Name), loc=loc)]
            if op is None:
                raise self.bad_operator(s, s.target, s.value, s.op, "=")
            return [ir.Assign(target, ir.BinOp(op, target, self.expr(s.value), loc=loc),
                              inplace=isinstance(target, ir.Name), loc=loc)]
        if isinstance(s, ast.For):
            loop = self.for_loop(s)
            return loop if isinstance(loop, list) else [loop]
        if isinstance(s, ast.While):
            if s.orelse:
                raise self.unsupported(s.orelse[0], "else clause of a while loop")
            return [ir.While(self.expr(s.test), self.body_of(s.body, s.end_lineno or s.lineno),
                             loc=loc)]
        if isinstance(s, ast.If):
            body = self.body_of(s.body, s.orelse[0].lineno - 1 if s.orelse
                                else s.end_lineno or s.lineno)
            orelse = self.body_of(s.orelse, s.end_lineno or s.lineno) if s.orelse else ()
            return [ir.If(self.expr(s.test), body, orelse, loc=loc)]
        if isinstance(s, ast.Return) and s.value is not None \
                and (made := array_of_list(self, s.value)):
            return [*made[0], ir.Return(made[1], loc=loc)]
        if isinstance(s, ast.Return):
            return self.return_stmt(s, loc)
        if isinstance(s, ast.Break):
            return [ir.Break(loc=loc)]
        if isinstance(s, ast.Continue):
            return [ir.Continue(loc=loc)]
        if isinstance(s, ast.Pass):
            return []
        if isinstance(s, ast.Raise):
            return [self.raise_stmt(s)]
        if isinstance(s, ast.Assert):  # CPython's default (no -O): the test, then the raise
            raised = ast.copy_location(ast.Raise(ast.copy_location(ast.Call(
                ast.Name("AssertionError", ast.Load()), [s.msg] if s.msg else [], []), s),
                None), s)
            return [ir.If(self.expr(s.test), (), (self.raise_stmt(raised),), loc=loc)]
        if isinstance(s, ast.Expr):
            return self.expr_stmt(s)
        raise self.unsupported(s)

    def chained(self, s: ast.Assign, loc: SourceLoc) -> list[ir.Stmt]:
        """`a = b = v`: v evaluated once, the targets assigned left to right. The later
        targets take the first one's value (an array's view, as Python binds one object)."""
        first, *rest = s.targets
        simple = isinstance(s.value, ast.Constant | ast.Name)
        if any(isinstance(t, ast.Tuple) for t in s.targets) or not (
                simple or isinstance(first, ast.Name)):
            raise self.unsupported(s, "chained assignment to a tuple, or whose first target "
                                      "is not a name and whose value is not a name or constant")
        out = self.assign(first, s.value, loc)
        for t in rest:
            out += self.assign(t, s.value if simple else first, loc)
        return out

    def local_import(self, s: ast.Import | ast.ImportFrom) -> None:
        """`import math`, `import numpy as xp`, `from numpy import zeros` in the body: names of
        this function from here on (Python binds them when the statement runs)."""
        if isinstance(s, ast.Import):
            for a in s.names:
                self.aliases[(a.asname or a.name).split(".")[0]] = (
                    a.name if a.asname else a.name.split(".")[0])
        elif s.module and not s.level:
            for a in s.names:
                if a.name == "*":
                    raise self.unsupported(s, "'import *' inside a function")
                self.aliases[a.asname or a.name] = f"{s.module}.{a.name}"
        else:
            raise self.unsupported(s, "a relative import inside a function")

    def call(self, e: ast.Call) -> ir.Expr:
        """Keywords and defaults of a call between module functions become positional."""
        name = self.canonical(e.func)
        if name in self.functions and name in self.m.signatures:
            params = self.m.signatures[name]
            if e.keywords or len(e.args) != len(params.args):
                e = positional(e, name, params,
                               lambda node, text: self.error(node, text, code="E-call"))
        return super().call(e)

    def subscript(self, e: ast.Subscript) -> ir.Expr:
        """`a[...]`: the whole array (the typing pads the missing indices with slices)."""
        if isinstance(e.slice, ast.Constant) and e.slice.value is Ellipsis \
                and isinstance(e.value, ast.Name):
            return ir.Subscript(ir.Name(e.value.id, loc=self.loc(e.value)), (), loc=self.loc(e))
        return super().subscript(e)

    def raise_stmt(self, s: ast.Raise) -> ir.Raise:
        """`raise ValueError("message")`: a builtin exception with a constant message."""
        exc, message = s.exc, ""
        if isinstance(exc, ast.Call) and not exc.keywords and len(exc.args) <= 1:
            if exc.args:
                arg = exc.args[0]
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    raise self.unsupported(arg, "an exception message that is not a string "
                                                "literal")
                message = arg.value
            exc = exc.func
        name = exc.id if isinstance(exc, ast.Name) else None
        builtin = getattr(builtins, name, None) if name else None
        if s.cause is not None or not (isinstance(builtin, type)
                                       and issubclass(builtin, Exception)):
            raise self.unsupported(s, "a raise of anything but a builtin exception")
        return ir.Raise(name, message.replace("{", "{{").replace("}", "}}"), loc=self.loc(s))

    def expr_stmt(self, s: ast.Expr) -> list[ir.Stmt]:
        v = s.value
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            return [ir.Comment(line, loc=self.loc(s)) for line in v.value.strip().splitlines()]
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name):
            if v.func.id in self.m.exits:
                return [exit_call(self, v, *self.m.exits[v.func.id])]
            if v.func.id == "print" and v.func.id not in self.functions:
                # Fortran's output is not Python's: list-directed numbers (0.10000000000000001
                # for 0.1), and its own buffer on file descriptor 1, beside sys.stdout's
                raise self.error(v, "print inside a compiled function: Fortran would write "
                                 "its own number formats, outside sys.stdout",
                                 hint="return the values and print them in Python")
            if v.func.id in self.functions:
                call = self.expr(v)
                assert isinstance(call, ir.Call)
                return [ir.CallStmt(call.func, call.args, loc=self.loc(s))]
        if isinstance(v, ast.Call) and (fill := fill_statement(self, v, self.loc(s))):
            return [fill]
        if isinstance(v, ast.Call) and (copy := copyto_statement(self, v, self.loc(s))):
            return [copy]
        raise self.error(s, "expression statement has no effect in a translated function",
                         hint="assign its value or remove it")

    def assign(self, target: ast.expr, value: ast.expr, loc: SourceLoc) -> list[ir.Stmt]:
        if (lowered := self.tuple_assign(target, value, loc)) is not None:
            return lowered
        if isinstance(target, ast.Tuple):
            return self.unpack(target, value, loc)
        if isinstance(target, ast.Name) and is_list_value(value):
            return lower_list(self, target, value)  # a small list of numbers
        if isinstance(target, ast.Name) and (made := array_of_list(self, value)):
            return [*made[0], ir.Assign(self.expr(target), made[1], loc=loc)]
        if isinstance(target, ast.Name | ast.Subscript):
            return [ir.Assign(self.expr(target), self.expr(value), loc=loc)]
        raise self.unsupported(target, f"assignment to {type(target).__name__.lower()}")

    def unpack(self, target: ast.Tuple, value: ast.expr, loc: SourceLoc) -> list[ir.Stmt]:
        if isinstance(value, ast.Attribute) and value.attr == "shape":
            base = self.expr(value.value)
            return [ir.Assign(self.expr(t), ir.Intrinsic("size", (base, ir.Const(k, loc=loc)),
                                                         loc=loc), loc=loc)
                    for k, t in enumerate(target.elts)]
        if not isinstance(value, ast.Tuple) or len(value.elts) != len(target.elts):
            raise self.unsupported(value, "tuple unpacking of anything but a.shape or a tuple")
        # Evaluate every value before any target is written: a, b = b, a
        temps = []
        out: list[ir.Stmt] = []
        for k, v in enumerate(value.elts):
            tmp = ir.Name(f"tmp_{loc.line}_{k}", loc=loc)
            temps.append(tmp)
            out.append(ir.Assign(tmp, self.expr(v), loc=loc))
        for t, tmp in zip(target.elts, temps, strict=True):
            out.append(ir.Assign(self.expr(t), tmp, loc=loc))
        return out

    def for_loop(self, s: ast.For) -> ir.For | list[ir.Stmt]:
        loc = self.loc(s)
        if s.orelse:
            raise self.unsupported(s.orelse[0], "else clause of a for loop")
        it = s.iter
        parallel = isinstance(it, ast.Call) and self.canonical(it.func) in PRANGES
        if not (isinstance(it, ast.Call) and (parallel or isinstance(it.func, ast.Name)
                and it.func.id == "range") and not it.keywords and 1 <= len(it.args) <= 3):
            return for_each(self, s)  # arrays, lists, enumerate, zip
        if not isinstance(s.target, ast.Name):
            raise self.unsupported(s.target, "a loop target that is not a plain name")
        args = [self.expr(a) for a in it.args]
        start, stop, step = (
            (ir.Const(0, loc=loc), args[0], ir.Const(1, loc=loc)) if len(args) == 1
            else (args[0], args[1], ir.Const(1, loc=loc)) if len(args) == 2
            else (args[0], args[1], args[2]))
        step_value = _const_int(step)
        if step_value == 0:
            raise self.error(it.args[2], "range() step must not be zero", code="E-range")
        if step_value is not None:
            last = _add(stop, -1 if step_value > 0 else 1)
        before: list[ir.Stmt] = []
        if step_value is None:  # sign unknown until run time: stop - sign(1, step)
            if not isinstance(step, ir.Name):
                tmp = ir.Name(f"step_{loc.line}_{loc.col}", loc=loc)
                before.append(ir.Assign(tmp, step, loc=loc))
                step = tmp
            # a zero step raises CPython's ValueError in compiled code: safety/range_steps.py
            last = ir.BinOp("-", stop, ir.Intrinsic("sign", (ir.Const(1, loc=loc), step),
                                                    loc=loc), loc=loc)
        body = self.body_of(s.body, s.end_lineno or s.lineno)
        loop = ir.For(ir.Name(s.target.id, loc=self.loc(s.target)), start, last, step, body,
                      loc=loc)
        return [*before, ir.Pragma("omp parallel do", loc=loc), loop] if parallel \
            else [*before, loop] if before else loop

    # -- expressions
    def expr(self, e: ast.expr) -> ir.Expr:
        loc = self.loc(e)
        if isinstance(e, ast.Constant):
            if e.value is None or isinstance(e.value, bytes | EllipsisType):
                raise self.unsupported(e, f"the constant {e.value!r}")
            if isinstance(e.value, float | complex) and not cmath.isfinite(e.value):
                raise self.error(e, f"the literal {ast.get_source_segment(self.m.source, e)} "
                                 "overflows to infinity", "write math.inf if it is meant",
                                 code="E-range")
            return ir.Const(e.value, loc=loc)
        if isinstance(e, ast.Name):
            return ir.Name(e.id, loc=loc)
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.MatMult):
            return ir.Intrinsic("matmul", (self.expr(e.left), self.expr(e.right)), loc=loc)
        if isinstance(e, ast.BinOp):
            op = _BINOPS.get(type(e.op))
            if op is None and type(e.op) in BITWISE:
                return ir.Intrinsic(BITWISE[type(e.op)], (self.expr(e.left),
                                                          self.expr(e.right)), loc=loc)
            if op is None:
                raise self.bad_operator(e, e.left, e.right, e.op)
            return ir.BinOp(op, self.expr(e.left), self.expr(e.right), loc=loc)
        if isinstance(e, ast.UnaryOp):
            ops = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not"}
            if isinstance(e.op, ast.Invert):
                return ir.Intrinsic("bitnot", (self.expr(e.operand),), loc=loc)
            operand = self.expr(e.operand)
            if ops[type(e.op)] == "-" and isinstance(operand, ir.Const) \
                    and not isinstance(operand.value, bool | str):
                return ir.Const(-operand.value, loc=loc)  # type: ignore[operator]
            return ir.UnaryOp(ops[type(e.op)], operand, loc=loc)
        if isinstance(e, ast.BoolOp):
            return ir.BoolOp("and" if isinstance(e.op, ast.And) else "or",
                             tuple(self.expr(v) for v in e.values), loc=loc)
        if isinstance(e, ast.Compare):
            return self.compare(e)
        if isinstance(e, ast.IfExp):
            return ir.IfExp(self.expr(e.test), self.expr(e.body), self.expr(e.orelse), loc=loc)
        if isinstance(e, ast.Call):
            return self.call(e)
        if isinstance(e, ast.Subscript):
            return self.subscript(e)
        if isinstance(e, ast.Attribute):
            return self.attribute(e)
        if isinstance(e, ast.Tuple):
            raise self.unsupported(e, "a tuple value")
        raise self.unsupported(e)

    def bad_operator(self, node: ast.AST, left: ast.AST, right: ast.AST, op: ast.operator,
                     suffix: str = "") -> TranspileError:
        """An operator without a translation, named and located as written."""
        text = OPERATOR_TEXT.get(type(op), type(op).__name__)
        loc = operator_loc(self.m.source, self.m.filename, left, right, text + suffix)
        return TranspileError(loc or self.loc(node),
                              msg.UNSUPPORTED.format(what=f"operator '{text}{suffix}'"),
                              code="E-unsupported", source=self.m.source)

    def compare(self, e: ast.Compare) -> ir.Expr:
        parts: list[ir.Expr] = []
        left = self.expr(e.left)
        for op, comp in zip(e.ops, e.comparators, strict=True):
            if type(op) not in _CMPOPS:
                raise self.unsupported(e, f"comparison '{type(op).__name__.lower()}'")
            right = self.expr(comp)
            parts.append(ir.Compare(_CMPOPS[type(op)], left, right, loc=self.loc(e)))
            left = right
        return parts[0] if len(parts) == 1 else ir.BoolOp("and", tuple(parts), loc=self.loc(e))


def _const_int(e: ir.Expr) -> int | None:
    if isinstance(e, ir.Const) and isinstance(e.value, int) and not isinstance(e.value, bool):
        return e.value
    return None


def _add(e: ir.Expr, k: int) -> ir.Expr:
    """e + k, folded when e is a constant or already `x + c`."""
    if k == 0:
        return e
    c = _const_int(e)
    if c is not None:
        return ir.Const(c + k, loc=e.loc)
    if isinstance(e, ir.BinOp) and e.op in "+-" and _const_int(e.right) is not None:
        total = (_const_int(e.right) or 0) * (1 if e.op == "+" else -1) + k
        if total == 0:
            return e.left
        return ir.BinOp("+" if total > 0 else "-", e.left, ir.Const(abs(total), loc=e.loc),
                        loc=e.loc)
    return ir.BinOp("+" if k > 0 else "-", e, ir.Const(abs(k), loc=e.loc), loc=e.loc)

