"""Union hints ahead of time: one specialisation per member, as Pyccel makes.

A function whose parameters have union hints (`'int|float'`, `T = TypeVar('T', int, float)`,
`Union[...]`) becomes one function per combination of members, named by its members' types
(`f_int64`, `f_float64`; `g_int64_float64` for two unions), each translated as if its hints
said that type. `@transpile` does not come here: its call picks the member itself
(`runtime/jit.py`). A call of such a function from another function of the module is refused at
the call (its specialisation would be the caller's argument types' to pick), as is a function
with more than `MAX_SPECIALISATIONS` combinations.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Type
from transpyle.ir.visitor import walk

MAX_SPECIALISATIONS = 16


def _is_choice(t: object) -> bool:
    return type(t).__name__ == "Choice"  # frontends/python/hints.py (no import: a frontend's)


def _suffix(t: Type | None) -> str:
    if isinstance(t, Array):
        return f"{t.elem}_{t.rank}d{t.order.lower()}" if t.rank else f"{t.elem}_array"
    return re.sub(r"\W", "", str(t))


def specialise_unions(module: ir.Module) -> ir.Module:
    """`module` with each function of union-hinted parameters replaced by its
    specialisations (in its place, in member order)."""
    funcs = module.functions()
    unions = {f.name for f in funcs.values() if any(_is_choice(p.type) for p in f.params)}
    if not unions:
        return module
    for f in funcs.values():
        for node in walk(f):
            if isinstance(node, ir.Call | ir.CallStmt) and node.func in unions:
                raise TranspileError(node.loc, f"a call of '{node.func}', whose parameters have "
                                     "union hints, from a translated function is not supported "
                                     "(its specialisations are called by name from outside)",
                                     hint="give the parameters one type, or call it through "
                                     "@transpile", code="E-unsupported")
    body: list[ir.FunctionDef | ir.Comment] = []
    for item in module.body:
        if isinstance(item, ir.FunctionDef) and item.name in unions:
            body += _specialisations(item)
        else:
            body.append(item)
    return dataclasses.replace(module, body=tuple(body))


def _specialisations(f: ir.FunctionDef) -> list[ir.FunctionDef]:
    choices = [p.type.members if _is_choice(p.type) else (p.type,)  # type: ignore[union-attr]
               for p in f.params]
    combos = list(itertools.product(*choices))
    if len(combos) > MAX_SPECIALISATIONS:
        raise TranspileError(f.loc, f"'{f.name}' has {len(combos)} combinations of union "
                             f"members (at most {MAX_SPECIALISATIONS} are made)",
                             code="E-unsupported")
    out = []
    for combo in combos:
        if any(t is None for t in combo):
            raise TranspileError(f.loc, f"'{f.name}' has an unconstrained TypeVar: no member "
                                 "to specialise for", hint="constrain it: TypeVar('T', int, "
                                 "float)", code="E-type")
        suffix = "_".join(_suffix(t) for t, p in zip(combo, f.params, strict=True)
                          if _is_choice(p.type))
        params = tuple(dataclasses.replace(p, type=t) for p, t in zip(f.params, combo,
                                                                        strict=True))
        out.append(dataclasses.replace(f, name=f"{f.name}_{suffix}", params=params))
    return out
