"""Python frontend, second half: calls, subscripts and attributes.

Maps the Python spellings of intrinsics (builtins, `math`, NumPy) to the IR's names, and
converts subscripts to the IR's inclusive slices with negative constant indices resolved.
"""

from __future__ import annotations

import ast
import math

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.python.builtins_calls import round_call
from transpyle.frontends.python.hints import BUILTIN_SCALARS, dotted
from transpyle.frontends.python.numpy_arrays import is_newaxis, new_axes
from transpyle.frontends.python.numpy_calls import (
    dtype_of,
    numpy_call,
    shape_of_array,
    shaped_maker,
)
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import FLOAT64, INT64, NUMPY_DTYPES, Array, Type

# Python spelling (after import aliases are resolved) -> IR intrinsic name
PYTHON_INTRINSICS: dict[str, str] = {
    "abs": "abs", "min": "min", "max": "max",
    "ord": "ichar",  # of a str argument: checked to be one character (passes/safety/strings.py)
    "math.fabs": "abs", "math.copysign": "sign", "math.fmod": "math_fmod", "math.pow": "math_pow",
    "math.floor": "floor", "math.ceil": "ceil", "math.atan2": "atan2", "math.erf": "erf",
    "math.erfc": "erfc",
    # CPython's own algorithms (passes/checked/cpython_math.py), not the C library's
    "math.hypot": "math_hypot", "math.lgamma": "math_lgamma", "math.gamma": "math_gamma",
    "numpy.abs": "abs", "numpy.absolute": "abs", "numpy.minimum": "minimum",
    "numpy.maximum": "maximum", "numpy.copysign": "sign", "numpy.fmod": "fmod",
    "numpy.trunc": "aint",
    "numpy.arcsin": "asin", "numpy.arccos": "acos", "numpy.arctan": "atan",
    "numpy.arctan2": "atan2", "numpy.arcsinh": "asinh", "numpy.arccosh": "acosh",
    "numpy.arctanh": "atanh", "numpy.hypot": "hypot", "numpy.real": "real",
    "numpy.imag": "imag", "numpy.conj": "conj", "numpy.conjugate": "conj",
    "numpy.sum": "sum", "numpy.prod": "product", "numpy.max": "maxval", "numpy.amax": "maxval",
    "numpy.min": "minval", "numpy.amin": "minval", "numpy.dot": "dot",
    # what migrated Fortran calls for REAL `/` and MOD: IEEE's results for a zero divisor
    "transpyle.runtime.fortran_io.fdiv": "ieee_divide",
    "transpyle.runtime.fortran_io.rmod": "fmod",
    "transpyle.runtime.fortran_io.exponent": "exponent",
    "numpy.matmul": "matmul", "numpy.any": "any", "numpy.all": "all",
}
for _name in ("sqrt", "exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh", "tanh",
              "asin", "acos", "atan", "asinh", "acosh", "atanh"):
    # math's functions raise on a domain or range error, NumPy's return nan or inf
    PYTHON_INTRINSICS[f"math.{_name}"] = f"math_{_name}" if f"math_{_name}" in INTRINSICS \
        else _name
    if _name in ("sqrt", "exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh", "tanh"):
        PYTHON_INTRINSICS[f"numpy.{_name}"] = _name
# NumPy's floor and ceil return floats: float(floor(x))
FLOAT_ROUNDING = {"numpy.floor": "floor", "numpy.ceil": "ceil"}
CONSTANTS = {"math.pi": math.pi, "math.e": math.e, "math.tau": math.tau, "math.inf": math.inf,
             "numpy.pi": math.pi, "numpy.e": math.e, "numpy.inf": math.inf}
ARRAY_MAKERS = ("numpy.zeros", "numpy.ones", "numpy.empty")
_MATH_TESTS = ("math.isnan", "math.isinf", "math.isfinite")


class CallLowering:
    """Mixin of the function lowering: expects `expr`, `loc`, `error` and `unsupported`."""

    def __init__(self, aliases: dict[str, str], functions: set[str],
                 constants: dict[str, ast.Constant]) -> None:
        self.aliases = aliases
        self.functions = functions
        self.constants = constants
        self.declared: list[ir.VarDecl] = []

    # provided by the subclass
    def expr(self, e: ast.expr) -> ir.Expr: raise NotImplementedError
    def loc(self, node: ast.AST) -> SourceLoc: raise NotImplementedError
    def error(self, node: ast.AST, message: str, hint: str | None = None,
              code: str = "E-unsupported") -> TranspileError: raise NotImplementedError
    def unsupported(self, node: ast.AST, what: str | None = None) -> TranspileError:
        raise NotImplementedError

    def canonical(self, node: ast.expr) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head in self.functions and not rest:
            return head
        full = self.aliases.get(head, head)
        return f"{full}.{rest}" if rest else full

    def call(self, e: ast.Call) -> ir.Expr:
        loc = self.loc(e)
        name = self.canonical(e.func)
        if name in ARRAY_MAKERS:
            return self.array_maker(e, name)
        numpy = numpy_call(self, e, name)  # methods, axis=, the NumPy of numpy_calls.py
        if numpy is not None:
            return numpy
        if name == "round":
            return round_call(self, e)
        if e.keywords:
            raise self.unsupported(e.keywords[0], "keyword arguments in a call")
        if name in _MATH_TESTS and len(e.args) == 1:  # math.isnan(x): a Python bool
            return self.math_test(e, name)
        if name == "float" and len(e.args) == 1 and isinstance(e.args[0], ast.Constant) \
                and isinstance(e.args[0].value, str):  # float('inf'), float('-nan'), ...
            try:
                return ir.Const(float(e.args[0].value), loc=loc)
            except ValueError:
                raise self.error(e.args[0], f"could not convert string to float: "
                                 f"{e.args[0].value!r}", code="E-type") from None
        args = tuple(self.expr(a) for a in e.args)
        if name is None:
            raise self.unsupported(e.func, "calling an expression")
        if name in self.functions:
            return ir.Call(name, args, loc=loc)
        if name in ("int", "float", "complex", "bool") and len(args) == 1:
            return ir.Cast(args[0], type=BUILTIN_SCALARS[name], python=True, loc=loc)
        if name == "complex" and len(args) == 2:
            return ir.Intrinsic("complex", args, loc=loc)
        if name.startswith("numpy.") and name.removeprefix("numpy.") in NUMPY_DTYPES \
                and len(args) == 1:
            return ir.Cast(args[0], type=NUMPY_DTYPES[name.removeprefix("numpy.")], numpy=True,
                           loc=loc)
        if name == "len" and len(args) == 1:
            return ir.Intrinsic("size", (args[0], ir.Const(0, loc=loc)), loc=loc)
        if name == "numpy.where" and len(args) == 3:
            return ir.Intrinsic("merge", (args[1], args[2], args[0]), loc=loc)
        if name in FLOAT_ROUNDING:
            inner = ir.Intrinsic(FLOAT_ROUNDING[name], args, origin="numpy", loc=loc)
            return ir.Cast(inner, type=FLOAT64, loc=loc)
        ir_name = PYTHON_INTRINSICS.get(name)
        if ir_name is None:
            raise self.error(e.func, msg.NOT_CALLABLE.format(name=name), code="E-call")
        if name.startswith("math.") and INTRINSICS[ir_name].result == "floating":
            # math's functions compute in double precision whatever they are given
            args = tuple(ir.Cast(a, type=FLOAT64, loc=a.loc) for a in args)
        lo, hi = INTRINSICS[ir_name].nargs
        if len(args) < lo or (hi >= 0 and len(args) > hi):
            expected = f"{lo}" if lo == hi else f"at least {lo}" if hi < 0 else f"{lo}-{hi}"
            raise self.error(e, msg.ARG_COUNT.format(name=name, expected=expected,
                                                     got=len(args)), code="E-call")
        origin = "numpy" if name.startswith(("numpy.", "transpyle.runtime.")) else \
            "math" if name.startswith("math.") else None  # fio's: IEEE, as NumPy's
        return ir.Intrinsic(ir_name, args, origin=origin, loc=loc)

    def math_test(self, e: ast.Call, name: str) -> ir.Expr:
        """math.isnan / isinf / isfinite of a number: x != x, x - x != x - x, ...; the
        argument is read twice, so it may call no function."""
        arg = e.args[0]
        if any(isinstance(n, ast.Call) for n in ast.walk(arg)):
            raise self.unsupported(arg, f"{name} of an argument that calls a function "
                                   "(name it first)")
        loc = self.loc(e)
        x = ir.Cast(self.expr(arg), type=FLOAT64, python=True, loc=loc)  # math's float(x)
        nan = ir.Compare("!=", x, x, loc=loc)
        d = ir.BinOp("-", x, x, loc=loc)
        if name == "math.isnan":
            return nan
        if name == "math.isfinite":
            return ir.Compare("==", d, d, loc=loc)
        return ir.BoolOp("and", (ir.Compare("!=", d, d, loc=loc),
                                 ir.Compare("==", x, x, loc=loc)), loc=loc)

    def array_maker(self, e: ast.Call, name: str) -> ir.Expr:
        """np.zeros(shape, dtype=...): an Intrinsic typed with its array type."""
        loc = self.loc(e)
        given = [kw.value for kw in e.keywords if kw.arg == "shape"]  # np.empty(shape=...)
        if len(e.args) + len(given) not in (1, 2) or (given and e.args):
            raise self.error(e, f"{name.replace('numpy.', 'np.')} takes the shape and the "
                             "dtype as its positional arguments", code="E-call")
        dtype: Type = FLOAT64
        order = "C"
        like: ir.Expr | None = None
        keywords = [*(ast.keyword(arg="dtype", value=d) for d in e.args[1:]),
                    *(kw for kw in e.keywords if kw.arg != "shape")]
        for kw in keywords:
            if kw.arg == "dtype":
                like = dtype_of(self, kw.value)  # type: ignore[arg-type]
                dtype = self.dtype(kw.value) if like is None else dtype
            elif kw.arg == "order" and isinstance(kw.value, ast.Constant) \
                    and kw.value.value in ("C", "F"):
                order = kw.value.value
            else:
                raise self.unsupported(kw, f"keyword '{kw.arg}' of {name}")
        shape = e.args[0] if e.args else given[0]
        kind = name.removeprefix("numpy.")
        if (like_shape := shape_of_array(self, shape)) is not None:  # np.zeros(x.shape)
            return shaped_maker(kind, like_shape, like, Array(dtype, None, order), loc)  # type: ignore[arg-type]
        dims = shape.elts if isinstance(shape, ast.Tuple) else [shape]
        args = tuple(self.expr(d) for d in dims)
        if like is not None:  # dtype=x.dtype: typed with x (numpy_typing.py)
            return ir.Intrinsic(f"{kind}_as", (like, *args), loc=loc)
        return ir.Intrinsic(kind, args, type=Array(dtype, len(args), order), loc=loc)  # type: ignore[arg-type]

    def dtype(self, node: ast.expr) -> Type:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value in NUMPY_DTYPES:
            return NUMPY_DTYPES[node.value]
        name = self.canonical(node) or ""
        if name in BUILTIN_SCALARS:
            return INT64 if name == "int" else BUILTIN_SCALARS[name]
        if name.removeprefix("numpy.") in NUMPY_DTYPES:
            return NUMPY_DTYPES[name.removeprefix("numpy.")]
        raise self.error(node, f"unknown dtype '{ast.unparse(node)}'", code="E-hint")

    def attribute(self, e: ast.Attribute) -> ir.Expr:
        loc = self.loc(e)
        name = self.canonical(e)
        if name in CONSTANTS:
            return ir.Const(CONSTANTS[name], loc=loc)
        if e.attr == "size":
            return ir.Intrinsic("size", (self.expr(e.value),), loc=loc)
        if e.attr == "ndim":  # the rank, a Python int (passes/numpy_typing.py)
            return ir.Intrinsic("ndim", (self.expr(e.value),), loc=loc)
        if e.attr in ("real", "imag"):
            return ir.Intrinsic(e.attr, (self.expr(e.value),), loc=loc)
        if e.attr == "T":
            return ir.Intrinsic("transpose", (self.expr(e.value),), loc=loc)
        if e.attr == "shape":
            raise self.unsupported(e, "a.shape other than indexed or unpacked")
        raise self.unsupported(e, f"attribute '{e.attr}'")

    def subscript(self, e: ast.Subscript) -> ir.Expr:
        loc = self.loc(e)
        # a.shape[k]
        if isinstance(e.value, ast.Attribute) and e.value.attr == "shape":
            axis = e.slice
            if not (isinstance(axis, ast.Constant) and isinstance(axis.value, int)) and not (
                    isinstance(axis, ast.UnaryOp) and isinstance(axis.operand, ast.Constant)):
                raise self.unsupported(axis, "a.shape indexed by a non-constant")
            k = self.expr(axis)
            return ir.Intrinsic("size", (self.expr(e.value.value), k), loc=loc)
        # a[i][j] reads as a[i, j]
        base: ast.expr = e
        chain: list[ast.expr] = []
        while isinstance(base, ast.Subscript):
            chain.insert(0, base.slice)
            base = base.value
        if not isinstance(base, ast.Name):
            raise self.unsupported(e, "indexing anything but a named array")
        array = ir.Name(base.id, loc=self.loc(base))
        items: list[ast.expr] = []
        for k, s in enumerate(chain):
            part = s.elts if isinstance(s, ast.Tuple) else [s]
            if k < len(chain) - 1 and any(
                    isinstance(i, ast.Slice) or is_newaxis(self, i) or isinstance(
                        i, ast.Constant) and i.value is Ellipsis for i in part):
                # a[1:][0] is row 1 of a, a[1:, 0] a column: not one subscript
                raise self.unsupported(s, "indexing the result of a slice (a[1:][0]); "
                                          "write one subscript")
            items.extend(part)
        if any(is_newaxis(self, item) for item in items):  # x[:, None]: numpy_arrays.py
            return new_axes(self, array, items, loc)
        indices = tuple(self.index(array, axis, item) for axis, item in enumerate(items))
        return ir.Subscript(array, indices, loc=loc)

    def index(self, array: ir.Name, axis: int, item: ast.expr) -> ir.Expr:
        loc = self.loc(item)

        def extent() -> ir.Expr:
            return ir.Intrinsic("size", (array, ir.Const(axis, loc=loc)), loc=loc)

        def from_end(v: ir.Expr) -> ir.Expr:
            if isinstance(v, ir.Const) and isinstance(v.value, int) and v.value < 0:
                return ir.BinOp("-", extent(), ir.Const(-v.value, loc=loc), loc=loc)
            return v

        if not isinstance(item, ast.Slice):
            return from_end(self.expr(item))
        step = self.expr(item.step) if item.step else None
        step_value = step.value if isinstance(step, ir.Const) else 1 if step is None else None
        if not isinstance(step_value, int) or isinstance(step_value, bool) or step_value == 0:
            raise self.unsupported(item, "a slice whose step is not a non-zero integer constant")
        lower = from_end(self.expr(item.lower)) if item.lower else None
        upper = from_end(self.expr(item.upper)) if item.upper else None
        if upper is not None:  # Python's stop is exclusive, the IR's inclusive
            upper = ir.BinOp("-" if step_value > 0 else "+", upper, ir.Const(1, loc=loc),
                             loc=loc)
        if step_value < 0:
            lower = lower or ir.BinOp("-", extent(), ir.Const(1, loc=loc), loc=loc)
            upper = upper or ir.Const(0, loc=loc)
        return ir.Slice(lower, upper, step, loc=loc)
