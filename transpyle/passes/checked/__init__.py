"""Operations that raise in CPython raise in compiled code too, and compute what CPython does.

An operation that CPython refuses at run time (an integer `//` or `%` by zero, `x / 0.0`,
`math.sqrt(-1.0)`, `int(nan)`), or computes differently from Fortran's spelling of it (float
`//` from fmod, `**` with the C library's pow, the order-dependent `max`, NumPy's NaN-
propagating `maximum` and reductions), becomes a call of a small helper procedure that checks
its operands, raises what CPython raises (`ir.Raise`), and otherwise computes the operation as
CPython does. The helpers (`helpers.py`) are typed Python, translated by our own frontend and
passes once per kind; `raises.py` then carries their raises out to the caller. Checks that the
types or values rule out are left out (a nonzero constant divisor, the sqrt of a sum of
squares: `bounds.py`). Helpers are small and in the same Fortran module as their callers, so
gfortran inlines them. `overflow="raise"` also checks integer + - * ** - and abs. `fastmath`
trades bit-exact `**` for speed: a float power that cannot raise is Fortran's `**` (products for
an integer exponent, the C library's pow called per element: ~20x slower on x[i]**2 + x[i]**3).

NumPy scalars (`x[i]` of an array, see scalar_origin.py) follow NumPy's rules instead: `a[i] // 0`
is 0 and `x[i] / 0.0` inf in CPython, with a warning, not an exception. Functions from Fortran
(`FunctionDef.kind` set) keep Fortran's meanings; only integer `//` and `%`, which only Python
writes, are checked everywhere.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Array, Complex, Integer, Real, Type, element
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.checked.bounds import Bounds, conditions
from transpyle.passes.checked.flags import Flags, prune
from transpyle.passes.checked.helpers import helper
from transpyle.passes.checked.int_division import int_true_division
from transpyle.passes.checked.shifts import shift
from transpyle.passes.scalar_origin import Origin, State, origin, scalar_states

OVERFLOW_MODES = ("wrap", "raise")
_INT_OPS = {"//": "floordiv", "%": "mod"}
_CHECKED_INT = {"+": "add", "-": "sub", "*": "mul", "**": "cpow"}
SHIFTS = ("lshift", "rshift")
_MATH_SAFE = {"math_sqrt": "nonnegative", "math_log": "positive", "math_log10": "positive"}


def _int_base_negative(e: ir.BinOp) -> bool:
    """`ia[k] ** -2`: an integer (a NumPy integer, where NumPy's rules apply) to a negative
    integer constant."""
    base, exponent = e.left, e.right
    if isinstance(exponent, ir.Cast):
        exponent = exponent.value
    negative = isinstance(exponent, ir.Const) and isinstance(exponent.value, int) \
        and exponent.value < 0
    return negative and isinstance(base, ir.Cast) and not base.python \
        and isinstance(base.value.type, Integer)


def _as(e: ir.Expr, t: Type) -> ir.Expr:
    if e.type == t:
        return e
    if isinstance(e, ir.Const) and not isinstance(e.value, bool):
        value = float(e.value) if isinstance(t, Real) else e.value
        return dataclasses.replace(e, value=value, type=t)
    return ir.Cast(e, type=t, loc=e.loc)


def _scalar_kind(t: Type | None) -> str | None:
    """"f8", "i8", "c16" (as "f8": complex helpers take their real kind) for scalars."""
    if isinstance(t, Integer):
        return f"i{t.kind}"
    if isinstance(t, Real):
        return f"f{t.kind}"
    return None


def _nonzero_const(e: ir.Expr) -> bool:
    return isinstance(e, ir.Const) and not isinstance(e.value, bool | str) and e.value != 0


class _Rewrite(Transformer):
    def __init__(self, overflow: str, fastmath: bool = False) -> None:
        self.overflow = overflow
        self.fastmath = fastmath
        self.needed: set[str] = set()
        self.python = False
        self.bounds: Bounds | None = None
        self.state = State()
        self.numpy = False  # the operation at hand is on NumPy scalars

    def visit_FunctionDef(self, f: ir.FunctionDef) -> ir.FunctionDef:
        self.python = f.kind is None
        flags = Flags(f)
        if self.python:  # variables NumPy scalars on some paths only: flags beside them
            f = flags.instrument(f)
            flags.states = scalar_states(f)  # the same states, by the new statements' ids
        self.flags = flags
        self.bounds = Bounds(f)
        self.state = State()
        # by node id, one memo per state: the original tree stays alive while it is used
        self.memos: dict[int, dict[int, Origin]] = {}
        return prune(self.rebuild(f))

    def origin(self, e: ir.Expr) -> Origin:
        """Whether `e` is a NumPy scalar in CPython: known, or the flags' expression."""
        memo = self.memos.setdefault(id(self.state), {})
        o = origin(e, self.state, self.flags.flag if self.python else None, memo)
        if isinstance(o, bool):
            return o
        numpy = self.numpy
        o = self.visit(o)  # the operands it reads again are checked as where they stand
        self.numpy = numpy
        return o

    def choose(self, numpy: Origin, variant: Any) -> ir.Expr:
        """`variant(True)` for NumPy scalars, `variant(False)` for Python ones; where that
        is known only at run time, the one the flags pick."""
        if isinstance(numpy, bool):
            self.numpy = numpy
            return variant(numpy)
        self.numpy = True
        a = variant(True)
        self.numpy = False
        b = variant(False)
        if a == b:
            return a
        return ir.IfExp(numpy, a, b, type=a.type, loc=a.loc)

    def visit(self, node: Any) -> Any:
        if isinstance(node, ir.Stmt) and id(node) in self.flags.states:  # the statement's own
            self.state = self.flags.states[id(node)]
        return super().visit(node)

    def call(self, name: str, args: tuple[ir.Expr, ...], t: Type, loc: ir.SourceLoc,
             arg_type: Type | None = None) -> ir.Expr:
        self.needed.add(name)
        params = helper(name).params
        typed = tuple(_as(a, p.type if not isinstance(a.type, Array) else a.type)
                      if p.type is not None else a for a, p in zip(args, params, strict=True))
        return ir.Call(name, typed, type=t, loc=loc)

    def visit_If(self, s: ir.If) -> ir.If:
        test = self.visit(s.test)
        body = self.under(conditions(s.test, True), s.body)
        orelse = self.under(conditions(s.test, False), s.orelse)
        return dataclasses.replace(s, test=test, body=body, orelse=orelse)

    def under(self, facts: dict[str, float], block: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        """`block` rewritten knowing `facts` of the variables it does not assign."""
        assert self.bounds is not None
        assigned = {n.target.id for st in block for n in walk(st)
                    if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name)}
        assigned |= {n.var.id for st in block for n in walk(st) if isinstance(n, ir.For)}
        saved = dict(self.bounds.facts)
        for name, b in facts.items():
            if name not in assigned:
                self.bounds.facts[name] = max(b, saved.get(name, b))
        out = self._transform_value(block)
        self.bounds.facts = saved
        return out

    # -- operators
    def visit_BinOp(self, e: ir.BinOp) -> ir.Expr:
        numpy = self.origin(e)  # before the operands become calls
        e = self.rebuild(e)
        return self.choose(numpy, lambda numpy: self.binop(e, numpy))

    def binop(self, e: ir.BinOp, numpy: bool) -> ir.Expr:
        t, lt = e.type, e.left.type
        if isinstance(t, Array) and isinstance(t.elem, Integer) and e.op in _INT_OPS and not (
                isinstance(e.right, ir.Const) and e.right.value not in (0, -1)):
            # NumPy's integer // and % of arrays: 0 for a zero divisor (Fortran's trapped)
            return self.call(f"tp_np_{_INT_OPS[e.op]}_i{t.elem.kind}", (e.left, e.right), t,
                             e.loc)
        if isinstance(t, Integer) and e.op in _INT_OPS:
            if isinstance(e.right, ir.Const) and e.right.value not in (0, -1):
                return e
            name = f"tp_{'np_' if numpy else ''}{_INT_OPS[e.op]}_i{t.kind}"
            return self.call(name, (e.left, e.right), t, e.loc)
        if not self.python:
            return e
        if isinstance(t, Integer):
            return self.integer_op(e, t)
        elem = t.elem if isinstance(t, Array) else t
        if e.op == "**" and isinstance(t, Array) and isinstance(elem, Real):
            return e if self.fastmath else self.array_power(e, elem)
        if isinstance(elem, Real) and e.op in _INT_OPS:
            return self.float_floordiv(e, elem)
        if e.op == "/" and isinstance(elem, Complex) and (elem.kind == 8 or elem.kind == 16 and (
                numpy or isinstance(t, Array))):  # NumPy's algorithm, not gfortran's
            return self.call(f"tp_np_complexdiv_f{elem.kind // 2}", (e.left, e.right), t, e.loc)
        if e.op == "/" and isinstance(t, Real | Complex) and t.kind in (8, 16):
            return self.true_division(e, t)
        if e.op == "**" and isinstance(t, Real) and t.kind == 8 and numpy \
                and _int_base_negative(e):
            # a NumPy integer to a negative integer constant: NumPy refuses (Python's int gives
            # a float, which is why the type is real)
            return self.call("tp_intnegpow_f8", (e.left, _as(e.right, t)), t, e.loc)
        if e.op == "**" and isinstance(t, Real) and t.kind == 8 and isinstance(lt, Real):
            if numpy or (self.fastmath and isinstance(e.right.type, Integer)
                         and isinstance(e.right, ir.Const) and e.right.value >= 0):
                if self.fastmath:
                    return e
                # NumPy's power: the C library's pow, inf or nan without an exception
                return ir.Intrinsic("cpow", (e.left, _as(e.right, t)), type=t, loc=e.loc)
            return self.call("tp_pow_f8", (e.left, _as(e.right, t)), t, e.loc)
        if e.op == "**" and t == Real(4) and not self.fastmath:
            # a float32 NumPy scalar's power: the C library's powf for every exponent
            # (`x[i] ** 2.0` too, where gfortran would multiply: they differ in the last bit)
            return ir.Intrinsic("cpow", (e.left, _as(e.right, t)), type=t, loc=e.loc)
        return e

    def integer_op(self, e: ir.BinOp, t: Integer) -> ir.Expr:
        k = f"i{t.kind}"
        if self.overflow == "raise" and e.op in _CHECKED_INT and t.kind == 8 and not self.numpy:
            return self.call(f"tp_{_CHECKED_INT[e.op]}_{k}", (e.left, e.right), t, e.loc)
        if e.op == "**" and not (isinstance(e.right, ir.Const) and e.right.value >= 0):
            return self.call(f"tp_ipow_{k}", (e.left, e.right), t, e.loc)
        return e

    def array_power(self, e: ir.BinOp, elem: Real) -> ir.Expr:
        """np.power: NumPy's fast paths for a scalar exponent (2: a*a, -1: 1/a, 0.5: sqrt)
        are what Fortran computes; other exponents go to the C library's pow."""
        k = e.right.value if isinstance(e.right, ir.Const) else None
        if k in (0, 1, 2, -1):
            return e
        if k == 0.5:
            return ir.Intrinsic("sqrt", (e.left,), type=e.type, loc=e.loc)
        right_t = e.right.type
        if isinstance(right_t, Array):
            if right_t.elem != elem:
                return e
            right = e.right
        else:
            right = _as(e.right, elem)
        return self.call(f"tp_np_pow_f{elem.kind}", (e.left, right), e.type, e.loc)

    def float_floordiv(self, e: ir.BinOp, elem: Real) -> ir.Expr:
        op = _INT_OPS[e.op]
        python = not isinstance(e.type, Array) and elem.kind == 8 and not self.numpy
        if python and not (_nonzero_const(e.right) or self.bounds.positive(e.right)):
            name = f"tp_{op}_f8"
        else:  # NumPy's, or a divisor that cannot be zero: the same results
            name = f"tp_np_{op}_f{elem.kind}"
        return self.call(name, (e.left, e.right), e.type, e.loc)

    def true_division(self, e: ir.BinOp, t: Real | Complex) -> ir.Expr:
        if isinstance(t, Complex) and not self.numpy:  # CPython's algorithm, not gfortran's
            return self.call("tp_complexdiv_f8", (e.left, e.right), t, e.loc)
        if self.numpy or _nonzero_const(e.right) or (
                isinstance(t, Real) and self.bounds.positive(e.right)):  # type: ignore[union-attr]
            return e
        ints = all(isinstance(x, ir.Cast) and isinstance(x.value.type, Integer)
                   for x in (e.left, e.right))
        return self.call("tp_idiv_f8" if ints else "tp_div_f8", (e.left, e.right), t, e.loc)

    def visit_UnaryOp(self, e: ir.UnaryOp) -> ir.Expr:
        numpy = self.origin(e)
        e = self.rebuild(e)
        if (self.python and self.overflow == "raise" and e.op == "-" and e.type == INT64
                and not isinstance(e.operand, ir.Const)):
            return self.choose(numpy, lambda numpy: e if numpy else self.call(
                "tp_neg_i8", (e.operand,), e.type, e.loc))
        return e

    # -- intrinsics and conversions
    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        numpy = self.origin(e)
        e = self.rebuild(e)
        t = e.type
        if not self.python or t is None:
            return e
        if e.name in SHIFTS:
            return self.choose(numpy, lambda numpy: shift(self, e, numpy))
        if e.name == "ieee_divide":  # migrated Fortran's division: Fortran's own `/`
            return ir.BinOp("/", *e.args, type=t, loc=e.loc)
        elem = t.elem if isinstance(t, Array) else t
        if e.name in ("max", "min", "maximum", "minimum") and isinstance(elem, Real):
            name = f"tp_{e.name}_f{elem.kind}"
            out = e.args[0]
            for b in e.args[1:]:
                out = self.call(name, (out, b), t, e.loc)
            return out
        if e.name in ("maxval", "minval"):
            return self.reduction(e, elem)
        if e.name in _MATH_SAFE and t == Real(8):
            if getattr(self.bounds, _MATH_SAFE[e.name])(e.args[0]):
                return e
        if e.name.startswith("math_") and t == Real(8):  # math.pow too
            return self.call(f"tp_{e.name}_f8", e.args, t, e.loc)
        if e.name == "abs" and self.overflow == "raise" and t == INT64:
            return self.choose(numpy, lambda numpy: e if numpy else self.call(
                "tp_abs_i8", e.args, t, e.loc))
        if e.name in ("floor", "ceil") and t == INT64 and e.args[0].type == Real(8):
            return self.call(f"tp_{e.name}_f8", e.args, t, e.loc)
        return e

    def reduction(self, e: ir.Intrinsic, elem: Type) -> ir.Expr:
        kind = _scalar_kind(elem)
        if kind is None:
            return e
        a = e.args[0]
        size = ir.Intrinsic("size", (a,), type=INT64, loc=e.loc)
        args: tuple[ir.Expr, ...] = (size, e)
        if isinstance(elem, Real):
            mask_t = dataclasses.replace(a.type, elem=BOOL)  # type: ignore[arg-type]
            nans = ir.Intrinsic("any", (ir.Compare("!=", a, a, type=mask_t, loc=e.loc),),
                                type=BOOL, loc=e.loc)
            args = (size, e, nans)
        return self.call(f"tp_{e.name}_{kind}", args, elem, e.loc)

    def visit_Cast(self, e: ir.Cast) -> ir.Expr:
        value = e.value
        elem = e.type.elem if isinstance(e.type, Array) else e.type
        division = int_true_division(value) if self.python and e.type == INT64 else None
        if division and self.origin(division[1]) is False and self.origin(division[2]) is False:
            # int(a / b) of Python ints, as migrated Fortran divides: an integer division
            # where exact (a NumPy integer's `/` gives inf or nan for 0, as NumPy divides)
            name, a, b = division
            return self.call(name, (self.visit(a), self.visit(b)), INT64, e.loc)
        if isinstance(value, ir.Intrinsic) and value.name in ("floor", "ceil") \
                and isinstance(elem, Real) and value.args[0].type == e.type and self.python:
            # np.floor: a float, NumPy's (-0.0, nan, inf and beyond int64 kept), no exception
            arg = self.visit(value.args[0])
            return self.call(f"tp_np_{value.name}_f{elem.kind}", (arg,), e.type, e.loc)
        e = self.rebuild(e)
        src = e.value.type
        if (self.python and e.type == INT64 and isinstance(src, Real)
                and src.kind in (4, 8)):
            return self.call(f"tp_int_f{src.kind}", (e.value,), e.type, e.loc)
        return e


def _closure(names: set[str]) -> list[str]:
    """The helpers `names` and, transitively, the helpers they call."""
    out, todo = set(), sorted(names)
    while todo:
        name = todo.pop()
        if name in out:
            continue
        out.add(name)
        todo.extend(n.func for n in walk(helper(name)) if isinstance(n, ir.Call | ir.CallStmt))
    return sorted(out)


def checked_ops(module: ir.Module, overflow: str = "wrap", fastmath: bool = False) -> ir.Module:
    """Rewrite the operations of `module` that may raise, or that Fortran computes otherwise
    than CPython, into calls of helpers."""
    if overflow not in OVERFLOW_MODES:
        raise ValueError(f"overflow must be one of {OVERFLOW_MODES}, not {overflow!r}")
    rewrite = _Rewrite(overflow, fastmath)
    body = tuple(rewrite.visit(f) if isinstance(f, ir.FunctionDef) else f for f in module.body)
    taken = set(module.functions())
    helpers = [helper(name) for name in _closure(rewrite.needed) if name not in taken]
    return _libm_pow(dataclasses.replace(module, body=(*body, *helpers)))


class _PowOfVariable(Transformer):
    """`cpow(x, y)` -> `x**(y + tp_pow_zero<k>)`: gfortran folds a constant exponent (x**2.0
    becomes x*x, which differs from the C library's pow on ~0.1% of inputs); a module variable
    that holds 0.0 keeps the exponent unknown, so the C library's pow is called. y + 0.0 is y
    but for -0.0, and pow(x, +-0.0) is 1 for every x."""

    def __init__(self) -> None:
        self.kinds: set[int] = set()

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.rebuild(e)
        if e.name != "cpow":
            return e
        t = element(e.type)  # type: ignore[arg-type]
        self.kinds.add(t.kind)  # type: ignore[union-attr]
        zero = ir.Name(f"tp_pow_zero{t.kind}", type=t, loc=e.loc)  # type: ignore[union-attr]
        y = e.args[1]
        exponent = ir.BinOp("+", y, zero, type=y.type, loc=e.loc)
        return ir.BinOp("**", e.args[0], exponent, type=e.type, loc=e.loc)


def _libm_pow(module: ir.Module) -> ir.Module:
    lowering = _PowOfVariable()
    module = lowering.visit(module)
    loc = module.loc
    zeros = tuple(ir.VarDecl(f"tp_pow_zero{k}", Real(k), saved=True, loc=loc,
                             init=ir.Const(0.0, type=Real(k), loc=loc))
                  for k in sorted(lowering.kinds))
    return dataclasses.replace(module, decls=(*module.decls, *zeros)) if zeros else module
