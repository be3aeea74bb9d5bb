"""Constant expressions of migrated Fortran, folded as gfortran folds them.

gfortran evaluates every constant sub-expression at compile time (`abs(0.5)**0.5`,
`mod(0.1d0, 10.0d0)**4`, `sign(1.5, 2.0) + r`), in the kind of each operation and correctly
rounded (MPFR), where the migrated Python would compute at run time: through Python floats
(double precision where the kind is REAL(4)) or the C library's `pow`, which differ in the last
bit. This pass replaces each such sub-expression by the constant gfortran computes:

- `+ - * /`, SQRT: IEEE operations, correctly rounded in double precision; a REAL(4) result is
  the double's value rounded to single, which is the correctly rounded single result (53 bits
  hold 2*24 + 2);
- `X**N` with an integer N and `X**Y` with a REAL Y of few binary digits (0.5, 1.5, 0.25):
  exact rational arithmetic and integer roots, rounded once to the kind;
- `X**Y` with any other Y, EXP, LOG, LOG10: the decimal module's (correctly rounded at 50 or
  100 digits), rounded to the kind where every value within its error bound rounds the same;
- ABS SIGN MIN MAX MOD DIM AINT ANINT NINT INT FLOOR CEILING and kind conversions: exact.

What it does not compute (trigonometric and hyperbolic functions, a result past the kind's
range, a division by zero) stays as it is: gfortran folds those too, with MPFR, and the
run-time C library may differ from it in the last bit (a row of docs/DIFFERENCES.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np

from transpyle.ir import nodes as ir
from transpyle.ir.rounding import round_fraction
from transpyle.ir.types import Complex, Integer, Real, Type
from transpyle.ir.visitor import Transformer
from transpyle.passes.fortran_fold_complex import complex_abs, complex_binop, complex_power

Value = int | float | complex
_MAX_ROOT = 64  # largest denominator 2**k of a REAL exponent folded (0.5, 0.25, ..., 1/64)
_MAX_POWER = 4096  # largest |numerator| of an exponent folded


class _Unfoldable(Exception):
    """The value is outside what this pass computes exactly: leave the expression."""


def fold_constants(module: ir.Module) -> ir.Module:
    """`module` with its constant scalar sub-expressions folded (see the module's doc)."""
    result: ir.Module = _Folder().visit(module)
    return result


def _kind(t: Type | None) -> tuple[str, int] | None:
    """("r" | "i" | "c", the kind of the value or of its parts), or None: not folded."""
    if isinstance(t, Real) and t.kind in (4, 8):
        return "r", t.kind
    if isinstance(t, Complex) and t.kind in (8, 16):
        return "c", t.kind // 2
    if isinstance(t, Integer) and t.kind in (1, 2, 4, 8):
        return "i", t.kind
    return None


def _value(e: ir.Expr) -> Value | None:
    """The value of a constant of a kind this pass folds (a REAL(4) literal's is single)."""
    if not isinstance(e, ir.Const) or isinstance(e.value, bool):
        return None
    k = _kind(e.type)
    if k is None or not isinstance(e.value, int | float | complex):
        return None
    if k[0] == "c":
        z = complex(e.value)
        return complex(_single(z.real), _single(z.imag)) if k[1] == 4 else z
    if isinstance(e.value, complex):
        return None
    if k[0] == "r":
        v = float(e.value)
        return _single(v) if k[1] == 4 else v
    return e.value if isinstance(e.value, int) else None


def _single(v: float) -> float:
    """`v` rounded to REAL(4) (correctly: NumPy's conversion rounds to nearest even)."""
    with np.errstate(over="ignore"):
        s = float(np.float32(v))
    if math.isinf(s) and not math.isinf(v):
        raise _Unfoldable
    return s


def _to(v: Value, t: Type) -> Value:
    """`v` converted to the kind of `t`, as Fortran converts it."""
    k = _kind(t)
    if k is None:
        raise _Unfoldable
    if k[0] == "c":
        z = complex(v)
        return complex(_single(z.real), _single(z.imag)) if k[1] == 4 else z
    if isinstance(v, complex):
        raise _Unfoldable  # REAL(z), INT(z): the intrinsics, not folded here
    if k[0] == "i":
        if isinstance(v, float):
            if not math.isfinite(v):
                raise _Unfoldable
            v = int(v)  # truncation toward zero
        return _int_range(v, k[1])
    if isinstance(v, int):
        return _round(Fraction(v), k[1])
    return _single(v) if k[1] == 4 else v


def _int_range(v: int, kind: int) -> int:
    if not -(1 << (8 * kind - 1)) <= v < (1 << (8 * kind - 1)):
        raise _Unfoldable  # gfortran reports the overflow
    return v


def _round(q: Fraction, kind: int) -> float:
    try:
        return round_fraction(q, kind)
    except OverflowError:
        raise _Unfoldable from None


def _iroot(n: int, q: int) -> int:
    """floor(n ** (1/q)) for q a power of two."""
    while q > 1:
        n, q = math.isqrt(n), q // 2
    return n


def _real_power(x: float, y: float, kind: int) -> float:
    """x**y for a REAL y = p / 2**k, correctly rounded: the integer 2**k-th root of x**p
    scaled, with a sticky bit for what the root leaves."""
    p, q = Fraction(y).as_integer_ratio()
    if q > _MAX_ROOT or abs(p) > _MAX_POWER:
        return _decimal_power(x, y, kind)
    if x < 0 or (x == 0 and y <= 0):
        raise _Unfoldable
    if x == 0 or y == 0:
        return 0.0 if x == 0 else 1.0
    base = Fraction(x) ** p
    digits = 24 if kind == 4 else 53
    e = math.floor(math.log2(x) * y) if math.isfinite(math.log2(x) * y) else 0
    if abs(e) > 1100:
        raise _Unfoldable
    s = digits + 4 - e  # the root keeps digits + 3 bits or more
    scaled = base * Fraction(2) ** (s * q)
    n = scaled.numerator // scaled.denominator
    root = _iroot(n, q)
    exact = Fraction(root) ** q == scaled
    value = Fraction(root, 1) if exact else Fraction(2 * root + 1, 2)
    return _round(value / Fraction(2) ** s, kind)


def _bracketed(compute: Callable[[], Decimal], kind: int) -> float:
    """A value computed in decimal (correctly rounded to the context's digits, or within an
    ulp of them), rounded to REAL(kind) where every value within a few of its decimal ulps
    rounds the same (else at more digits; else not folded)."""
    for digits in (50, 100):
        with localcontext() as ctx:
            ctx.prec, ctx.Emax, ctx.Emin = digits, 10**6, -10**6
            v = compute()
            if not v.is_finite():
                raise _Unfoldable
            err = abs(v).scaleb(3 - digits) if v else Decimal(0)
            low, high = Fraction(v - err), Fraction(v + err)
        a, b = _round(low, kind), _round(high, kind)
        if a == b and (low > 0) == (high > 0):
            return a
    raise _Unfoldable


def _transcendental(name: str, x: float, kind: int) -> float:
    """EXP LOG LOG10 of a constant, as MPFR gives them (the decimal module's are correctly
    rounded)."""
    if name in ("log", "log10") and x <= 0:
        raise _Unfoldable
    if name in ("log", "log10") and x == 1:
        return 0.0
    d = Decimal(x)
    compute = {"exp": d.exp, "log": d.ln, "log10": d.log10}[name]
    return _bracketed(compute, kind)


def _decimal_power(x: float, y: float, kind: int) -> float:
    """x**y for x > 0 and any REAL y (the decimal module's power, bracketed)."""
    if x <= 0:
        raise _Unfoldable
    return _bracketed(lambda: Decimal(x) ** Decimal(y), kind)


def _int_power(x: Value, n: int, t: Type) -> Value:
    k = _kind(t)
    assert k is not None
    if abs(n) > _MAX_POWER:
        raise _Unfoldable
    if k[0] == "i":
        assert isinstance(x, int)
        if n >= 0:
            return _int_range(x ** n, k[1])
        if x == 0:
            raise _Unfoldable
        return 1 if x == 1 else (1 if n % 2 == 0 else -1) if x == -1 else 0
    if x == 0:
        if n <= 0:
            raise _Unfoldable
        return math.copysign(0.0, x) if n % 2 else 0.0
    return _round(Fraction(x) ** n, k[1])


def _arith(op: str, a: Value, b: Value, t: Type) -> Value:
    k = _kind(t)
    assert k is not None
    if k[0] == "i":
        assert isinstance(a, int) and isinstance(b, int)
        if op in ("/", "mod") and b == 0:
            raise _Unfoldable
        if op == "/":
            v = abs(a) // abs(b)
            return v if (a < 0) == (b < 0) else -v
        if op == "mod":
            r = abs(a) % abs(b)
            return -r if a < 0 else r
        return _int_range({"+": a + b, "-": a - b, "*": a * b}[op], k[1])
    fa, fb = float(a), float(b)
    if op in ("/", "mod") and fb == 0:
        raise _Unfoldable
    v = {"+": lambda: fa + fb, "-": lambda: fa - fb, "*": lambda: fa * fb,
         "/": lambda: fa / fb, "mod": lambda: math.fmod(fa, fb)}[op]()
    if not math.isfinite(v):
        raise _Unfoldable
    return _single(v) if k[1] == 4 else v


def _nearest(v: float) -> float:
    """Round half away from zero (NINT, ANINT)."""
    r = math.floor(abs(v) + 0.5) if abs(v) < 2.0 ** 52 else abs(v)
    return math.copysign(float(r), v)


def _intrinsic(name: str, args: list[Value], t: Type) -> Value:
    k = _kind(t)
    assert k is not None
    if any(isinstance(a, complex) for a in args):
        if name == "abs" and k[0] == "r":
            return complex_abs(complex(args[0]), k[1])
        raise _Unfoldable
    if name == "abs":
        return abs(args[0])
    if name == "sign":
        a, b = args
        if isinstance(a, int):
            return abs(a) if b >= 0 else -abs(a)
        return math.copysign(abs(a), b)
    if name in ("min", "max"):
        vals = [_to(a, t) for a in args]
        if any(isinstance(v, float) and (math.isnan(v) or v == 0) for v in vals):
            raise _Unfoldable  # zeros of both signs, NaNs: the run-time rule decides
        return min(vals) if name == "min" else max(vals)
    if name == "sqrt":
        x = float(args[0])
        if x < 0:
            raise _Unfoldable
        return _to(math.sqrt(x), t)
    if name == "dim":
        a, b = (_to(v, t) for v in args)
        return _arith("-", a, b, t) if a > b else _to(0, t)
    if name in ("exp", "log", "log10"):
        return _to(_transcendental(name, float(args[0]), k[1]), t)
    if name in ("aint", "anint", "nint", "floor", "ceil"):
        x = float(args[0])
        if not math.isfinite(x):
            raise _Unfoldable
        r = {"aint": math.trunc, "anint": _nearest, "nint": _nearest,
             "floor": math.floor, "ceil": math.ceil}[name](x)
        return _to(int(r) if k[0] == "i" else float(r), t)
    raise _Unfoldable


_FOLDED_INTRINSICS = frozenset({"abs", "sign", "min", "max", "sqrt", "dim", "aint", "anint",
                                "nint", "floor", "ceil", "exp", "log", "log10"})

_ROUNDED_AT_RUN_TIME = frozenset({"exp", "log", "log10"})  # the C library's, not MPFR's


def _const(v: Value, like: ir.Expr) -> ir.Const:
    """A constant of `like`'s type; a REAL(4) value is kept as its shortest decimal where
    that reads back as the same single (the Python backend writes `np.float32(1.1)`)."""
    single = isinstance(like.type, Real | Complex) and like.type.kind in (4, 8) and \
        (isinstance(like.type, Complex) or like.type.kind == 4)
    if single and isinstance(v, complex):
        v = complex(_short(v.real), _short(v.imag))
    elif single and isinstance(v, float):
        v = _short(v)
    return ir.Const(v, type=like.type, loc=like.loc)


def _short(v: float) -> float:
    """The shortest decimal of the single `v`, where it reads back as `v`."""
    short = float(str(np.float32(v)))
    if _single(short) == v and math.copysign(1.0, short) == math.copysign(1.0, v):
        return short
    return v


class _Folder(Transformer):
    """Bottom-up: a node whose operands fold to constants becomes a constant. A named
    constant (PARAMETER) counts as its value in a REAL power and in EXP, LOG, LOG10 (the
    run-time result would round differently; elsewhere it is the same, and `n` reads better)."""

    def __init__(self) -> None:
        self.constants: dict[str, Value] = {}

    def value(self, e: ir.Expr, names: bool = False) -> Value | None:
        """`e`'s constant value; a named constant's only with `names`: where the run-time
        result would round otherwise (a power, EXP, LOG), so that `n` stays `n` elsewhere."""
        if isinstance(e, ir.Name):
            return self.constants.get(e.id) if names else None
        return _value(e)

    def learn(self, decls: tuple[ir.VarDecl, ...]) -> None:
        for d in decls:
            self.constants.pop(d.name, None)
            if d.constant and d.init is not None and d.shape is None and _kind(d.type):
                v = self.value(self.visit(d.init))
                if v is not None:
                    try:
                        self.constants[d.name] = _to(v, d.type)  # type: ignore[arg-type]
                    except _Unfoldable:
                        pass

    def visit_Module(self, m: ir.Module) -> ir.Module:
        self.learn(m.decls)
        return self.rebuild(m)  # type: ignore[no-any-return]

    def visit_FunctionDef(self, f: ir.FunctionDef) -> ir.FunctionDef:
        outer = dict(self.constants)
        self.learn((*f.params, *f.locals))
        try:
            return self.rebuild(f)  # type: ignore[no-any-return]
        finally:
            self.constants = outer

    def fold(self, e: ir.Expr, compute: object) -> ir.Expr:
        try:
            v = compute()  # type: ignore[operator]
        except (_Unfoldable, ArithmeticError):  # complex_*: Unfoldable, rounding: overflow
            return e
        return _const(v, e)

    def visit_UnaryOp(self, e: ir.UnaryOp) -> ir.Expr:
        e = self.rebuild(e)
        a = self.value(e.operand)
        if e.op != "-" or a is None or _kind(e.type) is None:
            return e
        return self.fold(e, lambda: _to(-a, e.type))  # type: ignore[arg-type]

    def visit_BinOp(self, e: ir.BinOp) -> ir.Expr:
        e = self.rebuild(e)
        names = e.op == "**" and isinstance(e.type, Real)
        a, b = self.value(e.left, names), self.value(e.right, names)
        if a is None or b is None or _kind(e.type) is None:
            return e
        t: Type = e.type  # type: ignore[assignment]
        k = _kind(t)
        if k is not None and k[0] == "c":
            if e.op == "**" and isinstance(b, int):
                return self.fold(e, lambda: complex_power(complex(_to(a, t)), b, k[1]))
            if e.op in ("+", "-", "*", "/"):
                return self.fold(e, lambda: complex_binop(
                    e.op, complex(_to(a, t)), complex(_to(b, t)), k[1]))
            return e
        if e.op == "**":
            if isinstance(b, int):
                return self.fold(e, lambda: _int_power(_to(a, t), b, t))
            return self.fold(e, lambda: _real_power(float(_to(a, t)), float(_to(b, t)),
                                                    k[1]))  # type: ignore[index]
        if e.op not in ("+", "-", "*", "/", "mod"):
            return e
        return self.fold(e, lambda: _arith(e.op, _to(a, t), _to(b, t), t))

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.rebuild(e)
        if e.name not in _FOLDED_INTRINSICS or _kind(e.type) is None:
            return e
        values = [self.value(a, e.name in _ROUNDED_AT_RUN_TIME) for a in e.args]
        if not values or any(v is None for v in values):
            return e
        t: Type = e.type  # type: ignore[assignment]
        return self.fold(e, lambda: _to(_intrinsic(e.name, values, t), t))  # type: ignore[arg-type]

    def visit_Cast(self, e: ir.Cast) -> ir.Expr:
        e = self.rebuild(e)
        v = self.value(e.value)
        if v is None or _kind(e.type) is None:
            return e
        return self.fold(e, lambda: _to(v, e.type))  # type: ignore[arg-type]
