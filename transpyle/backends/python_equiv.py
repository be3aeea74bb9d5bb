"""Python backend, EQUIVALENCE: each group of a unit is one `storage.equivalence` buffer and
its members are reached through it (`equiv_1.a`), as COMMON members are through their block's
namespace. A group is created at the start of the unit; a group with a SAVEd or DATA member
in a procedure (the machine-constant routines: D1MACH, DPMPAR) lives at module level instead
(`d1mach_equiv_1`), created once with its DATA values, so that it keeps its values between
calls as the whole storage sequence does in Fortran."""

from __future__ import annotations

from collections.abc import Callable

from transpyle.backends.python_exprs import dtype_name
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array


def groups(f: ir.FunctionDef) -> dict[str, list[ir.VarDecl]]:
    out: dict[str, list[ir.VarDecl]] = {}
    for d in f.locals:
        if d.equivalence is not None:
            out.setdefault(d.equivalence[0], []).append(d)
    return out


def persistent(f: ir.FunctionDef, members: list[ir.VarDecl]) -> bool:
    return f.kind not in ("program", None) and any(d.saved or d.init is not None
                                                   for d in members)


def group_name(f: ir.FunctionDef, group: str, members: list[ir.VarDecl]) -> str:
    return f"{f.name}_{group}" if persistent(f, members) else group


def equivalence_renames(f: ir.FunctionDef) -> dict[str, str]:
    return {d.name: f"{group_name(f, g, members)}.{d.name}"
            for g, members in groups(f).items() for d in members}


def _creation(name: str, members: list[ir.VarDecl], extent: Callable[[ir.Dim], str],
              initial: Callable[[ir.VarDecl], str]) -> list[str]:
    """`equiv_1 = storage.equivalence(a=(np.float32, None, 4), b=(np.float32, (3,), 0))`,
    then the members' DATA values."""
    specs = []
    for d in members:
        assert d.equivalence is not None
        t = d.type.elem if isinstance(d.type, Array) else d.type
        shape = "None"
        if isinstance(d.type, Array):
            extents = [extent(x) for x in d.shape or ()]
            shape = f"({extents[0]},)" if len(extents) == 1 else f"({', '.join(extents)})"
        specs.append(f"{d.name}=(np.{dtype_name(t)}, {shape}, {d.equivalence[1]})")
    lines = [f"{name} = storage.equivalence({', '.join(specs)})"]
    for d in members:
        if d.init is not None:
            where = "[...]" if isinstance(d.type, Array) else ""
            lines.append(f"{name}.{d.name}{where} = {initial(d)}")
    return lines


def equivalence_lines(f: ir.FunctionDef, extent: Callable[[ir.Dim], str],
                      initial: Callable[[ir.VarDecl], str]) -> list[str]:
    """The unit's own groups, created at its start."""
    return [line for g, members in groups(f).items() if not persistent(f, members)
            for line in _creation(g, members, extent, initial)]


def module_equivalence_lines(functions: list[ir.FunctionDef], extent: Callable[[ir.Dim], str],
                             initial: Callable[[ir.VarDecl], str]) -> list[str]:
    """The groups that keep their values between calls, created once at module level."""
    lines: list[str] = []
    for f in functions:
        for g, members in groups(f).items():
            if persistent(f, members):
                lines += ["", f"# EQUIVALENCE of {f.name} (SAVE): "
                          f"{', '.join(d.name for d in members)}",
                          *_creation(group_name(f, g, members), members, extent, initial)]
    return lines
