"""Type and array specifications of declarations: `INTEGER(KIND=8)`, `CHARACTER(LEN=*)`,
`TYPE(t)`, kinds that fold to constants, and dimension lists (explicit, assumed-shape,
deferred, assumed-size) -> IR types and `ir.Dim`s. Mixed into `DeclLowering`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.errors import TranspileError
from transpyle.frontends.fortran.exprs import fold, real_kind
from transpyle.frontends.fortran.mpi import f08_handle
from transpyle.ir import nodes as ir
from transpyle.ir.types import Character, Complex, Integer, Logical, Real, Record, Type

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope, Symbol


class TypeSpecMixin:
    """Mixed into `DeclLowering`."""

    scope: Scope
    x: ExprLowering
    runtime_length: bool

    def type_of(self, spec: Any) -> Type:
        if type(spec).__name__ == "Declaration_Type_Spec":
            # CLASS(t) is TYPE(t) while no type extends another (EXTENDS is refused)
            if str(spec.items[0]).upper() not in ("TYPE", "CLASS") or str(spec.items[1]) == "*":
                raise TranspileError(self.x.loc, f"{spec} is not supported", code="E-fortran")
            if f08_handle(self.scope, str(spec.items[1]).lower()):
                return Integer(4)  # TYPE(MPI_Comm) of mpi_f08: an INTEGER handle
            return Record(str(spec.items[1]).lower())
        name, selector = spec.items
        name = " ".join(str(name).upper().split())
        if name == "CHARACTER":
            return self.char_length(selector)
        if name == "DOUBLE PRECISION":
            return Real(8)
        if name == "DOUBLE COMPLEX":
            return Complex(16)
        kind = None
        if selector is not None:
            star = str(selector.items[0]) == "*"
            kind = self.constant_int(selector.items[1])
            if star and name == "COMPLEX":
                kind //= 2
        default = 4
        k = kind or default
        if name == "INTEGER":
            return Integer(k)
        if name == "REAL":
            return Real(real_kind(k, self.x.loc))
        if name == "LOGICAL":
            return Logical(k)
        if name == "COMPLEX":
            return Complex(2 * real_kind(k, self.x.loc))
        raise TranspileError(self.x.loc, f"type {name} is not supported", code="E-fortran")

    def char_length(self, selector: Any) -> Character:
        if selector is None:
            return Character(1)
        if type(selector).__name__ == "Char_Selector":  # (LEN=, KIND=)
            length, kind = selector.items
            if kind is not None and self.constant_int(kind) != 1:
                raise TranspileError(self.x.loc, f"CHARACTER of kind {kind} is not supported "
                                     "(the default kind, 1, is)", code="E-fortran")
            return self.char_length(length) if length is not None else Character(1)
        items: Any = selector.items if hasattr(selector, "items") else (selector,)
        value = next((x for x in items if x is not None and str(x) not in ("(", ")", "*")),
                     None) if not (len(items) == 2 and str(items[0]) == "*") else items[1]
        if value is None or str(value).strip("() ") in ("*", ":"):
            return Character(None)
        if type(value).__name__ in ("Length_Selector", "Char_Length"):
            return self.char_length(value)
        if isinstance(value, str):
            return Character(int(value) if value.isdigit() else None)
        folded = fold(self.x.expr(value), self.scope)
        if not isinstance(folded, int):
            self.runtime_length = True
        return Character(folded if isinstance(folded, int) else None)

    def constant_int(self, node: Any, env: dict[str, int] | None = None) -> int:
        if env and str(node).lower() in env:
            return env[str(node).lower()]
        value = fold(self.x.expr(node), self.scope, env)
        if not isinstance(value, int):
            raise TranspileError(self.x.loc, f"{node} is not a constant integer",
                                 code="E-fortran")
        return value

    def set_dims(self, sym: Symbol, spec: Any) -> None:
        kind = type(spec).__name__
        dims: list[ir.Dim] = []
        if kind == "Assumed_Size_Spec":
            head, last_lower = spec.items
            if head is not None:
                dims += [self.dim(s) for s in head.items]
            lower = self.x.expr(last_lower) if last_lower is not None else None
            dims.append(ir.Dim(lower, None, loc=self.x.loc))
        else:
            items = spec.items if kind.endswith("_List") else (spec,)
            for s in items:
                sname = type(s).__name__
                if sname in ("Assumed_Shape_Spec", "Deferred_Shape_Spec") or str(s) == ":":
                    sym.deferred = True
                    lo = s.items[0] if sname == "Assumed_Shape_Spec" else None
                    dims.append(ir.Dim(self.x.expr(lo) if lo is not None else None, None,
                                       loc=self.x.loc))
                else:
                    dims.append(self.dim(s))
        shifts = tuple(None if d.lower is None or isinstance(fold(d.lower, self.scope), int)
                       else d.lower for d in dims)
        if any(s is not None for s in shifts):  # rebased to 1: see Symbol.shifts
            if sym.allocatable:
                raise TranspileError(self.x.loc, "an allocatable with a lower bound that is "
                                     "not a constant is not supported", code="E-fortran")
            dims = [d if s is None else ir.Dim(None, self.extent(d), loc=d.loc)
                    for d, s in zip(dims, shifts, strict=True)]
            sym.shifts = shifts
        sym.dims = tuple(dims)
        sym.lower = tuple(self.lower_bound(d) for d in dims)

    def extent(self, d: ir.Dim) -> ir.Expr | None:
        """upper - lower + 1 of a dimension (None where the upper bound is assumed)."""
        if d.upper is None or d.lower is None:
            return d.upper
        t = d.upper.type
        one = ir.Const(1, type=t, loc=d.loc)
        diff = ir.BinOp("-", d.upper, d.lower, type=t, loc=d.loc)
        return ir.BinOp("+", diff, one, type=t, loc=d.loc)

    def dim(self, s: Any) -> ir.Dim:
        lo, hi = s.items if type(s).__name__ == "Explicit_Shape_Spec" else (None, s)
        return ir.Dim(self.x.expr(lo) if lo is not None else None, self.x.expr(hi),
                      loc=self.x.loc)

    def lower_bound(self, d: ir.Dim) -> int:
        if d.lower is None:
            return 1
        value = fold(d.lower, self.scope)
        if not isinstance(value, int):
            raise TranspileError(self.x.loc, "an array lower bound that is not a constant "
                                 "is not supported", code="E-fortran")
        return value
