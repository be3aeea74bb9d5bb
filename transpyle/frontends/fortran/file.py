"""Fortran frontend, one source file: fparser2 (std f2008; fixed form F77 and free form F90+)
-> IR.

`parse_fortran(source, filename)` lowers one source file into one IR module: its programs,
subroutines and functions (module procedures and internal procedures included) become
FunctionDefs with `kind` set, module variables become module declarations, derived types
`TypeDef`s. Comments are kept. The frontend types every expression (Fortran's own rules, see
`exprs`); the split of the work (modules of this package):

  scope    symbols, IMPLICIT rules          decls       specification parts
  stmts    execution parts                  exprs       expressions
  constructs  DO/IF/SELECT/... blocks       intrinsics  intrinsic functions and subroutines
  io_stmts  READ/WRITE/OPEN/...             source      fixed form, Holleriths, tabs
  limits    what fparser mis-reads, refused where it would
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.fortran import entries as entry_points
from transpyle.frontends.fortran.decls import DeclLowering, comment_text, loc_from
from transpyle.frontends.fortran.exprs import ExprLowering, fold
from transpyle.frontends.fortran.interfaces import Interfaces
from transpyle.frontends.fortran.limits import check_operators, check_strings, fparser_exits
from transpyle.frontends.fortran.scope import Scope, module_scope, used_modules
from transpyle.frontends.fortran.source import fixed_tabs, prepare_source
from transpyle.frontends.fortran.stmts import StmtLowering
from transpyle.ir import nodes as ir
from transpyle.ir.types import Character, Type, Void
from transpyle.ir.visitor import walk

FIXED_SUFFIXES = (".f", ".for", ".f77", ".ftn")
FREE_SUFFIXES = (".f90", ".f95", ".f03", ".f08")
_UNITS = {"Main_Program": "program", "Main_Program0": "program",
          "Subroutine_Subprogram": "subroutine", "Function_Subprogram": "function",
          "Block_Data": "blockdata"}
_PENDING_RESULT = "%result"
_HEADERS = ("Program_Stmt", "Subroutine_Stmt", "Function_Stmt", "Block_Data_Stmt")
_INTERNAL_ERRORS = (AttributeError, TypeError, ValueError, KeyError, IndexError,
                    AssertionError, StopIteration)


@functools.cache
def _parser() -> Any:
    from fparser.two.parser import ParserFactory  # type: ignore[import-untyped]
    from transpyle.frontends.fortran import fparser_fixes
    parser = ParserFactory().create(std="f2008")
    fparser_fixes.apply()
    return parser


def is_free_form(source: str, filename: str) -> bool:
    """Free or fixed form: a free-form suffix decides; otherwise the content, as fparser's
    reader does (a fixed-form suffix with free-form content reads as free form)."""
    from fparser.common.sourceinfo import get_source_info_str  # type: ignore[import-untyped]
    if Path(filename).suffix.lower() in FREE_SUFFIXES:
        return True
    return bool(get_source_info_str(fixed_tabs(source)).is_free)  # `10<TAB>X = 1` is fixed


def parse_tree(source: str, filename: str) -> Any:
    """fparser's parse tree of `source` (the parse alone, as the benchmark times it)."""
    from fparser.common.readfortran import FortranStringReader  # type: ignore[import-untyped]
    from fparser.common.sourceinfo import FortranFormat  # type: ignore[import-untyped]
    from fparser.two.utils import FortranSyntaxError  # type: ignore[import-untyped]
    folder = str(Path(filename).parent) if filename and not filename.startswith("<") else "."
    free = is_free_form(source, filename)
    check_operators(source, free, filename)
    prepared = prepare_source(source, free)
    reader = FortranStringReader(prepared, ignore_comments=False, include_dirs=[folder])
    reader.set_format(FortranFormat(free, False))
    try:
        with fparser_exits(filename, source):
            tree = _parser()(reader)
    except FortranSyntaxError as err:
        plain = prepare_source(source, free, main=False)  # PROGRAM MAIN put in a wrong place?
        if plain == prepared:
            raise _syntax_error(str(err), filename, source) from None
        reader = FortranStringReader(plain, ignore_comments=False, include_dirs=[folder])
        reader.set_format(FortranFormat(free, False))
        try:
            with fparser_exits(filename, source):
                tree = _parser()(reader)
        except FortranSyntaxError as plain_err:  # the error in the user's own text
            raise _syntax_error(str(plain_err), filename, source) from None
    except _INTERNAL_ERRORS as err:  # fparser's own failures on odd input
        raise TranspileError(SourceLoc(filename, 1, 1), f"fparser failed: {err}",
                             code="E-syntax", source=source) from None
    if tree is None:
        raise TranspileError(SourceLoc(filename, 1, 1), "no Fortran program units found",
                             code="E-syntax", source=source)
    return tree


def _syntax_error(text: str, filename: str, source: str) -> TranspileError:
    match = re.search(r"line (\d+)", text)
    line = int(match.group(1)) if match else 1
    detail = text.split("\n", 1)[1].strip() if "\n" in text else text
    return TranspileError(SourceLoc(filename, line, 1), f"Fortran syntax error: {detail}",
                          code="E-syntax", source=source)


def parse_fortran(source: str, filename: str = "<string>",
                  modules: Mapping[str, ir.Module] | None = None) -> ir.Module:
    """Parse and lower one Fortran source file; TranspileError names file:line on failure.

    `modules` gives the Fortran modules of other files that this one may USE, by module name
    (the IR module of a file that holds one Fortran module is named after it): their
    variables, constants, types and procedures are then known here. A USE of a module of
    neither this file nor `modules` is recorded in `Module.uses` and its names stay unknown.
    """
    tree = parse_tree(source, filename)
    lowering = _FileLowering(filename, source)
    used = used_modules(source, modules or {})
    for name, other in (modules or {}).items():
        if name.lower() not in used:
            continue
        lowering.module_scopes[name.lower()] = module_scope(other, lowering.procs)
        lowering.interfaces.known(other)
    try:
        module = lowering.lower(tree)
        check_strings(module, source)
        return module
    except TranspileError as err:
        if err.source is None:
            err.source = source
        raise
    except _INTERNAL_ERRORS as err:
        raise TranspileError(lowering.loc, f"unsupported construct ({type(err).__name__}: "
                             f"{err})", code="E-fortran", source=source) from None


@dataclasses.dataclass
class _Unit:
    node: Any
    scope: Scope
    decls: DeclLowering
    x: ExprLowering
    entries: list[entry_points.Entry] = dataclasses.field(default_factory=list)  # ENTRY points


def _host_constants(scope: Scope) -> tuple[ir.VarDecl, ...]:
    """The PARAMETERs of a host procedure an internal procedure uses (and those their values
    name), copied into it: the internal procedure may be emitted outside its host."""
    if scope.host is None or scope.host.kind == "module":
        return ()
    host = scope.host
    out: dict[str, ir.VarDecl | None] = {}

    def add(name: str) -> None:  # the constants a value names first
        sym = host.find(name)
        if sym is None or not sym.constant or name in scope.symbols or name in out or \
                sym.type is None:
            return
        out[name] = None
        for n in walk(sym.init) if sym.init is not None else ():
            if isinstance(n, ir.Name):
                add(n.id)
        del out[name]
        out[name] = sym.decl()

    for name in sorted(scope.host_refs):
        add(name)
    return tuple(d for d in out.values() if d is not None)


def _constant(scope: Scope, e: ir.Expr | None) -> bool:
    """An array bound known when the unit is entered: a constant expression."""
    for n in walk(e) if e is not None else ():
        if isinstance(n, ir.Name):
            sym = scope.find(n.id)
            if sym is None or not sym.constant:
                return False
        elif isinstance(n, ir.Call):
            return False
    return True


class _FileLowering:
    def __init__(self, filename: str, source: str) -> None:
        self.filename = filename
        self.lines = source.splitlines()
        self.loc = SourceLoc(filename, 1, 1)
        self.procs: dict[str, Type] = {}
        self.units: list[_Unit] = []
        self.modules: list[Scope] = []
        self.module_scopes: dict[str, Scope] = {}
        self.body: list[ir.FunctionDef | ir.Comment] = []
        self.interfaces = Interfaces()

    def loc_of(self, node: Any) -> SourceLoc:
        while getattr(node, "item", None) is None and getattr(node, "content", None):
            node = node.content[0]
        if getattr(node, "item", None) is not None:  # else: the last statement's location
            self.loc = loc_from(self.filename, self.lines, node)
        return self.loc

    def lower(self, tree: Any) -> ir.Module:
        pending: list[Any] = []
        for node in tree.content:
            kind = type(node).__name__
            if kind == "Comment":
                pending.append(node)
            elif kind == "Module":
                self.module(node)
            elif kind in _UNITS:
                self.declare_unit(node, _UNITS[kind], None)
            else:
                self.loc_of(node)
                raise TranspileError(self.loc, f"{kind.replace('_', ' ')} is not supported",
                                     code="E-fortran")
            self.comments_before(pending, node)
            pending = []
        # hosts first: a name a host types implicitly is its own in its internal procedures
        order = sorted(range(len(self.units)), key=lambda k: _internal(self.units[k].scope))
        lowered: dict[int, list[ir.FunctionDef | ir.Comment]] = {}
        for k in order:
            start = len(self.body)
            self.lower_unit(self.units[k])  # appends the unit's FunctionDefs
            lowered[k], self.body[start:] = self.body[start:], []
        for k in range(len(self.units)):
            self.body += lowered[k]
        return self.module_ir(tree)

    def comments_before(self, comments: list[Any], node: Any) -> None:
        for c in comments:
            text = comment_text(str(c))
            if text is not None:
                self.body.append(ir.Comment(text, loc=self.loc_of(c)))

    def module(self, node: Any) -> None:
        scope = Scope(str(node.content[0].items[1]).lower(), "module", self.loc_of(node))
        x = ExprLowering(scope, self.procs, scope.loc)
        x.interfaces = self.interfaces
        decls = DeclLowering(scope, x, self.loc_of, self.module_scopes)
        for part in node.content[1:]:
            kind = type(part).__name__
            if kind == "Specification_Part":
                decls.read(part)
            elif kind == "Module_Subprogram_Part":
                for sub in part.content:
                    if type(sub).__name__ in _UNITS:
                        self.declare_unit(sub, _UNITS[type(sub).__name__], scope)
            elif kind not in ("End_Module_Stmt", "Comment"):
                raise TranspileError(self.loc_of(part), f"{kind} in a module is not supported",
                                     code="E-fortran")
        decls.finish()
        if scope.commons:  # its members would be module variables apart from the block's
            block = next(iter(scope.commons))
            raise TranspileError(scope.loc, f"COMMON /{block or ''}/ in the specification part "
                                 f"of module {scope.name} is not supported",
                                 hint="declare the block in the procedures that use it",
                                 code="E-fortran")
        shared = next((s for s in scope.symbols.values() if s.equivalence is not None), None)
        if shared is not None:  # its storage association was dropped
            raise TranspileError(shared.loc, f"EQUIVALENCE in a module ('{shared.name}') is "
                                 "not supported", code="E-fortran")
        self.modules.append(scope)
        self.module_scopes[scope.name] = scope

    def declare_unit(self, node: Any, kind: str, host: Scope | None) -> None:
        """Phase 1: a unit's name, arguments and declarations (so calls can be typed)."""
        lead = [c for c in node.content if type(c).__name__ == "Comment"]
        head = next(c for c in node.content if type(c).__name__ != "Comment")
        lead = lead[:node.content.index(head)]
        loc = self.loc_of(head)
        if kind == "program":
            name = str(head.items[1]).lower() if type(head).__name__ == "Program_Stmt" \
                else "main"
        elif kind == "blockdata":
            name = str(head.items[0]).lower() if head.items[0] is not None else "blockdata"
        else:
            name = str(head.items[1]).lower()
        scope = Scope(name, kind, loc, host=host)
        if (_internal(scope) and name in self.procs) or any(
                u.scope.name == name and (_internal(u.scope) or _internal(scope))
                for u in self.units):
            raise TranspileError(loc, f"two procedures of this file are named {name}",
                                 hint="rename one of the internal procedures",
                                 code="E-fortran")
        if kind in ("subroutine", "function") and head.items[2] is not None:
            scope.args = [str(a).lower() for a in head.items[2].items]
            if "*" in scope.args:
                raise TranspileError(loc, "alternate return arguments are not supported",
                                     code="E-fortran")
        x = ExprLowering(scope, self.procs, loc)
        x.interfaces = self.interfaces
        decls = DeclLowering(scope, x, self.loc_of, self.module_scopes)
        for c in lead:
            decls.d_Comment(c)
        if kind == "function":
            self.function_result(scope, head, decls)
        first = node.content.index(head)  # a main program without PROGRAM starts with its
        if type(head).__name__ in _HEADERS:  # declarations
            first += 1
        for part in node.content[first:]:
            pname = type(part).__name__
            if pname == "Specification_Part":
                decls.read(part)
            elif pname == "Internal_Subprogram_Part":
                for sub in part.content:
                    if type(sub).__name__ in _UNITS:
                        self.declare_unit(sub, _UNITS[type(sub).__name__], scope)
            elif pname == "Execution_Part":
                self.block_declarations(part, scope, decls)
                from fparser.two.utils import walk as fwalk  # type: ignore[import-untyped]
                for data in fwalk(part.content, fwalk_types("Data_Stmt")):
                    decls.d_Data_Stmt(data)  # DATA among the executable statements: initial
        entries = entry_points.read_entries(scope, node, self.loc_of)
        for arg in scope.args:
            scope.declare(arg, loc).is_arg = True
        decls.finish()
        if scope.result == _PENDING_RESULT:
            self.name_result(scope)
        if entries and kind == "function":
            entry_points.associate_results(scope, entries, loc)
        self.interfaces.declare(scope)
        for e in entries:  # each entry point its own signature, the master procedure its own
            self.interfaces.entry(scope, e.name, e.args)
        if entries:
            self.interfaces.entry(scope, f"{name}_entries", tuple(scope.args))
        if kind == "function":
            assert scope.result is not None
            res = scope.lookup(scope.result, loc)
            if isinstance(res.type, Character) and res.type.length is None and not (
                    res.allocatable or res.pointer or res.dims is not None):
                raise TranspileError(loc, f"the CHARACTER result of {name} takes its length "
                                     "from the caller (*) or from an expression: not "
                                     "supported", hint="give the result a constant length",
                                     code="E-fortran")
            self.procs[name] = res.ir_type()
        else:
            self.procs[name] = Void()
        for e in entries:  # a function's entries return what it returns
            self.procs[e.name] = self.procs[name]
        self.units.append(_Unit(node, scope, decls, x, entries))

    def block_declarations(self, execution: Any, scope: Scope, decls: DeclLowering) -> None:
        """The declarations of BLOCK constructs are read as the unit's (a name the unit
        declares too is refused: the block's would shadow it)."""
        from fparser.two.utils import walk as fwalk  # type: ignore[import-untyped]
        for block in fwalk(execution.content, fwalk_types("Block_Construct")):
            spec = next((p for p in block.content
                         if type(p).__name__ == "Specification_Part"), None)
            if spec is None:
                continue
            for entity in fwalk(spec.content, fwalk_types("Entity_Decl")):
                name = str(entity.items[0]).lower()
                if scope.find(name) is not None or name in scope.args:
                    raise TranspileError(self.loc_of(spec), f"BLOCK declares '{name}', "
                                         "which its host also declares: not supported",
                                         hint="rename the block's variable",
                                         code="E-fortran")
            decls.read(spec)
            for entity in fwalk(spec.content, fwalk_types("Entity_Decl")):
                sym = scope.find(str(entity.items[0]).lower())
                if sym is not None and sym.dims is not None and not all(
                        _constant(scope, b) for d in sym.dims for b in (d.lower, d.upper)):
                    raise TranspileError(self.loc_of(spec), f"BLOCK declares the automatic "
                                         f"array '{sym.name}', whose extents are taken when "
                                         "the block is entered: not supported",
                                         hint="declare it ALLOCATABLE and allocate it in "
                                         "the block", code="E-fortran")

    def function_result(self, scope: Scope, head: Any, decls: DeclLowering) -> None:
        prefix, _, _, suffix = head.items
        result = str(suffix.items[0]).lower() if suffix is not None else None
        if result is None:  # the function's name is its result variable: renamed once the
            result = _PENDING_RESULT  # declarations are read (to a name they leave free)
            scope.aliases[scope.name] = result
        scope.result = result
        sym = scope.declare(result, scope.loc)
        for item in (prefix.items if prefix is not None else ()):
            if type(item).__name__ in ("Intrinsic_Type_Spec", "Declaration_Type_Spec"):
                sym.type = decls.type_of(item)
            elif str(item).upper() == "RECURSIVE":
                scope.recursive = True
            elif str(item).upper() not in ("PURE", "ELEMENTAL"):
                raise TranspileError(scope.loc, f"function prefix {item} is not supported",
                                     code="E-fortran")

    def statement_functions(self, unit: _Unit, parts: list[Any]) -> list[Any]:
        """Leading `F(X, Y) = expr` lines whose F is no array are statement functions: they
        are expanded where they are called (fparser reads them as assignments)."""
        scope = unit.scope
        k = 0
        while k < len(parts):
            node = parts[k]
            kind = type(node).__name__
            if kind == "Comment":
                k += 1
                continue
            if kind == "Data_Stmt":  # read with the declarations (SLSQP's hfti has one here)
                k += 1
                continue
            if kind != "Assignment_Stmt" or type(node.items[0]).__name__ != "Part_Ref":
                break
            name = str(node.items[0].items[0]).lower()
            sym = scope.find(name)
            dummies = node.items[0].items[1].items
            if (sym is not None and (sym.dims is not None or isinstance(sym.type, Character)
                                     or sym.is_arg)) \
                    or not all(type(d).__name__ == "Name" for d in dummies):
                break
            self.loc_of(node)
            result = sym.type if sym is not None and sym.type is not None else \
                scope.implicit_type(name, self.loc)
            scope.symbols.pop(name, None)
            unit.x.stmt_funcs[name] = ([str(d).lower() for d in dummies], result,
                                       node.items[2])
            del parts[k]
        return parts

    @staticmethod
    def name_result(scope: Scope) -> None:
        name = "result"
        while name in scope.symbols or name in scope.args:
            name = f"{scope.name}_{name}"
        sym = scope.symbols.pop(_PENDING_RESULT)
        sym.name = name
        scope.symbols[name] = sym
        scope.aliases[scope.name] = scope.result = name

    def lower_unit(self, unit: _Unit) -> None:
        """Phase 2: the execution part."""
        scope, node = unit.scope, unit.node
        formats = dict(unit.decls.formats)
        execution = next((p for p in node.content if type(p).__name__ == "Execution_Part"),
                         None)
        parts = execution.content if execution is not None else []
        parts = self.statement_functions(unit, list(parts))
        from fparser.two.utils import walk as fwalk  # type: ignore[import-untyped]
        for n in fwalk(parts):
            kind = type(n).__name__
            if kind == "Format_Stmt":
                formats[str(n.item.label)] = str(n.items[1])
            elif kind == "Call_Stmt":
                sym = scope.find(str(n.items[0]))
                if sym is not None and sym.is_arg and sym.type is None and sym.dims is None:
                    sym.external = True  # F77: a dummy that is CALLed is a dummy procedure
                if sym is not None and sym.external:
                    sym.type = Void()
            elif kind == "Allocate_Stmt" and n.items[1] is not None:
                for allocation in n.items[1].items:
                    self.allocated_bounds(unit, allocation, n)
        stmts = StmtLowering(scope, unit.x, formats, self.loc_of)
        stmts.entry_labels = {e.name: e.label for e in unit.entries[1:]}
        leading = entry_points.leading_labels(unit.entries, scope.loc)
        body: list[ir.Stmt] = [*unit.decls.comments, *leading, *stmts.block(parts)]
        passed = getattr(unit.decls, "intrinsic_names", set())
        for n in (n for s in body if passed for n in walk(s)
                  if isinstance(n, ir.Call | ir.CallStmt)):
            for a in n.args:
                if isinstance(a, ir.Name) and a.id in passed:
                    raise TranspileError(n.loc, f"the intrinsic {a.id.upper()} passed as an "
                                         "argument is not supported", code="E-fortran")
        end = node.content[-1]
        end_label = getattr(getattr(end, "item", None), "label", None)
        if end_label is not None:
            body.append(ir.Label(str(end_label), loc=self.loc_of(end)))
        if scope.kind == "function" and not (body and isinstance(body[-1], ir.Return)):
            self.loc_of(end)
            body.append(stmts.return_stmt())
        body = _prune_labels(body, self.loc, {e.label for e in unit.entries[1:]})
        fdef = self.function_def(scope, tuple(body))
        head = next(c for c in node.content if type(c).__name__ != "Comment")  # blank lines
        prefix = re.split(r"\b(?:SUBROUTINE|FUNCTION)\b", str(head).upper())[0]
        fdef = dataclasses.replace(fdef, elemental="ELEMENTAL" in prefix.split())
        self.body += entry_points.entry_procedures(fdef, unit.entries) if unit.entries \
            else [fdef]

    def allocated_bounds(self, unit: _Unit, node: Any, stmt: Any) -> None:
        """An allocatable's lower bounds are those its ALLOCATE gives (constants, the same at
        every ALLOCATE), so that they can live in its type (`allocate(b, source=a)`: as
        `b = a`)."""
        if type(node).__name__ != "Allocation":
            return
        sym = unit.scope.find(str(node.items[0]))
        if sym is None or not sym.allocatable or sym.dims is None:
            return
        unit.x.loc = self.loc_of(stmt)
        lows = []
        for spec in node.items[1].items:
            lo = spec.items[0]
            value = fold(unit.x.expr(lo), unit.scope) if lo is not None else 1
            if not isinstance(value, int):
                raise TranspileError(unit.x.loc, "ALLOCATE with a lower bound that is not a "
                                     "constant is not supported", code="E-fortran")
            lows.append(value)
        if sym.allocated_lower and sym.lower != tuple(lows):
            raise TranspileError(unit.x.loc, f"'{sym.name}' is allocated with different lower "
                                 "bounds in different places", code="E-fortran")
        sym.lower = tuple(lows)
        sym.allocated_lower = True

    def function_def(self, scope: Scope, body: tuple[ir.Stmt, ...]) -> ir.FunctionDef:
        host = scope.host.name if scope.host is not None and scope.host.kind != "module" \
            else None
        for sym in scope.symbols.values():
            if sym.type is None and sym.external and sym.name not in self.procs and (
                    scope.implicit is None or sym.name[0] not in scope.implicit):
                sym.type = Void()  # IMPLICIT NONE: an EXTERNAL without a type is a subroutine
            if sym.type is None:
                sym.type = self.procs[sym.name] if sym.external and sym.name in self.procs \
                    else scope.implicit_type(sym.name, sym.loc)
        params = tuple(scope.symbols[a].decl() for a in scope.args)
        locals_ = tuple(s.decl() for s in scope.symbols.values()
                        if not s.is_arg and not (s.external and s.name in self.procs))
        locals_ += _host_constants(scope)
        returns: Type = Void()
        if scope.kind == "function":
            assert scope.result is not None
            returns = scope.symbols[scope.result].ir_type()
        return ir.FunctionDef(scope.name, params, returns, body, locals_,
                              recursive=scope.recursive, kind=scope.kind, host=host,
                              loc=scope.loc)

    def module_ir(self, tree: Any) -> ir.Module:
        names = {m.name for m in self.modules}
        decls: list[ir.VarDecl] = []
        types: dict[str, ir.TypeDef] = {}
        uses: list[str] = []
        for scope in [*self.modules, *(u.scope for u in self.units)]:
            if scope.kind == "module":
                decls += [s.decl() for s in scope.symbols.values()]
            for tname, tdef in scope.types.items():
                if tname in types and types[tname] != tdef:
                    raise TranspileError(tdef.loc, f"two different types named {tname}",
                                         code="E-fortran")
                types[tname] = tdef
            uses += [u for u in scope.uses if u not in names and u not in uses]
        stem = Path(self.filename).stem
        name = self.modules[0].name if len(self.modules) == 1 and not any(
            u.scope.host is None for u in self.units) else _identifier(stem)
        taken = {u.scope.name for u in self.units} | {
            b for s in (*self.modules, *(u.scope for u in self.units)) for b in s.commons}
        while name in taken:
            name += "_mod"
        generics = tuple((k, tuple(v)) for k, v in self.interfaces.generics.items()
                         if k not in self.interfaces.imported)
        return ir.Module(name, tuple(self.body), tuple(decls), tuple(types.values()),
                         tuple(uses), generics, loc=SourceLoc(self.filename, 1, 1))


def _internal(scope: Scope) -> bool:
    return scope.host is not None and scope.host.kind != "module"


def fwalk_types(name: str) -> type:
    """The fparser2 node class called `name` (to walk for it)."""
    from fparser.two import Fortran2003, Fortran2008  # type: ignore[import-untyped]
    return getattr(Fortran2008, name, None) or getattr(Fortran2003, name)


def _identifier(stem: str) -> str:
    clean = "".join(ch if ch.isalnum() else "_" for ch in stem.lower())
    return clean if clean and clean[0].isalpha() else f"m_{clean}"


def _prune_labels(body: list[ir.Stmt], loc: SourceLoc,
                  keep: set[str] | None = None) -> list[ir.Stmt]:
    """Drop labels no GOTO names (but `keep`); a GOTO to a label that is not there is an
    error."""
    holder = ir.While(ir.Const(True, loc=loc), tuple(body), loc=loc)
    gotos: list[ir.Goto] = []
    present: set[str] = set()
    for n in walk(holder):
        if isinstance(n, ir.Goto):
            gotos.append(n)
        elif isinstance(n, ir.Label):
            present.add(n.label)
    targets = {n.label for n in gotos} | (keep or set())
    for n in gotos:
        if n.label not in present:
            raise TranspileError(n.loc, f"GOTO {n.label}: no statement has that label, or it "
                                 "labels a statement that cannot be jumped to",
                                 code="E-fortran")
    return _drop_labels(body, targets)


def _drop_labels(body: list[ir.Stmt] | tuple[ir.Stmt, ...], keep: set[str]) -> list[ir.Stmt]:
    out: list[ir.Stmt] = []
    for s in body:
        if isinstance(s, ir.Label) and s.label not in keep:
            continue
        if isinstance(s, ir.For | ir.While):
            s = dataclasses.replace(s, body=tuple(_drop_labels(s.body, keep)))
        elif isinstance(s, ir.If | ir.Where):
            s = dataclasses.replace(s, body=tuple(_drop_labels(s.body, keep)),
                                    orelse=tuple(_drop_labels(s.orelse, keep)))
        elif isinstance(s, ir.Select):
            s = dataclasses.replace(s, cases=tuple(dataclasses.replace(
                c, body=tuple(_drop_labels(c.body, keep))) for c in s.cases))
        out.append(s)
    return out
