"""Type inference, second half: subscripts, intrinsics and calls of the module's functions."""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any

from transpyle import messages as msg
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import (
    BOOL,
    FLOAT64,
    INT64,
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
    promote,
)
from transpyle.passes.bitwise import BITWISE_NAMES, type_bitwise
from transpyle.passes.broadcast import broadcast
from transpyle.passes.lists import type_pylist
from transpyle.passes.masks import is_mask, pack
from transpyle.passes.numpy_typing import is_numpy_intrinsic, type_numpy
from transpyle.passes.products import PRODUCTS, type_product
from transpyle.passes.python_round import python_round
from transpyle.passes.tuples import callee_params, is_result
from transpyle.passes.weak_scalars import weak_meets

if TYPE_CHECKING:
    Base = Any
else:
    Base = object


class CallTyping(Base):
    """Mixin of the function typer (which provides expr, cast, cast_array, error, unify,
    is_weak)."""

    def expr_Slice(self, e: ir.Slice) -> ir.Expr:
        parts = [self.cast(self.expr(p), INT64) if p is not None else None
                 for p in (e.lower, e.upper, e.step)]
        return ir.Slice(*parts, type=INT64, loc=e.loc)

    def expr_Subscript(self, e: ir.Subscript) -> ir.Expr:
        assert isinstance(e.value, ir.Name)  # the Python frontend subscripts names only
        base = self.expr(e.value)
        t = base.type
        if not isinstance(t, Array):
            raise self.error(e.loc, msg.NOT_ARRAY.format(name=e.value.id))
        assert t.rank is not None
        if len(e.indices) > t.rank:
            raise self.error(e.loc, msg.INDEX_COUNT.format(name=e.value.id, rank=t.rank,
                                                           got=len(e.indices)))
        indices = [self.expr(i) for i in e.indices]
        if len(indices) == 1 and is_mask(indices[0]):  # x[x > 0]: a new vector
            return pack(base, indices[0], e.loc)
        if len(indices) == 1 and isinstance(indices[0].type, Array) \
                and isinstance(indices[0].type.elem, Integer):  # x[idx]: numpy_arrays.py
            return self.expr(ir.Intrinsic("take", (e.value, e.indices[0]), origin="numpy",
                                          loc=e.loc))
        for i in indices:
            if not isinstance(i, ir.Slice) and not isinstance(i.type, Integer):
                raise self.error(i.loc, f"array index must be an integer, not {i.type}")
        indices += [ir.Slice(None, None, None, type=INT64, loc=e.loc)
                    for _ in range(t.rank - len(indices))]  # a[i] of a matrix is a row
        indices = [i if isinstance(i, ir.Slice) else self.cast(i, INT64) for i in indices]
        rank = sum(isinstance(i, ir.Slice) for i in indices)
        rt: Type = t.elem if rank == 0 else dataclasses.replace(t, rank=rank, lower=None)
        return ir.Subscript(base, tuple(indices), type=rt, loc=e.loc)  # type: ignore[arg-type]

    def expr_Call(self, e: ir.Call) -> ir.Expr:
        return self.call(e, statement=False)

    def call(self, e: ir.Call, statement: bool) -> ir.Call:
        if self.generic is not None and e.func in self.generic.generic:
            n = len(self.funcs[e.func].params)  # then a returned tuple's temporaries
            name = self.generic.specialise(e.func, [self.expr(a) for a in e.args[:n]], e.loc)
            e = dataclasses.replace(e, func=name)
        callee = self.typed.get(e.func) or self.funcs.get(e.func)
        if callee is None:
            raise self.error(e.loc, msg.NOT_CALLABLE.format(name=e.func))
        params = callee_params(callee, e.func in self.typed)
        if len(e.args) != len(params):
            raise self.error(e.loc, msg.ARG_COUNT.format(name=e.func,
                                                         expected=len(params),
                                                         got=len(e.args)))
        args = []
        for a, p in zip(e.args, params, strict=True):
            if is_result(callee, p):  # a temporary that receives a returned tuple's element
                args.append(self.result_arg(a, p))
                continue
            a = self.expr(a)
            assert p.type is not None and a.type is not None
            if isinstance(p.type, Array) or isinstance(a.type, Array):
                if not (isinstance(a.type, Array) and isinstance(p.type, Array)
                        and a.type.elem == p.type.elem
                        and (p.type.rank is None or a.type.rank == p.type.rank)):
                    raise self.error(a.loc, f"argument '{p.name}' of '{e.func}' must be "
                                     f"{p.type}, not {a.type}")
                # a section with another array: checked once intents are known
                # (passes/section_args.py)
            else:
                a = self.convert(a, p.type, f"argument '{p.name}' of '{e.func}'", a.loc)
            args.append(a)
        returns = callee.returns
        if returns is None and e.func in self.typed:
            returns = self.typed[e.func].returns
        if not statement and (returns is None or isinstance(returns, Void)):
            raise self.error(e.loc, f"'{e.func}' returns no value")
        return ir.Call(e.func, tuple(args), type=returns or Void(), loc=e.loc)

    def result_arg(self, a: ir.Expr, p: ir.VarDecl) -> ir.Expr:
        assert isinstance(a, ir.Name) and p.type is not None  # frontends/python/tuples.py
        if a.id not in self.env:
            self.declare(a.id, p.type, a.loc)
        if self.env[a.id] != p.type:
            raise self.error(a.loc, msg.TYPE_CLASH.format(name=a.id, old=self.env[a.id],
                                                          new=p.type))
        return dataclasses.replace(a, type=p.type)

    def expr_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        if e.name in ("zeros", "ones", "empty"):
            dims = tuple(self.cast(self.expr(d), INT64) for d in e.args)
            return dataclasses.replace(e, args=dims)
        if e.name == "py_round":  # round(x), by x's type (python_round.py)
            return self.expr(python_round(e, self.expr(e.args[0]), self.error))
        if e.name in BITWISE_NAMES:
            return type_bitwise(self, e)
        if e.name == "pylist":
            return type_pylist(self, e)
        if is_numpy_intrinsic(e):
            return type_numpy(self, e)
        if e.name in PRODUCTS:
            return type_product(self, e)
        spec = INTRINSICS[e.name]
        args = [self.expr(a) for a in e.args]
        if e.name == "size":
            return self._size(e, args)
        rule = spec.result
        if rule == "bool":  # np.any / np.all of an array: of its nonzero elements
            return self._any_all(e, args)
        if rule == "elem":
            return self._reduction(e, args)
        if e.name == "merge":
            body, orelse, t = self.unify(args[0], args[1], "where", e.loc)
            cond = args[2]
            if isinstance(cond.type, Array) and isinstance(t, Array):  # broadcast.py
                if isinstance(body.type, Array):
                    cond, body = broadcast(cond, body, e.loc)
                    if isinstance(orelse.type, Array):
                        orelse, body = broadcast(orelse, body, e.loc)
                else:
                    cond, orelse = broadcast(cond, orelse, e.loc)
                ranks = {x.type.rank for x in (body, orelse, cond) if isinstance(x.type, Array)}
                if len(ranks) > 1:
                    raise self.error(e.loc, "np.where of these ranks is not translated")
                t = dataclasses.replace(t, rank=ranks.pop())
            if not isinstance(element(cond.type), Logical):  # np.where(x & 1, ...): nonzero
                zero = ir.Const(0, type=element(cond.type), loc=cond.loc)  # type: ignore[arg-type]
                ct = dataclasses.replace(cond.type, elem=BOOL) if isinstance(  # type: ignore[arg-type]
                    cond.type, Array) else BOOL
                cond = ir.Compare("!=", cond, zero, type=ct, loc=cond.loc)
            return ir.Intrinsic("merge", (body, orelse, cond), type=t, loc=e.loc)
        if rule in ("int64", "int32"):
            x = self._floating(args[0])
            it = INT64 if rule == "int64" else Integer(4)
            return dataclasses.replace(e, args=(x,), type=_like(x.type, it))
        if rule in ("same", "floating"):
            elem = self.ufunc_type(e, args)
            if isinstance(elem, Logical):
                elem = INT64
            if rule == "floating" and isinstance(elem, Integer):
                elem = FLOAT64
            arrays = [i for i, a in enumerate(args) if isinstance(a.type, Array)]
            if len(arrays) == 2:  # np.maximum(a, v): NumPy's broadcasting (broadcast.py)
                i, j = arrays
                args[i], args[j] = broadcast(args[i], args[j], e.loc)
            elif len({args[i].type.rank for i in arrays}) > 1:  # type: ignore[union-attr]
                raise self.error(e.loc, f"'{e.name}' of arrays of different ranks is not "
                                 "translated (two are)")
            shaped = next((a.type for a in args if isinstance(a.type, Array)), None)
            args = [self.cast_array(a, elem) for a in args]
            if e.name == "abs" and isinstance(elem, Complex) and shaped is not None:
                # NumPy's loop: larger * sqrt(fma(r, r, 1)) where the CPU has FMA, and not
                # where it has not; the C library's hypot (NumPy's scalar abs) differs from it
                raise self.error(e.loc, "np.abs of a complex array is not translated: NumPy's "
                                 "SIMD loop rounds it as the CPU's fused multiply-add does",
                                 "np.abs(z[i]) of each element is (the C library's hypot, "
                                 "as NumPy's scalar abs)")
            if e.name == "abs" and isinstance(elem, Complex):
                elem = Real(elem.kind // 2)  # |z| is real
            t = _like(shaped, elem)
            return dataclasses.replace(e, args=tuple(args), type=t)
        if rule == "real":
            x = args[0]
            et = element(x.type)  # type: ignore[arg-type]
            part = Real(et.kind // 2) if isinstance(et, Complex) else et
            if e.name == "imag" and not isinstance(et, Complex):
                raise self.error(e.loc, f"imag of a non-complex {et}")
            return dataclasses.replace(e, args=(x,), type=_like(x.type, part))
        if rule == "complex" and len(args) == 2 and any(
                isinstance(element(a.type), Complex) for a in args):  # type: ignore[arg-type]
            return self.expr(_complex_of_parts(e, args[0], args[1]))
        if rule == "complex":
            real_t: Type = FLOAT64
            for a in args:
                if isinstance(element(a.type), Real):  # type: ignore[arg-type]
                    real_t = promote(real_t, element(a.type))  # type: ignore[arg-type]
            ct = Complex(real_t.kind * 2)  # type: ignore[union-attr]
            args = [self.cast_array(a, real_t) for a in args]
            return ir.Intrinsic("complex", tuple(args), type=_like(args[0].type, ct),
                                loc=e.loc)
        raise self.error(e.loc, f"intrinsic '{e.name}' has no typing rule")  # pragma: no cover

    def ufunc_type(self, e: ir.Intrinsic, args: list[ir.Expr]) -> Type:
        """The promoted type of the arguments; for NumPy's functions with Python scalars
        among them, NEP 50's: `np.maximum(x[i], 0.1)` with float32 `x` is float32."""
        elems: list[Type] = [element(a.type) for a in args]  # type: ignore[arg-type]
        weak = [False] * len(args)
        if e.origin == "numpy" and len(args) > 1:
            for k, (a, source) in enumerate(zip(args, e.args, strict=True)):
                others = [t for j, t in enumerate(elems) if j != k]
                weak[k] = self.is_weak(a, source, functools.reduce(promote, others))
        strong = [t for t, w in zip(elems, weak, strict=True) if not w]
        if not strong:
            return functools.reduce(promote, elems)
        elem = functools.reduce(promote, strong)
        for t, w in zip(elems, weak, strict=True):
            if w:
                elem = weak_meets(t, elem)
        return elem

    def _any_all(self, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
        x = args[0]
        if len(args) != 1 or not isinstance(x.type, Array):
            raise self.error(e.loc, f"np.{e.name} of anything but one whole array (no axis) "
                             "is not supported in translated functions")
        if not isinstance(x.type.elem, Logical):
            zero = ir.Const(0, type=x.type.elem, loc=x.loc)
            x = ir.Compare("!=", x, zero, type=dataclasses.replace(x.type, elem=BOOL),
                           loc=x.loc)
        return dataclasses.replace(e, args=(x,), type=BOOL)

    def _floating(self, x: ir.Expr) -> ir.Expr:
        if isinstance(element(x.type), Integer):  # type: ignore[arg-type]
            return self.cast_array(x, FLOAT64)
        return x

    def _size(self, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
        arr = args[0]
        if isinstance(arr.type, Character) and len(args) == 2:
            return ir.Intrinsic("len", (arr,), type=INT64, loc=e.loc)  # len() of a str
        if not isinstance(arr.type, Array):
            raise self.error(e.loc, "len() or .shape of something that is not an array")
        if len(args) == 1:
            return ir.Intrinsic("size", (arr,), type=INT64, loc=e.loc)
        axis = args[1]
        if not (isinstance(axis, ir.Const) and isinstance(axis.value, int)):
            raise self.error(axis.loc, "the axis of a shape must be a constant")
        rank = arr.type.rank or 0
        k = axis.value + rank if axis.value < 0 else axis.value
        if not 0 <= k < rank:
            raise self.error(axis.loc, f"axis {axis.value} is out of range for rank {rank}")
        return ir.Intrinsic("size", (arr, ir.Const(k, type=INT64, loc=axis.loc)), type=INT64,
                            loc=e.loc)

    def _reduction(self, e: ir.Intrinsic, args: list[ir.Expr]) -> ir.Expr:
        for a in args:
            if not isinstance(a.type, Array):
                raise self.error(a.loc, f"{INTRINSICS[e.name].python} needs an array here")
        elem = element(args[0].type)  # type: ignore[arg-type]
        if e.name == "dot":
            elem = promote(elem, element(args[1].type))  # type: ignore[arg-type]
            args = [self.cast_array(a, elem) for a in args]
            if any(a.type.rank != 1 for a in args):  # type: ignore[union-attr]
                raise self.error(e.loc, "np.dot is supported on two vectors only")
        if isinstance(elem, Logical):
            elem = INT64
            args = [self.cast_array(a, INT64) for a in args]
        return dataclasses.replace(e, args=tuple(args), type=elem)


def _complex_of_parts(e: ir.Intrinsic, a: ir.Expr, b: ir.Expr) -> ir.Intrinsic:
    """complex(a, b) with a complex a or b is a + b*1j in Python: the real part is
    a.real - b.imag, the imaginary part b.real + a.imag (CPython's complex_new)."""
    def part(x: ir.Expr, name: str) -> ir.Expr | None:
        if isinstance(element(x.type), Complex):  # type: ignore[arg-type]
            return ir.Intrinsic(name, (x,), loc=x.loc)
        return x if name == "real" else None
    ar, ai, br, bi = part(a, "real"), part(a, "imag"), part(b, "real"), part(b, "imag")
    assert ar is not None and br is not None
    re_ = ir.BinOp("-", ar, bi, loc=e.loc) if bi is not None else ar
    im = ir.BinOp("+", br, ai, loc=e.loc) if ai is not None else br
    return ir.Intrinsic("complex", (re_, im), loc=e.loc)


def _like(t: Type | None, elem: Type) -> Type:
    if isinstance(t, Array):
        assert isinstance(elem, Scalar)  # an array's element, or one promoted with it
        return dataclasses.replace(t, elem=elem)
    return elem

