"""Python backend, legacy state made explicit: COMMON blocks, SAVE/DATA variables, module data.

A COMMON block becomes one module-level namespace (`common_work`) whose members take the names
of the first unit that declares the block; every unit reaches them by position, as Fortran's
storage association does, so `common /work/ a, b` in one unit and `common /work/ x, y` in
another both read `common_work.a` and `common_work.b`. Units that lay a block out differently
(`rls(218), ils(39)` in one, `a, b, c(216), i1, i2(38)` in another) share ONE byte buffer
(`transpyle.runtime.storage.common`), each layout a namespace of views over it: the first
layout is `common_ls`, the next `common_ls_2`, and so on. A unit's SAVE (or DATA-initialised)
locals live in its own namespace (`counter_saved.n`), created once with their initial values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Complex, Integer, Real
from transpyle.ir.visitor import walk

# a tree's COMMON blocks: block name -> its distinct layouts (member lists), first canonical
Blocks = dict[str, list[list[ir.VarDecl]]]


@dataclass
class ModuleState:
    module_vars: set[str] = field(default_factory=set)
    commons: Blocks = field(default_factory=dict)
    saved: dict[str, list[ir.VarDecl]] = field(default_factory=dict)

    @staticmethod
    def common_ns(block: str, layout: int = 0) -> str:
        base = f"common_{block}" if block else "blank_common"
        return base if layout == 0 else f"{base}_{layout + 1}"

    def namespace_names(self) -> set[str]:
        return {self.common_ns(b, k) for b, layouts in self.commons.items()
                for k in range(len(layouts))}

    def namespaces(self, commons: bool = True) -> list[tuple[str, str, list[ir.VarDecl]]]:
        """The SimpleNamespaces: blocks every unit lays out alike, then SAVE variables."""
        out = [(f"COMMON /{b}/" if b else "blank COMMON", self.common_ns(b), layouts[0])
               for b, layouts in self.commons.items() if len(layouts) == 1] if commons else []
        out += [(f"SAVE variables of {f}", f"{f}_saved", members)
                for f, members in self.saved.items()]
        return out

    def storages(self) -> list[tuple[str, list[list[ir.VarDecl]]]]:
        """The blocks laid out differently by different units: one shared buffer each."""
        return [(b, layouts) for b, layouts in self.commons.items() if len(layouts) > 1]

    def renames(self, f: ir.FunctionDef) -> dict[str, str]:
        out: dict[str, str] = {}
        members = unit_commons(f)
        for d in f.locals:
            if d.common is not None:
                mine = members[d.common]
                layouts = self.commons[d.common]
                k = next(i for i, lay in enumerate(layouts) if same_layout(lay, mine))
                position = next(i for i, m in enumerate(mine) if m is d)
                canonical = layouts[k][position].name
                out[d.name] = f"{self.common_ns(d.common, k)}.{canonical}"
            elif is_saved(d) and f.kind != "program":
                out[d.name] = f"{f.name}_saved.{d.name}"
        return out


def is_saved(d: ir.VarDecl) -> bool:
    """SAVE or DATA, outside COMMON and EQUIVALENCE (whose storage keeps the values)."""
    return d.common is None and d.equivalence is None and not d.constant and (
        d.saved or d.init is not None)


def unit_commons(f: ir.FunctionDef) -> dict[str, list[ir.VarDecl]]:
    """The COMMON blocks one unit declares, each with its members in block order."""
    members: dict[str, list[ir.VarDecl]] = {}
    for d in f.locals:
        if d.common is not None:
            members.setdefault(d.common, []).append(d)
    return members


def same_layout(a: list[ir.VarDecl], b: list[ir.VarDecl]) -> bool:
    return len(a) == len(b) and all(x.type == y.type and _extents(x) == _extents(y)
                                    for x, y in zip(a, b, strict=True))


def common_blocks(modules: list[ir.Module]) -> Blocks:
    """Every COMMON block of `modules` with its distinct layouts, in the order units declare
    them (a BLOCK DATA unit first: it gives the initial values, and its names)."""
    blocks: Blocks = {}
    units = [f for m in modules for f in m.functions().values()]
    for f in sorted(units, key=lambda u: u.kind != "blockdata"):
        for block, decls in unit_commons(f).items():
            layouts = blocks.setdefault(block, [])
            match = next((lay for lay in layouts if same_layout(lay, decls)), None)
            if match is None:
                layouts.append(decls)
                continue
            for k, (have, other) in enumerate(zip(match, decls, strict=True)):
                if have.init is None and other.init is not None:  # DATA in another unit
                    match[k] = replace(have, init=other.init)
    for block, layouts in blocks.items():
        if len(layouts) > 1:
            for d in (d for lay in layouts for d in lay):
                _check_storable(block, d)
    return blocks


def _check_storable(block: str, d: ir.VarDecl) -> None:
    """A block seen through several layouts is a byte buffer: numeric members only."""
    t = d.type.elem if isinstance(d.type, Array) else d.type
    sized = not isinstance(d.type, Array) or d.shape is not None and all(
        x.upper is not None for x in d.shape)
    numeric = isinstance(t, Integer) or isinstance(t, Real) and t.kind <= 8 or isinstance(
        t, Complex) and t.kind <= 16
    if numeric and sized:
        return
    raise TranspileError(
        d.loc, f"COMMON /{block}/ is laid out differently by different units, and its member "
        f"'{d.name}' is not a numeric variable of known size: its storage cannot be shared "
        "as bytes", hint="give the block the same members' types and shapes in every unit",
        code="E-unsupported")


def module_state(m: ir.Module, shared: Blocks | None = None) -> ModuleState:
    """The state of one module; `shared` COMMON blocks live in another module (a tree)."""
    state = ModuleState(module_vars={d.name for d in m.decls if not d.constant})
    state.commons = shared if shared is not None else common_blocks([m])
    for f in m.functions().values():
        for d in f.locals:
            if d.common is None and is_saved(d) and f.kind not in ("program", "blockdata"):
                state.saved.setdefault(f.name, []).append(d)  # a program runs once
    return state


def _extents(d: ir.VarDecl) -> object:
    if d.shape is None:
        return None
    return tuple((x.lower, x.upper) for x in d.shape)


def module_constants(members: list[ir.VarDecl], functions: list[ir.FunctionDef],
                     emitted: dict[str, str], value_of: Callable[[ir.VarDecl], str]
                     ) -> list[str]:
    """`NAME = value` lines at module level for the PARAMETERs that `members`' shapes and
    initial values name, each once (`emitted`). The unit that declares the members comes
    first; where two units give one name different values and a module-level line needs
    both, it is refused (ODRPACK's test driver: MAXNQ is 2 in one unit, 3 in another)."""
    wanted = {n.id for d in members for x in (*(d.shape or ()), d.init) if x is not None
              for n in walk(x) if isinstance(n, ir.Name)}
    owners = [f for f in functions if any(d is m for d in f.locals for m in members)]
    out: list[str] = []
    for f in [*owners, *(f for f in functions if f not in owners)]:
        for d in f.locals:
            if not (d.constant and d.name in wanted):
                continue
            wanted.discard(d.name)
            value = value_of(d)
            if d.name in emitted and emitted[d.name] != value:
                raise TranspileError(d.loc, f"PARAMETER {d.name} is {emitted[d.name]} in one "
                                     f"unit and {value} in {f.name}, and the initial values "
                                     "of both units' variables use it: not supported",
                                     hint="give the PARAMETERs different names",
                                     code="E-unsupported")
            if d.name not in emitted:
                emitted[d.name] = value
                out += module_constants([d], functions, emitted, value_of)
                out.append(f"{d.name} = {value}")
    return out
