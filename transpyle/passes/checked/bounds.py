"""Lower bounds of float expressions: where the types and values rule a failure out.

`lower_bound(e)` is a float L such that the value of `e` is >= L or NaN, or None when nothing is
known. Round-to-nearest is monotone, so the bounds of `a + b` and of `a * b` (both bounds >= 0)
are the rounded sums and products of the operands' bounds. A local variable has a bound when
every assignment to it has one that does not depend on itself (r2 = dx*dx + dy*dy + 1e-4).
A divisor whose bound is > 0 cannot be zero; a sqrt whose argument's bound is >= 0 cannot fail.
Inside an `if` the test adds facts (`if v < 0.25: ... else: sqrt(v)`: v >= 0.25 or NaN there),
for the variables that the branch does not assign (`conditions`).
"""

from __future__ import annotations

import math

from transpyle.ir import nodes as ir
from transpyle.ir.types import Real
from transpyle.ir.visitor import walk

_NONNEGATIVE = frozenset(("abs", "exp", "math_exp", "cosh", "math_cosh"))


class Bounds:
    def __init__(self, f: ir.FunctionDef) -> None:
        params = {p.name for p in f.params}
        assigned: dict[str, list[ir.Expr]] = {}
        for s in walk(f):
            if isinstance(s, ir.Assign) and isinstance(s.target, ir.Name):
                assigned.setdefault(s.target.id, []).append(s.value)
            elif isinstance(s, ir.For):
                params.add(s.var.id)  # written by the loop itself
            elif isinstance(s, ir.CallStmt | ir.Call):
                params.update(a.id for a in s.args if isinstance(a, ir.Name))
        self.vars: dict[str, float] = {}
        self.facts: dict[str, float] = {}  # from the tests of the enclosing ifs
        candidates = {n: vs for n, vs in assigned.items() if n not in params}
        grew = True
        while grew:  # a variable gets a bound once all its values have one without it
            grew = False
            for name, values in candidates.items():
                if name in self.vars:
                    continue
                found = [self.lower(v) for v in values]
                if all(b is not None for b in found):
                    self.vars[name] = min(found)  # type: ignore[type-var]
                    grew = True

    def lower(self, e: ir.Expr) -> float | None:
        b = self._lower(e)
        return None if b is None or math.isnan(b) else b

    def _lower(self, e: ir.Expr) -> float | None:
        if isinstance(e, ir.Const) and isinstance(e.value, int | float) \
                and not isinstance(e.value, bool):
            return float(e.value)
        if isinstance(e, ir.Name):
            known = [b for b in (self.vars.get(e.id), self.facts.get(e.id)) if b is not None]
            return max(known) if known else None
        if isinstance(e, ir.Cast) and isinstance(e.type, Real):
            return self.lower(e.value) if isinstance(e.value.type, Real) else None
        if isinstance(e, ir.Intrinsic):
            if e.name in _NONNEGATIVE:
                return 1.0 if "cosh" in e.name else 0.0
            if e.name in ("sqrt", "math_sqrt"):
                b = self.lower(e.args[0])
                return math.sqrt(b) if b is not None and b >= 0.0 else None
            return None
        if isinstance(e, ir.BinOp):
            return self._binop(e)
        return None

    def _binop(self, e: ir.BinOp) -> float | None:
        if e.op == "*" and e.left == e.right and not any(
                isinstance(n, ir.Call) for n in walk(e.left)):
            return 0.0
        a, b = self.lower(e.left), self.lower(e.right)
        if a is None or b is None:
            return None
        if e.op == "+":
            return a + b
        if e.op == "*" and a >= 0.0 and b >= 0.0:
            return a * b
        if e.op == "/" and a >= 0.0 and b > 0.0:
            return 0.0
        return None

    def positive(self, e: ir.Expr) -> bool:
        b = self.lower(e)
        return b is not None and b > 0.0

    def nonnegative(self, e: ir.Expr) -> bool:
        b = self.lower(e)
        return b is not None and b >= 0.0


_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def conditions(test: ir.Expr, holds: bool) -> dict[str, float]:
    """Lower bounds (value >= L, or NaN) that `test` being `holds` gives its variables."""
    if isinstance(test, ir.BoolOp) and (test.op == "and") == holds:
        out: dict[str, float] = {}
        for v in test.values:
            for name, b in conditions(v, holds).items():
                out[name] = max(b, out.get(name, b))
        return out
    if not isinstance(test, ir.Compare):
        return {}
    op, left, right = test.op, test.left, test.right
    if isinstance(left, ir.Const):
        op, left, right = _MIRROR[op], right, left
    if not (isinstance(left, ir.Name) and isinstance(right, ir.Const)
            and isinstance(right.value, int | float) and not isinstance(right.value, bool)):
        return {}
    # true: v > c, v >= c, v == c bound v below; false: not (v < c), not (v <= c) do
    if (holds and op in (">", ">=", "==")) or (not holds and op in ("<", "<=")):
        return {left.id: float(right.value)}
    return {}
