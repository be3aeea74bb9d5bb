"""GOTO elimination for targets without GOTO (Python): IR -> IR.

First the patterns legacy code is made of are structured, repeatedly until nothing changes:
- a label no GOTO names is dropped; a GOTO to the very next statement is dropped;
- `IF (c) GOTO L; S...; L:` (forward, same block) becomes `if not c: S...`;
- `L: S...; IF (c) GOTO L` (backward, same block) becomes `while True: S...; if not c: break`;
- `L: IF (c) THEN; S...; GOTO L; [ELSE; T...;] END IF` becomes `while c: S...` (then T...);
- in a loop, a GOTO to the label closing the loop body is `continue`, to the label just
  after the loop `break`; a GOTO to the end of the procedure is `return`;
- a computed GOTO or arithmetic IF whose branches run to a common exit becomes an IF chain
  or SELECT (`goto_switch`).
Each rewrite applies only where no GOTO from elsewhere jumps into the statements it moves.
What is left becomes a state machine, correct for any GOTO graph: the body is flattened
(loops and IFs that hold labels or GOTOs become labelled blocks, a DO loop keeping Fortran's
trip count), and runs as `while True:` dispatching on a label variable `label_`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from transpyle.ir import nodes as ir
from transpyle.ir.types import Integer, Logical
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.goto_flatten import state_machine
from transpyle.passes.goto_switch import switch

Block = tuple[ir.Stmt, ...]


def has_goto(node: ir.Node | Block) -> bool:
    nodes = node if isinstance(node, tuple) else (node,)
    return any(isinstance(n, ir.Goto) for x in nodes for n in walk(x))


def goto_counts(stmts: Block) -> Counter[str]:
    return Counter(n.label for s in stmts for n in walk(s) if isinstance(n, ir.Goto))


def labels_in(stmts: Block) -> set[str]:
    return {n.label for s in stmts for n in walk(s) if isinstance(n, ir.Label)}


def _skip(stmts: Block, i: int) -> int:
    """The index of the first statement at or after i that is not a comment."""
    while i < len(stmts) and isinstance(stmts[i], ir.Comment):
        i += 1
    return i


def _lone_goto(s: ir.Stmt) -> tuple[ir.Expr | None, str] | None:
    """(condition, label) for `GOTO L` (condition None) or `IF (c) GOTO L`."""
    if isinstance(s, ir.Goto):
        return None, s.label
    if isinstance(s, ir.If) and not s.orelse:
        body = [x for x in s.body if not isinstance(x, ir.Comment)]
        if len(body) == 1 and isinstance(body[0], ir.Goto):
            return s.test, body[0].label
    return None


def negate(e: ir.Expr) -> ir.Expr:
    flip = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
    if isinstance(e, ir.UnaryOp) and e.op == "not":
        return e.operand
    if isinstance(e, ir.Compare) and not isinstance(e.left.type, Logical):
        return dataclasses.replace(e, op=flip[e.op])
    return ir.UnaryOp("not", e, type=Logical(4), loc=e.loc)


class _Structurer:
    def __init__(self, f: ir.FunctionDef) -> None:
        self.f = f
        self.counts: Counter[str] = Counter()
        self.end_labels: set[str] = set()
        self.final_return: ir.Return | None = None

    def run(self) -> Block:
        body = self.f.body
        for _ in range(100):
            self.counts = goto_counts(body)
            self.end_labels, self.final_return = self.function_end(body)
            new = self.block(body, None)
            if new == body:
                break
            body = new
        return body

    def function_end(self, body: Block) -> tuple[set[str], ir.Return | None]:
        """Labels after which only a plain return (or nothing) follows."""
        k = len(body)
        final: ir.Return | None = None
        while k > 0 and isinstance(body[k - 1], ir.Comment):
            k -= 1
        if k > 0 and isinstance(body[k - 1], ir.Return):
            final = body[k - 1]  # type: ignore[assignment]
            k -= 1
        labels = set()
        while k > 0 and isinstance(body[k - 1], ir.Label | ir.Comment):
            if isinstance(body[k - 1], ir.Label):
                labels.add(body[k - 1].label)  # type: ignore[attr-defined]
            k -= 1
        if final is None and self.f.kind == "function":
            return set(), None
        return labels, final or ir.Return(None, loc=self.f.loc)

    def block(self, stmts: Block, loop: tuple[set[str], str | None] | None) -> Block:
        """One block; `loop` is (labels closing the innermost loop body, label after it)."""
        out = list(stmts)
        out = self.drop_dead_labels(out)
        for rule in (self.while_if, self.backward, self.if_else, self.forward, self.switch):
            changed = rule(out)
            if changed is not None:
                return tuple(changed)
        result: list[ir.Stmt] = []
        for k, s in enumerate(out):
            result.extend(self.stmt(s, out, k, loop))
        return tuple(result)

    def drop_dead_labels(self, stmts: list[ir.Stmt]) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for k, s in enumerate(stmts):
            if isinstance(s, ir.Label) and self.counts[s.label] == 0:
                continue
            g = _lone_goto(s)
            if g is not None:  # GOTO to the next statement (past comments and labels)
                j = k + 1
                while j < len(stmts) and isinstance(stmts[j], ir.Comment | ir.Label):
                    if isinstance(stmts[j], ir.Label) and stmts[j].label == g[1]:  # type: ignore[attr-defined]
                        break
                    j += 1
                if j < len(stmts) and isinstance(stmts[j], ir.Label) \
                        and stmts[j].label == g[1]:  # type: ignore[attr-defined]
                    self.counts[g[1]] -= 1
                    continue
            out.append(s)
        return out

    def switch(self, stmts: list[ir.Stmt]) -> list[ir.Stmt] | None:
        return switch(stmts, self.counts)

    def movable(self, inner: Block) -> bool:
        """No GOTO outside `inner` jumps to a label inside it."""
        inside = goto_counts(inner)
        return all(self.counts[lab] == inside[lab] for lab in labels_in(inner))

    def forward(self, stmts: list[ir.Stmt]) -> list[ir.Stmt] | None:
        for i, s in enumerate(stmts):
            g = _lone_goto(s)
            if g is None:
                continue
            cond, label = g
            j = next((k for k in range(i + 1, len(stmts)) if isinstance(stmts[k], ir.Label)
                      and stmts[k].label == label), None)  # type: ignore[attr-defined]
            if j is None:
                continue
            inner = tuple(stmts[i + 1:j])
            if not self.movable(inner):
                continue
            if cond is None:
                if labels_in(inner) or not inner:
                    continue
                return stmts[:i + 1] + stmts[j:]  # dead code after an unconditional GOTO
            return stmts[:i] + [ir.If(negate(cond), inner, loc=s.loc)] + stmts[j:]
        return None

    def if_else(self, stmts: list[ir.Stmt]) -> list[ir.Stmt] | None:
        """`IF (c) THEN; S...; GOTO L; END IF; T...; L:` -> if c: S... else: T...
        (and `IF (c) GOTO A ELSE GOTO B` with B the next label -> `IF (c) GOTO A`)."""
        for i, s in enumerate(stmts):
            if not isinstance(s, ir.If):
                continue
            j0 = _skip(tuple(stmts), i + 1)
            if len(s.orelse) == 1 and isinstance(s.orelse[0], ir.Goto) and j0 < len(stmts) \
                    and isinstance(stmts[j0], ir.Label) and stmts[j0].label == s.orelse[0].label:  # type: ignore[attr-defined]
                self.counts[s.orelse[0].label] -= 1
                return stmts[:i] + [dataclasses.replace(s, orelse=())] + stmts[i + 1:]
            if len(s.orelse) == 1 and isinstance(s.orelse[0], ir.Goto) and len(s.body) == 1 \
                    and isinstance(s.body[0], ir.Goto) and j0 < len(stmts) \
                    and isinstance(stmts[j0], ir.Label) and stmts[j0].label == s.body[0].label:  # type: ignore[attr-defined]
                self.counts[s.body[0].label] -= 1
                return stmts[:i] + [ir.If(negate(s.test), s.orelse, loc=s.loc)] + stmts[i + 1:]
            if s.orelse or not s.body or not isinstance(s.body[-1], ir.Goto):
                continue
            label = s.body[-1].label
            j = next((k for k in range(i + 1, len(stmts)) if isinstance(stmts[k], ir.Label)
                      and stmts[k].label == label), None)  # type: ignore[attr-defined]
            if j is None or len(s.body) == 1:
                continue
            inner = tuple(stmts[i + 1:j])
            if not inner or not self.movable(inner):
                continue
            return stmts[:i] + [dataclasses.replace(s, body=s.body[:-1], orelse=inner)] + \
                stmts[j:]
        return None

    def while_if(self, stmts: list[ir.Stmt]) -> list[ir.Stmt] | None:
        """`L: IF (c) THEN; S...; GOTO L; ELSE; T...; END IF` -> `while c: S...` then T...,
        where every GOTO L is in S, outside S's own loops (each becomes `continue`)."""
        for i, lab in enumerate(stmts):
            if not isinstance(lab, ir.Label):
                continue
            j = _skip(tuple(stmts), i + 1)
            s = stmts[j] if j < len(stmts) else None
            if not (isinstance(s, ir.If) and s.body and isinstance(s.body[-1], ir.Goto)
                    and s.body[-1].label == lab.label):
                continue
            body = s.body[:-1]
            if self.counts[lab.label] != goto_counts(s.body)[lab.label] or \
                    not _only_at_depth0(body, lab.label) or _exits_at_depth0(body) or \
                    not self.movable(body):
                continue
            self.counts[lab.label] -= 1
            loop = ir.While(s.test, _replace_gotos(body, lab.label, ir.Continue(loc=s.loc)),
                            loc=s.loc)
            return stmts[:j] + [loop, *s.orelse] + stmts[j + 1:]
        return None

    def backward(self, stmts: list[ir.Stmt]) -> list[ir.Stmt] | None:
        for j, s in enumerate(stmts):
            g = _lone_goto(s)
            if g is None:
                continue
            cond, label = g
            i = next((k for k in range(j) if isinstance(stmts[k], ir.Label)
                      and stmts[k].label == label), None)  # type: ignore[attr-defined]
            if i is None:
                continue
            inner = tuple(stmts[i + 1:j])
            inside = goto_counts(inner)
            if not self.movable(inner) or _exits_at_depth0(inner) or \
                    self.counts[label] != inside[label] + 1:
                continue
            if inside[label] and not _only_at_depth0(inner, label):
                continue
            body = _replace_gotos(inner, label, ir.Continue(loc=s.loc))
            if cond is not None:
                body += (ir.If(negate(cond), (ir.Break(loc=s.loc),), loc=s.loc),)
            loop = ir.While(ir.Const(True, type=Logical(4), loc=s.loc), body, loc=s.loc)
            return stmts[:i] + [loop] + stmts[j + 1:]
        return None

    def stmt(self, s: ir.Stmt, block: list[ir.Stmt], k: int,
             loop: tuple[set[str], str | None] | None) -> list[ir.Stmt]:
        if isinstance(s, ir.Goto):
            if loop is not None and s.label in loop[0]:
                self.counts[s.label] -= 1
                return [ir.Continue(loc=s.loc)]
            if loop is not None and s.label == loop[1]:
                self.counts[s.label] -= 1
                return [ir.Break(loc=s.loc)]
            if s.label in self.end_labels and self.final_return is not None:
                self.counts[s.label] -= 1
                return [dataclasses.replace(self.final_return, loc=s.loc)]
            return [s]
        if isinstance(s, ir.For | ir.While):
            j = _skip(tuple(block), k + 1)
            nxt = block[j] if j < len(block) else None
            after = nxt.label if isinstance(nxt, ir.Label) else None
            closing = _closing_labels(s.body)
            return [dataclasses.replace(s, body=self.block(s.body, (closing, after)))]
        if isinstance(s, ir.If):
            return [dataclasses.replace(s, body=self.block(s.body, loop),
                                        orelse=self.block(s.orelse, loop))]
        if isinstance(s, ir.Select):
            cases = tuple(dataclasses.replace(c, body=self.block(c.body, loop))
                          for c in s.cases)
            return [dataclasses.replace(s, cases=cases)]
        return [s]


def _closing_labels(body: Block) -> set[str]:
    out = set()
    k = len(body)
    while k > 0 and isinstance(body[k - 1], ir.Label | ir.Comment):
        if isinstance(body[k - 1], ir.Label):
            out.add(body[k - 1].label)  # type: ignore[attr-defined]
        k -= 1
    return out


def _depth0(stmts: Block) -> list[ir.Stmt]:
    """The statements of `stmts` not inside a nested loop (recursing into IF/SELECT)."""
    out: list[ir.Stmt] = []
    for s in stmts:
        out.append(s)
        if isinstance(s, ir.If):
            out += _depth0(s.body) + _depth0(s.orelse)
        elif isinstance(s, ir.Select):
            for c in s.cases:
                out += _depth0(c.body)
    return out


def _exits_at_depth0(stmts: Block) -> bool:
    return any(isinstance(s, ir.Break | ir.Continue) for s in _depth0(stmts))


def _only_at_depth0(stmts: Block, label: str) -> bool:
    shallow = sum(1 for s in _depth0(stmts) if isinstance(s, ir.Goto) and s.label == label)
    return shallow == goto_counts(stmts)[label]


def _replace_gotos(stmts: Block, label: str, by: ir.Stmt) -> Block:
    out: list[ir.Stmt] = []
    for s in stmts:
        if isinstance(s, ir.Goto) and s.label == label:
            out.append(by)
        elif isinstance(s, ir.If):
            out.append(dataclasses.replace(s, body=_replace_gotos(s.body, label, by),
                                           orelse=_replace_gotos(s.orelse, label, by)))
        elif isinstance(s, ir.Select):
            out.append(dataclasses.replace(s, cases=tuple(
                dataclasses.replace(c, body=_replace_gotos(c.body, label, by))
                for c in s.cases)))
        else:
            out.append(s)
    return tuple(out)


def structure_gotos(f: ir.FunctionDef) -> ir.FunctionDef:
    """`f` without Goto (and without Label statements)."""
    if not any(isinstance(n, ir.Goto | ir.Label) for n in walk(f)):
        return f
    body = _Structurer(f).run()
    if has_goto(body):
        out: list[ir.Stmt] = []
        decls: dict[str, ir.VarDecl] = {}
        for region, jumps in _regions(body):
            if not jumps:
                out += _strip_labels(region)
                continue
            machine, new_locals = state_machine(region, f.loc)
            out += machine
            decls.update((d.name, d) for d in new_locals)
        known = {d.name for d in (*f.params, *f.locals)}
        extra = tuple(d for n, d in decls.items() if n not in known)
        return _Tidy().visit(dataclasses.replace(f, body=tuple(out), locals=f.locals + extra))
    body = tuple(_strip_labels(body))
    return _Tidy().visit(dataclasses.replace(f, body=body))


def _regions(body: Block) -> list[tuple[Block, bool]]:
    """The top-level statements cut into runs that no GOTO crosses: (run, holds GOTOs).
    Each run with GOTOs becomes its own state machine; the code between stays as it is."""
    where = {lab: k for k, s in enumerate(body) for lab in labels_in((s,))}
    spans: list[list[int]] = []
    for k, s in enumerate(body):
        for n in walk(s):
            if isinstance(n, ir.Goto):
                j = where.get(n.label, k)
                spans.append([min(j, k), max(j, k)])
    spans.sort()
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    out: list[tuple[Block, bool]] = []
    k = 0
    for lo, hi in merged:
        if k < lo:
            out.append((body[k:lo], False))
        out.append((body[lo:hi + 1], True))
        k = hi + 1
    if k < len(body):
        out.append((body[k:], False))
    return out


def _tail(stmts: Block) -> Block:
    """A loop body's last statements without a `continue` that says nothing."""
    if not stmts:
        return stmts
    last = stmts[-1]
    if isinstance(last, ir.Continue):
        return stmts[:-1]
    if isinstance(last, ir.If):
        last = dataclasses.replace(last, body=_tail(last.body), orelse=_tail(last.orelse))
    elif isinstance(last, ir.Select):
        last = dataclasses.replace(last, cases=tuple(
            dataclasses.replace(c, body=_tail(c.body)) for c in last.cases))
    return (*stmts[:-1], last)


class _Tidy(Transformer):
    def visit_For(self, s: ir.For) -> ir.For:
        s = self.rebuild(s)
        return dataclasses.replace(s, body=_tail(s.body))

    def visit_While(self, s: ir.While) -> ir.While:
        s = self.rebuild(s)
        return dataclasses.replace(s, body=_tail(s.body))


def _strip_labels(stmts: Block) -> list[ir.Stmt]:
    out: list[ir.Stmt] = []
    for s in stmts:
        if isinstance(s, ir.Label):
            continue
        if isinstance(s, ir.If):
            s = dataclasses.replace(s, body=tuple(_strip_labels(s.body)),
                                    orelse=tuple(_strip_labels(s.orelse)))
        elif isinstance(s, ir.For | ir.While):
            s = dataclasses.replace(s, body=tuple(_strip_labels(s.body)))
        elif isinstance(s, ir.Select):
            s = dataclasses.replace(s, cases=tuple(
                dataclasses.replace(c, body=tuple(_strip_labels(c.body))) for c in s.cases))
        out.append(s)
    return out


LABEL_TYPE = Integer(4)
