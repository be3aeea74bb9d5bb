"""Matrix products: `a @ b`, `np.matmul(a, b)` and `np.dot(a, b)` on 1-D and 2-D arrays.

Typing (`type_product`, called by the type pass): the operands are promoted to one element
type as NumPy does; the result is a scalar (vector . vector), a vector or a matrix. Float
products call the BLAS that NumPy itself calls (its bundled OpenBLAS, `runtime/blas.py`) with
the arguments NumPy passes, so the sums are added in the same order and the result is the same
bits; integer products are exact either way. Refused where NumPy's result is not produced that
way: ranks other than 1 and 2, bool and complex elements, F-ordered matrices.

Shapes (`product_shape`, called by the shape checks): the inner extents must agree, else
NumPy's ValueError (matmul's and np.dot's words differ).

Lowering (`lower_products`, Fortran only, after the checks): each product becomes a call of a
helper (`backends/fortran_blas.py`) that writes into a contiguous array: the assignment's own
target where it is a whole local array that the operands do not read, else a new temporary.
Operands that are not whole arrays (sections, expressions, converted dtypes) are evaluated
into temporaries first, as NumPy makes them contiguous.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64, Array, Complex, Logical, Real, Type, element, promote
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.temporaries import Temporaries

PRODUCTS = frozenset(("matmul", "dot"))
_WORDS = {"matmul": "'@' (np.matmul)", "dot": "np.dot"}


def type_product(typer: Any, e: ir.Intrinsic) -> ir.Expr:
    """The typed product `e` (its arguments untyped); `typer` is the function typer."""
    what = _WORDS[e.name]
    if len(e.args) != 2:
        raise typer.error(e.loc, f"{what} takes two arrays")
    a, b = (typer.expr(x) for x in e.args)
    for x in (a, b):
        t = x.type
        if not isinstance(t, Array) or t.rank not in (1, 2):
            got = "a scalar" if not isinstance(t, Array) else f"an array of rank {t.rank}"
            raise typer.error(x.loc, f"{what} of {got} is not supported: operands are 1-D or "
                              "2-D arrays")
        if t.rank == 2 and t.order != "C":
            raise typer.error(x.loc, f"{what} of an F-ordered matrix is not supported",
                              "pass a C-ordered array (np.ascontiguousarray)")
    ea, eb = element(a.type), element(b.type)  # type: ignore[arg-type]
    try:
        elem = promote(ea, eb)
    except TypeError:
        raise typer.error(e.loc, f"{what} of {a.type} and {b.type}") from None
    if isinstance(ea, Logical) and isinstance(eb, Logical):
        elem = ea  # NumPy's bool product is a logical one
    if isinstance(elem, Logical | Complex):
        raise typer.error(e.loc, f"{what} of {elem} arrays is not supported",
                          "convert to a float or integer dtype first")
    a, b = typer.cast_array(a, elem), typer.cast_array(b, elem)
    ranks = (a.type.rank, b.type.rank)  # type: ignore[union-attr]
    rank = {(1, 1): 0, (2, 1): 1, (1, 2): 1, (2, 2): 2}[ranks]
    t: Type = elem if rank == 0 else Array(elem, rank, "C")  # type: ignore[arg-type]
    return ir.Intrinsic(e.name, (a, b), type=t, loc=e.loc)


def product_shape(checks: Any, e: ir.Intrinsic) -> tuple[ir.Expr, ...] | None:
    """The shape of product `e` (None for a scalar), after NumPy's check of its inner
    extents; `checks` is the shape pass's collector of one statement."""
    a, b = (checks.expr(x) for x in e.args)
    if a is None or b is None:
        return None
    if e.name == "matmul":
        text = ("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                "signature (n?,k),(k,m?)->(n?,m?) (size {} is different from {})")
        checks.agree((b[0],), (a[-1],), text, (b[0], a[-1]))
    else:
        def shape(r: int) -> str:
            return "(" + ",".join(["{}"] * r) + ("," if r == 1 else "") + ")"
        text = (f"shapes {shape(len(a))} and {shape(len(b))} not aligned: {{}} "
                f"(dim {len(a) - 1}) != {{}} (dim 0)")
        checks.agree((a[-1],), (b[0],), text, (*a, *b, a[-1], b[0]))
    return (*a[:-1], *b[1:]) or None


def helper_name(t: Type, func: str = "matmul") -> str:
    """The name of the Fortran helper of `func` ("matmul", "dot") for elements of type `t`
    (backends/fortran_blas.py): np.dot differs from matmul in two float cases only."""
    kind = "f" if isinstance(t, Real) else "i"
    func = "npdot" if func == "dot" and kind == "f" else "matmul"
    return f"tp_{func}_{kind}{t.kind * 8}"  # type: ignore[union-attr]


def _size(x: ir.Expr, k: int) -> ir.Expr:
    return ir.Intrinsic("size", (x, ir.Const(k, type=INT64, loc=x.loc)), type=INT64, loc=x.loc)


Operand = tuple[ir.Name, bool]  # a contiguous array, and whether the product reads its transpose


def _extents(a: Operand, b: Operand) -> tuple[ir.Expr, ir.Expr, ir.Expr]:
    """(m, k, n) of the row-major product (m, k) @ (k, n); a vector is a row or a column, a
    transposed operand the array (k, m) or (n, k) whose transpose it is."""
    (x, tx), (y, ty) = a, b
    one = ir.Const(1, type=INT64, loc=x.loc)
    if x.type.rank == 1:  # type: ignore[union-attr]
        m, k = one, _size(x, 0)
    else:
        m, k = (_size(x, 1), _size(x, 0)) if tx else (_size(x, 0), _size(x, 1))
    n = one if y.type.rank == 1 else _size(y, 0) if ty else _size(y, 1)  # type: ignore[union-attr]
    return m, k, n


class _Lower(Transformer):
    def __init__(self, f: ir.FunctionDef) -> None:
        self.temps = Temporaries(f, "tp_mm")
        self.local_arrays = {d.name for d in f.locals if d.allocatable}
        self.before: list[ir.Stmt] = []

    # -- statements: what a product needs runs just before the statement that reads it
    def _with_before(self, s: ir.Stmt) -> ir.Stmt | list[ir.Stmt]:
        before, self.before = self.before, []
        return [*before, s] if before else s

    def visit_Assign(self, s: ir.Assign) -> ir.Stmt | list[ir.Stmt]:
        v = s.value
        into = self._whole_local(s.target)
        if isinstance(v, ir.Intrinsic) and v.name in PRODUCTS and isinstance(v.type, Array) \
                and into is not None and not any(isinstance(n, ir.Name) and n.id == into.id
                                                 for n in walk(v)):
            # the shape pass allocated the target with the product's shape: write into it
            a, b = (self.operand(self.visit(x)) for x in v.args)
            self.before.append(self.call(a, b, into, v.name, allocate=False))
            out, self.before = self.before, []
            return out
        return self._with_before(self.rebuild(s))

    def visit_While(self, s: ir.While) -> ir.Stmt:
        if any(isinstance(n, ir.Intrinsic) and n.name in PRODUCTS for n in walk(s.test)):
            raise TranspileError(s.test.loc, "a matrix product in a while condition is not "
                                 "supported", "compute it into a variable before the loop and "
                                 "at the end of its body", code="E-unsupported")
        return dataclasses.replace(s, body=self.visit_body(s.body))

    def visit_body(self, body: tuple[ir.Stmt, ...]) -> tuple[ir.Stmt, ...]:
        out: list[ir.Stmt] = []
        for st in body:
            new = self.visit(st)
            out.extend(new if isinstance(new, list) else [new])
        return tuple(out)

    def visit_For(self, s: ir.For) -> ir.Stmt | list[ir.Stmt]:
        start, stop, step = (self.visit(x) for x in (s.start, s.stop, s.step))
        head = self.before
        self.before = []
        body = self.visit_body(s.body)
        new = dataclasses.replace(s, start=start, stop=stop, step=step, body=body)
        return [*head, new] if head else new

    def visit_If(self, s: ir.If) -> ir.Stmt | list[ir.Stmt]:
        test = self.visit(s.test)
        head = self.before
        self.before = []
        new = dataclasses.replace(s, test=test, body=self.visit_body(s.body),
                                  orelse=self.visit_body(s.orelse))
        return [*head, new] if head else new

    def visit_Return(self, s: ir.Return) -> ir.Stmt | list[ir.Stmt]:
        return self._with_before(self.rebuild(s))

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.Stmt | list[ir.Stmt]:
        return self._with_before(self.rebuild(s))

    def visit_Print(self, s: ir.Print) -> ir.Stmt | list[ir.Stmt]:
        return self._with_before(self.rebuild(s))

    # -- expressions
    def visit_IfExp(self, e: ir.IfExp) -> ir.Expr:
        self._not_lazy(e)
        return self.rebuild(e)

    def visit_BoolOp(self, e: ir.BoolOp) -> ir.Expr:
        self._not_lazy(e)
        return self.rebuild(e)

    @staticmethod
    def _not_lazy(e: ir.Expr) -> None:
        for n in walk(e):
            if isinstance(n, ir.Intrinsic) and n.name in PRODUCTS:
                raise TranspileError(n.loc, "a matrix product in a conditional expression or "
                                     "an 'and'/'or' operand is not supported",
                                     "compute it into a variable first", code="E-unsupported")

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.rebuild(e)
        if e.name not in PRODUCTS:
            return e
        a, b = (self.operand(x) for x in e.args)
        result = self.temps.new(e.type, e.loc)
        if isinstance(e.type, Array):
            self.temps.decls[-1] = dataclasses.replace(self.temps.decls[-1], allocatable=True)
        self.before.append(self.call(a, b, result, e.name))
        return result

    def operand(self, x: ir.Expr) -> Operand:
        """`x` as a whole contiguous array: itself if it is a name, the array of `y.T` (NumPy
        passes BLAS the transpose flag, whose sums differ from a transposed copy's), else a
        temporary."""
        transposed = isinstance(x, ir.Intrinsic) and x.name == "transpose" \
            and isinstance(x.type, Array) and x.type.rank == 2
        if transposed:
            x = x.args[0]  # type: ignore[union-attr]
        if isinstance(x, ir.Name):
            return x, transposed
        assert isinstance(x.type, Array) and x.type.rank is not None
        tmp = self.temps.new(dataclasses.replace(x.type, order="C", lower=None), x.loc)
        self.temps.decls[-1] = dataclasses.replace(self.temps.decls[-1], allocatable=True)
        self.before += _allocate_like(tmp, x)
        return tmp, transposed

    def call(self, a_op: Operand, b_op: Operand, into: ir.Name, func: str,
             allocate: bool = True) -> ir.Stmt:
        m, k, n = _extents(a_op, b_op)
        (a, ta), (b, tb) = a_op, b_op
        same = 2 if ta != tb and a.id == b.id else 1  # a @ a.T: NumPy calls syrk
        flags = tuple(ir.Const(same if t else 0, type=INT64, loc=into.loc) for t in (ta, tb))
        out: list[ir.Stmt] = []
        if isinstance(into.type, Array):
            if not allocate:
                return ir.CallStmt(helper_name(element(into.type), func),
                                   (a, b, into, m, k, n, *flags), loc=into.loc)
            dims = [d for d, keep in ((m, a.type.rank == 2),  # type: ignore[union-attr]
                                      (n, b.type.rank == 2)) if keep]  # type: ignore[union-attr]
            zero = ir.Const(0, type=INT64, loc=into.loc)
            out += [ir.Deallocate(into.id, loc=into.loc),
                    ir.Allocate(into.id, tuple(ir.Dim(zero, _minus_one(d), loc=into.loc)
                                               for d in dims), loc=into.loc)]
            self.before += out
            return ir.CallStmt(helper_name(element(into.type), func),
                               (a, b, into, m, k, n, *flags), loc=into.loc)
        # a vector . vector: a one-element array, then its element
        vec = self.temps.new(Array(into.type, 1, "C"), into.loc)  # type: ignore[arg-type]
        self.temps.decls[-1] = dataclasses.replace(self.temps.decls[-1], allocatable=True)
        zero = ir.Const(0, type=INT64, loc=into.loc)
        self.before += [ir.Deallocate(vec.id, loc=into.loc),
                        ir.Allocate(vec.id, (ir.Dim(zero, zero, loc=into.loc),), loc=into.loc),
                        ir.CallStmt(helper_name(into.type, func),  # type: ignore[arg-type]
                                    (a, b, vec, m, k, n, *flags), loc=into.loc)]
        return ir.Assign(into, ir.Subscript(vec, (zero,), type=into.type, loc=into.loc),
                         loc=into.loc)

    def _whole_local(self, target: ir.Expr) -> ir.Name | None:
        """The local array that `target` assigns whole (`d[:, :] = ...` after the shape pass
        allocated it), else None."""
        if isinstance(target, ir.Subscript) and isinstance(target.value, ir.Name) \
                and target.value.id in self.local_arrays and all(
                    isinstance(i, ir.Slice) and i.lower is None and i.upper is None
                    and i.step is None for i in target.indices):
            return target.value
        return None


def _minus_one(d: ir.Expr) -> ir.Expr:
    if isinstance(d, ir.Const) and isinstance(d.value, int):
        return dataclasses.replace(d, value=d.value - 1)
    return ir.BinOp("-", d, ir.Const(1, type=INT64, loc=d.loc), type=INT64, loc=d.loc)


def _allocate_like(tmp: ir.Name, x: ir.Expr) -> list[ir.Stmt]:
    """Allocate `tmp` with the shape of array expression `x` and assign it."""
    from transpyle.passes.safety.shapes import _Checks

    shape = _Checks(x.loc).expr(x)
    assert shape is not None
    zero = ir.Const(0, type=INT64, loc=x.loc)
    whole = tuple(ir.Slice(None, None, None, type=INT64, loc=x.loc) for _ in shape)
    return [ir.Deallocate(tmp.id, loc=x.loc),
            ir.Allocate(tmp.id, tuple(ir.Dim(zero, _minus_one(d), loc=x.loc) for d in shape),
                        loc=x.loc),
            ir.Assign(ir.Subscript(tmp, whole, type=tmp.type, loc=x.loc), x, loc=x.loc)]


def lower_products(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None and any(
                isinstance(n, ir.Intrinsic) and n.name in PRODUCTS for n in walk(f)):
            pass_ = _Lower(f)
            f = dataclasses.replace(f, body=pass_.visit_body(f.body))
            f = dataclasses.replace(f, locals=(*f.locals, *pass_.temps.decls))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))


