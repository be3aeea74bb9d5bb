"""Python backend, expressions: IR expressions -> NumPy Python text.

Index bases: an array's lower bounds (from its declaration, else its type) are subtracted from
every index, so `a(i, j)` of a 1-based Fortran array reads `a[i - 1, j - 1]`; inclusive slice
stops become exclusive. Fortran's arithmetic is kept: integer `/` truncates (`int(a / b)`),
`mod` is the truncated remainder, kinds convert as Fortran converts them (float32 stays
float32 through NumPy scalars).
"""

from __future__ import annotations

import numpy as np

from transpyle.backends.base import Emitter
from transpyle.ir import nodes as ir
from transpyle.ir.types import (
    Array,
    Character,
    Complex,
    Integer,
    Logical,
    Procedure,
    Real,
    Record,
    Type,
    numpy_name,
    promote,
)
from transpyle.ir.visitor import walk

# Python operator precedence, loosest first
P_IFEXP, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_UNARY, P_POW, P_ATOM = range(1, 11)
_BIN = {"+": P_ADD, "-": P_ADD, "*": P_MUL, "/": P_MUL, "//": P_MUL, "%": P_MUL, "**": P_POW}

# IR intrinsic -> Python spelling where it differs from the table's (scalars read better)
_SCALAR_NAMES = {"abs": "abs", "min": "min", "max": "max", "floor": "math.floor",
                 "ceil": "math.ceil", "sqrt": "math.sqrt", "exp": "math.exp", "log": "math.log",
                 "log10": "math.log10", "sin": "math.sin", "cos": "math.cos", "tan": "math.tan",
                 "asin": "math.asin", "acos": "math.acos", "atan": "math.atan",
                 "atan2": "math.atan2", "sinh": "math.sinh", "cosh": "math.cosh",
                 "tanh": "math.tanh", "hypot": "math.hypot", "sign": "math.copysign"}


def _nonzero(e: ir.Expr) -> bool:
    """A constant divisor other than zero (`x / 2.0`): Python's division cannot fail."""
    while isinstance(e, ir.Cast | ir.UnaryOp) and not (isinstance(e, ir.UnaryOp)
                                                       and e.op == "not"):
        e = e.value if isinstance(e, ir.Cast) else e.operand
    return isinstance(e, ir.Const) and isinstance(e.value, int | float) \
        and not isinstance(e.value, bool) and e.value != 0


def elem(t: Type | None) -> Type | None:
    return t.elem if isinstance(t, Array) else t


def scalar_hint(t: Type | None) -> str:
    """The type hint of a scalar, in the spelling the Python frontend reads back."""
    if isinstance(t, Integer):
        return "int"  # Python's int holds every Fortran integer kind
    if isinstance(t, Real):
        return "float" if t.kind == 8 else f"np.float{t.kind * 8}"
    if isinstance(t, Complex):
        return "complex" if t.kind == 16 else f"np.complex{t.kind * 8}"
    if isinstance(t, Logical):
        return "bool"
    if isinstance(t, Character):
        return "str"
    if isinstance(t, Record):
        return t.name
    if isinstance(t, Procedure):
        return "Callable"
    return "object"


def dtype_name(t: Type | None) -> str:
    """'float64', 'int32', ... (the Pyccel-style element name); 'bool_' for logicals, the
    spelling every NumPy has (`np.bool` was removed in NumPy 1.24 and returned in 2.0)."""
    if isinstance(t, Logical):
        return "bool_"
    if isinstance(t, Integer | Real | Complex):
        return numpy_name(t)
    if isinstance(t, Character):
        return "str"
    return "object"


def hint(t: Type | None) -> str:
    if isinstance(t, Array):
        dims = ",".join(":" for _ in range(t.rank or 1))
        order = "(order='F')" if t.order == "F" and (t.rank or 1) > 1 else ""
        dtype = dtype_name(t.elem)
        name = {"int64": "int", "float64": "float", "bool_": "bool", "str": "str",
                "complex128": "complex"}.get(dtype, f"np.{dtype}")
        return f'"{name}[{dims}]{order}"'
    return scalar_hint(t)


def const_int(e: ir.Expr | None) -> int | None:
    if isinstance(e, ir.Const) and isinstance(e.value, int) and not isinstance(e.value, bool):
        return e.value
    return None


def add(e: ir.Expr, k: int) -> ir.Expr:
    """e + k, folded where e is a constant or `x +- c`."""
    if k == 0:
        return e
    c = const_int(e)
    if c is not None:
        return ir.Const(c + k, type=e.type, loc=e.loc)
    if isinstance(e, ir.BinOp) and e.op in ("+", "-") and const_int(e.right) is not None:
        total = (const_int(e.right) or 0) * (1 if e.op == "+" else -1) + k
        if total == 0:
            return e.left
        return ir.BinOp("+" if total > 0 else "-", e.left, ir.Const(abs(total), loc=e.loc),
                        type=e.type, loc=e.loc)
    return ir.BinOp("+" if k > 0 else "-", e, ir.Const(abs(k), loc=e.loc), type=e.type,
                    loc=e.loc)


def sub(e: ir.Expr, lower: ir.Expr) -> ir.Expr:
    """e - lower, folded."""
    k = const_int(lower)
    if k is not None:
        return add(e, -k)
    if e == lower:
        return ir.Const(0, loc=e.loc)
    return ir.BinOp("-", e, lower, type=e.type, loc=e.loc)


class PythonExprs(Emitter):
    """Expression half of the Python emitter; `types` and `lowers` describe the scope."""

    indent_unit = "    "

    def __init__(self) -> None:
        self.types: dict[str, Type] = {}
        self.lowers: dict[str, tuple[ir.Expr, ...]] = {}
        self.allocatables: set[str] = set()  # names of ALLOCATABLE arrays in scope
        self.allocatable_fields: set[tuple[str, str]] = set()  # (type, component)
        self.renames: dict[str, str] = {}  # COMMON / SAVE / module state: name -> access path
        self.imports: set[str] = set()
        self.functions: dict[str, ir.FunctionDef] = {}
        # id -> (node, _weak(node)), the node kept alive so that its id is not reused
        self.weak_memo: dict[int, tuple[ir.Expr, bool]] = {}

    # -- types
    def type_of(self, e: ir.Expr) -> Type | None:
        if e.type is not None:
            return e.type
        if isinstance(e, ir.Name):
            return self.types.get(e.id)
        if isinstance(e, ir.Const):
            v = e.value
            return Logical(4) if isinstance(v, bool) else Integer(4) if isinstance(v, int) \
                else Real(8) if isinstance(v, float) else Complex(16) \
                if isinstance(v, complex) else Character(len(v))
        if isinstance(e, ir.Subscript):
            t = self.type_of(e.value)
            if any(isinstance(i, ir.Slice) for i in e.indices):
                return t
            return elem(t)
        if isinstance(e, ir.BinOp):
            lt, rt = elem(self.type_of(e.left)), elem(self.type_of(e.right))
            try:
                return promote(lt, rt) if lt and rt else lt or rt  # type: ignore[arg-type]
            except TypeError:
                return lt
        if isinstance(e, ir.Compare | ir.BoolOp):
            return Logical(4)
        if isinstance(e, ir.UnaryOp):
            return Logical(4) if e.op == "not" else self.type_of(e.operand)
        if isinstance(e, ir.Call) and e.func in self.functions:
            return self.functions[e.func].returns
        if isinstance(e, ir.Intrinsic) and e.args:
            return self.type_of(e.args[0])
        return None

    def is_int(self, e: ir.Expr) -> bool:
        return isinstance(elem(self.type_of(e)), Integer)

    def is_array(self, e: ir.Expr) -> bool:
        return isinstance(self.type_of(e), Array)

    # -- atoms
    def name(self, n: str) -> str:
        return self.renames.get(n, n)

    def visit_Name(self, e: ir.Name) -> tuple[str, int]:
        return self.name(e.id), P_ATOM

    def visit_Const(self, e: ir.Const) -> tuple[str, int]:
        v = e.value
        if isinstance(v, bool) or isinstance(v, str):
            return repr(v), P_ATOM
        if isinstance(v, complex):
            if isinstance(e.type, Complex) and e.type.kind == 8:  # COMPLEX: 4-byte parts
                self.imports.add("numpy")
                return f"np.complex64(complex({v.real!r}, {v.imag!r}))", P_ATOM
            return f"complex({v.real!r}, {v.imag!r})", P_ATOM
        if isinstance(v, float):
            text = repr(v)
            if text in ("inf", "-inf", "nan"):
                self.imports.add("math")
                text = {"inf": "math.inf", "-inf": "-math.inf", "nan": "math.nan"}[text]
            if isinstance(e.type, Real) and e.type.kind == 4 and float(v) != float(
                    _f32(v)):
                self.imports.add("numpy")
                return f"np.float32({text})", P_ATOM
            return text, (P_UNARY if v < 0 else P_ATOM)
        return str(v), (P_UNARY if v < 0 else P_ATOM)

    # -- operators
    def visit_BinOp(self, e: ir.BinOp) -> tuple[str, int]:
        if e.op == "concat":
            return f"{self.operand(e.left, P_ADD)} + {self.operand(e.right, P_ADD, True)}", P_ADD
        left_e, right_e = self.widen(e.left, e), self.widen(e.right, e)
        t = self.type_of(e)
        if isinstance(t, Real) and t.kind == 4 and not self.is_array(e) and all(
                self.weak(x) or self.is_int(x) for x in (e.left, e.right)):
            # constants and Python ints only (`n * 2.0`): Python would compute in double
            left_e = ir.Cast(left_e, type=t, loc=left_e.loc)
        if e.op == "/" and self.is_int(e.left) and self.is_int(e.right):
            # Fortran truncates toward zero; through a double that is exact below 2**53 only
            if elem(t).kind > 4 or self.is_array(e):  # type: ignore[union-attr]
                self.imports.add("fio")
                return f"fio.idiv({self.expr(left_e)}, {self.expr(right_e)})", P_ATOM
            q = f"{self.operand(left_e, P_MUL)} / {self.operand(right_e, P_MUL, True, False)}"
            return f"int({q})", P_ATOM
        if e.op == "/" and getattr(self, "fortran_origin", False) \
                and isinstance(elem(t), Real) and not _nonzero(e.right):
            self.imports.add("fio")  # IEEE's x / 0 (Python raises, NumPy warns)
            return f"fio.fdiv({self.expr(left_e)}, {self.expr(right_e)})", P_ATOM
        if e.op == "mod" and getattr(self, "fortran_origin", False) \
                and isinstance(elem(t), Real) and not _nonzero(e.right):
            self.imports.add("fio")  # MOD(x, 0.0) is NaN (math.fmod raises)
            text = f"fio.rmod({self.expr(left_e)}, {self.expr(right_e)})"
            if elem(t) == Real(4) and not self.is_array(e):
                self.imports.add("numpy")
                return f"np.float32({text})", P_ATOM
            return text, P_ATOM
        if e.op == "mod":
            args = f"{self.expr(left_e)}, {self.expr(right_e)}"  # each operand once
            if self.is_int(e) and elem(t).kind > 4 and not self.is_array(e):  # type: ignore[union-attr]
                self.imports.add("fio")  # math.fmod goes through a double: wrong past 2**53
                return f"fio.imod({args})", P_ATOM
            self.imports.add("math")
            if self.is_array(e):
                self.imports.add("numpy")
                return f"np.fmod({args})", P_ATOM
            text = f"math.fmod({args})"
            if elem(self.type_of(e)) == Real(4):  # exact, so the float32 of it is REAL's
                self.imports.add("numpy")
                return f"np.float32({text})", P_ATOM
            return (f"int({text})" if self.is_int(e) else text), P_ATOM
        prec = _BIN[e.op]
        if e.op == "*" and getattr(self, "fortran_origin", False) and self.is_array(e) \
                and isinstance(elem(self.type_of(left_e)), Complex) \
                and isinstance(elem(self.type_of(right_e)), Complex):
            self.imports.add("fio")  # each product rounded, as gfortran multiplies
            return f"fio.cmul({self.expr(left_e)}, {self.expr(right_e)})", P_ATOM
        if e.op == "/" and getattr(self, "fortran_origin", False) \
                and isinstance(elem(t), Complex) and (elem(t) == Complex(8) or self.is_array(e)):
            self.imports.add("fio")  # gfortran's division; NumPy's rounds once more
            return f"fio.cdiv({self.expr(left_e)}, {self.expr(right_e)})", P_ATOM
        if e.op == "**":
            if getattr(self, "fortran_origin", False) and self.is_int(e.right):
                return self.integer_power(left_e, right_e)
            return f"{self.operand(left_e, P_POW + 1)} ** {self.operand(right_e, P_UNARY)}", prec
        left = self.operand(left_e, prec)
        # `a + (b + c)` and `a * (b / c)` keep their parentheses: floating-point operations do
        # not associate; only exact integer `+` and `*` may drop them
        exact = e.op in ("+", "*") and self.is_int(e) and self.is_int(right_e)
        right = self.operand(right_e, prec, right=True, assoc=exact)
        return f"{left} {e.op} {right}", prec

    def integer_power(self, base: ir.Expr, exponent: ir.Expr) -> tuple[str, int]:
        """Fortran `X**N` with an integer N: products as gfortran computes them (`X*X` for
        N = 2, else `fio.ipow`, libgcc's and libgfortran's square and multiply); an integer
        base with a constant N >= 0 stays `**`, which is exact on Python ints (gfortran
        refuses a constant that overflows); with a variable N, the power wraps at the
        integer's kind as libgfortran's does (`2**n` is 0 for n = 32 in INTEGER(4))."""
        n = const_int(exponent)
        if self.is_int(base) and n is not None and n >= 0:
            return f"{self.operand(base, P_POW + 1)} ** {n}", P_POW
        if n == 1:
            return self.visit(base)
        if n == 2 and isinstance(base, ir.Name | ir.Subscript | ir.Const) \
                and not self.is_int(base):
            x = self.operand(base, P_MUL)
            return f"{x} * {x}", P_MUL
        self.imports.add("fio")
        t = elem(self.type_of(base))
        if isinstance(t, Integer) and self.fortran_origin:  # libgfortran's pow_i4_i4 wraps
            return f"fio.ipow({self.expr(base)}, {self.expr(exponent)}, {8 * t.kind})", P_ATOM
        return f"fio.ipow({self.expr(base)}, {self.expr(exponent)})", P_ATOM

    def weak(self, e: ir.Expr) -> bool:
        """`_weak(e)`, remembered per node: asked at every level of a nested expression, a
        walk of the whole operand each time would make emission quadratic in depth."""
        hit = self.weak_memo.get(id(e))
        if hit is not None:
            return hit[1]
        if isinstance(e, ir.UnaryOp):
            result = self.weak(e.operand)
        elif isinstance(e, ir.BinOp):
            result = self.weak(e.left) and self.weak(e.right)
        else:
            result = _weak(e)
        self.weak_memo[id(e)] = (e, result)
        return result

    def widen(self, operand: ir.Expr, parent: ir.Expr) -> ir.Expr:
        """A float32 operand of a double precision operation is widened first, as Fortran
        does (NumPy would keep float32 when the other operand is a Python float)."""
        ot, pt = elem(self.type_of(operand)), elem(self.type_of(parent))
        if isinstance(ot, Real) and ot.kind == 4 and isinstance(pt, Real) and pt.kind == 8 \
                and isinstance(operand, ir.Const) and isinstance(operand.value, float):
            # REAL(4)'s value, widened exactly (np.float32(0.1) + a Python float is a float32)
            return ir.Const(_f32(operand.value), type=pt, loc=operand.loc)
        if isinstance(ot, Real) and ot.kind == 4 and isinstance(pt, Real | Complex) \
                and pt.kind > 4 and not isinstance(operand, ir.Const):
            return ir.Cast(operand, type=pt if not isinstance(self.type_of(parent), Array)
                           else Array(pt, 1), loc=operand.loc)  # type: ignore[arg-type]
        if _wide_int(ot) and pt in (Real(4), Complex(8)) and not isinstance(operand, ir.Const) \
                and not isinstance(self.type_of(parent), Array):
            return ir.Cast(operand, type=pt, loc=operand.loc)  # one rounding (visit_Cast)
        if isinstance(ot, Complex) and isinstance(pt, Complex) and ot.kind < pt.kind:
            # COMPLEX(4) in a COMPLEX(8) operation (a complex64 with a Python complex stays
            # complex64)
            return ir.Cast(operand, type=pt if not isinstance(self.type_of(parent), Array)
                           else Array(pt, 1), loc=operand.loc)  # type: ignore[arg-type]
        return operand

    def visit_UnaryOp(self, e: ir.UnaryOp) -> tuple[str, int]:
        if e.op == "not":
            if self.is_array(e.operand):
                self.imports.add("numpy")
                return f"np.logical_not({self.expr(e.operand)})", P_ATOM
            return f"not {self.operand(e.operand, P_NOT)}", P_NOT
        return f"{e.op}{self.operand(e.operand, P_UNARY)}", P_UNARY

    def visit_Compare(self, e: ir.Compare) -> tuple[str, int]:
        lt, rt = self.type_of(e.left), self.type_of(e.right)
        if isinstance(lt, Array):
            lt = lt.elem
        if isinstance(rt, Array):
            rt = rt.elem
        if isinstance(lt, Character) and isinstance(rt, Character):
            return self.compare_characters(e, lt.length, rt.length)
        return f"{self.operand(e.left, P_CMP + 1)} {e.op} {self.operand(e.right, P_CMP + 1)}", \
            P_CMP

    def compare_characters(self, e: ir.Compare, left: int | None,
                           right: int | None) -> tuple[str, int]:
        """Fortran compares characters as if the shorter operand were padded with blanks
        (so 'ab' == 'ab ' holds, where Python's comparison differs)."""
        def padded(x: ir.Expr, n: int) -> str:  # x of a known length, padded to n
            if isinstance(x, ir.Const) and isinstance(x.value, str):
                return repr(x.value.ljust(n))
            return f"{self.operand(x, P_ATOM)}.ljust({n})"

        if (self.is_array(e.left) or self.is_array(e.right)) and \
                (left is None or left != right):  # elementwise, the shorter padded
            self.imports.add("fio")
            return f"fio.char_compare({self.expr(e.left)}, {self.expr(e.right)}, {e.op!r})", \
                P_ATOM
        a, b = self.operand(e.left, P_CMP + 1), self.operand(e.right, P_CMP + 1)
        if left is not None and right is not None:
            if left < right:
                a = padded(e.left, right)
            elif right < left:
                b = padded(e.right, left)
            return f"{a} {e.op} {b}", P_CMP
        if e.op in ("==", "!="):  # equal once padded: equal without trailing blanks
            a = f"{self.operand(e.left, P_ATOM)}.rstrip(' ')"
            b = f"{self.operand(e.right, P_ATOM)}.rstrip(' ')"
            return f"{a} {e.op} {b}", P_CMP
        self.imports.add("fio")
        return (f"fio.compare_padded({self.expr(e.left)}, {self.expr(e.right)}) {e.op} 0",
                P_CMP)

    def visit_BoolOp(self, e: ir.BoolOp) -> tuple[str, int]:
        if any(self.is_array(v) for v in e.values):
            self.imports.add("numpy")
            fn = "np.logical_and" if e.op == "and" else "np.logical_or"
            text = self.expr(e.values[0])
            for v in e.values[1:]:
                text = f"{fn}({text}, {self.expr(v)})"
            return text, P_ATOM
        if getattr(self, "fortran_origin", False) and any(
                isinstance(n, ir.Call) and "." not in n.func  # not the runtime's
                for v in e.values[1:] for n in walk(v)):
            # gfortran evaluates every operand of .AND./.OR. (a function called there has
            # its side effects even where the first operand decides): no short circuit
            op = " & " if e.op == "and" else " | "
            return f"({op.join(f'bool({self.expr(v)})' for v in e.values)})", P_ATOM
        prec = P_AND if e.op == "and" else P_OR
        return f" {e.op} ".join(self.operand(v, prec + 1) for v in e.values), prec

    def visit_IfExp(self, e: ir.IfExp) -> tuple[str, int]:
        return (f"{self.operand(e.body, P_IFEXP + 1)} if {self.operand(e.test, P_IFEXP + 1)}"
                f" else {self.operand(e.orelse, P_IFEXP)}"), P_IFEXP

    # -- arrays
    def lower_bounds(self, value: ir.Expr, rank: int) -> tuple[ir.Expr, ...]:
        if isinstance(value, ir.Name) and value.id in self.lowers:
            return self.lowers[value.id]
        t = self.type_of(value)
        if isinstance(t, Character):  # a substring s(i:j): characters count from 1
            return tuple(ir.Const(1, loc=value.loc) for _ in range(rank))
        if isinstance(t, Array) and t.rank:
            return tuple(ir.Const(k, loc=value.loc) for k in t.lower_bounds())
        return tuple(ir.Const(0, loc=value.loc) for _ in range(rank))

    def visit_Subscript(self, e: ir.Subscript) -> tuple[str, int]:
        lowers = self.lower_bounds(e.value, len(e.indices))
        vectors = sum(not isinstance(i, ir.Slice) and self.is_array(i) for i in e.indices)
        if getattr(self, "fortran_origin", False) and vectors and (vectors > 1 or any(
                not isinstance(i, ir.Slice) and not self.is_array(i) for i in e.indices)):
            # vector subscripts with others: Fortran's is the outer product of the indices,
            # in place (NumPy's broadcasts advanced indices, and moves them to the front)
            self.imports.add("fio")
            parts = [f"slice({', '.join(x or 'None' for x in self.slice_parts(i, lo))})"
                     if isinstance(i, ir.Slice) else self.expr(sub(i, lo))
                     for i, lo in zip(e.indices, lowers, strict=False)]
            base = self.operand(e.value, P_ATOM)
            return f"{base}[fio.outer_index({base}.shape, {', '.join(parts)})]", P_ATOM
        parts = [self.index(i, lo) for i, lo in zip(e.indices, lowers, strict=False)]
        return f"{self.operand(e.value, P_ATOM)}[{', '.join(parts)}]", P_ATOM

    def index(self, i: ir.Expr, lower: ir.Expr) -> str:
        if not isinstance(i, ir.Slice):
            return self.expr(sub(i, lower))
        start, stop, step = self.slice_parts(i, lower)
        return f"{start}:{stop}" + (f":{step}" if step else "")

    def slice_parts(self, i: ir.Slice, lower: ir.Expr) -> tuple[str, str, str]:
        """(start, stop, step) of a slice, each "" where it is left out."""
        step = const_int(i.step) if i.step is not None else 1
        start = self.expr(sub(i.lower, lower)) if i.lower is not None else ""
        if i.upper is None:
            stop = ""
        elif step is not None and step > 0:
            stop = self.expr(add(sub(i.upper, lower), 1))
        else:  # a downward slice stops before `upper - 1`, which may be before the first element
            last = add(sub(i.upper, lower), -1)
            c = const_int(last)
            stop = "" if c is not None and c < 0 else self.expr(last) if c is not None else \
                f"{self.operand(last, P_IFEXP + 1)} if {self.operand(last, P_CMP + 1)} >= 0 " \
                "else None"
        return start, stop, self.expr(i.step) if i.step is not None and step != 1 else ""

    def visit_Slice(self, e: ir.Slice) -> tuple[str, int]:
        return self.index(e, ir.Const(0, loc=e.loc)), P_ATOM

    def visit_Field(self, e: ir.Field) -> tuple[str, int]:
        if self.is_array(e.value):  # w%x of an array of records
            self.imports |= {"numpy", "storage"}
            t = elem(e.type)
            dtype = "object" if isinstance(t, Character) else f"np.{dtype_name(t)}"
            return f"storage.component({self.expr(e.value)}, {e.name!r}, {dtype})", P_ATOM
        return f"{self.operand(e.value, P_ATOM)}.{e.name}", P_ATOM

    def visit_ArrayLiteral(self, e: ir.ArrayLiteral) -> tuple[str, int]:
        self.imports.add("numpy")
        t = elem(self.type_of(e))
        dtype = f", dtype=np.{dtype_name(t)}" if t is not None and dtype_name(t) not in (
            "object", "str") else ", dtype=object" if isinstance(t, Character) else ""
        return f"np.array([{self.sequence(e.elements)}]{dtype})", P_ATOM

    def sequence(self, values: tuple[ir.Expr, ...]) -> str:
        """Values, some of them implied DO loops or arrays (their elements in array element
        order, as a constructor takes them), as the items of a list display."""
        return ", ".join(self.sequence_item(v) for v in values)

    def sequence_item(self, v: ir.Expr) -> str:
        if isinstance(v, ir.ImpliedDo):
            return f"*({self.expr(v)})"
        t = self.type_of(v)
        r = (t.rank if t.rank is not None else 2) if isinstance(t, Array) else 0
        if r == 1:
            return f"*{self.operand(v, P_ATOM)}"
        if r > 1:
            return f"*np.ravel({self.expr(v)}, order='F')"
        return self.expr(v)

    def visit_ImpliedDo(self, e: ir.ImpliedDo) -> tuple[str, int]:
        values = e.values
        rng = self.range_text(e.start, e.stop, e.step)
        var = self.name(e.var.id)
        if len(values) == 1 and not isinstance(values[0], ir.ImpliedDo) \
                and not self.is_array(values[0]):
            return f"{self.expr(values[0])} for {var} in {rng}", P_ATOM
        return f"_x for {var} in {rng} for _x in ({self.sequence(values)},)", P_ATOM

    def range_text(self, start: ir.Expr, stop: ir.Expr, step: ir.Expr) -> str:
        """range() running start..stop inclusive with a signed step."""
        k = const_int(step)
        if isinstance(stop, ir.BinOp) and stop.op == "-" and isinstance(stop.right, ir.Intrinsic) \
                and stop.right.name == "sign" and const_int(stop.right.args[0]) == 1 \
                and stop.right.args[1] == step:  # Python's own range(start, stop, step)
            return f"range({self.expr(start)}, {self.expr(stop.left)}, {self.expr(step)})"
        if k == 1:
            if const_int(start) == 0:
                return f"range({self.expr(add(stop, 1))})"
            return f"range({self.expr(start)}, {self.expr(add(stop, 1))})"
        if k is not None:
            return f"range({self.expr(start)}, {self.expr(add(stop, 1 if k > 0 else -1))}, {k})"
        s = self.expr(step)
        return (f"range({self.expr(start)}, {self.operand(stop, P_ADD)} + "
                f"(1 if {s} > 0 else -1), {s})")

    # -- calls
    def visit_Absent(self, e: ir.Absent) -> tuple[str, int]:
        return "None", P_ATOM

    def visit_Call(self, e: ir.Call) -> tuple[str, int]:
        if isinstance(e.type, Record) and e.func == e.type.name:  # a structure constructor
            return f"{e.func}({', '.join(self.component_value(a) for a in e.args)})", P_ATOM
        return f"{self.name(e.func)}({', '.join(self.expr(a) for a in e.args)})", P_ATOM

    def component_value(self, a: ir.Expr) -> str:
        """A structure constructor's value: a variable's array or record copied."""
        t = self.type_of(a)
        if isinstance(t, Array | Record) and isinstance(a, ir.Name | ir.Field | ir.Subscript):
            self.imports.add("storage")
            return f"storage.copied({self.expr(a)})"
        if isinstance(t, Array | Record) or t is None:
            return self.expr(a)
        return str(self.assigned_value(t, a))  # type: ignore[attr-defined]  # as its kind

    def visit_Cast(self, e: ir.Cast) -> tuple[str, int]:
        t = e.type
        if isinstance(elem(t), Character) and (isinstance(t, Array) or self.is_array(e.value)):
            n = elem(t).length  # CHARACTER values to CHARACTER(n): padded or cut
            if n is None:
                return self.visit(e.value)
            self.imports.add("fio")
            return f"fio.fit_chars({self.expr(e.value)}, {n})", P_ATOM
        # COMPLEX to INTEGER or REAL: the real part, converted (NumPy warns on a complex64,
        # float() and int() of a Python complex raise)
        real_part = isinstance(elem(self.type_of(e.value)), Complex) and \
            isinstance(elem(t), Integer | Real)
        if isinstance(t, Array) or self.is_array(e.value):
            self.imports.add("numpy")
            target = elem(t)
            part = ".real" if real_part else ""
            return f"{self.operand(e.value, P_ATOM)}{part}.astype(np.{dtype_name(target)})", \
                P_ATOM
        inner = f"{self.operand(e.value, P_ATOM)}.real" if real_part else self.expr(e.value)
        if isinstance(t, Integer) and isinstance(e.value, ir.Intrinsic) \
                and e.value.name in ("size", "len", "len_trim", "ichar"):
            return self.visit(e.value)  # already a Python int
        if isinstance(t, Integer):
            return f"int({inner})", P_ATOM
        if t in (Real(4), Complex(8)) and _wide_int(self.type_of(e.value)):
            # INTEGER(8) to a 4-byte float in one rounding, as gfortran converts it (through
            # a double, 2**53 + 2**29 + 1 rounded to a tie and then to even: one ulp low)
            self.imports.add("numpy")
            return f"np.{'float32' if isinstance(t, Real) else 'complex64'}(np.int64({inner}))", \
                P_ATOM
        if isinstance(t, Real):
            if t.kind == 4:
                self.imports.add("numpy")
                return (inner if inner.startswith("np.float32(") and isinstance(
                    e.value, ir.Const) else f"np.float32({inner})"), P_ATOM
            return f"float({inner})", P_ATOM
        if isinstance(t, Complex):
            if t.kind == 8:
                self.imports.add("numpy")
                return f"np.complex64({inner})", P_ATOM
            return f"complex({inner})", P_ATOM
        if isinstance(t, Logical):
            if isinstance(e.value, ir.Cast) and isinstance(e.value.type, Logical):
                return inner, P_ATOM  # bool(bool(...)) is bool(...)
            return f"bool({inner})", P_ATOM
        return inner, P_ATOM



def _wide_int(t: Type | None) -> bool:
    """An integer type whose values a double does not hold exactly (past 2**53)."""
    return isinstance(t, Integer) and t.kind > 4


def _weak(e: ir.Expr) -> bool:
    """An expression of literals only, which Python evaluates as Python floats and ints."""
    if isinstance(e, ir.Const):
        return not isinstance(e.value, str | bool)
    if isinstance(e, ir.UnaryOp):
        return _weak(e.operand)
    if isinstance(e, ir.BinOp):
        return _weak(e.left) and _weak(e.right)
    return False


def _f32(v: float) -> float:
    return float(np.float32(v))
