"""Python backend, EQUIVALENCE: each group of a unit is one `storage.equivalence` buffer,
created at the start of the unit, and its members are reached through it (`equiv_1.a`), as
COMMON members are through their block's namespace."""

from __future__ import annotations

from collections.abc import Callable

from transpyle.backends.python_exprs import dtype_name
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array


def equivalence_renames(f: ir.FunctionDef) -> dict[str, str]:
    return {d.name: f"{d.equivalence[0]}.{d.name}" for d in f.locals
            if d.equivalence is not None}


def equivalence_lines(f: ir.FunctionDef, extent: Callable[[ir.Dim], str]) -> list[str]:
    """`equiv_1 = storage.equivalence(a=(np.float32, None, 4), b=(np.float32, (3,), 0))` for
    each group of `f` (`extent`: the text of a dimension's extent)."""
    groups: dict[str, list[str]] = {}
    for d in f.locals:
        if d.equivalence is None:
            continue
        group, offset = d.equivalence
        t = d.type.elem if isinstance(d.type, Array) else d.type
        shape = "None"
        if isinstance(d.type, Array):
            extents = [extent(x) for x in d.shape or ()]
            shape = f"({extents[0]},)" if len(extents) == 1 else f"({', '.join(extents)})"
        groups.setdefault(group, []).append(f"{d.name}=(np.{dtype_name(t)}, {shape}, {offset})")
    return [f"{group} = storage.equivalence({', '.join(members)})"
            for group, members in groups.items()]
