"""Python backend, intrinsic functions: scalars read as `math`/builtins, arrays as NumPy.

Fortran's meanings are kept where Python's differ: NINT/ANINT round half away from zero,
SIGN of integers stays an integer, AINT truncates to a real, DIM is max(x - y, 0).
"""

from __future__ import annotations

import re

from transpyle.backends.python_exprs import (
    P_ATOM,
    P_CMP,
    P_IFEXP,
    P_MUL,
    PythonExprs,
    dtype_name,
    elem,
)
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import Complex, Integer, Real
from transpyle.runtime.fortran_math import LIBM_FUNCTIONS

# the NumPy spelling for arrays (and complex scalars), where the table's differs
_ARRAY = {"min": "np.minimum", "max": "np.maximum", "abs": "np.abs", "floor": "np.floor",
          "ceil": "np.ceil", "sign": "np.copysign", "erf": "np.vectorize(math.erf)",
          "erfc": "np.vectorize(math.erfc)", "gamma": "np.vectorize(math.gamma)",
          "lgamma": "np.vectorize(math.lgamma)"}
_SCALAR = {"abs": "abs", "min": "min", "max": "max", "floor": "math.floor",
           "ceil": "math.ceil", "fmod": "math.fmod", "hypot": "math.hypot",
           "math_hypot": "math.hypot", "math_fmod": "math.fmod", "math_gamma": "math.gamma", "math_lgamma": "math.lgamma",
           "atan2": "math.atan2", "erf": "math.erf", "erfc": "math.erfc",
           "gamma": "math.gamma", "lgamma": "math.lgamma", "ichar": "ord", "char": "chr"}
for _n in ("sqrt", "exp", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan",
           "sinh", "cosh", "tanh", "asinh", "acosh", "atanh"):
    _SCALAR[_n] = f"math.{_n}"
_IN_ORDER = {"sum": ("total", 1), "product": ("product", 1), "dot": ("dot_product", 2)}
_REDUCE = {"sum": "np.sum", "product": "np.prod", "maxval": "np.max", "minval": "np.min",
           "any": "np.any", "all": "np.all", "count": "np.count_nonzero", "dot": "np.dot"}


def intrinsic(em: PythonExprs, e: ir.Intrinsic) -> tuple[str, int]:
    name, args = e.name, e.args
    if name == "view_index":  # an element of a view: its index into the array
        return em.visit(args[0])
    texts = [em.expr(a) for a in args]
    arrays = any(em.is_array(a) for a in args)
    t = elem(em.type_of(e))
    if arrays or name in _REDUCE:
        em.imports.add("numpy")
    if name in ("min", "max") and not arrays and t == Real(4):
        texts = [_single(em, a, text) for a, text in zip(args, texts, strict=True)]
    special = _special(em, e, texts, arrays)
    if special is not None:
        return special
    if name in _NUMPY_ARRAYS:
        em.imports.add("numpy")
        return _NUMPY_ARRAYS[name](texts), P_ATOM
    if name in _IN_ORDER and len(args) == _IN_ORDER[name][1] \
            and getattr(em, "fortran_origin", False):
        em.imports.add("fio")  # added in element order, in the array's kind, as gfortran does
        return f"fio.{_IN_ORDER[name][0]}({', '.join(texts)})", P_ATOM
    if name == "count" and getattr(em, "fortran_origin", False):  # NumPy's is an int64
        return f"int(np.count_nonzero({', '.join(texts)}))", P_ATOM
    if name in _REDUCE:
        return f"{_REDUCE[name]}({', '.join(texts)})", P_ATOM
    if name in ("min", "max") and arrays and len(texts) > 2:  # a third argument is `out`
        text = texts[0]
        for other in texts[1:]:
            text = f"{_ARRAY[name]}({text}, {other})"
        return text, P_ATOM
    complex_arg = any(isinstance(elem(em.type_of(a)), Complex) for a in args)
    fortran = getattr(em, "fortran_origin", False)
    if name == "abs" and complex_arg and fortran:
        em.imports.add("fio")  # cabsf/cabs; NumPy's abs of complex rounds differently
        return f"fio.cabs({texts[0]})", P_ATOM
    if name in LIBM_FUNCTIONS and not complex_arg and getattr(em, "fortran_origin", False) \
            and (arrays or t != Real(8) or name in ("gamma", "lgamma", "hypot")):
        # the C library's function, as gfortran calls it (CPython's math.gamma, lgamma and
        # hypot are CPython's own algorithms, which round differently)
        em.imports.add("fio")
        return f"fio.{name}({', '.join(texts)})", P_ATOM
    if not arrays and not complex_arg and name in _SCALAR:
        fn = _SCALAR[name]
        if fn.startswith("math."):
            em.imports.add("math")
        call = f"{fn}({', '.join(texts)})"
        if isinstance(t, Real) and t.kind == 4 and fn.startswith("math."):
            em.imports.add("numpy")
            return f"np.float32({call})", P_ATOM  # math computes in double precision
        return call, P_ATOM
    fn = _ARRAY.get(name) or INTRINSICS[name].python
    em.imports.add("fio" if fn.startswith("fio.") else "numpy")
    if fn.startswith("np.vectorize(math"):
        em.imports.add("math")
    return f"{fn}({', '.join(texts)})", P_ATOM


def _tuple(texts: list[str]) -> str:
    return f"({', '.join(texts)},)"


# the IR's NumPy array builders (passes/numpy_arrays.py, passes/broadcast.py), as NumPy calls
_NUMPY_ARRAYS = {
    "reshape": lambda t: f"np.reshape({t[0]}, {_tuple(t[1:])})",
    "concat": lambda t: f"np.concatenate({_tuple(t)})",
    "stack_rows": lambda t: f"np.vstack({_tuple(t)})",
    "stack_cols": lambda t: f"np.column_stack({_tuple(t)})",
    "np_spread": lambda t: f"np.repeat(np.expand_dims({t[0]}, {t[1]}), {t[2]}, {t[1]})",
}


def _single(em: PythonExprs, a: ir.Expr, text: str) -> str:
    """A REAL(4) operand of MIN, MAX or MERGE that Python would hold as a Python float (a
    literal, an expression of literals), made a float32: they return the operand they pick,
    and a Python float would make what follows double precision."""
    if em.weak(a) and not text.startswith("np.float32("):
        em.imports.add("numpy")
        return f"np.float32({text})"
    return text


_OPERATORS = {"bitand": "&", "bitor": "|", "bitxor": "^", "bitnot": "~", "lshift": "<<",
              "rshift": ">>"}


def _grouped(text: str) -> str:
    """`text` as an operand of a binary operator: a name, a number or a subscript of a name as
    it is, anything else in parentheses."""
    return text if re.fullmatch(r"[\w.]+(\[[\w, :+-]*\])?", text) else f"({text})"


def _special(em: PythonExprs, e: ir.Intrinsic, texts: list[str],
             arrays: bool) -> tuple[str, int] | None:
    name, args = e.name, e.args
    t = elem(em.type_of(e))
    a = texts[0] if texts else ""
    if name in _OPERATORS:  # Python's own operators: on ints, bools and arrays alike
        if len(texts) == 1:
            return f"{_OPERATORS[name]}{em.operand(args[0], P_ATOM)}", P_ATOM
        x, y = (_grouped(w) for w in texts[:2])  # IAND(a, SIGN(b, c)): c's IfExp grouped
        return f"({x} {_OPERATORS[name]} {y})", P_ATOM
    if name == "pack":  # x[mask] (passes/masks.py)
        return f"{em.operand(args[0], P_ATOM)}[{texts[1]}]", P_ATOM
    if name == "unpack":
        from transpyle.errors import TranspileError

        raise TranspileError(e.loc, "a vector assigned through a boolean mask is not written "
                             "as Python yet", code="E-unsupported")
    if name in ("present", "allocated"):
        return f"{a} is not None", P_CMP
    if name in ("var", "std"):  # (x, ddof[, axis]): NumPy's second positional is the axis
        axis = f", axis={texts[2]}" if len(texts) > 2 else ""
        return f"np.{name}({a}{axis}, ddof={texts[1]})", P_ATOM
    if name == "size":
        if len(args) == 2:
            axis = args[1]
            k = axis.value if isinstance(axis, ir.Const) else None
            return f"{em.operand(args[0], P_ATOM)}.shape[{k if k is not None else texts[1]}]", \
                P_ATOM
        return f"{em.operand(args[0], P_ATOM)}.size", P_ATOM
    if name in ("real", "imag") and not arrays:
        return f"{em.operand(args[0], P_ATOM)}.{name}", P_ATOM
    if name == "conj" and not arrays:
        return f"{em.operand(args[0], P_ATOM)}.conjugate()", P_ATOM
    if name == "complex":
        if t == Complex(8) and getattr(em, "fortran_origin", False) and not arrays:
            em.imports.add("numpy")
            return f"np.complex64(complex({', '.join(texts)}))", P_ATOM
        return f"complex({', '.join(texts)})", P_ATOM
    if name == "merge":
        if arrays:
            em.imports.add("numpy")
            where = f"np.where({texts[2]}, {texts[0]}, {texts[1]})"
            if not (em.is_array(args[0]) or em.is_array(args[1])) and \
                    isinstance(t, Integer | Real | Complex) and \
                    isinstance(elem(em.type_of(args[0])), Integer | Real | Complex):
                # scalars by an array mask: NumPy makes int64/float64 of Python scalars
                return f"{where}.astype(np.{dtype_name(t)})", P_ATOM
            return where, P_ATOM
        body, orelse = em.operand(args[0], P_IFEXP + 1), em.operand(args[1], P_IFEXP)
        if t == Real(4):
            body, orelse = _single(em, args[0], body), _single(em, args[1], orelse)
        return f"{body} if {em.operand(args[2], P_IFEXP + 1)} else {orelse}", P_IFEXP
    if name == "sign" and isinstance(t, Integer):
        if arrays:  # np.copysign would make reals
            return f"np.where({texts[1]} >= 0, np.abs({a}), -np.abs({a}))", P_ATOM
        if not isinstance(args[0], ir.Name | ir.Const):  # A once, as Fortran evaluates it
            em.imports.add("fio")
            return f"fio.isign({a}, {texts[1]})", P_ATOM
        return f"abs({a}) if {em.operand(args[1], P_CMP + 1)} >= 0 else -abs({a})", P_IFEXP
    if name in ("floor", "ceil") and arrays:
        return f"np.{name}({a}).astype(np.{dtype_name(t)})", P_ATOM
    if name == "nint":
        em.imports.add("numpy")
        if arrays:
            return f"np.trunc({a} + np.copysign(0.5, {a})).astype(np.{dtype_name(t)})", P_ATOM
        return f"int(np.trunc({a} + np.copysign(0.5, {a})))", P_ATOM
    if name == "anint":
        em.imports.add("numpy")
        return f"np.trunc({a} + np.copysign(0.5, {a}))", P_ATOM
    if name == "aint":
        em.imports.add("numpy")
        return f"np.trunc({a})", P_ATOM
    if name == "dim":  # x - y of two operands: DIM(11, k + n) is 11 - (k + n)
        zero = "0" if isinstance(t, Integer) else "np.float32(0.0)" if t == Real(4) else "0.0"
        em.imports.add("numpy")
        x, y = (_grouped(w) for w in (a, texts[1]))
        if arrays:
            return f"np.maximum({x} - {y}, {zero})", P_ATOM
        return f"max({x} - {y}, {zero})", P_ATOM
    if name == "matmul":
        return f"{em.operand(args[0], P_MUL)} @ {em.operand(args[1], P_MUL, True, False)}", P_MUL
    if name == "transpose":
        return f"{em.operand(args[0], P_ATOM)}.T", P_ATOM
    if name in ("epsilon", "huge", "tiny"):
        em.imports.add("numpy")
        if isinstance(t, Integer):
            return f"np.iinfo(np.{dtype_name(t)}).max", P_ATOM
        attr = {"epsilon": "eps", "huge": "max", "tiny": "tiny"}[name]
        if t == Real(4):  # a REAL value
            return f"np.finfo(np.float32).{attr}", P_ATOM
        return f"float(np.finfo(np.{dtype_name(t)}).{attr})", P_ATOM
    if name == "len":
        return f"len({a})", P_ATOM
    if name == "len_trim" and em.is_array(args[0]):  # elemental
        em.imports.add("fio")
        return f"fio.len_trim({a})", P_ATOM
    if name == "len_trim":  # Fortran trims blanks only (a tab or newline stays)
        return f"len({em.operand(args[0], P_ATOM)}.rstrip(' '))", P_ATOM
    if name == "trim":
        return f"{em.operand(args[0], P_ATOM)}.rstrip(' ')", P_ATOM
    if name in ("zeros", "ones", "empty"):
        em.imports.add("numpy")
        shape = texts[0] if len(texts) == 1 else f"({', '.join(texts)})"
        return f"np.{name}({shape}, dtype=np.{dtype_name(t)})", P_ATOM
    return None
