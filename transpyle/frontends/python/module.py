"""Python frontend: the standard library's `ast` (plus `tokenize` for comments) -> IR.

The module's lowering: its imports, constants, type aliases and functions (each lowered by
function.py's FunctionLowering). The frontend lowers syntax; it does not type. It converts
Python's meanings to the IR's: `range` stops become inclusive, slice stops inclusive, negative
constant indices count from the end, `//` and `%` keep their flooring meaning as the IR's `//`
and `%` operators.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterable, Mapping

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.python.builtins_calls import rewrite_builtins
from transpyle.frontends.python.discard import returns_value
from transpyle.frontends.python.function import FunctionLowering
from transpyle.frontends.python.hints import HintReader, type_alias
from transpyle.frontends.python.hoist import Synthesised, hoist_nested, specialise_function_args
from transpyle.frontends.python.optional import rewrite_optionals
from transpyle.frontends.python.source import (
    module_aliases,
    module_constant,
    module_name_of,
    read_comments,
)
from transpyle.frontends.python.tuple_lists import tuples_as_lists
from transpyle.frontends.python.tuple_values import tuple_values
from transpyle.frontends.python.tuples import tuple_arities
from transpyle.ir import nodes as ir
from transpyle.ir.visitor import walk


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
    lowering = ModuleLowering(source, filename, tree)
    lowering.exits = dict(exits or {})
    return lowering.lower(name, only, linked or {})


def frontend_refusals(source: str, filename: str) -> dict[str, TranspileError]:
    """What the frontend refuses in each top-level function, each lowered on its own (the
    command line on a whole module finds them in one pass). A syntax error: none here."""
    try:
        tree = ast.parse(source, filename=filename, type_comments=True)
    except SyntaxError:
        return {}
    lowering = ModuleLowering(source, filename, tree)
    out: dict[str, TranspileError] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef):
            try:
                lowering.lower(module_name_of(filename), [stmt.name])
            except TranspileError as err:
                out[stmt.name] = err
    return out


class ModuleLowering:
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
            body.append(FunctionLowering(self, f, names).lower())
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
