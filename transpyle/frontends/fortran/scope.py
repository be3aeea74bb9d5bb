"""Symbols and scopes of the Fortran frontend: what a name means inside one program unit.

A `Scope` is filled by the declaration lowering (`decls`) and read by the statement and
expression lowering; names used without a declaration get their type from the unit's IMPLICIT
rules (default: I-N integer, the rest real) when first seen, and become locals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Integer, Procedure, Real, Record, Type

DEFAULT_IMPLICIT: dict[str, Type] = {
    ch: (Integer(4) if "i" <= ch <= "n" else Real(4)) for ch in "abcdefghijklmnopqrstuvwxyz"
}


@dataclass
class Symbol:
    """A variable, named constant or dummy procedure, as declared so far (mutable while the
    declarations are read)."""

    name: str
    loc: SourceLoc
    type: Type | None = None  # the scalar (element) type; None: from the IMPLICIT rules
    dims: tuple[ir.Dim, ...] | None = None  # None: a scalar
    lower: tuple[int, ...] | None = None  # constant lower bounds, one per dimension
    deferred: bool = False  # assumed-shape or deferred-shape: extents are not declared
    intent: str | None = None
    allocatable: bool = False
    constant: bool = False
    init: ir.Expr | None = None
    saved: bool = False
    common: str | None = None
    external: bool = False
    is_arg: bool = False
    allocated_lower: bool = False  # `lower` comes from an ALLOCATE
    value: bool = False  # VALUE dummy argument
    optional: bool = False  # OPTIONAL dummy argument
    # per dimension, a lower bound that is no constant (`a(n0:n1)`): the array is declared
    # 1-based (extent n1 - n0 + 1) and every subscript i of it is lowered as i - n0 + 1
    shifts: tuple[ir.Expr | None, ...] | None = None
    equivalence: tuple[str, int] | None = None  # EQUIVALENCE group, byte offset
    pointer: bool = False  # POINTER (of derived type, or an array)
    polymorphic: bool = False  # declared CLASS(t)

    def ir_type(self) -> Type:
        assert self.type is not None, self.name
        if self.external:
            return Procedure(self.type)
        if self.dims is None:
            return self.type
        rank = len(self.dims)
        lower = self.lower if self.lower is not None else (1,) * rank
        return Array(self.type, rank, "F", lower)  # type: ignore[arg-type]

    def decl(self) -> ir.VarDecl:
        shape = None if self.dims is None or self.deferred else self.dims
        return ir.VarDecl(self.name, self.ir_type(), intent=self.intent, shape=shape,
                          allocatable=self.allocatable, value=self.value, init=self.init,
                          constant=self.constant, saved=self.saved, common=self.common,
                          optional=self.optional, equivalence=self.equivalence,
                          pointer=self.pointer, loc=self.loc)


@dataclass
class Scope:
    """The names of one program unit (or of a module's specification part)."""

    name: str
    kind: str  # "program" | "subroutine" | "function" | "module"
    loc: SourceLoc
    args: list[str] = field(default_factory=list)
    result: str | None = None  # a function's result variable
    symbols: dict[str, Symbol] = field(default_factory=dict)
    implicit: dict[str, Type] | None = field(default_factory=lambda: dict(DEFAULT_IMPLICIT))
    host: Scope | None = None  # the module whose variables this unit sees
    commons: dict[str, list[str]] = field(default_factory=dict)  # block -> members in order
    types: dict[str, ir.TypeDef] = field(default_factory=dict)
    # type -> binding name -> (procedure, NOPASS): its type-bound procedures (`types.py`)
    bindings: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)
    namelists: dict[str, list[str]] = field(default_factory=dict)  # group -> objects
    uses: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # function name -> result variable
    recursive: bool = False
    host_refs: set[str] = field(default_factory=set)  # variables of a host procedure used
    imports: list[Scope] = field(default_factory=list)  # modules of this file it USEs
    external: bool = False  # a module of another file (see `module_scope`)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    def declare(self, name: str, loc: SourceLoc) -> Symbol:
        name = name.lower()
        name = self.aliases.get(name, name)
        sym = self.symbols.get(name)
        if sym is None:
            sym = self.symbols[name] = Symbol(name, loc, is_arg=name in self.args)
        return sym

    def find(self, name: str) -> Symbol | None:
        name = name.lower()
        name = self.aliases.get(name, name)
        for scope in self.visible():
            if name in scope.symbols:
                sym = scope.symbols[name]
                if scope is not self and scope.kind != "module" and not sym.external:
                    self.host_refs.add(name)
                return sym
        return None

    def visible(self) -> list[Scope]:
        """This scope, the modules it uses (and theirs), then its host's."""
        out: list[Scope] = []
        scope: Scope | None = self
        while scope is not None:
            stack = [scope]
            while stack:
                s = stack.pop()
                if s not in out:
                    out.append(s)
                    stack += reversed(s.imports)
            scope = scope.host
        return out

    def implicit_type(self, name: str, loc: SourceLoc) -> Type:
        rules = self.implicit
        if rules is None or name[0] not in rules:
            raise TranspileError(loc, f"'{name}' has no type (IMPLICIT NONE is in effect)",
                                 hint="declare it", code="E-fortran")
        return rules[name[0]]

    def lookup(self, name: str, loc: SourceLoc) -> Symbol:
        """The symbol `name` names; an undeclared name becomes an implicitly typed local."""
        sym = self.find(name)
        if sym is None:
            sym = self.declare(name, loc)
        if sym.type is None:
            sym.type = self.implicit_type(sym.name, loc)
        return sym

    def record_field(self, rec: Record, name: str, loc: SourceLoc) -> ir.VarDecl:
        for scope in self.visible():
            if rec.name in scope.types:
                for f in scope.types[rec.name].fields:
                    if f.name == name:
                        return f
                break
        raise TranspileError(loc, f"type({rec.name}) has no component '{name}'",
                             code="E-fortran")

    def has_type(self, name: str) -> bool:
        return any(name in scope.types for scope in self.visible())


def module_scope(module: ir.Module, procs: dict[str, Type]) -> Scope:
    """The scope a USE of another file's module sees: its declarations and types; its
    procedures' result types go into `procs`."""
    scope = Scope(module.name, "module", module.loc, external=True)
    for d in module.decls:
        t = d.type
        sym = scope.declare(d.name, d.loc)
        sym.type = t.elem if isinstance(t, Array) else t
        if isinstance(t, Array):
            rank = t.rank or 0
            sym.dims = d.shape or tuple(ir.Dim(None, None, loc=d.loc) for _ in range(rank))
            sym.deferred = d.shape is None
            sym.lower = t.lower
        sym.constant, sym.init, sym.saved = d.constant, d.init, d.saved
        sym.allocatable = d.allocatable
    scope.types = {t.name: t for t in module.types}
    scope.bindings = {t.name: {b: (p, n) for b, p, n in t.bindings} for t in module.types}
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind in ("subroutine", "function") \
                and f.returns is not None:
            procs.setdefault(f.name, f.returns)
    return scope


_USE = re.compile(r"^[ \t]*use\b[ \t]*(?:,[^:\n]*::)?[ \t:]*(\w+)", re.IGNORECASE | re.MULTILINE)


def used_modules(source: str, modules: Mapping[str, ir.Module]) -> set[str]:
    """The modules `source` USEs, and those they USE in turn: only their names are seen in
    it (a procedure of an unrelated file's module named like an intrinsic, `sum`, hid it)."""
    known = {name.lower(): m for name, m in modules.items()}
    used: set[str] = set()
    todo = [m.lower() for m in _USE.findall(source)]
    while todo:
        name = todo.pop()
        if name in used:
            continue
        used.add(name)
        other = known.get(name)
        todo.extend(u.lower() for u in (other.uses if other is not None else ()))
    return used
