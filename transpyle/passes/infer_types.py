"""Type inference: give every expression its type and every local a declaration.

Types come from hints, literals, intrinsics and (for @transpile) the call's argument types.
Rules, chosen to keep NumPy 2's results:
- Python scalars are weak: `2.0 * x` and `a * x` with float32 `x` and a Python float `a` stay
  float32 (NEP 50; which variables always hold Python scalars: weak_scalars.py). A variable
  that may hold either keeps the wider type (a row of docs/DIFFERENCES.md).
- `/` is true division: integer operands are converted to float64 first.
- A variable keeps one type. Widening (int -> float, float32 -> float64, real -> complex) is
  converted silently; anything else is a type clash, reported where it happens.
- A value stored into an array element takes the array's element type, as NumPy casts.
"""

from __future__ import annotations

import dataclasses

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import (
    BOOL,
    FLOAT64,
    INT64,
    NUMERIC_RANK,
    Array,
    Character,
    Complex,
    Integer,
    Logical,
    Real,
    Scalar,
    Type,
    Void,
    element,
    is_numeric,
    promote,
)
from transpyle.passes.array_results import returned_array
from transpyle.passes.broadcast import broadcast, broadcast_to
from transpyle.passes.call_types import CallTypes, generic_functions
from transpyle.passes.callgraph import call_order, callees
from transpyle.passes.identity import identity
from transpyle.passes.infer_calls import CallTyping
from transpyle.passes.int_accumulators import type_with_accumulators
from transpyle.passes.lists import check_store, is_list
from transpyle.passes.masks import is_mask, masked_assign
from transpyle.passes.ranks import infer_ranks
from transpyle.passes.tuples import merge_results, numpy_results
from transpyle.passes.weak_scalars import (
    is_python_value,
    mixed_scalars,
    weak_meets,
    weak_scalars,
)


def infer_types(module: ir.Module) -> ir.Module:
    consts = {d.name: _const_decl(d) for d in module.decls}
    funcs = module.functions()
    weak = weak_scalars(module)
    typed: dict[str, ir.FunctionDef] = {}
    order, recursive = call_order(module)
    called = set().union(*(callees(f) - {f.name} for f in funcs.values()))
    generic = CallTypes(funcs, generic_functions(funcs, called), recursive, typed)

    def type_one(f: ir.FunctionDef) -> ir.FunctionDef:
        f = infer_ranks(f)
        if f.name in recursive and f.returns is None:
            raise TranspileError(f.loc, msg.RECURSIVE_RETURN.format(name=f.name), code="E-type")
        weak_f = weak.get(f.name, frozenset())

        def attempt(mixed: dict[str, bool]) -> tuple[ir.FunctionDef, set[str]]:
            typers: list[_FunctionTyper] = []

            def run(g: ir.FunctionDef) -> ir.FunctionDef:
                typers.append(_FunctionTyper(g, typed, funcs, consts, generic, weak_f, mixed))
                return typers[-1].run()

            out = type_with_accumulators(  # r = 0; r += x[i]
                f, run, lambda: typers[-1].clash if typers else None)
            return out, typers[-1].mixed_failed

        mixed = mixed_scalars(f, weak_f)  # s = 0.0; s += x[i]
        while True:
            try:
                out, failed = attempt(mixed)
            except TranspileError:
                if not mixed:
                    raise
                mixed = {}  # typed as if none were: the error, if any, stands alone
                continue
            if not failed:
                break
            mixed = {n: exact for n, exact in mixed.items() if n not in failed}
        return dataclasses.replace(out, recursive=True) if f.name in recursive else out

    generic.typer = type_one
    for name in order:
        if name not in generic.generic:  # those are typed at their calls
            typed[name] = type_one(funcs[name])
    return dataclasses.replace(module, body=generic.body(module), decls=tuple(consts.values()))


def _const_decl(d: ir.VarDecl) -> ir.VarDecl:
    assert isinstance(d.init, ir.Const)
    t = literal_type(d.init.value)
    return dataclasses.replace(d, type=t, init=dataclasses.replace(d.init, type=t))


def literal_type(value: object) -> Type:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT64
    if isinstance(value, float):
        return FLOAT64
    if isinstance(value, complex):
        return Complex(16)
    if isinstance(value, str):
        return Character(len(value))
    return Void()


def _is_weak(e: ir.Expr) -> bool:
    """A Python literal, whose kind yields to the other operand's (NEP 50)."""
    if isinstance(e, ir.UnaryOp):
        return _is_weak(e.operand)
    return isinstance(e, ir.Const) and not isinstance(e.value, str)


def _negative_const(e: ir.Expr) -> bool:
    if isinstance(e, ir.UnaryOp) and e.op == "-" and isinstance(e.operand, ir.Const):
        return not isinstance(e.operand.value, str) and e.operand.value > 0  # type: ignore[operator]
    return isinstance(e, ir.Const) and not isinstance(e.value, str) and e.value < 0  # type: ignore[operator]


# a variable or value that is a Python scalar on some paths (stored as the key) and a NumPy
# scalar of the value's type on the others (passes/weak_scalars.py, mixed_scalars)
_NARROW: dict[Type, Type] = {FLOAT64: Real(4), Complex(16): Complex(8)}
_NARROW_MEETS = (Real(4), Complex(8))  # NumPy types that such a value is converted to first


def _can_widen(src: Type, dst: Type) -> bool:
    if src == dst:
        return True
    rs, rd = NUMERIC_RANK.get(type(src), -1), NUMERIC_RANK.get(type(dst), -1)
    if rs < 0 or rd < 0 or isinstance(src, Logical) != isinstance(dst, Logical):
        return False
    if rs == rd:
        return dst.kind >= src.kind  # type: ignore[union-attr]
    return rd > rs


class _FunctionTyper(CallTyping):
    def __init__(self, f: ir.FunctionDef, typed: dict[str, ir.FunctionDef],
                 funcs: dict[str, ir.FunctionDef], consts: dict[str, ir.VarDecl],
                 generic: CallTypes | None = None, weak: frozenset[str] = frozenset(),
                 mixed: dict[str, bool] | None = None) -> None:
        self.f = f
        self.weak = weak  # variables that always hold Python scalars (weak_scalars.py)
        self.mixed = mixed or {}  # and those that hold one on some paths (mixed_scalars)
        self.mixed_failed: set[str] = set()  # of those, the ones assigned another value
        self.python_values: dict[int, tuple[ir.Expr, bool]] = {}  # is_python_value's memo
        self.generic = generic
        self.typed = typed
        self.funcs = funcs
        self.env: dict[str, Type] = {c: d.type for c, d in consts.items() if d.type}
        self.declared_at: dict[str, SourceLoc] = {}
        self.fixed = {d.name: d.type for d in (*f.locals, *f.results) if d.type is not None}
        self.locals: dict[str, ir.VarDecl] = {}
        self.loop_vars: list[str] = []
        self.returns: Type | None = f.returns
        self.clash: tuple[str, Type, Type] | None = None  # the scalar clash refused (convert)
        for p in f.params:
            if p.type is None:
                raise TranspileError(p.loc, msg.MISSING_TYPE.format(name=p.name),
                                     msg.MISSING_TYPE_HINT.format(name=p.name), code="E-type")
            if type(p.type).__name__ == "Choice":  # a union hint (frontends/python/hints.py)
                raise TranspileError(p.loc, msg.CHOICE_LEFT.format(name=p.name, members=p.type),
                                     msg.CHOICE_LEFT_HINT, code="E-type")
            self.env[p.name] = p.type

    def error(self, loc: SourceLoc, message: str, hint: str | None = None) -> TranspileError:
        return TranspileError(loc, message, hint, code="E-type")

    def run(self) -> ir.FunctionDef:
        body = self.block(self.f.body)
        returns = self.returns if self.returns is not None else Void()
        f = dataclasses.replace(self.f, body=body, returns=returns,
                                locals=tuple(self.locals.values()))
        return merge_results(f, dict(self.locals)) if f.results else f

    def block(self, stmts: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        out: list[ir.Stmt] = []
        for s in stmts:
            new = self.stmt(s)
            out.extend(new if isinstance(new, list) else [new])  # a[mask] = v: checks first
        return tuple(out)

    # -- statements
    def stmt(self, s: ir.Stmt) -> ir.Stmt:
        r = dataclasses.replace
        if isinstance(s, ir.Assign):
            return self.assign(s)
        if isinstance(s, ir.For):
            return self.for_loop(s)
        if isinstance(s, ir.While):
            return r(s, test=self.condition(s.test), body=self.block(s.body))
        if isinstance(s, ir.If):
            return r(s, test=self.condition(s.test), body=self.block(s.body),
                     orelse=self.block(s.orelse))
        if isinstance(s, ir.Return):
            return self.ret(s)
        if isinstance(s, ir.CallStmt):
            call = self.call(ir.Call(s.func, s.args, loc=s.loc), statement=True)
            return numpy_results(r(s, func=call.func, args=call.args),
                                 self.typed.get(call.func))
        if isinstance(s, ir.Print):
            return r(s, values=tuple(self.expr(v) for v in s.values))
        if isinstance(s, ir.Raise) and s.exc == ir.PYTHON_CALL:
            return r(s, args=tuple(self.python_call_arg(a) for a in s.args))
        return s

    def python_call_arg(self, a: ir.Expr) -> ir.Expr:
        """A value passed to a function left to Python (frontends/python/exits.py): an
        integer, reported through the status array."""
        a = self.expr(a)
        if not isinstance(a.type, Integer):
            raise self.error(a.loc, f"a value of type {a.type} passed to a function that runs "
                             "in Python: only integers and constants are passed there")
        return self.cast(a, INT64)

    def declare(self, name: str, t: Type, loc: SourceLoc) -> None:
        if isinstance(t, Array) and t.rank is None:
            raise self.error(loc, msg.RANK_UNKNOWN.format(name=name), msg.RANK_UNKNOWN_HINT)
        self.env[name] = t
        self.declared_at[name] = loc
        allocatable = isinstance(t, Array)
        self.locals[name] = ir.VarDecl(name, t, allocatable=allocatable, loc=loc)

    def assign(self, s: ir.Assign) -> ir.Stmt:
        value = self.expr(s.value)
        vt = value.type
        assert vt is not None
        if s.inplace and isinstance(s.target, ir.Name) \
                and isinstance(self.env.get(s.target.id), Array):
            return self.inplace(s, value)
        if isinstance(s.target, ir.Name):
            name = s.target.id
            if isinstance(vt, Character) and (name not in self.env and name not in self.fixed
                                              or isinstance(self.env.get(name), Character)):
                raise self.error(s.loc, f"'{name}' would hold a string: translated functions "
                                 "take str arguments and compare them, no str variables",
                                 "compare the argument itself, or pass the string on")
            if name not in self.env:
                self.declare(name, self.fixed.get(name, self.mixed_held(name, vt)), s.loc)
            target_t = self.env[name]
            if name in self.mixed:
                narrow = _NARROW.get(target_t, target_t)
                if not (is_python_value(s.value, self.weak) or narrow in _NARROW_MEETS
                        and narrow in (vt, self.mixed_narrow(value))):
                    self.mixed_failed.add(name)
            if isinstance(target_t, Array) and any(p.name == name for p in self.f.params):
                raise self.error(s.loc, msg.ARRAY_REBIND.format(name=name),
                                 msg.ARRAY_REBIND_HINT.format(name=name))
            value = self.convert(value, target_t, name, s.loc)
            return ir.Assign(dataclasses.replace(s.target, type=target_t), value, loc=s.loc)
        if isinstance(s.target, ir.Subscript) and len(s.target.indices) == 1 \
                and not isinstance(s.target.indices[0], ir.Slice):
            index = self.expr(s.target.indices[0])
            if is_mask(index):
                base = self.expr(s.target.value)
                return masked_assign(self, s, base, index, value)  # type: ignore[return-value]
            if isinstance(index.type, Array):  # x[idx] = v: NumPy's last duplicate wins
                raise self.error(s.loc, "assigning through an integer index array is not "
                                 "translated", "write the loop over the indices")
        target = self.expr(s.target)
        assert target.type is not None
        value = broadcast_to(value, target, s.loc)
        vt = value.type
        if isinstance(target, ir.Subscript) and is_list(target.value.type):
            check_store(target, value, s.loc)
        if isinstance(vt, Array) and isinstance(target.type, Array) and None not in (
                vt.rank, target.type.rank) and vt.rank != target.type.rank:
            raise self.error(s.loc, msg.RANK_ASSIGN.format(new=vt.rank, old=target.type.rank))
        value = self.cast(value, element(target.type)) if not isinstance(vt, Array) else \
            self.cast_array(value, element(target.type))
        return ir.Assign(target, value, loc=s.loc)

    def inplace(self, s: ir.Assign, value: ir.Expr) -> ir.Stmt:
        """`x += y` on an array: in place, as NumPy does (`x[...] = x + y`: the caller and
        every view see it); NumPy's 'same_kind' rule refuses a result of a higher kind."""
        assert isinstance(s.target, ir.Name)
        t = self.env[s.target.id]
        assert isinstance(t, Array)
        vt = element(value.type)  # type: ignore[arg-type]
        if isinstance(t.elem, Logical) or NUMERIC_RANK.get(type(vt), 9) > NUMERIC_RANK.get(
                type(t.elem), -1):
            raise self.error(s.loc, msg.INPLACE_CAST.format(name=s.target.id, new=vt,
                                                            old=t.elem), msg.INPLACE_CAST_HINT)
        whole = ir.Subscript(s.target, (), loc=s.target.loc)
        return self.assign(ir.Assign(whole, s.value, loc=s.loc))

    def convert(self, value: ir.Expr, to: Type, name: str, loc: SourceLoc) -> ir.Expr:
        vt = value.type
        assert vt is not None
        if isinstance(to, Character) and to.length is None and isinstance(vt, Character):
            return value  # any string to a str argument (CHARACTER(*)): passed as it is
        if isinstance(to, Array) or isinstance(vt, Array):
            if isinstance(to, Array) and isinstance(vt, Array) and to.rank == vt.rank:
                return self.cast_array(value, to.elem)
            raise self.error(loc, msg.TYPE_CLASH.format(name=name, old=to, new=vt),
                             msg.TYPE_CLASH_HINT.format(new=vt))
        if _can_widen(vt, to) or (_is_weak(value) and NUMERIC_RANK.get(type(vt), 9)
                                  <= NUMERIC_RANK.get(type(to), -1)):
            return self.cast(value, to)
        self.clash = (name, to, vt)
        raise self.error(loc, msg.TYPE_CLASH.format(name=name, old=to, new=vt),
                         msg.TYPE_CLASH_HINT.format(new=vt))

    def for_loop(self, s: ir.For) -> ir.Stmt:
        name = s.var.id
        if name not in self.env:
            self.declare(name, INT64, s.var.loc)
        vt = self.env[name]
        if not isinstance(vt, Integer):
            raise self.error(s.var.loc, msg.TYPE_CLASH.format(name=name, old=vt, new=INT64),
                             msg.TYPE_CLASH_HINT.format(new=INT64))
        typed_bounds = [self.expr(b) for b in (s.start, s.stop, s.step)]
        for b in typed_bounds:
            if not isinstance(b.type, Integer):
                raise self.error(b.loc, "range() arguments must be integers")
        start, stop, step = (self.cast(b, vt) for b in typed_bounds)
        self.loop_vars.append(name)
        body = self.block(s.body)
        self.loop_vars.pop()
        return ir.For(dataclasses.replace(s.var, type=vt), start, stop, step, body, loc=s.loc)

    def ret(self, s: ir.Return) -> ir.Stmt:
        if s.value is None:
            if self.returns not in (None, Void()):
                raise self.error(s.loc, msg.MIXED_RETURNS.format(name=self.f.name))
            self.returns = Void()
            return s
        value = self.expr(s.value)
        if isinstance(value.type, Array):  # an array result (passes/array_results.py)
            self.returns = returned_array(self.f, self.returns, value, s.loc)
        if self.returns is None:
            self.returns = value.type
        if isinstance(self.returns, Void):
            raise self.error(s.loc, msg.MIXED_RETURNS.format(name=self.f.name))
        assert self.returns is not None
        return ir.Return(self.convert(value, self.returns, "the return value", s.loc), loc=s.loc)

    def condition(self, e: ir.Expr) -> ir.Expr:
        e = self.expr(e)
        if isinstance(e.type, Logical):
            return e
        if isinstance(e.type, Integer | Real):  # Python truthiness
            zero = ir.Const(0, type=e.type, loc=e.loc)
            return ir.Compare("!=", e, zero, type=BOOL, loc=e.loc)
        raise self.error(e.loc, f"a condition must be a bool or a number, not {e.type}")

    # -- expressions
    def cast(self, e: ir.Expr, t: Type) -> ir.Expr:
        if e.type == t:
            return e
        if isinstance(e, ir.Const) and not isinstance(t, Logical) and not isinstance(
                e.value, bool):
            value = e.value
            if isinstance(t, Real) and isinstance(value, int):
                value = float(value)
            if isinstance(t, Complex) and isinstance(value, int | float):
                value = complex(value)
            if not (isinstance(t, Integer) and isinstance(value, float | complex)):
                return ir.Const(value, type=t, loc=e.loc)
        return ir.Cast(e, type=t, loc=e.loc)

    def cast_array(self, e: ir.Expr, elem: Type) -> ir.Expr:
        et = e.type
        if isinstance(et, Array):
            if et.elem == elem:
                return e
            return ir.Cast(e, type=dataclasses.replace(et, elem=elem), loc=e.loc)  # type: ignore[arg-type]
        return self.cast(e, elem)

    def expr(self, e: ir.Expr) -> ir.Expr:
        method = getattr(self, "expr_" + type(e).__name__)
        return method(e)

    def expr_Const(self, e: ir.Const) -> ir.Expr:
        return e if e.type is not None else dataclasses.replace(e, type=literal_type(e.value))

    def expr_Name(self, e: ir.Name) -> ir.Expr:
        if e.id not in self.env:
            if e.id in self.funcs:
                raise self.error(e.loc, f"function '{e.id}' used as a value")
            raise self.error(e.loc, msg.UNDEFINED.format(name=e.id))
        return dataclasses.replace(e, type=self.env[e.id])

    def expr_Cast(self, e: ir.Cast) -> ir.Expr:
        inner = self.expr(e.value)
        assert e.type is not None
        if isinstance(inner, ir.Intrinsic) and inner.origin == "numpy" \
                and inner.name in ("floor", "ceil") and not (e.python or e.numpy):
            arg = element(inner.args[0].type)  # type: ignore[arg-type]
            if isinstance(arg, Real):  # np.floor of a float32 is a float32
                e = dataclasses.replace(e, type=arg)
        # float(x[i]) stays: a Python float, which raises where the NumPy scalar x[i] would
        # not (scalar_origin.py); bool(x[0] < v) stays a Python bool; np.float64(0.1) stays a
        # NumPy scalar, no weak Python float (x32[i] * np.float64(0.1) is float64's)
        if inner.type == e.type and not e.numpy and not (
                e.python and (is_numeric(e.type) or isinstance(e.type, Logical))):
            return inner
        if isinstance(inner.type, Array):
            assert isinstance(e.type, Scalar)  # the frontend casts to scalar types only
            return dataclasses.replace(e, value=inner,
                                       type=dataclasses.replace(inner.type, elem=e.type))
        return dataclasses.replace(e, value=inner)

    def expr_UnaryOp(self, e: ir.UnaryOp) -> ir.Expr:
        operand = self.expr(e.operand)
        if e.op == "not":
            return ir.UnaryOp("not", self.condition(operand), type=BOOL, loc=e.loc)
        t = operand.type
        if isinstance(element(t), Logical):  # type: ignore[arg-type]
            operand, t = self.cast(operand, INT64), INT64
        return dataclasses.replace(e, operand=operand, type=t)

    def expr_BoolOp(self, e: ir.BoolOp) -> ir.Expr:
        return dataclasses.replace(e, values=tuple(self.condition(v) for v in e.values),
                                   type=BOOL)

    def expr_Compare(self, e: ir.Compare) -> ir.Expr:
        left, right = self.expr(e.left), self.expr(e.right)
        if e.op in ("is", "is not"):  # passes/identity.py
            return identity(e, left, right, self.error,
                            lambda x: is_python_value(x, self.weak))
        if isinstance(left.type, Character) or isinstance(right.type, Character):
            # Python's == of two strings (passes/safety/strings.py keeps its meaning)
            if not (isinstance(left.type, Character) and isinstance(right.type, Character)
                    and e.op in ("==", "!=")):
                raise self.error(e.loc, f"operator '{e.op}' between {left.type} and "
                                 f"{right.type}: translated functions compare strings with "
                                 "== and != only")
            return dataclasses.replace(e, left=left, right=right, type=BOOL)
        left, right, t = self.unify(left, right, e.op, e.loc, (e.left, e.right))
        rt: Type = BOOL
        if isinstance(t, Array):
            rt = Array(Logical(4), t.rank, t.order)
        if isinstance(element(t), Logical) and e.op not in ("==", "!="):
            left, right = self.cast(left, INT64), self.cast(right, INT64)
        return dataclasses.replace(e, left=left, right=right, type=rt)

    def expr_BinOp(self, e: ir.BinOp) -> ir.Expr:
        left, right = self.expr(e.left), self.expr(e.right)
        # element() of an Expr.type: typed by self.expr, though Expr.type says `| None`
        if (e.op == "**" and isinstance(element(right.type), Integer)  # type: ignore[arg-type]
                and not isinstance(element(left.type), Logical)):  # type: ignore[arg-type]
            if isinstance(left.type, Integer) and _negative_const(right):
                # Python: int ** negative int is a float (2 ** -1 == 0.5)
                # (the exponent's cast is kept: a NumPy integer base raises instead, checked/)
                left, right = self.cast(left, FLOAT64), ir.Cast(right, type=FLOAT64, loc=right.loc)
                return dataclasses.replace(e, left=left, right=right, type=FLOAT64)
            return dataclasses.replace(e, left=left, right=right, type=left.type)
        if e.op == "/":
            left, right = self._true_division(left), self._true_division(right)
        left, right, t = self.unify(left, right, e.op, e.loc, (e.left, e.right))
        if isinstance(element(t), Logical):
            left, right = self.cast(left, INT64), self.cast(right, INT64)
            t = INT64
        return dataclasses.replace(e, left=left, right=right, type=t)

    def _true_division(self, e: ir.Expr) -> ir.Expr:
        if isinstance(element(e.type), Integer | Logical):  # type: ignore[arg-type]
            return self.cast_array(e, FLOAT64) if isinstance(e.type, Array) else self.cast(
                e, FLOAT64)
        return e

    def unify(self, left: ir.Expr, right: ir.Expr, op: str, loc: SourceLoc,
              source: tuple[ir.Expr, ir.Expr] | None = None,
              numpy: bool = True) -> tuple[ir.Expr, ir.Expr, Type]:
        """The operands converted to their common type, and it; `source`: the operands as
        the frontend gave them, whose origin says which are Python scalars (weak, where
        `numpy`: an operation of NumPy's, not a choice of one of two values)."""
        if isinstance(left.type, Array) and isinstance(right.type, Array):
            left, right = broadcast(left, right, loc)  # NumPy's rules: passes/broadcast.py
        lt, rt = left.type, right.type
        assert lt is not None and rt is not None
        le, re_ = element(lt), element(rt)
        src = source or (left, right)
        lw, rw = (self.is_weak(left, src[0], re_), self.is_weak(right, src[1], le)) if numpy \
            else (False, False)
        try:
            if rw and not lw:
                elem = weak_meets(re_, le)
            elif lw and not rw:
                elem = weak_meets(le, re_)
            else:
                elem = promote(le, re_)
        except TypeError:
            raise self.error(loc, msg.NON_NUMERIC.format(op=op, left=lt, right=rt)) from None
        shape = lt if isinstance(lt, Array) else rt if isinstance(rt, Array) else None
        if isinstance(lt, Array) and isinstance(rt, Array) and lt.rank != rt.rank:
            raise self.error(loc, f"operands of '{op}' have ranks {lt.rank} and {rt.rank}")
        if isinstance(lt, Array) and isinstance(rt, Array) and lt.order != rt.order:
            shape = dataclasses.replace(lt, order="C")  # NumPy lays out a C-F mix in C order
        left = self.cast_array(left, elem)
        right = self.cast_array(right, elem)
        t: Type = dataclasses.replace(shape, elem=elem) if shape else elem  # type: ignore[arg-type]
        return left, right, t

    def is_weak(self, e: ir.Expr, source: ir.Expr, other: Type) -> bool:
        """A Python scalar meeting a value of type `other`: a literal, or a value of the
        variables that always hold one; but a Python int with a NumPy integer keeps the wider
        type (NumPy takes it only where it fits, which is not checked: the documented row)."""
        if _is_weak(e):
            return True
        if other in _NARROW_MEETS and self.mixed_narrow(e) is not None:
            return True  # a float64 holding a Python float or a float32 meets a float32
        if e.type not in (INT64, FLOAT64, Complex(16)) or \
                isinstance(e.type, Integer) and isinstance(other, Integer):
            return False
        return is_python_value(source, self.weak, memo=self.python_values)

    def mixed_held(self, name: str, t: Type) -> Type:
        """The type that holds a variable of mixed_scalars whose first value has type `t`: the
        NumPy type (float32, complex64) where every Python scalar assigned to it is one that
        type holds exactly, else the wider type that holds both."""
        if name not in self.mixed:
            return t
        wide = next((w for w, n in _NARROW.items() if t in (w, n)), None)
        if wide is None:
            return t  # an int, say: the check after the assignment fails it
        return _NARROW[wide] if self.mixed[name] else wide

    def mixed_narrow(self, e: ir.Expr) -> Type | None:
        """The NumPy type (float32, complex64) of a value that is a Python scalar on some paths
        and a NumPy scalar of that type on the others, held in the wider type (`s` of
        mixed_scalars, `x[i] if c else 0.1`, `max(x[i], 0.1)`); None for any other value."""
        narrow = _NARROW.get(e.type)  # type: ignore[arg-type]
        if narrow is None:
            return None
        if isinstance(e, ir.Name):
            return narrow if e.id in self.mixed else None
        if isinstance(e, ir.IfExp):
            chosen: tuple[ir.Expr, ...] = (e.body, e.orelse)
        elif isinstance(e, ir.Intrinsic) and e.origin is None and e.name in ("min", "max"):
            chosen = e.args  # builtin min/max: one of the objects, as it is
        else:
            return None
        python = [is_python_value(b, self.weak) for b in chosen]
        narrowed = [isinstance(b, ir.Cast) and not b.python and b.value.type == narrow
                    or self.mixed_narrow(b) == narrow for b in chosen]
        if any(python) and all(p or n for p, n in zip(python, narrowed, strict=True)):
            return narrow
        return None

    def expr_IfExp(self, e: ir.IfExp) -> ir.Expr:
        """`a if c else b` is `a` or `b` as it is: no NumPy promotion of a Python scalar
        (`x[i] if c else 0.1` may be 0.1, not float32(0.1)); a common type that holds both."""
        body, orelse = self.expr(e.body), self.expr(e.orelse)
        body, orelse, t = self.unify(body, orelse, "if-else", e.loc, (e.body, e.orelse),
                                     numpy=False)
        return ir.IfExp(self.condition(e.test), body, orelse, type=t, loc=e.loc)
