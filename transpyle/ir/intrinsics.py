"""The intrinsic functions the IR knows, one line each.

`result` says how the type pass types a call:
  same      the promoted type of the arguments (abs, min, max, sign)
  floating  integer arguments become float64 first; the result has the argument's type
  real      the real type matching the argument (abs of complex, real part, imaginary part)
  int64     an int64 (floor, ceiling, size)
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
    "merge": S("same", "merge", "np.where", (3, 3)),
}
del S
