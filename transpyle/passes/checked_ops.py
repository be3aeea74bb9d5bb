"""Operations that raise in CPython raise in compiled code too.

An operation that CPython refuses at run time (an integer `//` or `%` by zero, say) becomes a
call of a small helper procedure that checks its operands, raises what CPython raises
(`ir.Raise`), and otherwise computes the operation. The helpers are written below as typed
Python, in the language of the Python frontend, and go through the same frontend and passes as
user code, once per kind that a module needs; `raises.py` then carries their raises out to the
caller. Only operations whose failure the types cannot rule out are rewritten: a divisor that
is a nonzero constant needs no check. NumPy scalars (`x[i]` of an array, see scalar_origin.py)
follow NumPy's rules instead: `a[i] // 0` is 0 in CPython, with a warning, not an exception.

Helpers are pure apart from the status they report, small, and in the same Fortran module as
their callers, so gfortran inlines them.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from transpyle.ir import nodes as ir
from transpyle.ir.types import Integer, Type
from transpyle.ir.visitor import Transformer
from transpyle.passes.scalar_origin import is_numpy_scalar, numpy_variables


def _cpython_message(expr: str) -> str:
    """What the running CPython says, so messages match the interpreter's version."""
    try:
        eval(expr)  # noqa: S307 - a constant expression of this module
    except ArithmeticError as err:
        return str(err)
    raise AssertionError(expr)


HELPERS = '''
def tp_floordiv_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0:
        raise ZeroDivisionError("{div}")
    if b == -1:
        if a == {min}:
            raise OverflowError("integer overflow: {lowest} // -1 does not fit in {t}")
        return -a
    return a // b


def tp_mod_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0:
        raise ZeroDivisionError("{mod}")
    if b == -1:
        return 0
    return a % b


def tp_np_floordiv_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0:
        return 0
    if b == -1:
        return -a
    return a // b


def tp_np_mod_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0 or b == -1:
        return 0
    return a % b
'''
_OPS = {"//": "tp_floordiv", "%": "tp_mod"}
# NumPy scalars (an array's elements, see scalar_origin.py) do not raise: by zero they give 0
_NUMPY_OPS = {"//": "tp_np_floordiv", "%": "tp_np_mod"}


@cache
def _helper_module(kind: int) -> ir.Module:
    from transpyle.frontends.python import parse_python
    from transpyle.passes.infer_types import infer_types
    from transpyle.passes.intents import infer_intents

    bits = 8 * kind
    source = HELPERS.format(k=f"i{kind}", t=f"np.int{bits}",
                            min=f"({-(2 ** (bits - 1)) + 1} - 1)", lowest=-(2 ** (bits - 1)),
                            div=_cpython_message("1 // 0"), mod=_cpython_message("1 % 0"))
    source = "import numpy as np\n" + source
    return infer_intents(infer_types(parse_python(source, "<transpyle checked operations>")))


class _Rewrite(Transformer):
    def __init__(self) -> None:
        self.needed: set[str] = set()
        self.numpy_vars: frozenset[str] = frozenset()

    def visit_FunctionDef(self, f: ir.FunctionDef) -> ir.FunctionDef:
        self.numpy_vars = numpy_variables(f)
        return self.rebuild(f)

    def visit_BinOp(self, e: ir.BinOp) -> ir.Expr:
        numpy = is_numpy_scalar(e, self.numpy_vars)  # before the operands become calls
        e = self.rebuild(e)
        t = e.type
        if e.op not in _OPS or not isinstance(t, Integer) or not _may_fail(e.right):
            return e
        name = f"{(_NUMPY_OPS if numpy else _OPS)[e.op]}_i{t.kind}"
        self.needed.add(name)
        args = tuple(_as(x, t) for x in (e.left, e.right))
        return ir.Call(name, args, type=t, loc=e.loc)


def _may_fail(divisor: ir.Expr) -> bool:
    return not (isinstance(divisor, ir.Const) and divisor.value not in (0, -1))


def _as(e: ir.Expr, t: Type) -> ir.Expr:
    if e.type == t:
        return e
    if isinstance(e, ir.Const):
        return dataclasses.replace(e, type=t)
    return ir.Cast(e, type=t, loc=e.loc)


def checked_ops(module: ir.Module) -> ir.Module:
    """Rewrite the operations of `module` that may raise into calls of checking helpers."""
    rewrite = _Rewrite()
    body = tuple(rewrite.visit(f) if isinstance(f, ir.FunctionDef) else f for f in module.body)
    if not rewrite.needed:
        return module
    taken = set(module.functions())
    helpers: list[ir.FunctionDef] = []
    for name in sorted(rewrite.needed):
        if name not in taken:
            kind = int(name.rsplit("_i", 1)[1])
            helpers.append(_helper_module(kind).functions()[name])
            taken.add(name)
    return dataclasses.replace(module, body=(*body, *helpers))
