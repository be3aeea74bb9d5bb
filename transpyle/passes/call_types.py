"""Module functions without type hints, typed by their calls: one specialisation per
combination of argument types, as Pythran and Numba do.

A function whose parameters lack hints and which another function of the module calls is not
typed on its own: each call's argument types (known once the caller is typed up to the call)
fill its missing hints, and the function is typed with them, once per distinct combination.
The first specialisation keeps the function's name; a later one is named by its types
(`clamp_float64`). A hinted parameter keeps its hint (the call converts to it as for any
hinted function). An array argument gives its element type, rank and order; a scalar
its type. Refused at the call: a recursive function (its types would depend on themselves),
an argument that is neither a number nor an array, and more than `MAX_SPECIALISATIONS`
combinations. A function without hints that no function calls is refused as before, at its
first parameter without a hint.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from transpyle import messages as msg
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import NUMERIC_RANK, Array, Complex, Integer, Logical, Real, Type

MAX_SPECIALISATIONS = 8

Typer = Callable[[ir.FunctionDef], ir.FunctionDef]  # types one function of the module


def generic_functions(funcs: dict[str, ir.FunctionDef], called: set[str]) -> set[str]:
    """The functions typed by their calls: a parameter without a hint, and called."""
    return {name for name, f in funcs.items()
            if name in called and any(p.type is None or _is_choice(p.type) for p in f.params)}


def _is_choice(t: Any) -> bool:
    return type(t).__name__ == "Choice"  # a union hint (frontends/python/hints.py)


def _member(choice: Any, t: Type) -> Type | None:
    """The union member an argument of type `t` is, else the first that takes it without
    loss (float for an int in 'float|complex'), as @transpile's call picks (runtime/jit.py)."""
    members = [m for m in choice.members if m is not None]
    if t in members:
        return t
    for m in members:
        if isinstance(m, Array) and isinstance(t, Array) and m.elem == t.elem \
                and m.rank == t.rank:
            return m
    for m in members:
        if not isinstance(m, Array) and not isinstance(t, Array) and NUMERIC_RANK.get(
                type(m), -1) >= NUMERIC_RANK.get(type(t), 9) and type(m) is not type(t):
            return m
    return None


def _suffix(t: Type) -> str:
    if isinstance(t, Array):
        return f"{t.elem}_{t.rank}d{t.order.lower()}"
    return re.sub(r"\W", "", str(t))


class CallTypes:
    """The specialisations of a module's generic functions, shared by its function typers."""

    def __init__(self, funcs: dict[str, ir.FunctionDef], generic: set[str],
                 recursive: set[str], typed: dict[str, ir.FunctionDef]) -> None:
        self.funcs = funcs
        self.generic = generic
        self.recursive = recursive
        self.typed = typed
        self.taken = set(funcs)
        self.made: dict[str, dict[tuple[Type, ...], str]] = {name: {} for name in generic}
        self.typer: Typer | None = None  # set by infer_types

    def specialise(self, func: str, args: list[ir.Expr], loc: Any) -> str:
        """The name of `func`'s specialisation for typed arguments `args` (its parameters',
        not a returned tuple's), typed now where it is new."""
        f = self.funcs[func]
        if func in self.recursive:
            raise TranspileError(loc, msg.GENERIC_RECURSIVE.format(name=func),
                                 msg.GENERIC_RECURSIVE_HINT, code="E-type")
        params = []
        for p, a in zip(f.params, args, strict=False):
            if p.type is not None and _is_choice(p.type):
                m = _member(p.type, a.type)  # type: ignore[arg-type]
                if m is None:
                    raise TranspileError(a.loc, msg.CHOICE_ARG.format(
                        name=p.name, func=func, members=p.type, type=a.type), code="E-type")
                params.append(dataclasses.replace(p, type=m))
                continue
            if p.type is not None:
                params.append(p)
                continue
            t = a.type
            if isinstance(t, Array):
                t = dataclasses.replace(t, lower=None)
            elif not isinstance(t, Integer | Real | Complex | Logical):
                raise TranspileError(a.loc, msg.GENERIC_ARG.format(name=p.name, func=func,
                                                                   type=t), code="E-type")
            params.append(dataclasses.replace(p, type=t))
        key = tuple(p.type for p in params)  # type: ignore[misc]
        made = self.made[func]
        if key in made:
            return made[key]
        if len(made) >= MAX_SPECIALISATIONS:
            raise TranspileError(loc, msg.GENERIC_TOO_MANY.format(
                name=func, n=MAX_SPECIALISATIONS), msg.GENERIC_TOO_MANY_HINT, code="E-type")
        name = func if not made else self._fresh(func, [
            q.type for q, p in zip(params, f.params, strict=True)
            if p.type is None or _is_choice(p.type)])
        made[key] = name
        assert self.typer is not None
        spec = dataclasses.replace(f, name=name, params=tuple(params))
        self.typed[name] = self.typer(spec)
        return name

    def _fresh(self, func: str, types: list[Type | None]) -> str:
        base = "_".join([func, *(_suffix(t) for t in types if t is not None)])
        name, k = base, 2
        while name in self.taken:
            name, k = f"{base}_{k}", k + 1
        self.taken.add(name)
        return name

    def body(self, module: ir.Module) -> tuple[ir.FunctionDef | ir.Comment, ...]:
        """The module's body typed: each generic function replaced by its specialisations."""
        out: list[ir.FunctionDef | ir.Comment] = []
        for n in module.body:
            if not isinstance(n, ir.FunctionDef):
                out.append(n)
            elif n.name in self.generic:
                out.extend(self.typed[s] for s in self.made[n.name].values())
            else:
                out.append(self.typed[n.name])
        return tuple(out)
