"""DATA statements -> initial values: whole arrays, elements, sections and implied DOs of
constant bounds, repeat counts (`3*0.0`), in array element order; an array's elements that
DATA leaves out are all-zero bytes of its type (partial DATA), as gfortran leaves them."""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.fortran.exprs import fold
from transpyle.ir import nodes as ir
from transpyle.ir.types import Character, Complex, Logical, Real, Record, Type

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope, Symbol


class DataMixin:
    """Mixed into `DeclLowering`."""

    scope: Scope
    x: ExprLowering
    data: dict[str, dict[int, ir.Expr]]

    if TYPE_CHECKING:
        def error(self, node: Any, message: str) -> TranspileError: ...
        def constant_int(self, node: Any, env: dict[str, int] | None = None) -> int: ...

    # -- DATA
    def d_Data_Stmt(self, node: Any) -> None:
        for data_set in node.items:
            objects, values = data_set.items
            flat = self.data_values(values)
            for obj in objects.items:
                flat = self.data_object(obj, flat)
            if flat:
                raise self.error(node, "DATA has more values than objects")

    def data_values(self, values: Any) -> list[ir.Expr]:
        out: list[ir.Expr] = []
        for v in values.items:
            if type(v).__name__ == "Data_Stmt_Value":
                repeat, const = v.items
                count = self.constant_int(repeat) if repeat is not None else 1
                out += [self.x.expr(const)] * count
            else:
                out.append(self.x.expr(v))
        return out

    def data_object(self, obj: Any, flat: list[ir.Expr],
                    env: dict[str, int] | None = None) -> list[ir.Expr]:
        kind = type(obj).__name__
        if kind == "Name":
            sym = self.scope.lookup(str(obj), self.x.loc)
            if sym.dims is None:
                self.set_data(sym, 0, flat[0])
                return flat[1:]
            n = math.prod(self.extents(sym))
            for k in range(n):
                self.set_data(sym, k, flat[k])
            return flat[n:]
        if kind == "Part_Ref" and self.char_scalar(obj):  # DATA a(1:2) /'aa'/
            sym = self.scope.lookup(str(obj.items[0]), self.x.loc)
            self.set_substring(sym, 0, obj.items[1].items[0], flat[0])
            return flat[1:]
        if kind == "Array_Section" and type(obj.items[0]).__name__ == "Part_Ref":  # d(2)(1:3)
            ref, triplet = obj.items
            sym = self.scope.lookup(str(ref.items[0]), self.x.loc)
            index = [self.constant_int(i, env) for i in ref.items[1].items]
            self.set_substring(sym, self.linear(sym, index), triplet, flat[0], env)
            return flat[1:]
        if kind == "Part_Ref":
            sym = self.scope.lookup(str(obj.items[0]), self.x.loc)
            ranges = [self.data_range(sym, d, i, env) for d, i in enumerate(obj.items[1].items)]
            for index in itertools.product(*reversed(ranges)):  # array element order
                self.set_data(sym, self.linear(sym, list(reversed(index))), flat[0])
                flat = flat[1:]
            return flat
        if kind == "Data_Implied_Do":
            objects, var, *bounds = obj.items
            lo, hi, step = (self.constant_int(b, env) if b is not None else 1 for b in bounds)
            for i in range(lo, hi + (1 if step > 0 else -1), step):
                for inner in objects.items:
                    flat = self.data_object(inner, flat, {**(env or {}), str(var).lower(): i})
            return flat
        raise self.error(obj, f"DATA object {obj} is not supported")

    def data_range(self, sym: Symbol, d: int, node: Any, env: dict[str, int] | None
                   ) -> range:
        """The indices of dimension `d` a DATA subscript names (one, or a section's)."""
        if type(node).__name__ != "Subscript_Triplet":
            i = self.constant_int(node, env)
            return range(i, i + 1)
        assert sym.lower is not None
        lo, hi, step = node.items
        first = self.constant_int(lo, env) if lo is not None else sym.lower[d]
        last = self.constant_int(hi, env) if hi is not None else \
            sym.lower[d] + self.extents(sym)[d] - 1
        k = self.constant_int(step, env) if step is not None else 1
        return range(first, last + (1 if k > 0 else -1), k)

    def char_scalar(self, ref: Any) -> bool:
        sym = self.scope.find(str(ref.items[0]).lower())
        items = ref.items[1].items
        return sym is not None and sym.dims is None and isinstance(sym.type, Character) \
            and len(items) == 1 and type(items[0]).__name__ == "Subscript_Triplet"

    def set_substring(self, sym: Symbol, k: int, triplet: Any, value: ir.Expr,
                      env: dict[str, int] | None = None) -> None:
        """Characters first..last of element `k` of a CHARACTER variable from `value`
        (blank-padded or cut to the substring's length); the characters no DATA names
        stay blanks, as gfortran's initialised storage holds them."""
        assert isinstance(sym.type, Character)
        length = sym.type.length
        lo, hi = (triplet.items[0], triplet.items[1]) if type(triplet).__name__ == \
            "Subscript_Triplet" else triplet.items[:2]
        first = self.constant_int(lo, env) if lo is not None else 1
        last = self.constant_int(hi, env) if hi is not None else length
        if length is None or last is None or not 1 <= first <= last <= length or not (
                isinstance(value, ir.Const) and isinstance(value.value, str)):
            raise self.error(triplet, f"DATA for the substring of '{sym.name}' needs "
                             "constant bounds inside the variable and a character constant")
        old = self.data.get(sym.name, {}).get(k)
        text = old.value if isinstance(old, ir.Const) and isinstance(old.value, str) else ""
        text = text.ljust(length)
        part = value.value[:last - first + 1].ljust(last - first + 1)
        new = text[:first - 1] + part + text[last:]
        self.set_data(sym, k, ir.Const(new, type=Character(length), loc=value.loc))

    def set_data(self, sym: Symbol, k: int, value: ir.Expr) -> None:
        assert sym.type is not None
        if isinstance(sym.type, Record) and sym.dims is not None:  # it was dropped
            raise TranspileError(self.x.loc, f"DATA for the array of derived type "
                                 f"'{sym.name}' is not supported", code="E-fortran")
        self.data.setdefault(sym.name, {})[k] = self.x.cast(value, sym.type)

    def extents(self, sym: Symbol) -> list[int]:
        assert sym.dims is not None and sym.lower is not None
        out = []
        for d, lo in zip(sym.dims, sym.lower, strict=True):
            hi = fold(d.upper, self.scope) if d.upper is not None else None
            if not isinstance(hi, int):
                raise TranspileError(self.x.loc, f"DATA for '{sym.name}' needs constant "
                                     "extents", code="E-fortran")
            out.append(hi - lo + 1)
        return out

    def linear(self, sym: Symbol, index: list[int]) -> int:
        k, stride = 0, 1
        assert sym.lower is not None
        for i, lo, n in zip(index, sym.lower, self.extents(sym), strict=True):
            k += (i - lo) * stride
            stride *= n
        return k

    def array_data(self, sym: Symbol, values: dict[int, ir.Expr]) -> None:
        sym.saved = sym.common is None
        if sym.dims is None:
            sym.init = values[0]
            return
        n = math.prod(self.extents(sym))
        # elements DATA leaves out are zero bytes, as gfortran's static storage holds them
        zero = _zero_of(sym.type, sym.loc)
        sym.init = ir.ArrayLiteral(tuple(values.get(k, zero) for k in range(n)),
                                   type=sym.ir_type(), loc=sym.loc)


def _zero_of(t: Type | None, loc: SourceLoc) -> ir.Expr:
    """The value of all-zero bytes of scalar type `t`."""
    if isinstance(t, Character):
        return ir.Const("\0" * (t.length or 0), type=t, loc=loc)
    if isinstance(t, Logical):
        return ir.Const(False, type=t, loc=loc)
    if isinstance(t, Complex):
        return ir.Const(0j, type=t, loc=loc)
    if isinstance(t, Real):
        return ir.Const(0.0, type=t, loc=loc)
    return ir.Const(0, type=t, loc=loc)
