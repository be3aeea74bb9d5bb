"""Fortran expressions (fparser2 nodes) -> typed IR expressions.

Fortran is explicitly typed, so the frontend types every expression itself, with Fortran's
rules: integer `/` truncates, mixed arithmetic converts to the wider operand, literals have
their kind (`1.5` is real(4), `1.5d0` real(8)). Legacy specific intrinsic names (DSQRT, DMAX1,
...) map to the canonical table entries; type conversions (DBLE, FLOAT, INT, ...) become Casts.
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.fortran.interfaces import (
    Interfaces,
    bind_call,
    defined_unary,
    describe,
    operator_call,
)
from transpyle.frontends.fortran.mpi import FUNCTIONS as MPI_FUNCTIONS
from transpyle.frontends.fortran.mpi import mpi_function
from transpyle.frontends.fortran.runtime_intrinsics import NAMES as RUNTIME_NAMES
from transpyle.frontends.fortran.scope import Scope
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import FORTRAN_NAMES
from transpyle.ir.rounding import round_fraction, single_literal
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
    Void,
    promote,
)
from transpyle.runtime import fortran_math

_ARITH = {"+": "+", "-": "-", "*": "*", "/": "/", "**": "**"}
_CMP = {
    ".eq.": "==", "==": "==", ".ne.": "!=", "/=": "!=", ".lt.": "<", "<": "<",
    ".le.": "<=", "<=": "<=", ".gt.": ">", ">": ">", ".ge.": ">=", ">=": ">=",
}
_LOGIC = {".and.": "and", ".or.": "or"}
_EQV = {".eqv.": "==", ".neqv.": "!="}
# conversion intrinsics: name -> (result type, keeps a `kind` argument)
_CASTS: dict[str, Type] = {
    "dble": Real(8), "dfloat": Real(8), "float": Real(4), "sngl": Real(4), "real": Real(4),
    "int": Integer(4), "ifix": Integer(4), "idint": Integer(4), "logical": Logical(4),
}
_KIND_FUNCS = ("kind", "selected_real_kind", "selected_int_kind")
_INT4 = Integer(4)
_LOG4 = Logical(4)


def elem(t: Type | None) -> Type | None:
    return t.elem if isinstance(t, Array) else t


def real_kind(k: int, loc: SourceLoc) -> int:
    """`k` where it is a kind of REAL (and of COMPLEX's parts) that NumPy holds exactly."""
    if k in (4, 8):
        return k
    if k == 16:
        raise TranspileError(loc, "real(16) has no exact NumPy type (gfortran's real(16) is "
                             "IEEE quad precision; NumPy's longdouble is x87 80-bit)",
                             hint="use real(8) where its precision is enough",
                             code="E-kind")
    if k == 10:
        raise TranspileError(loc, "real(10) is not supported: NumPy's longdouble computes "
                             "it, but its literals and formatted output would pass through "
                             "double precision", hint="use real(8) where its precision is "
                             "enough", code="E-kind")
    raise TranspileError(loc, f"real({k}) is not a kind gfortran knows", code="E-kind")


def rank(t: Type | None) -> int:
    return (t.rank or 0) if isinstance(t, Array) else 0


def with_elem(t: Type | None, e: Type) -> Type:
    """`e`, or an F-order array of `e` with the rank of `t`."""
    r = rank(t)
    return Array(e, r, "F", (1,) * r) if r else e  # type: ignore[arg-type]


def fold(e: ir.Expr, scope: Scope, env: dict[str, int] | None = None) -> int | float | None:
    """The value of a constant integer/real expression, or None (`env`: implied-DO variables)."""
    if isinstance(e, ir.Const) and isinstance(e.value, int | float) \
            and not isinstance(e.value, bool):
        return e.value
    if isinstance(e, ir.Name):
        if env and e.id in env:
            return env[e.id]
        sym = scope.find(e.id)
        return fold(sym.init, scope) if sym and sym.constant and sym.init is not None else None
    if isinstance(e, ir.UnaryOp) and e.op in "+-":
        v = fold(e.operand, scope, env)
        return None if v is None else (-v if e.op == "-" else v)
    if isinstance(e, ir.BinOp) and e.op in _ARITH:
        a, b = fold(e.left, scope, env), fold(e.right, scope, env)
        if a is None or b is None:
            return None
        if e.op == "/":
            return int(a / b) if isinstance(a, int) and isinstance(b, int) else a / b
        return {"+": a + b, "-": a - b, "*": a * b, "**": a ** b}[e.op]
    return None


class ExprLowering:
    """Lowers the expressions of one program unit."""

    def __init__(self, scope: Scope, procs: dict[str, Type], loc: SourceLoc) -> None:
        self.scope = scope
        self.procs = procs  # procedures of the file (and EXTERNALs): name -> result (Void)
        self.loc = loc  # the statement being lowered
        # statement functions: name -> (dummy names, result type, fparser expression)
        self.stmt_funcs: dict[str, tuple[list[str], Type, Any]] = {}
        self.bindings: dict[str, ir.Expr] = {}  # dummies of the statement function expanded
        self.interfaces: Interfaces | None = None  # the file's signatures and generic names

    def error(self, message: str, hint: str | None = None) -> TranspileError:
        return TranspileError(self.loc, message, hint=hint, code="E-fortran")

    def expr(self, node: Any) -> ir.Expr:
        method: Callable[[Any], ir.Expr] | None = getattr(self, "x_" + type(node).__name__, None)
        if method is None:
            raise self.error(f"unsupported Fortran expression: {node} "
                             f"({type(node).__name__})")
        return method(node)

    # -- leaves
    def x_Name(self, node: Any) -> ir.Expr:
        name = str(node).lower()
        if name in self.bindings:
            return self.bindings[name]
        sym = self.scope.find(name)
        if (sym is None or sym.external) and name in self.procs:
            return ir.Name(name, type=Procedure(self.procs[name]), loc=self.loc)
        if sym is not None and sym.external and sym.type is None and (
                self.scope.implicit is None or name[0] not in self.scope.implicit):
            sym.type = Void()  # an EXTERNAL only passed on (IMPLICIT NONE gives it no type)
        sym = self.scope.lookup(name, self.loc)
        return ir.Name(sym.name, type=sym.ir_type(), loc=self.loc)

    def x_Int_Literal_Constant(self, node: Any) -> ir.Expr:
        text, kind = node.items
        return ir.Const(int(text), type=Integer(self.kind(kind, 4)), loc=self.loc)

    def x_Real_Literal_Constant(self, node: Any) -> ir.Expr:
        text, kind = node.items
        low = text.lower()
        k = 8 if "d" in low else 4
        if kind is not None:
            k = real_kind(self.kind(kind, k), self.loc)
        value = float(low.replace("d", "e"))
        if abs(value) > (3.4028234663852886e38 if k == 4 else 1.7976931348623157e308):
            raise TranspileError(self.loc, f"the real constant {text} overflows its kind "
                                 f"(real({k}))", code="E-range")
        if k == 4:  # the decimal rounded once to single, as gfortran reads it (not twice)
            value = single_literal(low.replace("d", "e"), value)
        return ir.Const(value, type=Real(k), loc=self.loc)

    x_Signed_Int_Literal_Constant = x_Int_Literal_Constant
    x_Signed_Real_Literal_Constant = x_Real_Literal_Constant

    def kind(self, kind: Any, default: int) -> int:
        if kind is None:
            return default
        if str(kind).isdigit():
            return int(str(kind))
        value = fold(self.x_Name(kind), self.scope) if str(kind).isidentifier() else None
        if not isinstance(value, int):
            raise self.error(f"kind {kind} is not a constant")
        return value

    def x_Logical_Literal_Constant(self, node: Any) -> ir.Expr:
        return ir.Const(str(node.items[0]).upper() == ".TRUE.", type=_LOG4, loc=self.loc)

    def x_Char_Literal_Constant(self, node: Any) -> ir.Expr:
        text = str(node.items[0])
        if node.items[1] is not None and str(node.items[1]) != "1":
            raise self.error(f"a CHARACTER constant of kind {node.items[1]} is not supported "
                             "(the default kind, 1, is)")
        quote = text[0]
        value = text[1:-1].replace(quote * 2, quote)
        return ir.Const(value, type=Character(len(value)), loc=self.loc)

    def x_Complex_Literal_Constant(self, node: Any) -> ir.Expr:
        re, im = (self.expr(x) for x in node.items)
        rv, iv = fold(re, self.scope), fold(im, self.scope)
        if rv is None or iv is None:
            raise self.error(f"complex literal {node} is not constant")
        k = max(getattr(re.type, "kind", 4), getattr(im.type, "kind", 4))
        k = 4 if isinstance(re.type, Integer) and isinstance(im.type, Integer) else k
        return ir.Const(complex(rv, iv), type=Complex(2 * k), loc=self.loc)

    def x_Parenthesis(self, node: Any) -> ir.Expr:
        return self.expr(node.items[1])

    # -- operators
    def x_Level_2_Unary_Expr(self, node: Any) -> ir.Expr:
        op, operand = node.items
        value = self.expr(operand)
        if isinstance(value, ir.Const) and op == "-" and not isinstance(value.value, str | bool):
            return ir.Const(-value.value, type=value.type, loc=self.loc)
        return value if op == "+" else ir.UnaryOp(op, value, type=value.type, loc=self.loc)

    def x_And_Operand(self, node: Any) -> ir.Expr:
        value = self.expr(node.items[1])
        return ir.UnaryOp("not", value, type=with_elem(value.type, _LOG4), loc=self.loc)

    def binary(self, node: Any) -> ir.Expr:
        left, op, right = node.items
        op = str(op).lower()
        a, b = self.expr(left), self.expr(right)
        defined = operator_call(self, _CMP.get(op, op).replace("!=", "/="), (a, b))
        if defined is not None:
            return defined
        if op in _ARITH or op in _CMP:
            a, b = self.widen(a, b), self.widen(b, a)
        shape_of = a.type if rank(a.type) else b.type
        if op in _ARITH:
            ta, tb = elem(a.type), elem(b.type)
            if op == "**" and isinstance(tb, Integer) and ta is not None:
                t = ta
            else:
                try:
                    t = promote(ta, tb)  # type: ignore[arg-type]
                except TypeError:
                    raise self.error(f"no arithmetic between {ta} and {tb}") from None
            return ir.BinOp(_ARITH[op], a, b, type=with_elem(shape_of, t), loc=self.loc)
        if op == "//":  # elementwise where an operand is an array
            la, lb = getattr(elem(a.type), "length", None), getattr(elem(b.type), "length", None)
            length = la + lb if la is not None and lb is not None else None
            return ir.BinOp("concat", a, b, type=with_elem(shape_of, Character(length)),
                            loc=self.loc)
        if op in _CMP or op in _EQV:
            return ir.Compare((_CMP | _EQV)[op], a, b, type=with_elem(shape_of, _LOG4),
                              loc=self.loc)
        if op in _LOGIC:
            # `a .and. b .and. c` is one operation (Fortran may evaluate it in any order), so
            # that it reads back as it is written
            values = (*a.values, b) if isinstance(a, ir.BoolOp) and a.op == _LOGIC[op] \
                else (a, b)
            return ir.BoolOp(_LOGIC[op], values, type=with_elem(shape_of, _LOG4), loc=self.loc)
        if op.startswith("."):
            raise self.error(f"no procedure of OPERATOR({op}) takes ({describe(a.type)}, "
                             f"{describe(b.type)})")
        raise self.error(f"unsupported operator {op}")

    def widen(self, const: ir.Expr, other: ir.Expr) -> ir.Expr:
        """A single-precision literal next to a double operand, as the double Fortran makes
        of it (`d * 0.1` multiplies by 0.10000000149011612)."""
        if isinstance(const, ir.Const) and const.type == Real(4) \
                and elem(other.type) in (Real(8), Complex(16)):
            return self.cast(const, Real(8))
        return const

    x_Level_2_Expr = x_Add_Operand = x_Mult_Operand = x_Level_3_Expr = binary
    x_Level_4_Expr = x_Or_Operand = x_Equiv_Operand = x_Level_5_Expr = binary
    x_Expr = binary  # a defined binary operator (`a .dot. b`, INTERFACE OPERATOR)

    def x_Level_1_Expr(self, node: Any) -> ir.Expr:  # a defined unary operator (`.neg. a`)
        return defined_unary(self, node)

    # -- references
    def subscripts(self, node: Any) -> tuple[ir.Expr, ...]:
        return tuple(self.subscript(x) for x in node.items) if node is not None else ()

    def subscript(self, node: Any) -> ir.Expr:
        if type(node).__name__ == "Subscript_Triplet":
            lo, hi, step = (self.expr(x) if x is not None else None for x in node.items)
            return ir.Slice(lo, hi, step, loc=self.loc)
        return self.expr(node)

    def index(self, base: ir.Name | ir.Field, indices: tuple[ir.Expr, ...]) -> ir.Expr:
        t = base.type
        if not isinstance(t, Array):
            if isinstance(t, Character):
                raise self.error(f"character substring {base} is not supported")
            raise self.error(f"'{getattr(base, 'id', base)}' is not an array")
        if len(indices) != t.rank:
            raise self.error(f"'{getattr(base, 'id', '')}' has rank {t.rank}, "
                             f"indexed with {len(indices)} subscripts")
        sym = self.scope.find(base.id) if isinstance(base, ir.Name) else None
        if sym is not None and sym.shifts is not None:
            indices = tuple(self.rebase(i, s) for i, s in zip(indices, sym.shifts, strict=True))
        r = sum(1 for i in indices if isinstance(i, ir.Slice) or rank(i.type))
        return ir.Subscript(base, indices, type=with_elem(Array(t.elem, r) if r else None,
                                                          t.elem), loc=self.loc)

    def rebase(self, index: ir.Expr, shift: ir.Expr | None) -> ir.Expr:
        """`index - shift + 1`: a subscript of an array declared with lower bound `shift`."""
        if shift is None:
            return index
        if isinstance(index, ir.Slice):
            return ir.Slice(self.rebase(index.lower, shift) if index.lower else None,
                            self.rebase(index.upper, shift) if index.upper else None,
                            index.step, loc=index.loc)
        t = index.type
        diff = ir.BinOp("-", index, shift, type=t, loc=self.loc)
        return ir.BinOp("+", diff, ir.Const(1, type=t, loc=self.loc), type=t, loc=self.loc)

    def x_Part_Ref(self, node: Any) -> ir.Expr:
        name_node, subs = node.items
        name = str(name_node).lower()
        sym = self.scope.find(name)
        if sym is not None and sym.dims is not None and not sym.external:
            return self.index(self.x_Name(name_node), self.subscripts(subs))  # type: ignore[arg-type]
        if sym is not None and isinstance(sym.type, Character) and sym.dims is None \
                and not sym.external:
            return self.substring(self.x_Name(name_node), self.subscripts(subs))
        return self.call(name, subs)

    def substring(self, base: ir.Expr, indices: tuple[ir.Expr, ...]) -> ir.Expr:
        """`s(i:j)` of a character scalar: a Subscript with one Slice."""
        if len(indices) != 1 or not isinstance(indices[0], ir.Slice) \
                or indices[0].step is not None:
            raise self.error(f"'{getattr(base, 'id', base)}' is a character scalar: only a "
                             "substring (i:j) can follow it")
        lo, hi = indices[0].lower, indices[0].upper
        a = fold(lo, self.scope) if lo is not None else 1
        b = fold(hi, self.scope) if hi is not None else getattr(base.type, "length", None)
        length = b - a + 1 if isinstance(a, int) and isinstance(b, int) else None
        return ir.Subscript(base, indices, type=Character(length), loc=self.loc)  # type: ignore[arg-type]

    def x_Array_Section(self, node: Any) -> ir.Expr:
        """`w(i)(1:2)`, `p%names(1)(2:)`: a substring of a CHARACTER array element."""
        base, rng = node.items
        value = self.expr(base)
        if not isinstance(value.type, Character) or type(rng).__name__ != "Substring_Range":
            raise self.error(f"unsupported Fortran expression: {node} (Array_Section)")
        lo, hi = (self.expr(x) if x is not None else None for x in rng.items)
        return self.substring(value, (ir.Slice(lo, hi, None, loc=self.loc),))

    def x_Substring(self, node: Any) -> ir.Expr:
        """`'abc'(i:i)`: a substring of a character constant."""
        base, rng = node.items
        value = self.expr(base)
        if not isinstance(value, ir.Const) or not isinstance(value.type, Character):
            raise self.error(f"unsupported Fortran expression: {node} (Substring)")
        lo, hi = (self.expr(x) if x is not None else None for x in rng.items)
        return self.substring(value, (ir.Slice(lo, hi, None, loc=self.loc),))

    def x_Function_Reference(self, node: Any) -> ir.Expr:
        if type(node.items[0]).__name__ == "Procedure_Designator":  # v%norm(): type-bound
            from transpyle.frontends.fortran.types import bound_function
            return bound_function(self, node.items[0], node.items[1])
        return self.call(str(node.items[0]).lower(), node.items[1])

    def x_Structure_Constructor(self, node: Any) -> ir.Expr:
        return self.call(str(node.items[0]).lower(), node.items[1])

    def call(self, name: str, args_node: Any) -> ir.Expr:
        if name in MPI_FUNCTIONS and name not in self.procs:
            return mpi_function(self, name, args_node)
        if self.scope.has_type(name) and self.scope.find(name) is None:
            from transpyle.frontends.fortran.types import structure_constructor
            if not self.generic_constructor(name, args_node):
                return structure_constructor(self, name, args_node)
        name, args = bind_call(self, name, args_node)
        if name in self.stmt_funcs:
            return self.expand(name, args)
        sym = self.scope.find(name)
        result: Type | None
        if sym is not None and sym.is_arg and sym.dims is None and not isinstance(
                sym.type, Character):
            sym.external = True  # F77: a dummy referenced as a function is a dummy procedure,
        if sym is not None and sym.external:  # even one named like an intrinsic (NINT)
            if sym.type is None:
                sym.type = self.procs.get(name) or self.scope.implicit_type(name, self.loc)
            result = sym.type
        elif name in self.procs:
            result = self.procs[name]
            if sym is not None and not sym.is_arg and sym.dims is None:
                sym.external = True  # `type(t) :: f` types the function f: no variable
        elif name in FORTRAN_NAMES or name in _CASTS or name in RUNTIME_NAMES or name == "iargc":
            return self.intrinsic(name, args, {})
        else:
            if sym is None:  # an external function of another file
                sym = self.scope.lookup(name, self.loc)
                sym.external = True
            result = sym.type
        if isinstance(result, Void):
            raise self.error(f"subroutine {name} is used as a function")
        return ir.Call(name, args, type=result, loc=self.loc)

    def generic_constructor(self, name: str, args_node: Any) -> bool:
        """A generic interface named as the type (`interface point; module procedure
        new_point`) whose specific takes these arguments: that function is called, not the
        structure constructor."""
        table = self.interfaces
        if table is None or name not in table.generics or not table.visible(name, self.scope):
            return False
        try:
            bind_call(self, name, args_node)
        except TranspileError:
            return False
        return True

    def expand(self, name: str, args: tuple[ir.Expr, ...]) -> ir.Expr:
        """A statement function's expression with the actual arguments in its dummies' place
        (converted to the dummies' types), converted to the function's type."""
        dummies, result, body = self.stmt_funcs[name]
        if len(args) != len(dummies):
            raise self.error(f"statement function {name} takes {len(dummies)} arguments")
        saved = self.bindings
        self.bindings = {}
        for d, a in zip(dummies, args, strict=True):
            sym = self.scope.find(d)
            t = sym.type if sym is not None and sym.type is not None else \
                self.scope.implicit_type(d, self.loc)
            self.bindings[d] = self.cast(a, t)
        try:
            return self.cast(self.expr(body), result)
        finally:
            self.bindings = saved

    def x_Data_Ref(self, node: Any) -> ir.Expr:
        parts = node.items
        base = self.expr(parts[0])
        for k, part in enumerate(parts[1:]):
            rec = elem(base.type)
            pname = type(part).__name__
            if isinstance(rec, Record) and rank(base.type) and k == len(parts) - 2 \
                    and pname == "Name":  # w%x of an array of records: an array of x
                from transpyle.frontends.fortran.types import array_component
                return array_component(self, base, str(part).lower())
            if not isinstance(rec, Record) or rank(base.type):
                raise self.error(f"component access {node} on {base.type} is not supported")
            fname = str(part.items[0] if pname == "Part_Ref" else part).lower()
            from transpyle.frontends.fortran.types import bound_function, bound_on, is_binding
            if pname == "Part_Ref" and k == len(parts) - 2 and is_binding(self, rec, fname):
                found = bound_on(self, base, parts[k], fname, part.items[1], node)
                return bound_function(self, node, part.items[1], found)  # x%f(-1.0)
            if pname == "Name" and self.is_parent(rec, fname):  # x%parent: its parent part
                base = dataclasses.replace(base, type=Record(fname))
                continue
            decl = self.scope.record_field(rec, fname, self.loc)
            field = ir.Field(base, fname, type=decl.type, loc=self.loc)
            base = self.index(field, self.subscripts(part.items[1])) if pname == "Part_Ref" \
                else field
        return base

    def x_Proc_Component_Ref(self, node: Any) -> ir.Expr:
        """`a%y` where fparser cannot tell a data from a procedure component."""
        base, _, name = node.items
        value = self.expr(base)
        rec = elem(value.type)
        if not isinstance(rec, Record) or rank(value.type):
            raise self.error(f"component access {node} on {value.type} is not supported")
        if self.is_parent(rec, str(name).lower()):  # x%parent: the object, its parent part
            return dataclasses.replace(value, type=Record(str(name).lower()))
        decl = self.scope.record_field(rec, str(name).lower(), self.loc)
        return ir.Field(value, decl.name, type=decl.type, loc=self.loc)

    x_Data_Pointer_Object = x_Proc_Component_Ref  # `p%next` on the left of `=>`

    def is_parent(self, rec: Record, name: str) -> bool:
        """`name` is a type that `rec` extends (and no component of it)."""
        from transpyle.frontends.fortran.types import _ancestors
        if any(f.name == name for s in self.scope.visible() if rec.name in s.types
               for f in s.types[rec.name].fields):
            return False
        return name in _ancestors(self, rec.name)

    def x_Array_Constructor(self, node: Any) -> ir.Expr:
        spec, typed = node.items[1], None
        if type(spec).__name__ == "Ac_Spec":  # [type-spec :: values]
            from transpyle.frontends.fortran.decls import DeclLowering
            typed = DeclLowering(self.scope, self, lambda _: self.loc, {}).type_of(spec.items[0])
            spec = spec.items[1]
        values = tuple(self.ac_value(v) for v in (spec.items if spec is not None else ()))
        if typed is not None:
            values = tuple(self.ac_cast(v, typed) for v in values)
        t = typed or (elem(values[0].type) if values else Real(4))
        if isinstance(t, Array):
            t = t.elem
        return ir.ArrayLiteral(values, type=Array(t, 1, "F", (1,)), loc=self.loc)  # type: ignore[arg-type]

    def ac_cast(self, value: ir.Expr, t: Type) -> ir.Expr:
        """An array constructor's value converted to its type-spec (inside implied DOs)."""
        if isinstance(value, ir.ImpliedDo):
            values = tuple(self.ac_cast(v, t) for v in value.values)
            return dataclasses.replace(value, values=values, type=Array(t, 1, "F", (1,)))
        return self.cast(value, t)

    def ac_value(self, node: Any) -> ir.Expr:
        if type(node).__name__ in ("Ac_Implied_Do", "Io_Implied_Do"):
            return self.implied_do(node)
        return self.expr(node)

    def implied_do(self, node: Any) -> ir.Expr:
        objects, control = node.items
        items = control.items
        if type(control).__name__ == "Ac_Implied_Do_Control":  # (name, [start, stop, step])
            items = (items[0], *items[1])
        var = self.x_Name(items[0])
        start, stop = self.expr(items[1]), self.expr(items[2])
        step = self.expr(items[3]) if len(items) > 3 and items[3] is not None else \
            ir.Const(1, type=_INT4, loc=self.loc)
        values = tuple(self.ac_value(v) for v in objects.items)
        t = elem(values[0].type) if values else _INT4
        return ir.ImpliedDo(values, var, start, stop, step,  # type: ignore[arg-type]
                            type=Array(t, 1, "F", (1,)), loc=self.loc)  # type: ignore[arg-type]

    x_Io_Implied_Do = implied_do

    # -- intrinsics
    def x_Intrinsic_Function_Reference(self, node: Any) -> ir.Expr:
        name = str(node.items[0]).lower()
        sym = self.scope.find(name)
        if sym is not None and (sym.dims is not None or sym.external or sym.is_arg) \
                or name in self.procs:  # not the intrinsic: a user procedure (or a dummy
            return self.x_Part_Ref(node)  # argument, F77's dummy procedure) shadows it
        args: list[ir.Expr] = []
        keywords: dict[str, ir.Expr] = {}
        for a in (node.items[1].items if node.items[1] is not None else ()):
            if type(a).__name__ == "Actual_Arg_Spec":
                keywords[str(a.items[0]).lower()] = self.expr(a.items[1])
            else:
                args.append(self.expr(a))
        if name in _KIND_FUNCS:
            return self.kind_function(name, args, keywords)
        return self.intrinsic(name, tuple(args), keywords)

    def kind_function(self, name: str, args: list[ir.Expr],
                      keywords: dict[str, ir.Expr]) -> ir.Expr:
        """KIND, SELECTED_INT_KIND and SELECTED_REAL_KIND: a constant where the arguments
        are (a kind in a declaration must be), else the runtime's answer."""
        if name == "kind":  # a COMPLEX's kind is its parts' (the IR's Complex(n) is n bytes)
            t = elem(args[0].type)
            k = 1 if isinstance(t, Character) else \
                int(getattr(t, "kind", 4)) // (2 if isinstance(t, Complex) else 1)
            return ir.Const(k, type=_INT4, loc=self.loc)
        dummies = ("r",) if name == "selected_int_kind" else ("p", "r", "radix")
        if len(args) > len(dummies) or set(keywords) - set(dummies):
            raise self.error(f"{name.upper()} takes the arguments {', '.join(dummies)}")
        given = dict(zip(dummies, args, strict=False))
        for key, v in keywords.items():
            if key in given:
                raise self.error(f"{name.upper()}: '{key}' is given twice")
            given[key] = v
        if name == "selected_int_kind" and "r" not in given or not given:
            raise self.error(f"{name.upper()} needs an argument")
        values = [given.get(d) for d in dummies]
        folded = [fold(v, self.scope) if v is not None else None for v in values]
        func = getattr(fortran_math, name)
        if all(isinstance(f, int) for v, f in zip(values, folded, strict=True) if v is not None):
            return ir.Const(func(*folded), type=_INT4, loc=self.loc)
        return ir.Call("fio." + name, tuple(v if v is not None else ir.Absent(
            type=None, loc=self.loc) for v in values), type=_INT4, loc=self.loc)

    def intrinsic(self, name: str, args: tuple[ir.Expr, ...],
                  keywords: dict[str, ir.Expr]) -> ir.Expr:
        from transpyle.frontends.fortran.intrinsics import lower_intrinsic
        return lower_intrinsic(self, name, args, keywords)

    def cast(self, value: ir.Expr, t: Type) -> ir.Expr:
        """`value` converted to scalar type `t` (elementwise for arrays), if it is not already."""
        if elem(value.type) == t:
            return value
        if isinstance(t, Character) and isinstance(elem(value.type), Character):
            if t.length is None:  # len=*: the value's own length
                return value
            if isinstance(value, ir.ArrayLiteral) and all(
                    isinstance(v, ir.Const) for v in value.elements):  # each padded or cut
                return dataclasses.replace(value, elements=tuple(self.cast(v, t)
                                                                 for v in value.elements),
                                           type=with_elem(value.type, t))
        if isinstance(value, ir.Const) and isinstance(value.value, str) \
                and isinstance(t, Character) and t.length is not None:  # blank-padded, cut
            return ir.Const(value.value[:t.length].ljust(t.length), type=t, loc=value.loc)
        if isinstance(value, ir.Const) and not isinstance(value.value, str | bool | complex):
            if isinstance(t, Integer):
                return ir.Const(int(value.value), type=t, loc=value.loc)
            if isinstance(t, Real) and not isinstance(elem(value.type), Complex):
                v = float(value.value)
                if isinstance(value.value, int) and t == Real(4):  # one rounding, not two
                    v = round_fraction(Fraction(value.value), 4)
                if elem(value.type) == Real(4):  # the single-precision value, widened
                    v = struct.unpack("f", struct.pack("f", v))[0]
                return ir.Const(v, type=t, loc=value.loc)
        return ir.Cast(value, type=with_elem(value.type, t), loc=value.loc)


CASTS = _CASTS
