"""Which scalar values are NumPy scalars in CPython, and so follow NumPy's error rules.

In CPython `x[i]` of a float64 array is an `np.float64`, and arithmetic with a NumPy scalar
gives a NumPy scalar: `x[i] / 0.0` is inf with a RuntimeWarning where `1.0 / 0.0` raises
ZeroDivisionError, and `a[i] // 0` of an int64 array is 0 where `7 // 0` raises. The IR types
both as Real(8) or Integer(8); this analysis tells them apart, so that `checked/` raises
exactly where CPython raises.

A value is a NumPy scalar if it is an element of an array, the result of a NumPy function
(`np.sqrt(2.0)`, `np.sum(x)`), or an operation with a NumPy-scalar operand; the math module's
functions, the builtin conversions (`float(x[i])`) and parameters are Python scalars, but
parameters that every call passes a NumPy scalar; a call of a module function is what its
returns are (passes/numpy_params.py); builtin `abs` keeps its argument's kind and builtin
`min`/`max` return one of their arguments, as it compares.

`scalar_states` follows the assignments that reach each statement, along every path (breaks,
continues and returns included): at its start a variable surely holds a NumPy scalar (`must`),
may hold one (`may`), or surely does not. Where it may but need not (`s = 0.0; for ...:
s += x[i]` after the loop, which may have run zero times), `origin` answers with a logical
expression read at run time: the variable's flag, which `checked/` keeps beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, Array
from transpyle.ir.visitor import walk

# NumPy reductions return NumPy scalars, whatever their arguments
_REDUCTIONS = frozenset(("sum", "product", "maxval", "minval", "dot", "matmul"))
# the helpers that compute NumPy's functions once lowered (passes/numpy_lowering.py: np.mean,
# np.argmax, np.sign, ...): a scalar they return is NumPy's
NUMPY_HELPER_PREFIX = "tp_numpy_"

Origin = bool | ir.Expr  # known at translation, or a logical expression read at run time


@dataclass(frozen=True, slots=True)
class State:
    """At one point: the variables that may hold a NumPy scalar, and those that surely do."""
    may: frozenset[str] = frozenset()
    must: frozenset[str] = frozenset()

    def join(self, other: State | None) -> State:
        if other is None:
            return self
        return State(self.may | other.may, self.must & other.must)

    def without(self, name: str) -> State:
        return State(self.may - {name}, self.must - {name})


def _join(a: State | None, b: State | None) -> State | None:
    return b if a is None else a.join(b)


@dataclass
class _Loop:
    breaks: list[State] = field(default_factory=list)
    continues: list[State] = field(default_factory=list)


class _Flow:
    """The state at the start of every statement (by id); None where none is reachable."""

    def __init__(self) -> None:
        self.states: dict[int, State] = {}
        self.loops: list[_Loop] = []

    def block(self, stmts: tuple[ir.Stmt, ...], state: State | None) -> State | None:
        for st in stmts:
            state = self.stmt(st, state)
        return state

    def stmt(self, st: ir.Stmt, state: State | None) -> State | None:
        self.states[id(st)] = state if state is not None else State()
        if state is None:
            return None
        if isinstance(st, ir.CallStmt) and st.numpy_results:
            return returned_origins(st, state)
        if isinstance(st, ir.Assign) and isinstance(st.target, ir.Name) \
                and not isinstance(st.target.type, Array):
            return assigned(state, st.target.id, st.value)
        if isinstance(st, ir.Assign) and isinstance(st.target, ir.Subscript) \
                and _list_name(st.target) is not None:  # a list holds what is stored
            stored = origin(st.value, state) is not False
            return State(state.may | {_list_name(st.target)}, state.must) if stored else state  # type: ignore[arg-type]
        if isinstance(st, ir.If | ir.Where):
            return _join(self.block(st.body, state), self.block(st.orelse, state))
        if isinstance(st, ir.Select):
            out = None if any(not c.values for c in st.cases) else state
            for case in st.cases:
                out = _join(out, self.block(case.body, state))
            return out
        if isinstance(st, ir.For | ir.While):
            return self.loop(st, state)
        if isinstance(st, ir.Break | ir.Continue) and self.loops:
            frame = self.loops[-1]
            (frame.breaks if isinstance(st, ir.Break) else frame.continues).append(state)
            return None
        if isinstance(st, ir.Return | ir.Raise | ir.Stop):
            return None
        return state

    def loop(self, st: ir.For | ir.While, state: State) -> State:
        entry = state  # the state where the loop tests whether to run its body again
        while True:
            frame = _Loop()
            self.loops.append(frame)
            top = entry.without(st.var.id) if isinstance(st, ir.For) else entry
            end = self.block(st.body, top)
            self.loops.pop()
            back = end
            for c in frame.continues:
                back = _join(back, c)
            grown = entry.join(back)
            if grown == entry:
                if isinstance(st, ir.While):  # its test is read at the top of every iteration
                    self.states[id(st)] = entry
                out = entry
                for b in frame.breaks:
                    out = out.join(b)
                return out
            entry = grown


def returned_origins(st: ir.CallStmt, state: State) -> State:
    """The state after a call that sets the elements of a returned tuple (passes/tuples.py)."""
    for a, numpy in zip(st.args[-len(st.numpy_results):], st.numpy_results, strict=True):
        assert isinstance(a, ir.Name)
        if numpy is None:  # on some paths: the callee's flag says
            state = State(state.may | {a.id}, state.must - {a.id})
        else:
            state = State(state.may | {a.id}, state.must | {a.id}) if numpy \
                else state.without(a.id)
    return state


def scalar_states(f: ir.FunctionDef) -> dict[int, State]:
    """For each statement of `f` (by id), what its scalar variables may and must hold when
    it starts. A parameter is a Python scalar until an assignment of a NumPy value reaches."""
    flow = _Flow()
    given = frozenset(f.numpy_params)  # every call passes them NumPy scalars
    flow.block(f.body, State(given, given))
    return flow.states


def numpy_states(f: ir.FunctionDef) -> dict[int, frozenset[str]]:
    """The variables that may hold a NumPy scalar at the start of each statement of `f`."""
    return {k: s.may for k, s in scalar_states(f).items()}


def numpy_result(f: ir.FunctionDef) -> str | None:
    """The NumPy type of the scalar `f` returns ("np.float64") where CPython returns a NumPy
    scalar on every path (`return x[i] * 2.0`, `return np.sum(x)`); None where it returns a
    Python scalar, or either (the value is the same; a row of docs/DIFFERENCES.md)."""
    from transpyle.ir.types import Complex, Integer, Logical, Real, numpy_name

    if not isinstance(f.returns, Integer | Real | Complex | Logical) or f.kind is not None:
        return None
    states = scalar_states(f)
    returns = [s for s in walk(f) if isinstance(s, ir.Return) and s.value is not None]
    if not returns or not all(origin(r.value, states.get(id(r), State()),  # type: ignore[arg-type]
                                     lambda n: ir.Name(n, type=BOOL, loc=f.loc)) is True
                              for r in returns):
        return None
    # the returned value's own type (an int32 element times 3 is an np.int32), not the hint's
    kinds = {_uncast(r.value, f.returns).type for r in returns}  # type: ignore[arg-type]
    kind = kinds.pop() if len(kinds) == 1 else f.returns
    if isinstance(f.returns, Logical):  # a NumPy scalar's comparison: np.bool_
        return "np.bool"
    return f"np.{numpy_name(kind if isinstance(kind, Integer | Real | Complex) else f.returns)}"


def _uncast(e: ir.Expr, returns: object) -> ir.Expr:
    """`e` without the conversion to the hinted result type that typing adds."""
    if isinstance(e, ir.Cast) and not e.python and not e.numpy and e.type == returns:
        return e.value
    return e


def assigned(state: State, name: str, value: ir.Expr) -> State:
    """The state after `name = value`."""
    o = origin(value, state, lambda n: ir.Name(n, type=BOOL, loc=value.loc))
    may = state.may | {name} if o is not False else state.may - {name}
    must = state.must | {name} if o is True else state.must - {name}
    return State(may, must)


def is_numpy_scalar(e: ir.Expr, numpy_vars: set[str] | frozenset[str],
                    memo: dict[int, bool] | None = None) -> bool:
    """Whether `e` may be a NumPy scalar in CPython where `numpy_vars` may hold one."""
    state = State(frozenset(numpy_vars), frozenset())
    return origin(e, state, memo=memo) is not False


def origin(e: ir.Expr, state: State, flag: Callable[[str], ir.Expr] | None = None,
           memo: dict[int, Origin] | None = None) -> Origin:
    """Whether `e` is a NumPy scalar in CPython: True, False, or (where it depends on the
    path taken, and `flag` gives the run-time flag of a variable) a logical expression.
    Without `flag` the answer is True where it may be one. `memo` (by node id, for one tree
    that stays alive while it is used, and one state) keeps a pass that asks at every node
    of a 10,000-term sum linear."""
    return _Origins(state, flag, {} if memo is None else memo).of(e)


class _Origins:
    def __init__(self, state: State, flag: Callable[[str], ir.Expr] | None,
                 memo: dict[int, Origin]) -> None:
        self.state, self.flag, self.memo = state, flag, memo

    def of(self, e: ir.Expr) -> Origin:
        known = self.memo.get(id(e))
        if known is None:
            known = self.memo[id(e)] = self.compute(e)
        return known

    def compute(self, e: ir.Expr) -> Origin:
        if isinstance(e.type, Array):
            return False
        if isinstance(e, ir.Subscript):
            name = _list_name(e)
            if name is not None:  # a list element: what was stored (NumPy's if it may be)
                return name in self.state.may
            return all(not isinstance(i, ir.Slice) for i in e.indices)
        if isinstance(e, ir.Name):
            if e.id in self.state.must:
                return True
            if e.id not in self.state.may:
                return False
            return True if self.flag is None else self.flag(e.id)
        if isinstance(e, ir.BinOp):
            return self.any(self.of(e.left), self.of(e.right))
        if isinstance(e, ir.Cast):  # np.int32(x) is NumPy's, int(x) Python's
            return True if e.numpy else False if e.python else self.of(e.value)
        if isinstance(e, ir.UnaryOp):
            return False if e.op == "not" else self.of(e.operand)  # `not` gives a bool
        if isinstance(e, ir.Compare):  # a NumPy scalar's comparison is a np.bool_
            return self.any(self.of(e.left), self.of(e.right))
        if isinstance(e, ir.IfExp):
            return self.choose(e.test, self.of(e.body), self.of(e.orelse))
        if isinstance(e, ir.Call) and e.func.startswith(NUMPY_HELPER_PREFIX):
            return True
        if isinstance(e, ir.Call):  # what the module function returns (numpy_params.py)
            return e.numpy
        if isinstance(e, ir.Intrinsic):
            if e.origin == "numpy" or e.name in _REDUCTIONS:
                return True
            if e.origin == "math":
                return False
            if e.name in ("min", "max") and len(e.args) > 1:
                return self.selected(e)
            out: Origin = False
            for a in e.args:
                out = self.any(out, self.of(a))
            return out
        return False

    def selected(self, e: ir.Intrinsic) -> Origin:
        """Builtin min/max return one of their arguments: the first that no later one beats
        (`b < a` picks `b` for min), so the result is a NumPy scalar as the one returned."""
        best_value, best = e.args[0], self.of(e.args[0])
        for k, x in enumerate(e.args[1:], start=2):
            mine = self.of(x)
            if mine is best or (isinstance(mine, bool) and mine == best):
                pass
            elif self.flag is None or not all(_simple(a) for a in e.args[:k]):
                best = self.any(best, mine)  # a documented difference: NumPy's rule
            else:
                op = "<" if e.name == "min" else ">"
                beats = ir.Compare(op, x, best_value, type=BOOL, loc=e.loc)
                best = self.choose(beats, mine, best)
            best_value = ir.Intrinsic(e.name, e.args[:k], type=e.type, loc=e.loc)
        return best

    def any(self, a: Origin, b: Origin) -> Origin:
        if a is True or b is True:
            return True
        if a is False:
            return b
        if b is False:
            return a
        return ir.BoolOp("or", (a, b), type=BOOL, loc=a.loc)  # type: ignore[union-attr]

    def choose(self, test: ir.Expr, body: Origin, orelse: Origin) -> Origin:
        if isinstance(body, bool) and body == orelse:
            return body
        if self.flag is None or not _simple(test):
            return self.any(body, orelse)
        def expr(o: Origin) -> ir.Expr:
            return ir.Const(o, type=BOOL, loc=test.loc) if isinstance(o, bool) else o
        return ir.IfExp(test, expr(body), expr(orelse), type=BOOL, loc=test.loc)


def _list_name(e: ir.Subscript) -> str | None:
    """The name of the Python list (types.Array.pylist) whose element `e` is, if it is one."""
    t = e.value.type
    if isinstance(e.value, ir.Name) and isinstance(t, Array) and t.pylist \
            and all(not isinstance(i, ir.Slice) for i in e.indices):
        return e.value.id
    return None


def _simple(e: ir.Expr) -> bool:
    """An expression that can be evaluated again, to the same value, without effects: no
    calls of procedures, no arrays. Its operations may raise, but only where the statement
    that holds it raises too (the flags read it where its statement evaluates it)."""
    if isinstance(e, ir.Name | ir.Const):
        return True
    if isinstance(e.type, Array):
        return False
    if isinstance(e, ir.Subscript):
        return all(not isinstance(i, ir.Slice) and _simple(i) for i in e.indices)
    if isinstance(e, ir.UnaryOp):
        return _simple(e.operand)
    if isinstance(e, ir.Cast):
        return _simple(e.value)
    if isinstance(e, ir.BinOp | ir.Compare):
        return _simple(e.left) and _simple(e.right)
    if isinstance(e, ir.BoolOp):
        return all(_simple(v) for v in e.values)
    if isinstance(e, ir.IfExp):
        return _simple(e.test) and _simple(e.body) and _simple(e.orelse)
    if isinstance(e, ir.Intrinsic):
        return all(_simple(a) for a in e.args)
    return False
