"""The intrinsic functions the IR knows, one line each.

`result` says how the type pass types a call:
  same      the promoted type of the arguments (abs, min, max, sign)
  floating  integer arguments become float64 first; the result has the argument's type
  real      the real type matching the argument (abs of complex, real part, imaginary part)
  int64     an int64 (floor, ceiling, size)
  int32     a default integer (exponent)
  bool      a logical
  elem      the element type of the array argument (reductions)
  complex   a complex from the argument precision
`fortran` is the Fortran spelling; `python` the NumPy spelling the Python backend writes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IntrinsicSpec:
    result: str
    fortran: str
    python: str
    nargs: tuple[int, int] = (1, 1)  # min, max argument count (max -1: any)
    elemental: bool = True


S = IntrinsicSpec
INTRINSICS: dict[str, IntrinsicSpec] = {
    "abs": S("same", "abs", "abs"),
    "min": S("same", "min", "min", (2, -1)),
    "max": S("same", "max", "max", (2, -1)),
    "sign": S("same", "sign", "np.copysign", (2, 2)),
    "sqrt": S("floating", "sqrt", "np.sqrt"),
    "exp": S("floating", "exp", "np.exp"),
    "log": S("floating", "log", "np.log"),
    "log10": S("floating", "log10", "np.log10"),
    "sin": S("floating", "sin", "np.sin"),
    "cos": S("floating", "cos", "np.cos"),
    "tan": S("floating", "tan", "np.tan"),
    "asin": S("floating", "asin", "np.arcsin"),
    "acos": S("floating", "acos", "np.arccos"),
    "atan": S("floating", "atan", "np.arctan"),
    "atan2": S("floating", "atan2", "np.arctan2", (2, 2)),
    "sinh": S("floating", "sinh", "np.sinh"),
    "cosh": S("floating", "cosh", "np.cosh"),
    "tanh": S("floating", "tanh", "np.tanh"),
    "asinh": S("floating", "asinh", "np.arcsinh"),
    "acosh": S("floating", "acosh", "np.arccosh"),
    "atanh": S("floating", "atanh", "np.arctanh"),
    "erf": S("floating", "erf", "math.erf"),
    "erfc": S("floating", "erfc", "math.erfc"),
    "gamma": S("floating", "gamma", "math.gamma"),
    "lgamma": S("floating", "log_gamma", "math.lgamma"),
    "hypot": S("floating", "hypot", "np.hypot", (2, 2)),
    "exponent": S("int32", "exponent", "fio.exponent"),  # frexp's: x = f * 2**e, 0.5 <= |f| < 1
    "fmod": S("floating", "mod", "np.fmod", (2, 2)),
    "floor": S("int64", "floor", "math.floor"),
    "ceil": S("int64", "ceiling", "math.ceil"),
    "real": S("real", "real", "np.real"),
    "imag": S("real", "aimag", "np.imag"),
    "conj": S("same", "conjg", "np.conj"),
    "complex": S("complex", "cmplx", "complex", (1, 2)),
    "sum": S("elem", "sum", "np.sum", elemental=False),
    "product": S("elem", "product", "np.prod", elemental=False),
    "maxval": S("elem", "maxval", "np.max", elemental=False),
    "minval": S("elem", "minval", "np.min", elemental=False),
    "dot": S("elem", "dot_product", "np.dot", (2, 2), elemental=False),
    "size": S("int64", "size", "np.shape", (1, 2), elemental=False),
    # an element index of a view b = a[lo:hi:st] (passes/safety/aliases.py): (the index into
    # a, b's own index, b's extent on that axis, the axis, lo, st); passes/safety/indices.py
    # lowers it (with boundscheck, b's index is checked against b's extent), the Python
    # backend prints the index into a
    "view_index": S("int64", "", "", (6, 6), elemental=False),
    "merge": S("same", "merge", "np.where", (3, 3)),
    "nint": S("int64", "nint", "np.rint"),  # Fortran rounds ties away from zero, np.rint to even
    "aint": S("floating", "aint", "np.trunc"),
    "anint": S("floating", "anint", "np.round"),  # ties: as nint
    "dim": S("same", "dim", "np.fdim", (2, 2)),  # max(x - y, 0)
    "matmul": S("elem", "matmul", "np.matmul", (2, 2), elemental=False),
    "transpose": S("elem", "transpose", "np.transpose", elemental=False),
    "any": S("bool", "any", "np.any", (1, 2), elemental=False),
    "all": S("bool", "all", "np.all", (1, 2), elemental=False),
    "count": S("int64", "count", "np.count_nonzero", (1, 2), elemental=False),
    "epsilon": S("same", "epsilon", "np.finfo", elemental=False),  # of the argument's type
    "huge": S("same", "huge", "np.finfo", elemental=False),
    "tiny": S("same", "tiny", "np.finfo", elemental=False),
    "len": S("int64", "len", "len", elemental=False),
    "len_trim": S("int64", "len_trim", "len", elemental=False),
    "trim": S("same", "trim", "str.rstrip", elemental=False),
    "ichar": S("int64", "ichar", "ord"),  # the code of a character
    "char": S("same", "char", "chr"),  # the character of a code
    "present": S("bool", "present", "is not None", elemental=False),  # an OPTIONAL dummy's
    "allocated": S("bool", "allocated", "is not None", elemental=False),  # ALLOCATABLE arrays
}
# Python's own meanings, which Fortran spells differently: the Python frontend makes them, the
# `checked` passes lower them (math's domain errors raise, NumPy's maximum propagates NaN), and
# they are no Fortran names.
PYTHON_ONLY: dict[str, IntrinsicSpec] = {
    # migrated Fortran's REAL `/` (fio.fdiv): IEEE's x / 0, Fortran's own `/` once compiled
    "ieee_divide": S("floating", "", "fio.fdiv", (2, 2)),
    "cpow": S("floating", "pow", "math.pow", (2, 2)),  # the C library's pow, as CPython calls it
    "math_pow": S("floating", "pow", "math.pow", (2, 2)),  # math.pow: its own errors
    "math_fmod": S("floating", "mod", "math.fmod", (2, 2)),  # ValueError: x inf, or y == 0
    # math.hypot, math.gamma, math.lgamma: CPython's own algorithms, not the C library's
    # (passes/checked/cpython_math.py)
    "math_hypot": S("floating", "hypot", "math.hypot", (2, 2)),
    "math_gamma": S("floating", "gamma", "math.gamma"),
    "math_lgamma": S("floating", "log_gamma", "math.lgamma"),
    "maximum": S("same", "max", "np.maximum", (2, 2)),
    "minimum": S("same", "min", "np.minimum", (2, 2)),
    # NumPy's, typed by passes/numpy_typing.py and computed by passes/numpy_lowering.py
    "py_round": S("int64", "", "round"),  # typed by passes/python_round.py
    "np_sign": S("same", "sign", "np.sign"),
    "clip": S("same", "clip", "np.clip", (3, 3)),
    "copy": S("same", "", "np.copy"),  # Fortran: (x), a parenthesised expression is a copy
    "mean": S("elem", "mean", "np.mean", (1, 2), elemental=False),
    "var": S("elem", "var", "np.var", (2, 3), elemental=False),  # (x, ddof[, axis])
    "std": S("elem", "std", "np.std", (2, 3), elemental=False),
    "argmax": S("int64", "argmax", "np.argmax", elemental=False),
    "argmin": S("int64", "argmin", "np.argmin", elemental=False),
    "cumsum": S("elem", "cumsum", "np.cumsum", elemental=False),
    "arange": S("elem", "arange", "np.arange", (3, 3), elemental=False),
    "linspace": S("elem", "linspace", "np.linspace", (3, 3), elemental=False),
    "full": S("same", "full", "np.full", (2, -1), elemental=False),
    "isnan": S("bool", "", "np.isnan"),  # numpy_lowering.py: x /= x, and so on
    "isinf": S("bool", "", "np.isinf"),
    "isfinite": S("bool", "", "np.isfinite"),
    "logical_not": S("bool", "", "np.logical_not"),
    "logical_and": S("bool", "", "np.logical_and", (2, 2)),
    "logical_or": S("bool", "", "np.logical_or", (2, 2)),
    "logical_xor": S("bool", "", "np.logical_xor", (2, 2)),
    "square": S("same", "", "np.square"),
    # new arrays of others' elements (passes/numpy_arrays.py)
    "reshape": S("elem", "", "np.reshape", (1, 4), elemental=False),
    "ravel": S("elem", "", "np.ravel", elemental=False),
    "flatten": S("elem", "", "np.ravel", elemental=False),
    "diff": S("elem", "", "np.diff", elemental=False),
    "expand_dims": S("elem", "", "np.expand_dims", (2, 2), elemental=False),
    "np_spread": S("elem", "spread", "np.repeat", (3, 4), elemental=False),  # broadcast.py
    "concat": S("elem", "", "np.concatenate", (1, -1), elemental=False),
    "stack_rows": S("elem", "", "np.vstack", (1, -1), elemental=False),
    "stack_cols": S("elem", "", "np.column_stack", (1, -1), elemental=False),
    "flatnonzero": S("elem", "", "np.flatnonzero", elemental=False),
    "eye": S("elem", "", "np.eye", (3, 3), elemental=False),
    "diag": S("elem", "", "np.diag", elemental=False),
    "take": S("elem", "", "np.take", (2, 2), elemental=False),
    **{f"{n}_axis": S("elem", "", f"np.{n}", (2, 2), elemental=False)
       for n in ("argmax", "argmin", "cumsum", "any", "all")},
    "pack": S("elem", "pack", "np.extract", (2, 2), elemental=False),  # x[mask] (masks.py)
    "unpack": S("elem", "unpack", "np.place", (3, 3), elemental=False),  # x[mask] = vector
    # Python's bitwise operators (passes/bitwise.py types them; on bools: .and. .or. .neqv.)
    "bitand": S("same", "iand", "np.bitwise_and", (2, 2)),
    "bitor": S("same", "ior", "np.bitwise_or", (2, 2)),
    "bitxor": S("same", "ieor", "np.bitwise_xor", (2, 2)),
    "bitnot": S("same", "not", "np.invert"),
    "lshift": S("same", "shiftl", "np.left_shift", (2, 2)),  # counts 0..bits-1 (checked/)
    "rshift": S("same", "shifta", "np.right_shift", (2, 2)),
    **{f"math_{n}": S("floating", INTRINSICS[n].fortran, f"math.{n}")
       for n in ("sqrt", "log", "log10", "acos", "asin", "atanh", "acosh", "exp", "cosh",
                 "sinh", "sin", "cos", "tan")},
}
del S

# Fortran's generic and specific (legacy, type-prefixed) names -> the canonical entry above.
# Type conversions (DBLE, FLOAT, INT, REAL, ...) are not here: the frontend lowers them to Cast.
FORTRAN_NAMES: dict[str, str] = {
    **{n: n for n in INTRINSICS if n not in ("imag", "conj", "complex", "dot", "floor", "ceil",
                                           "fmod", "lgamma")},
    "aimag": "imag", "conjg": "conj", "cmplx": "complex", "dot_product": "dot",
    "floor": "floor", "ceiling": "ceil", "log_gamma": "lgamma", "dsqrt": "sqrt",
    "dabs": "abs", "iabs": "abs", "cabs": "abs", "dexp": "exp", "cexp": "exp", "dlog": "log",
    "alog": "log", "clog": "log", "dlog10": "log10", "alog10": "log10", "dsin": "sin",
    "csin": "sin", "dcos": "cos", "ccos": "cos", "dtan": "tan", "dasin": "asin",
    "dacos": "acos", "datan": "atan", "datan2": "atan2", "dsinh": "sinh", "dcosh": "cosh",
    "dtanh": "tanh", "csqrt": "sqrt", "dsign": "sign", "isign": "sign", "dmax1": "max",
    "amax1": "max", "max0": "max", "dmin1": "min", "amin1": "min", "min0": "min",
    "dimag": "imag", "dconjg": "conj", "dcmplx": "complex", "dnint": "anint", "idnint": "nint",
    "dint": "aint", "ddim": "dim", "idim": "dim", "derf": "erf", "derfc": "erfc",
    "dgamma": "gamma",
    "lgamma": "lgamma", "algama": "lgamma", "dlgama": "lgamma",  # GNU's names of LOG_GAMMA
    "iand": "bitand", "ior": "bitor", "ieor": "bitxor", "not": "bitnot",
    "shiftl": "lshift", "shifta": "rshift",  # bits of integers
}
INTRINSICS.update(PYTHON_ONLY)

# Fortran's transformational array intrinsics that migrated code calls in the runtime
# (runtime/fortran_reductions.py, fortran_arrays.py): the runtime's name -> the Fortran name and
# its dummy arguments in order, which the runtime's function takes positionally (None: absent)
ARRAY_CALLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "maxloc": ("maxloc", ("array", "dim", "mask", "kind", "back")),
    "minloc": ("minloc", ("array", "dim", "mask", "kind", "back")),
    "findloc": ("findloc", ("array", "value", "dim", "mask", "kind", "back")),
    "maxval": ("maxval", ("array", "dim", "mask")),
    "minval": ("minval", ("array", "dim", "mask")),
    "sum_of": ("sum", ("array", "dim", "mask")),
    "product_of": ("product", ("array", "dim", "mask")),
    "iall_of": ("iall", ("array", "dim", "mask")),
    "iany_of": ("iany", ("array", "dim", "mask")),
    "iparity_of": ("iparity", ("array", "dim", "mask")),
    "norm2_of": ("norm2", ("array", "dim")),
    "any_of": ("any", ("mask", "dim")),
    "all_of": ("all", ("mask", "dim")),
    "count": ("count", ("mask", "dim", "kind")),
    "reshape": ("reshape", ("source", "shape", "pad", "order")),
    "spread": ("spread", ("source", "dim", "ncopies")),  # DIM 0: a scalar SOURCE, as [s]
    "pack": ("pack", ("array", "mask", "vector")),
    "unpack": ("unpack", ("vector", "mask", "field")),
    "cshift": ("cshift", ("array", "shift", "dim")),
    "eoshift": ("eoshift", ("array", "shift", "boundary", "dim")),
    "shape_of": ("shape", ("source", "kind")),
    "size_of": ("size", ("array", "dim", "kind")),  # a DIM known at run time only
}
