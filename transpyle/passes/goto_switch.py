"""GOTO structuring, the multi-way branch: computed GOTO and arithmetic IF.

    GO TO (10, 20, 30), K          IF (X) 10, 20, 30
    <default>; GO TO 40            10 A; GO TO 40
    10 A; GO TO 40                 20 B; GO TO 40
    20 B                           30 C
    30 C                           40 ...
    40 ...

is a SELECT (or IF chain) whose every branch is a lone GOTO to a label further down the same
block. Each branch takes the code from its label up to the first jump (a GOTO to the common
exit label, CYCLE/EXIT/RETURN/STOP); a branch that falls through into the next label's code
gets a copy of it (a few statements at most). The result is `if/elif/else` with no GOTO.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from transpyle.ir import nodes as ir
from transpyle.ir.visitor import walk

Block = tuple[ir.Stmt, ...]
MAX_COPY = 4  # statements a fall-through branch may copy from the next one
_JUMPS = (ir.Continue, ir.Break, ir.Return, ir.Stop)


def leaves(s: ir.Stmt) -> list[str | None] | None:
    """The labels the branches of `s` jump to (None: a branch that falls through), if every
    branch of the IF chain or SELECT `s` is a lone GOTO."""
    if isinstance(s, ir.If):
        if len(s.body) != 1 or not isinstance(s.body[0], ir.Goto):
            return None
        rest: list[str | None] | None
        if not s.orelse:
            rest = [None]
        elif len(s.orelse) == 1 and isinstance(s.orelse[0], ir.Goto):
            rest = [s.orelse[0].label]
        elif len(s.orelse) == 1 and isinstance(s.orelse[0], ir.If):
            rest = leaves(s.orelse[0])
        else:
            return None
        return None if rest is None else [s.body[0].label, *rest]
    if isinstance(s, ir.Select):
        out: list[str | None] = []
        for case in s.cases:
            if len(case.body) != 1 or not isinstance(case.body[0], ir.Goto):
                return None
            out.append(case.body[0].label)
        if all(case.values for case in s.cases):
            out.append(None)
        return out
    return None


def replace_leaves(s: ir.Stmt, code: dict[str | None, Block]) -> ir.Stmt:
    if isinstance(s, ir.If):
        body = code[s.body[0].label]  # type: ignore[attr-defined]
        if not s.orelse:
            orelse = code[None]
        elif isinstance(s.orelse[0], ir.Goto):
            orelse = code[s.orelse[0].label]
        else:
            orelse = (replace_leaves(s.orelse[0], code),)
        return dataclasses.replace(s, body=body, orelse=orelse)  # an empty body reads `pass`
    assert isinstance(s, ir.Select)
    cases = tuple(dataclasses.replace(c, body=code[c.body[0].label])  # type: ignore[attr-defined]
                  for c in s.cases)
    if None in code and all(c.values for c in s.cases) and code[None]:
        cases += (ir.Case((), code[None], loc=s.loc),)
    return dataclasses.replace(s, cases=cases)


def _run(stmts: list[ir.Stmt], start: int, targets: set[str], exit_label: str | None
         ) -> tuple[list[ir.Stmt], int] | None:
    """The code from `start` on up to its first jump, across target labels (falling
    through), the exit label or the end; with the number of statements copied past a label."""
    out: list[ir.Stmt] = []
    copied, crossed = 0, False
    for s in stmts[start:]:
        if isinstance(s, ir.Label):
            if s.label == exit_label:
                return out, copied
            if s.label not in targets:
                return None
            crossed = True
            continue
        if isinstance(s, ir.Goto):
            return (out, copied) if s.label == exit_label else None
        out.append(s)
        copied += crossed and not isinstance(s, ir.Comment)
        if isinstance(s, _JUMPS):
            return out, copied
    return (out, copied) if exit_label is None else None


def switch(stmts: list[ir.Stmt], counts: Counter[str]) -> list[ir.Stmt] | None:
    """The first multi-way branch of `stmts` rewritten as IF/ELSE or SELECT, else None."""
    for i, s in enumerate(stmts):
        branches = leaves(s)
        if branches is None:
            continue
        targets = {b for b in branches if b is not None}
        where = {x.label: k for k, x in enumerate(stmts) if isinstance(x, ir.Label)}
        if not targets or any(t not in where or where[t] <= i for t in targets):
            continue
        own = Counter(n.label for n in walk(s) if isinstance(n, ir.Goto))
        if any(counts[t] != own[t] for t in targets):
            continue  # another GOTO jumps into a branch's code
        last = max(where[t] for t in targets)
        end = next((k for k in range(last + 1, len(stmts))
                    if isinstance(stmts[k], ir.Label)), len(stmts))
        exit_label = stmts[end].label if end < len(stmts) else None  # type: ignore[attr-defined]
        region = stmts[i + 1:end]
        if any(x.label != exit_label for x in region if isinstance(x, ir.Goto)):
            continue  # a branch jumps somewhere else than the common exit
        if any(isinstance(n, ir.Label) and n.label not in targets for x in region
               for n in walk(x)):
            continue
        code: dict[str | None, Block] = {}
        for b in set(branches):
            start = i + 1 if b is None else where[b] + 1
            run = _run(stmts, start, targets, exit_label)
            if run is None or run[1] > MAX_COPY:
                break
            code[b] = tuple(run[0])
        else:
            for t in targets:
                counts[t] -= own[t]
            if exit_label is not None:
                counts[exit_label] -= sum(1 for x in region for n in walk(x)
                                          if isinstance(n, ir.Goto) and n.label == exit_label)
            return stmts[:i] + [replace_leaves(s, code)] + stmts[end:]
    return None
