"""Run-time flags for scalar variables that are a NumPy scalar on some paths only.

`s = 0.0; for i in ...: s += x[i]` leaves `s` a Python float if the loop ran zero times and a
NumPy scalar otherwise, and CPython's `s / 0.0` then raises or gives inf. Such a variable gets
a logical `tp_isnp_<name>` beside it, set at each of its assignments from what the assigned
value is (scalar_origin.origin), false at entry; `checked/` reads it where an operation's
rules depend on it. `prune` drops the flags that no operation reads.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, Array
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.scalar_origin import State, origin, scalar_states
from transpyle.passes.temporaries import Temporaries

PREFIX = "tp_isnp_"


def _ambiguous(f: ir.FunctionDef, states: dict[int, State]) -> list[str]:
    names: set[str] = set()
    for s in states.values():
        names |= s.may - s.must
    scalars = {n.target.id for n in walk(f) if isinstance(n, ir.Assign)
               and isinstance(n.target, ir.Name) and not isinstance(n.target.type, Array)}
    return sorted(names & scalars)


class Flags:
    """The flags of one function: `flag(name)` is the logical that says whether the
    variable holds a NumPy scalar now."""

    def __init__(self, f: ir.FunctionDef) -> None:
        self.states = scalar_states(f)
        taken = {p.name for p in f.params} | {d.name for d in f.locals}
        self.names = {v: _fresh(f"{PREFIX}{v}", taken) for v in _ambiguous(f, self.states)}
        self.temps = Temporaries(f, PREFIX.rstrip("_") + "new")
        self.temps.taken |= set(self.names.values())
        self.loc = f.loc

    def flag(self, name: str) -> ir.Expr:
        loc = self.loc
        if name not in self.names:  # not ambiguous anywhere: what the states say
            return ir.Const(False, type=BOOL, loc=loc)
        return ir.Name(self.names[name], type=BOOL, loc=loc)

    def instrument(self, f: ir.FunctionDef) -> ir.FunctionDef:
        """`f` with its flags declared, false at entry and set at each assignment."""
        if not self.names:
            return f
        loc = f.loc
        body = _Instrument(self).visit_block(f.body)
        start = tuple(ir.Assign(ir.Name(n, type=BOOL, loc=loc), ir.Const(False, type=BOOL,
                                                                            loc=loc), loc=loc)
                      for n in self.names.values())
        decls = tuple(ir.VarDecl(n, BOOL, loc=loc) for n in self.names.values())
        return dataclasses.replace(f, body=(*start, *body),
                                   locals=(*f.locals, *decls, *self.temps.decls))


def _fresh(name: str, taken: set[str]) -> str:
    k, out = 0, name
    while out in taken:
        k += 1
        out = f"{name}{k}"
    taken.add(out)
    return out


class _Instrument(Transformer):
    def __init__(self, flags: Flags) -> None:
        self.flags = flags

    def visit_block(self, stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        return self._transform_value(stmts)

    def visit_Assign(self, s: ir.Assign) -> Any:
        target = s.target
        if not isinstance(target, ir.Name) or target.id not in self.flags.names:
            return s
        state = self.flags.states.get(id(s), State())
        value = origin(s.value, state, self.flags.flag)
        flag = ir.Name(self.flags.names[target.id], type=BOOL, loc=s.loc)
        if isinstance(value, bool):
            return [s, ir.Assign(flag, ir.Const(value, type=BOOL, loc=s.loc), loc=s.loc)]
        if not any(isinstance(n, ir.Name) and n.id in (target.id, flag.id)
                   for n in walk(value)):  # after the value, which has raised if it would
            return [s, ir.Assign(flag, value, loc=s.loc)]
        tmp = self.flags.temps.new(BOOL, s.loc)  # from the operands before they change
        return [ir.Assign(tmp, value, loc=s.loc), s, ir.Assign(flag, tmp, loc=s.loc)]


def prune(f: ir.FunctionDef) -> ir.FunctionDef:
    """`f` without the flags (and their assignments) that no other statement reads."""
    flags = {d.name for d in f.locals if d.name.startswith(PREFIX.rstrip("_"))}
    if not flags:
        return f
    sets: dict[str, set[str]] = {n: set() for n in flags}  # flag -> the flags its value reads
    used: set[str] = set()

    def reads(node: Any) -> None:
        if isinstance(node, ir.Assign) and isinstance(node.target, ir.Name) \
                and node.target.id in flags:
            sets[node.target.id] |= {n.id for n in walk(node.value) if isinstance(n, ir.Name)}
            return
        if isinstance(node, ir.Name) and node.id in flags:
            used.add(node.id)
        for fld in dataclasses.fields(node):
            value = getattr(node, fld.name)
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, ir.Node):
                    reads(item)

    for st in f.body:
        reads(st)
    todo = list(used)
    while todo:
        for n in sets.get(todo.pop(), ()):
            if n in flags and n not in used:
                used.add(n)
                todo.append(n)
    dead = flags - used
    if not dead:
        return f
    return dataclasses.replace(_Drop(dead).visit(f),
                               locals=tuple(d for d in f.locals if d.name not in dead))


class _Drop(Transformer):
    def __init__(self, dead: set[str]) -> None:
        self.dead = dead

    def visit_Assign(self, s: ir.Assign) -> Any:
        if isinstance(s.target, ir.Name) and s.target.id in self.dead:
            return None
        return s
