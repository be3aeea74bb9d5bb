"""The general case of GOTO elimination: a state machine over labelled blocks.

The body is flattened first: a loop or IF that holds a label, and a loop that holds a GOTO,
becomes labelled straight-line code (a DO loop keeps Fortran's semantics: bounds evaluated once,
the variable one step past the end afterwards). The flat list is cut at its labels into blocks,
and the procedure runs as

    label_ = 0
    while True:
        if label_ == 0:
            ...             # GOTO L is `label_ = L; continue`
            label_ = 10     # falling into the next block
        if label_ == 10:
            ...
        break

IFs and SELECTs that only hold GOTOs (computed GOTO, arithmetic IF) stay as they are.
"""

from __future__ import annotations

import dataclasses

from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir
from transpyle.ir.types import Integer, Logical
from transpyle.ir.visitor import walk

Block = tuple[ir.Stmt, ...]
INT = Integer(4)
BOOL = Logical(4)
LABEL_VAR = "label_"


def _holds(node: ir.Node, kinds: tuple[type, ...]) -> bool:
    return any(isinstance(n, kinds) for n in walk(node))


def _must_flatten(node: ir.Node) -> bool:
    """An IF or SELECT must be flattened when it holds a label, or a loop with a GOTO (the
    loop becomes labelled code)."""
    return _holds(node, (ir.Label,)) or any(
        isinstance(n, ir.For | ir.While) and _holds(n, (ir.Goto,)) for n in walk(node))


class _Flattener:
    def __init__(self, body: Block) -> None:
        numeric = [int(n.label) for s in body for n in walk(s)
                   if isinstance(n, ir.Label | ir.Goto) and n.label.isdigit()]
        self.next_label = max(numeric, default=0) + 1
        self.temps: list[ir.VarDecl] = []

    def label(self) -> str:
        self.next_label += 1
        return str(self.next_label - 1)

    def temp(self, base: str, loc: SourceLoc) -> ir.Name:
        name = f"{base}_{len(self.temps) + 1}"
        self.temps.append(ir.VarDecl(name, INT, loc=loc))
        return ir.Name(name, type=INT, loc=loc)

    def flat(self, stmts: Block, brk: str | None = None, cont: str | None = None
             ) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for s in stmts:
            out += self.flat_stmt(s, brk, cont)
        return out

    def flat_stmt(self, s: ir.Stmt, brk: str | None, cont: str | None) -> list[ir.Stmt]:
        loc = s.loc
        if isinstance(s, ir.Break) and brk is not None:
            return [ir.Goto(brk, loc=loc)]
        if isinstance(s, ir.Continue) and cont is not None:
            return [ir.Goto(cont, loc=loc)]
        if isinstance(s, ir.For) and _holds(s, (ir.Goto, ir.Label)):
            return self.flat_for(s)
        if isinstance(s, ir.While) and _holds(s, (ir.Goto, ir.Label)):
            head, end = self.label(), self.label()
            return [ir.Label(head, loc=loc),
                    ir.If(_not(s.test), (ir.Goto(end, loc=loc),), loc=loc),
                    *self.flat(s.body, end, head), ir.Goto(head, loc=loc), ir.Label(end, loc=loc)]
        if isinstance(s, ir.Select) and _must_flatten(s):
            return self.flat_stmt(_select_as_if(s), brk, cont)
        if isinstance(s, ir.If) and _must_flatten(s):
            other, end = self.label(), self.label()
            return [ir.If(_not(s.test), (ir.Goto(other, loc=loc),), loc=loc),
                    *self.flat(s.body, brk, cont), ir.Goto(end, loc=loc),
                    ir.Label(other, loc=loc), *self.flat(s.orelse, brk, cont),
                    ir.Label(end, loc=loc)]
        if isinstance(s, ir.If) and (brk is not None or cont is not None):
            return [dataclasses.replace(s, body=tuple(self.flat(s.body, brk, cont)),
                                        orelse=tuple(self.flat(s.orelse, brk, cont)))]
        if isinstance(s, ir.Select) and (brk is not None or cont is not None):
            return [dataclasses.replace(s, cases=tuple(
                dataclasses.replace(c, body=tuple(self.flat(c.body, brk, cont)))
                for c in s.cases))]
        return [s]

    def flat_for(self, s: ir.For) -> list[ir.Stmt]:
        loc, var = s.loc, s.var
        head, nxt, end = self.label(), self.label(), self.label()
        out: list[ir.Stmt] = [ir.Assign(var, s.start, loc=loc)]
        step = s.step
        if not isinstance(step, ir.Const):
            step = self.temp("step", loc)
            out.append(ir.Assign(step, s.step, loc=loc))
        if isinstance(step, ir.Const):
            stop = s.stop
            if not isinstance(stop, ir.Const):
                stop = self.temp("stop", loc)
                out.append(ir.Assign(stop, s.stop, loc=loc))
            past = ir.Compare(">" if step.value > 0 else "<", var, stop, type=BOOL, loc=loc)  # type: ignore[operator]
            test: ir.Expr = past
            count: list[ir.Stmt] = []
        else:  # the sign of the step is known at run time only: count the trips
            trips = self.temp("trips", loc)
            span = ir.BinOp("+", ir.BinOp("-", s.stop, var, type=INT, loc=loc), step,
                            type=INT, loc=loc)
            out.append(ir.Assign(trips, ir.Intrinsic("max", (
                ir.Const(0, type=INT, loc=loc), ir.BinOp("/", span, step, type=INT, loc=loc)),
                type=INT, loc=loc), loc=loc))
            test = ir.Compare("<=", trips, ir.Const(0, type=INT, loc=loc), type=BOOL, loc=loc)
            count = [ir.Assign(trips, ir.BinOp("-", trips, ir.Const(1, type=INT, loc=loc),
                                               type=INT, loc=loc), loc=loc)]
        out += [ir.Label(head, loc=loc), ir.If(test, (ir.Goto(end, loc=loc),), loc=loc),
                *self.flat(s.body, end, nxt), ir.Label(nxt, loc=loc),
                ir.Assign(var, ir.BinOp("+", var, step, type=var.type, loc=loc), loc=loc),
                *count, ir.Goto(head, loc=loc), ir.Label(end, loc=loc)]
        return out


def _not(e: ir.Expr) -> ir.Expr:
    return ir.UnaryOp("not", e, type=BOOL, loc=e.loc)


def _select_as_if(s: ir.Select) -> ir.Stmt:
    def test(v: ir.Expr | ir.CaseRange) -> ir.Expr:
        if not isinstance(v, ir.CaseRange):
            return ir.Compare("==", s.subject, v, type=BOOL, loc=s.loc)
        parts = []
        if v.lower is not None:
            parts.append(ir.Compare(">=", s.subject, v.lower, type=BOOL, loc=s.loc))
        if v.upper is not None:
            parts.append(ir.Compare("<=", s.subject, v.upper, type=BOOL, loc=s.loc))
        return parts[0] if len(parts) == 1 else ir.BoolOp("and", tuple(parts), type=BOOL,
                                                             loc=s.loc)

    default: Block = next((c.body for c in s.cases if not c.values), ())
    result: Block = default
    for case in reversed([c for c in s.cases if c.values]):
        tests = [test(v) for v in case.values]
        cond = tests[0] if len(tests) == 1 else ir.BoolOp("or", tuple(tests), type=BOOL,
                                                          loc=s.loc)
        result = (ir.If(cond, case.body, result, loc=s.loc),)
    return result[0] if len(result) == 1 else ir.If(ir.Const(True, type=BOOL, loc=s.loc),
                                                    result, loc=s.loc)


def _jumps(stmts: list[ir.Stmt], var: ir.Name, exit_label: str | None) -> Block:
    """GOTO L -> `label_ = L; continue`, or `break` to the block after the machine
    (IF/SELECT bodies included)."""
    out: list[ir.Stmt] = []
    for s in stmts:
        if isinstance(s, ir.Goto) and s.label == exit_label:
            out.append(ir.Break(loc=s.loc))
        elif isinstance(s, ir.Goto):
            out += [ir.Assign(var, ir.Const(int(s.label), type=INT, loc=s.loc), loc=s.loc),
                    ir.Continue(loc=s.loc)]
        elif isinstance(s, ir.If):
            out.append(dataclasses.replace(s, body=_jumps(list(s.body), var, exit_label),
                                           orelse=_jumps(list(s.orelse), var, exit_label)))
        elif isinstance(s, ir.Select):
            out.append(dataclasses.replace(s, cases=tuple(
                dataclasses.replace(c, body=_jumps(list(c.body), var, exit_label))
                for c in s.cases)))
        else:
            out.append(s)
    return tuple(out)


def _split(flat: list[ir.Stmt]) -> tuple[list[ir.Stmt], list[tuple[int, list[ir.Stmt]]]]:
    """(the statements before any label or GOTO, the labelled blocks); the first block
    (label 0) holds what follows the prefix up to the first label."""
    k = 0
    while k < len(flat) and not _holds(flat[k], (ir.Goto, ir.Label)):
        k += 1
    blocks: list[tuple[int, list[ir.Stmt]]] = [(0, [])]
    for s in flat[k:]:
        if isinstance(s, ir.Label):
            blocks.append((int(s.label), []))
        else:
            blocks[-1][1].append(s)
    if not blocks[0][1]:
        blocks.pop(0)
    return flat[:k], blocks


def state_machine(body: Block, loc: SourceLoc) -> tuple[Block, list[ir.VarDecl]]:
    """`body` as straight code, then the dispatch loop over its labelled blocks, then the
    last block when no GOTO leaves it (jumps to it break out of the loop)."""
    fl = _Flattener(body)
    prefix, blocks = _split(fl.flat(body))
    var = ir.Name(LABEL_VAR, type=INT, loc=loc)
    suffix: list[ir.Stmt] = []
    exit_label = None
    if len(blocks) > 1 and not any(_holds(s, (ir.Goto,)) for s in blocks[-1][1]):
        exit_label = str(blocks[-1][0])
        suffix = blocks.pop()[1]
    dispatch: list[ir.Stmt] = []
    for k, (label, stmts) in enumerate(blocks):
        ends = bool(stmts) and isinstance(stmts[-1], ir.Goto | ir.Return | ir.Stop)
        if k + 1 < len(blocks) and not ends:
            stmts = stmts + [ir.Assign(var, ir.Const(blocks[k + 1][0], type=INT, loc=loc),
                                       loc=loc)]
        test = ir.Compare("==", var, ir.Const(label, type=INT, loc=loc), type=BOOL, loc=loc)
        body_k = _jumps(stmts, var, exit_label) or (ir.Comment("CONTINUE", loc=loc),)
        dispatch.append(ir.If(test, body_k, loc=loc))
    dispatch.append(ir.Break(loc=loc))
    loop = ir.While(ir.Const(True, type=BOOL, loc=loc), tuple(dispatch), loc=loc)
    init = ir.Assign(var, ir.Const(blocks[0][0], type=INT, loc=loc), loc=loc)
    decls = [ir.VarDecl(LABEL_VAR, INT, loc=loc), *fl.temps]
    note = ir.Comment("GOTO state machine: label_ is the statement label to run next", loc=loc)
    return (*prefix, note, init, loop, *suffix), decls
