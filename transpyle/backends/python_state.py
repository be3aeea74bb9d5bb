"""Python backend, legacy state made explicit: COMMON blocks, SAVE/DATA variables, module data.

A COMMON block becomes one module-level namespace (`common_work`) whose members take the names
of the first unit that declares the block; every unit reaches them by position, as Fortran's
storage association does, so `common /work/ a, b` in one unit and `common /work/ x, y` in
another both read `common_work.a` and `common_work.b`. A unit's SAVE (or DATA-initialised)
locals live in its own namespace (`counter_saved.n`), created once with their initial values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir


@dataclass
class ModuleState:
    module_vars: set[str] = field(default_factory=set)
    commons: dict[str, list[ir.VarDecl]] = field(default_factory=dict)
    saved: dict[str, list[ir.VarDecl]] = field(default_factory=dict)

    @staticmethod
    def common_ns(block: str) -> str:
        return f"common_{block}" if block else "blank_common"

    def namespaces(self, commons: bool = True) -> list[tuple[str, str, list[ir.VarDecl]]]:
        out = [(f"COMMON /{b}/" if b else "blank COMMON", self.common_ns(b), members)
               for b, members in self.commons.items()] if commons else []
        out += [(f"SAVE variables of {f}", f"{f}_saved", members)
                for f, members in self.saved.items()]
        return out

    def renames(self, f: ir.FunctionDef) -> dict[str, str]:
        out: dict[str, str] = {}
        position: dict[str, int] = {}
        for d in f.locals:
            if d.common is not None:
                k = position.get(d.common, 0)
                position[d.common] = k + 1
                canonical = self.commons[d.common][k].name
                out[d.name] = f"{self.common_ns(d.common)}.{canonical}"
            elif is_saved(d) and f.kind != "program":
                out[d.name] = f"{f.name}_saved.{d.name}"
        return out


def is_saved(d: ir.VarDecl) -> bool:
    return d.common is None and not d.constant and (d.saved or d.init is not None)


def common_blocks(modules: list[ir.Module]) -> dict[str, list[ir.VarDecl]]:
    """Every COMMON block of `modules` with its members as the first unit declares them (a
    BLOCK DATA unit first: it gives the initial values); all units must agree on the layout."""
    blocks: dict[str, list[ir.VarDecl]] = {}
    units = [f for m in modules for f in m.functions().values()]
    for f in sorted(units, key=lambda u: u.kind != "blockdata"):
        members: dict[str, list[ir.VarDecl]] = {}
        for d in f.locals:
            if d.common is not None:
                members.setdefault(d.common, []).append(d)
        for block, decls in members.items():
            known = blocks.setdefault(block, decls)
            if known is not decls and (len(known) != len(decls) or any(
                    a.type != b.type or _extents(a) != _extents(b)
                    for a, b in zip(known, decls, strict=True))):
                raise TranspileError(
                    decls[0].loc, f"COMMON /{block}/ is laid out differently here than in an "
                    "earlier unit (storage association by position)",
                    hint="declare the block with the same members' types and shapes in every "
                    "unit", code="E-unsupported")
    return blocks


def module_state(m: ir.Module, shared: dict[str, list[ir.VarDecl]] | None = None
                 ) -> ModuleState:
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
