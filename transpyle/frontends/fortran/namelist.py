"""NAMELIST groups and their READ and WRITE.

`namelist /run/ i, x, k` declares the group (kept in the unit's `Scope.namelists`). A
`WRITE(u, nml=run)` (or `WRITE(u, run)`) is a write `Transfer` whose `specs` hold
`IoSpec("nml", Const("run:i,x,k(1)"))`, the group and its objects' Fortran names (an array
with its lower bounds, for element designators in input), and whose values are the objects.
A `READ(u, nml=run)` is a read `Transfer` with the same spec and one `Assign(object,
ReadItem(like=object))` per object: the runtime changes only the objects the input names,
so every object's current value goes in (`like` also for scalars)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Complex, Integer, Logical, Real

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope


def declare(scope: Scope, node: Any, loc: SourceLoc) -> None:
    for group, objects in node.items:
        names = scope.namelists.setdefault(str(group).lower(), [])
        names += [str(n).lower() for n in objects.items]


def is_group(scope: Scope, node: Any) -> bool:
    return type(node).__name__ == "Name" and any(
        str(node).lower() in s.namelists for s in scope.visible())


def _members(x: ExprLowering, group: str) -> tuple[str, list[ir.Expr]]:
    """The spec text and the objects of `group`."""
    names = next((s.namelists[group] for s in x.scope.visible() if group in s.namelists), None)
    if names is None:
        raise x.error(f"NAMELIST group /{group}/ is not declared here")
    parts, values = [], []
    for name in names:
        value = x.x_Name(name)
        sym = x.scope.find(name)
        if sym is None or sym.external or sym.constant:
            raise x.error(f"'{name}' of NAMELIST /{group}/ is not a variable here")
        t = value.type.elem if isinstance(value.type, Array) else value.type
        if not isinstance(t, Integer | Real | Complex | Logical | Character):
            raise x.error(f"'{name}' of NAMELIST /{group}/ has type {t}: only intrinsic "
                          "types are supported in a NAMELIST")
        if isinstance(value.type, Array):
            lower = sym.lower if sym.lower is not None else (1,) * (value.type.rank or 1)
            parts.append(f"{name}({','.join(str(k) for k in lower)})")
        else:
            parts.append(name)
        values.append(value)
    return f"{group}:{','.join(parts)}", values


def transfer(x: ExprLowering, kind: str, unit: ir.Expr | None, group: Any,
             specs: list[ir.IoSpec], outputs: list[ir.IoSpec], loc: SourceLoc) -> ir.Transfer:
    name = str(group).lower()
    if any(s.key in ("rec", "pos") for s in specs):
        raise TranspileError(loc, "a NAMELIST transfer with REC= or POS= is not allowed",
                             code="E-fortran")
    if unit is not None and isinstance(unit.type, Character):
        raise TranspileError(loc, "NAMELIST I/O on an internal file is not supported",
                             code="E-fortran")
    text, values = _members(x, name)
    spec = ir.IoSpec("nml", ir.Const(text, type=Character(len(text)), loc=loc), loc=loc)
    if kind == "write":
        return ir.Transfer("write", unit, None, (spec,), tuple(outputs), values=tuple(values),
                           loc=loc)
    body = tuple(ir.Assign(v, ir.ReadItem(v, type=v.type, loc=loc), loc=loc) for v in values)
    return ir.Transfer("read", unit, None, (spec,), tuple(outputs), body, loc=loc)
