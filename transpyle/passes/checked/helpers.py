"""The checking helpers, written as typed Python and translated by our own frontend and passes.

Each group below is one template, instantiated per kind that a module needs (`helper`); a
helper may call another of its group. CPython's float `//`, `%` and `**` are mirrored step by
step (CPython computes floor division from fmod and calls the C library's pow); NumPy's
array operations have their own, non-raising, elemental helpers. Messages are the running
CPython's and NumPy's own where they have one.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np

from transpyle.ir import nodes as ir
from transpyle.ir.types import Real
from transpyle.ir.visitor import Transformer
from transpyle.passes.checked import int_division
from transpyle.passes.checked.cpython_math import CPYTHON_MATH, cpython_message
from transpyle.passes.checked.shifts import SHIFTS

_INT = '''
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


def tp_ipow_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0:
        raise ValueError("{neg_pow}")
    return a ** b


def tp_add_{k}(a: {t}, b: {t}) -> {t}:
    if b > 0:
        if a > {max} - b:
            raise OverflowError("integer overflow in +: the result does not fit in {t}")
    elif a < {min} - b:
        raise OverflowError("integer overflow in +: the result does not fit in {t}")
    return a + b


def tp_sub_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0:
        if a > {max} + b:
            raise OverflowError("integer overflow in -: the result does not fit in {t}")
    elif a < {min} + b:
        raise OverflowError("integer overflow in -: the result does not fit in {t}")
    return a - b


def tp_mul_{k}(a: {t}, b: {t}) -> {t}:
    # the bounds of a, before the product: a product that overflows is undefined in Fortran,
    # and gfortran folded a test of it after the fact (`(a * b) // b != a`) to false
    if b > 0:
        if a > {max} // b or a < ({min} + (b - 1)) // b:
            raise OverflowError("integer overflow in *: the result does not fit in {t}")
    elif b < 0:
        if a < -(({min} + 1) // b) or (b != -1 and a > {min} // b):
            raise OverflowError("integer overflow in *: the result does not fit in {t}")
    return a * b


def tp_neg_{k}(a: {t}) -> {t}:
    if a == {min}:
        raise OverflowError("integer overflow in -: -({lowest}) does not fit in {t}")
    return -a


def tp_abs_{k}(a: {t}) -> {t}:
    if a == {min}:
        raise OverflowError("integer overflow in abs: abs({lowest}) does not fit in {t}")
    return abs(a)


def tp_maxval_{k}(n: np.int64, m: {t}) -> {t}:
    if n == 0:
        raise ValueError("{empty_max}")
    return m


def tp_minval_{k}(n: np.int64, m: {t}) -> {t}:
    if n == 0:
        raise ValueError("{empty_min}")
    return m


def tp_cpow_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0:
        raise ValueError("{neg_pow}")
    r = {t}(1)
    base = a
    e = b
    while e > 0:
        if e % 2 == 1:
            r = tp_mul_{k}(r, base)
        e = e // 2
        if e > 0:
            base = tp_mul_{k}(base, base)
    return r
'''

# CPython's float operations (Python floats are float64): they raise
_FLOAT = '''
def tp_floordiv_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0.0:
        raise ZeroDivisionError("{fdiv}")
    return tp_np_floordiv_{k}(a, b)


def tp_mod_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0.0:
        raise ZeroDivisionError("{fmod}")
    return tp_np_mod_{k}(a, b)


def tp_div_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0.0:
        raise ZeroDivisionError("{truediv}")
    return a / b


def tp_idiv_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0.0:
        raise ZeroDivisionError("{intdiv}")
    return a / b


def tp_intnegpow_{k}(x: {t}, y: {t}) -> {t}:
    if y < 0.0:
        raise ValueError("Integers to negative integer powers are not allowed.")
    return x ** y


def tp_pow_{k}(x: {t}, y: {t}) -> {t}:
    if x == 0.0 and y < 0.0 and y >= -{huge}:
        raise ZeroDivisionError("{zero_pow}")
    if x < 0.0 and x >= -{huge} and abs(y) <= {huge} and np.trunc(y) != y:
        raise ValueError("{complex_pow}")
    r = x ** y
    if abs(r) > {huge} and abs(x) <= {huge} and abs(y) <= {huge}:
        raise OverflowError("{overflow_pow}")
    return r


def tp_math_fmod_{k}(x: {t}, y: {t}) -> {t}:
    r = np.fmod(x, y)
    if r != r and x == x and y == y:
        raise ValueError("{math_domain}")
    return r


def tp_math_pow_{k}(x: {t}, y: {t}) -> {t}:
    if abs(x) <= {huge} and abs(y) <= {huge}:
        if x == 0.0 and y < 0.0:
            raise ValueError("{math_domain}")
        if x < 0.0 and np.trunc(y) != y:
            raise ValueError("{math_domain}")
    r = x ** y
    if abs(r) > {huge} and abs(x) <= {huge} and abs(y) <= {huge}:
        raise OverflowError("{math_range_1}")
    return r


def tp_floor_{k}(x: {t}) -> np.int64:
    t = np.trunc(x)
    if t > x:
        t = t - 1.0
    return tp_int_{k}(t)


def tp_ceil_{k}(x: {t}) -> np.int64:
    t = np.trunc(x)
    if t < x:
        t = t + 1.0
    return tp_int_{k}(t)


def tp_complexdiv_{k}(a: np.complex128, b: np.complex128) -> np.complex128:
    # CPython's _Py_c_quot (Smith's method, its branches and its order of operations)
    if b == 0.0:
        raise ZeroDivisionError("{cdiv}")
    abs_re = abs(b.real)
    abs_im = abs(b.imag)
    if abs_re >= abs_im:
        ratio = b.imag / b.real
        denom = b.real + b.imag * ratio
        return complex((a.real + a.imag * ratio) / denom, (a.imag - a.real * ratio) / denom)
    if abs_im >= abs_re:
        ratio = b.real / b.imag
        denom = b.real * ratio + b.imag
        return complex((a.real * ratio + a.imag) / denom, (a.imag * ratio - a.real) / denom)
    d = abs_re - abs_re
    return complex(d / d, d / d)


def tp_np_complexdiv_{k}(a: {c}, b: {c}) -> {c}:
    # NumPy's complex divide (Smith's method, scaled by a reciprocal; a zero divisor gives
    # inf or nan, no exception), which gfortran's division does not round alike
    abs_re = abs(b.real)
    abs_im = abs(b.imag)
    if abs_re >= abs_im:
        if abs_re == 0.0 and abs_im == 0.0:
            return {c}(complex(a.real / abs_re, a.imag / abs_re))
        rat = b.imag / b.real
        scl = 1.0 / (b.real + b.imag * rat)
        return {c}(complex((a.real + a.imag * rat) * scl, (a.imag - a.real * rat) * scl))
    rat = b.real / b.imag
    scl = 1.0 / (b.imag + b.real * rat)
    return {c}(complex((a.real * rat + a.imag) * scl, (a.imag * rat - a.real) * scl))
'''
for _f, _over in (("sqrt", 0), ("log", 0), ("log10", 0), ("acos", 0), ("asin", 0),
                  ("atanh", 0), ("acosh", 0), ("exp", 1), ("cosh", 1), ("sinh", 1),
                  ("sin", 0), ("cos", 0), ("tan", 0)):  # sin(inf): a domain error
    _FLOAT += f'''

def tp_math_{_f}_{{k}}(x: {{t}}) -> {{t}}:
    r = np.{"arc" + _f[1:] if _f[0] == "a" else _f}(x)
    if r != r and x == x:
        raise ValueError("{{math_domain}}")
    if abs(r) > {{huge}} and abs(x) <= {{huge}}:
        raise {"OverflowError" if _over else "ValueError"}("{{math_range_{_over}}}")
    return r
'''

# NumPy's element-wise operations and Python's max/min: no exception, elemental
_ELEMENTAL = '''
def tp_np_floordiv_{k}(a: {t}, b: {t}) -> {t}:
    if b == 0.0:
        return a / b
    mod = np.fmod(a, b)
    div = (a - mod) / b
    if mod != 0.0:
        if (b < 0.0) != (mod < 0.0):
            div = div - 1.0
    if div != 0.0:
        q = np.trunc(div)
        if q > div:
            q = q - 1.0
        if div - q > 0.5:
            q = q + 1.0
        return q
    return np.copysign({zero}, a / b)


def tp_np_mod_{k}(a: {t}, b: {t}) -> {t}:
    mod = np.fmod(a, b)
    if b == 0.0:
        return mod
    if mod != 0.0:
        if (b < 0.0) != (mod < 0.0):
            mod = mod + b
    else:
        mod = np.copysign({zero}, b)
    return mod


def tp_np_pow_{k}(a: {t}, b: {t}) -> {t}:
    return a ** b


def tp_np_floor_{k}(x: {t}) -> {t}:
    t = np.trunc(x)
    if t > x:
        t = t - 1.0
    return t


def tp_np_ceil_{k}(x: {t}) -> {t}:
    t = np.trunc(x)
    if t < x:
        t = t + 1.0
    return t


def tp_max_{k}(a: {t}, b: {t}) -> {t}:
    if b > a:
        return b
    return a


def tp_min_{k}(a: {t}, b: {t}) -> {t}:
    if b < a:
        return b
    return a


def tp_maximum_{k}(a: {t}, b: {t}) -> {t}:
    if a != a:
        return a
    if b != b:
        return b
    if a > b:
        return a
    return b


def tp_minimum_{k}(a: {t}, b: {t}) -> {t}:
    if a != a:
        return a
    if b != b:
        return b
    if a < b:
        return a
    return b
'''

# NumPy's reductions of a whole array: maxval/minval of gfortran skip NaN and give -huge on an
# empty array; the helper gets the array's size, gfortran's result and whether a NaN occurs
_REDUCE = '''
def tp_maxval_{k}(n: np.int64, m: {t}, nans: bool) -> {t}:
    if n == 0:
        raise ValueError("{empty_max}")
    if nans:
        d = m - m
        return d / d
    return m


def tp_minval_{k}(n: np.int64, m: {t}, nans: bool) -> {t}:
    if n == 0:
        raise ValueError("{empty_min}")
    if nans:
        d = m - m
        return d / d
    return m
'''

# CPython's int() of a float: ValueError on nan, OverflowError on inf (and, compiled, beyond
# int64): the float is tested, then converted. (Converting first and testing the result for
# x86-64's -2**63, one integer compare, was faster (the histogram kernel, 2.18 -> 1.68 ms,
# RESULTS.md) but unsound: a conversion the float does not fit is undefined, and gcc at -O3
# folds the test away where it knows the sign (`int(abs(x))` of inf, nan or 2**70 returned
# with no exception) or folds the conversion of a constant to 2**63 - 1 or 0.)
_INT_OF_FLOAT = '''
def tp_int_{k}(x: {t}) -> np.int64:
    if not abs(x) < 9223372036854775808.0:  # one test on the fast path; nan fails it too
        if x != x:
            raise ValueError("{int_nan}")
        if abs(x) > {huge}:
            raise OverflowError("{int_inf}")
        if x != -9223372036854775808.0:
            raise OverflowError("{int_big}")
    return np.int64(x)
'''


_GROUPS = {"i": _INT, "s": SHIFTS, "f": _FLOAT + _ELEMENTAL + _REDUCE}
_ELEMENTAL_PREFIXES = ("tp_np_", "tp_max_", "tp_min_", "tp_maximum_", "tp_minimum_")


def _fields(kind: str) -> dict[str, object]:
    bits = 8 * int(kind[1:])
    if kind[0] in "is":  # s: integer shifts (shifts.py), a group of their own
        return {"k": kind, "t": f"np.int{bits}", "bits": bits,
                "min": f"({-(2 ** (bits - 1)) + 1} - 1)",
                "max": 2 ** (bits - 1) - 1, "lowest": -(2 ** (bits - 1)),
                "div": cpython_message("1 // 0"), "mod": cpython_message("1 % 0"),
                "empty_max": cpython_message("np.max(np.zeros(0))"),
                "empty_min": cpython_message("np.min(np.zeros(0))"),
                "neg_pow": "a negative integer exponent (a float result in Python) "
                           "is not supported for integers here"}
    huge = float(np.finfo(np.float32 if bits == 32 else np.float64).max)
    return {
        "k": kind, "t": f"np.float{bits}", "c": f"np.complex{2 * bits}", "huge": repr(huge),
        "zero": f"np.float{bits}(0.0)",
        "fdiv": cpython_message("1.0 // 0.0"), "fmod": cpython_message("1.0 % 0.0"),
        "truediv": cpython_message("1.0 / 0.0"), "intdiv": cpython_message("1 / 0"),
        "cdiv": cpython_message("1j / 0"), "zero_pow": cpython_message("0.0 ** -1.0"),
        "overflow_pow": cpython_message("10.0 ** 400.0").replace('"', "'"),
        "complex_pow": "a negative number to a fractional power is a complex number in "
                       "Python: not supported here (take complex(x) first)",
        "int_nan": cpython_message("int(float('nan'))"),
        "int_inf": cpython_message("int(float('inf'))"),
        "int_big": "the float is too large for a 64-bit integer (Python's int is exact)",
        "math_domain": cpython_message("math.sqrt(-1.0)"),
        "math_range_0": cpython_message("math.sqrt(-1.0)"),
        "math_range_1": cpython_message("math.exp(1000.0)"),
        "empty_max": cpython_message("np.max(np.zeros(0))"),
        "empty_min": cpython_message("np.min(np.zeros(0))"),
    }


class _LibmPow(Transformer):
    """A float `**` inside a helper is the C library's pow (gfortran would expand `x**2`)."""

    def visit_BinOp(self, e: ir.BinOp) -> ir.Expr:
        e = self.rebuild(e)
        if e.op == "**" and isinstance(e.type, Real):
            return ir.Intrinsic("cpow", (e.left, e.right), type=e.type, loc=e.loc)
        return e


@cache
def helper_module(kind: str) -> ir.Module:
    """The helpers for `kind` ("i8", "f8", "f4"), typed, as an IR module."""
    from transpyle.frontends.python import parse_python
    from transpyle.passes.infer_types import infer_types
    from transpyle.passes.intents import infer_intents

    source = ("import numpy as np\nfrom transpyle.runtime import fortran_io as fio\n"
              + _GROUPS[kind[0]].format(**_fields(kind))
              + (_INT_OF_FLOAT.format(**_fields(kind))
                 if kind[0] == "f" else "")
              + (CPYTHON_MATH if kind == "f8" else ""))
    module = parse_python(source, "<transpyle checked operations>")
    module = _LibmPow().visit(infer_intents(infer_types(module)))
    return dataclasses.replace(module, body=tuple(
        dataclasses.replace(f, elemental=True) if isinstance(f, ir.FunctionDef)
        and f.name.startswith(_ELEMENTAL_PREFIXES) else f for f in module.body))


def helper(name: str) -> ir.FunctionDef:
    """The helper procedure `name` (`tp_<op>_<kind>`)."""
    if name == int_division.DIVIDE:
        return int_division.divide(cpython_message("1 / 0"))
    if name == int_division.DIVIDE_BY_CONSTANT:
        return int_division.divide_by_constant()
    return helper_module(name.rsplit("_", 1)[1]).functions()[name]
