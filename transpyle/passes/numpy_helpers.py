"""NumPy's algorithms as helpers, written in typed Python and translated by our own frontend.

What NumPy computes in an order of its own is mirrored step by step, so that the Fortran gives
the same bits (measured against NumPy 2.4 on random data, `tests/reach/test_numpy_calls.py`):
- `np.sum` of floats adds pairwise (numpy/_core/src/umath/loops_utils.h.src): fewer than 8
  elements in order from 0.0; up to 128 in 8 running sums combined as ((r0+r1)+(r2+r3))+
  ((r4+r5)+(r6+r7)) and the rest in order; more split at n/2 rounded down to a multiple of 8.
  The reduction starts from the identity, 0.0 + pairwise (so a sum of -0.0 is 0.0). A
  contiguous array is summed in memory order as one run.
- `np.mean` is that sum divided by the count (in float64, then rounded to the array's float
  type: NumPy divides by an intp); of an integer array the sum is in float64 over NumPy's
  8192-element casting buffers, each summed pairwise. `np.var` (numpy/_core/_methods.py)
  is the pairwise sum of the squared deviations from that mean over max(n - ddof, 0),
  `np.std` its square root.
- An axis reduction over the contiguous axis sums each run pairwise; over the other axis it
  adds the rows in order into a result that starts at the identity (NumPy's inner loop runs
  along the result), unless the result has one element, when it is one pairwise run.
- `np.sign`: 1, -1, 0 (of either zero), NaN itself. `np.clip` with an array bound:
  min(max(x, lo), hi) where a NaN on the left wins and `max(a, b)` is `a > b ? a : b`; with
  two scalar bounds NumPy's other loop: a NaN bound gives NaN, else `lo > x ? lo : x`, then
  `hi < v ? hi : v` (the two differ on zeros: clip(0.0, -0.0, 1.0) is 0.0 here, -0.0 there).
- `np.arange`: length ceil((stop - start) / step); element 0 is start, 1 is start + step, and
  from 2 on start + i * delta with delta = (start + step) - start (NumPy's `fill`).
- `np.linspace`: numpy/_core/function_base.py: i * step + start, step = (stop - start) / div,
  (i / div) * delta where the step underflows to 0, i * delta for one sample, the last = stop.
Helpers are Fortran-like units (`kind="function"`): the safety passes leave them alone; their
indices are in range by construction.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from transpyle.ir import nodes as ir
from transpyle.ir.types import Integer
from transpyle.ir.visitor import Transformer, walk
from transpyle.passes.checked.helpers import cpython_message

BUFFER = 8192  # NumPy's casting buffer, in elements (NPY_BUFSIZE)


def _at(rank: int, order: str, index: str) -> str:
    """The element `index` (a flat position in memory order) of `x`, as Python source."""
    if rank == 1:
        return f"x[{index}]"
    if order == "C":
        return f"x[({index}) // x.shape[1], ({index}) % x.shape[1]]"
    return f"x[({index}) % x.shape[0], ({index}) // x.shape[0]]"


def _hint(t: str, rank: int, order: str) -> str:
    dims = ",".join(":" for _ in range(rank))
    return f"'{t.removeprefix('np.')}[{dims}]'" if order == "C" or rank == 1 else \
        f"'{t.removeprefix('np.')}[{dims}](order=F)'"


def _float_source(k: str, t: str, rank: int, order: str) -> str:
    at = lambda i: _at(rank, order, i)  # noqa: E731 - a template's shorthand
    s = f"{rank}{order.lower()}_{k}"
    zero = f"{t}(0.0)"
    sums = "\n".join(f"        r{j} = {at(f'lo + {j}')}" for j in range(8))
    adds = "\n".join(f"            r{j} = r{j} + {at(f'i + {j}')}" for j in range(8))
    return f'''
def tp_numpy_pw_{s}(x: {_hint(t, rank, order)}, lo: int, n: int) -> {t}:
    if n < 8:
        res = {zero}
        for i in range(lo, lo + n):
            res = res + {at("i")}
        return res
    if n <= 128:
{sums}
        i = lo + 8
        stop = lo + n - n % 8
        while i < stop:
{adds}
            i = i + 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < lo + n:
            res = res + {at("i")}
            i = i + 1
        return res
    n2 = n // 2
    n2 = n2 - n2 % 8
    return tp_numpy_pw_{s}(x, lo, n2) + tp_numpy_pw_{s}(x, lo + n2, n - n2)


def tp_numpy_sum_{s}(x: {_hint(t, rank, order)}) -> {t}:
    return {zero} + tp_numpy_pw_{s}(x, 0, x.size)


def tp_numpy_mean_{s}(x: {_hint(t, rank, order)}) -> {t}:
    return {t}(np.float64(tp_numpy_sum_{s}(x)) / np.float64(x.size))


def tp_numpy_var_{s}(x: {_hint(t, rank, order)}, ddof: int) -> {t}:
    n = x.size
    m = tp_numpy_mean_{s}(x)
    d = np.empty(n, dtype={t})
    for i in range(n):
        v = {at("i")} - m
        d[i] = v * v
    s = {zero} + tp_numpy_pw_1c_{k}(d, 0, n)
    return {t}(np.float64(s) / np.float64(max(n - ddof, 0)))


def tp_numpy_std_{s}(x: {_hint(t, rank, order)}, ddof: int) -> {t}:
    return np.sqrt(tp_numpy_var_{s}(x, ddof))
''' + (_float_source(k, t, 1, "C") if rank != 1 else "")


def _complex_source(k: str, t: str, rank: int, order: str) -> str:
    """np.sum of complex numbers: NumPy's pairwise sum runs over the interleaved real and
    imaginary parts (n counts both), with 8 running sums of which the even ones add the
    real parts: each part is computed on its own here, the same additions in the same order."""
    s = f"{rank}{order.lower()}_{k}"
    ft = "np.float64" if k == "c16" else "np.float32"
    out = []
    for part in ("real", "imag"):
        def at(i: str, part: str = part) -> str:
            return _at(rank, order, f"({i}) // 2") + f".{part}"

        first = 0 if part == "real" else 1
        sums = "\n".join(f"        r{j} = {at(f'lo + {2 * j + first}')}" for j in range(4))
        adds = "\n".join(f"            r{j} = r{j} + {at(f'i + {2 * j + first}')}"
                         for j in range(4))
        out.append(f'''
def tp_numpy_cpw{part}_{s}(x: {_hint(t, rank, order)}, lo: int, n: int) -> {ft}:
    if n < 8:
        res = {ft}(0.0)
        for i in range(lo, lo + n, 2):
            res = res + {at(f"i + {first}")}
        return res
    if n <= 128:
{sums}
        i = lo + 8
        stop = lo + n - n % 8
        while i < stop:
{adds}
            i = i + 8
        res = (r0 + r1) + (r2 + r3)
        while i < lo + n:
            res = res + {at(f"i + {first}")}
            i = i + 2
        return res
    n2 = n // 2
    n2 = n2 - n2 % 8
    return tp_numpy_cpw{part}_{s}(x, lo, n2) + tp_numpy_cpw{part}_{s}(x, lo + n2, n - n2)
''')
    out.append(f'''
def tp_numpy_sum_{s}(x: {_hint(t, rank, order)}) -> {t}:
    re = {ft}(0.0) + tp_numpy_cpwreal_{s}(x, 0, 2 * x.size)
    im = {ft}(0.0) + tp_numpy_cpwimag_{s}(x, 0, 2 * x.size)
    return {t}(complex(re, im))
''')
    return "".join(out)


def _int_mean_source(k: str, t: str, rank: int, order: str) -> str:
    s = f"{rank}{order.lower()}_{k}"
    return f'''
def tp_numpy_mean_{s}(x: {_hint(t, rank, order)}) -> np.float64:
    n = x.size
    buf = np.empty({BUFFER})
    total = 0.0
    c = 0
    while c < n:
        m = min({BUFFER}, n - c)
        for i in range(m):
            buf[i] = np.float64({_at(rank, order, "c + i")})
        total = total + tp_numpy_pw_1c_f8(buf, 0, m)
        c = c + m
    return total / np.float64(n)


def tp_numpy_var_{s}(x: {_hint(t, rank, order)}, ddof: int) -> np.float64:
    n = x.size
    m = tp_numpy_mean_{s}(x)
    d = np.empty(n)
    for i in range(n):
        v = np.float64({_at(rank, order, "i")}) - m
        d[i] = v * v
    total = 0.0 + tp_numpy_pw_1c_f8(d, 0, n)
    return total / np.float64(max(n - ddof, 0))


def tp_numpy_std_{s}(x: {_hint(t, rank, order)}, ddof: int) -> np.float64:
    return np.sqrt(tp_numpy_var_{s}(x, ddof))
'''


def _axis_source(k: str, t: str, out_t: str, order: str) -> str:
    """Reductions of a matrix along `axis` into `out`: `inner` is the contiguous axis."""
    out: list[str] = []
    for axis in (0, 1):
        s = f"a{axis}{order.lower()}_{k}"
        inner = (axis == 1) == (order == "C")
        hint = _hint(t, 2, order)
        n_red, n_out = (f"x.shape[{axis}]", f"x.shape[{1 - axis}]")
        el = "x[i, j]" if axis == 0 else "x[j, i]"
        first = "x[0, j]" if axis == 0 else "x[j, 0]"
        if inner:
            run = f"tp_numpy_pw_2{order.lower()}_{k}(x, j * {n_red}, {n_red})"
        else:
            run = f"tp_numpy_pw_2{order.lower()}_{k}(x, 0, {n_red})"
        pairwise = k[0] == "f"
        if pairwise and inner:
            sum_body = f"""    for j in range({n_out}):
        out[j] = {out_t}(0.0) + {run}"""
        elif pairwise:
            sum_body = f"""    if {n_out} == 1:
        out[0] = {out_t}(0.0) + {run}
        return
    for j in range({n_out}):
        out[j] = {out_t}(0.0)
    for i in range({n_red}):
        for j in range({n_out}):
            out[j] = out[j] + {el}"""
        else:
            sum_body = f"""    for j in range({n_out}):
        out[j] = {out_t}(0)
    for i in range({n_red}):
        for j in range({n_out}):
            out[j] = out[j] + {out_t}({el})"""
        out.append(f'''
def tp_numpy_sum_{s}(x: {hint}, out: '{out_t.removeprefix("np.")}[:]') -> None:
{sum_body}


def tp_numpy_product_{s}(x: {hint}, out: '{out_t.removeprefix("np.")}[:]') -> None:
    for j in range({n_out}):
        out[j] = {out_t}(1)
    for i in range({n_red}):
        for j in range({n_out}):
            out[j] = out[j] * {out_t}({el})
''')
        for op, cmp in (("maxval", ">"), ("minval", "<")):
            nan = "            if a != a:\n                out[j] = a\n            elif" \
                if pairwise else "            if"
            isnan = "out[j] == out[j] and " if pairwise else ""
            out.append(f'''
def tp_numpy_{op}_{s}(x: {hint}, out: '{t.removeprefix("np.")}[:]') -> None:
    if {n_red} == 0:
        raise ValueError("{cpython_message(f"np.{op[:3]}(np.zeros((0, 1)), axis=0)")}")
    for j in range({n_out}):
        out[j] = {first}
    for i in range(1, {n_red}):
        for j in range({n_out}):
            a = {el}
{nan} {isnan}a {cmp} out[j]:
                out[j] = a
''')
        if pairwise:
            out.append(f'''
def tp_numpy_mean_{s}(x: {hint}, out: '{t.removeprefix("np.")}[:]') -> None:
    tp_numpy_sum_{s}(x, out)
    for j in range({n_out}):
        out[j] = {t}(np.float64(out[j]) / np.float64({n_red}))
''')
    return "".join(out)


def _arg_source(k: str, t: str, rank: int, order: str) -> str:
    """np.argmax / np.argmin: the first extreme in C order (a flat index), the first NaN."""
    s = f"{rank}{order.lower()}_{k}"
    out = []
    for op, cmp in (("argmax", ">"), ("argmin", "<")):
        nan = "        if v != v:\n            return i\n" if k[0] == "f" else ""
        at = _at(rank, "C", "i")  # NumPy's index counts in C order whatever the layout
        out.append(f'''
def tp_numpy_{op}_{s}(x: {_hint(t, rank, order)}) -> int:
    n = x.size
    if n == 0:
        raise ValueError("{cpython_message(f"np.{op}(np.zeros(0))")}")
    best = {_at(rank, "C", "0")}
    where = 0
    if best != best:
        return 0
    for i in range(1, n):
        v = {at}
{nan}        if v {cmp} best:
            best = v
            where = i
    return where
''')
    return "".join(out)


def _axis_spread_source(k: str, t: str, order: str) -> str:
    """np.var / np.std of a float matrix along an axis: the mean along it, the squared
    deviations as a new array of the matrix's layout, their sum along it, over the count."""
    out = []
    for axis in (0, 1):
        s = f"a{axis}{order.lower()}_{k}"
        n_red, n_out = f"x.shape[{axis}]", f"x.shape[{1 - axis}]"
        mean_at = "mean[j]" if axis == 0 else "mean[i]"
        out.append(f'''
def tp_numpy_var_{s}(x: {_hint(t, 2, order)}, ddof: int, out: '{t.removeprefix("np.")}[:]') -> None:
    mean = np.empty({n_out}, dtype={t})
    tp_numpy_mean_{s}(x, mean)
    d = np.empty((x.shape[0], x.shape[1]), dtype={t}, order="{order}")
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            v = x[i, j] - {mean_at}
            d[i, j] = v * v
    tp_numpy_sum_{s}(d, out)
    count = np.float64(max({n_red} - ddof, 0))
    for j in range({n_out}):
        out[j] = {t}(np.float64(out[j]) / count)


def tp_numpy_std_{s}(x: {_hint(t, 2, order)}, ddof: int, out: '{t.removeprefix("np.")}[:]') -> None:
    tp_numpy_var_{s}(x, ddof, out)
    for j in range({n_out}):
        out[j] = np.sqrt(out[j])
''')
    return "".join(out)


def _elementwise_source(k: str, t: str) -> str:
    one = f"{t}(1)"
    return f'''
def tp_numpy_sign_{k}(x: {t}) -> {t}:
    if x > 0:
        return {one}
    if x < 0:
        return -{one}
    if x == 0:
        return {t}(0)
    return x


def tp_numpy_clip_{k}(x: {t}, lo: {t}, hi: {t}) -> {t}:
    v = x
    if not (v != v) and not (v > lo):
        v = lo
    if v != v:
        return v
    if v < hi:
        return v
    return hi


def tp_numpy_clips_{k}(x: {t}, lo: {t}, hi: {t}) -> {t}:
    if lo != lo:
        return lo
    if hi != hi:
        return hi
    if x != x:
        return x
    v = x
    if lo > x:
        v = lo
    if hi < v:
        return hi
    return v
'''


def _sequence_source(k: str, t: str) -> str:
    ints = k[0] == "i"
    fill = "start + np.int64(i) * step" if ints else "start + np.float64(i) * delta"
    return f'''
def tp_numpy_arange_len_{k}(start: {t}, stop: {t}, step: {t}) -> int:
    if step == 0:
        raise ZeroDivisionError("{cpython_message("1 / 0" if ints else "1.0 / 0.0")}")
    length = {"np.float64(stop - start) / np.float64(step)" if ints else "(stop - start) / step"}
    if length != length:
        raise ValueError("arange: cannot compute length")
    if not (length > 0.0):
        return 0
    if length > 9.2e18:
        raise ValueError("Maximum allowed size exceeded")
    return int(math.ceil(length))


def tp_numpy_arange_{k}(start: {t}, step: {t}, out: '{t.removeprefix("np.")}[:]') -> None:
    n = len(out)
    if n > 0:
        out[0] = start
    if n > 1:
        out[1] = start + step
    delta = out[1] - start if n > 1 else step
    for i in range(2, n):
        out[i] = {fill}


def tp_numpy_cumsum_{k}(x: '{t.removeprefix("np.")}[:]', out: '{t.removeprefix("np.")}[:]') -> None:
    n = len(x)
    if n > 0:
        out[0] = x[0]
    for i in range(1, n):
        out[i] = out[i - 1] + x[i]
'''


_LINSPACE = '''
def tp_numpy_linspace(start: float, stop: float, out: 'float64[:]') -> None:
    num = len(out)
    div = num - 1
    delta = stop - start
    if div > 0:
        step = delta / np.float64(div)
        if step == 0.0:
            for i in range(num):
                out[i] = np.float64(i) / np.float64(div) * delta + start
        else:
            for i in range(num):
                out[i] = np.float64(i) * step + start
        out[num - 1] = stop
    else:
        for i in range(num):
            out[i] = np.float64(i) * delta + start
'''

FLOAT_TYPES = {"f8": "np.float64", "f4": "np.float32", "c16": "np.complex128",
               "c8": "np.complex64"}
INT_TYPES = {"i8": "np.int64", "i4": "np.int32", "i2": "np.int16", "i1": "np.int8"}


def _source(group: str) -> str:
    """The source of one group: "f8:1c" (a kind's pairwise sums of one layout), "f8:axisC",
    "f8:elem", "f8:seq", "linspace"."""
    if group == "linspace":
        return _LINSPACE
    k, what = group.split(":")
    t = FLOAT_TYPES.get(k) or INT_TYPES[k]
    if what.startswith("axis"):
        out_t = t if k[0] == "f" else "np.int64"
        floats = k[0] == "f"
        runs = _float_source(k, t, 2, what[-1]) if floats else ""
        spreads = _axis_spread_source(k, t, what[-1]) if floats else ""
        return runs + _axis_source(k, t, out_t, what[-1]) + spreads
    if what == "elem":
        return _elementwise_source(k, t)
    if what == "seq":
        return _sequence_source(k, t)
    if what.startswith("arg"):
        return _arg_source(k, t, int(what[3]), what[4].upper())
    rank, order = int(what[0]), what[1].upper()
    if k[0] == "c":
        return _complex_source(k, t, rank, order)
    if k[0] == "f":
        return _float_source(k, t, rank, order)
    return _float_source("f8", "np.float64", 1, "C") + _int_mean_source(k, t, rank, order)


def group_of(name: str) -> str:
    """The group whose source defines helper `name`."""
    body = name.removeprefix("tp_numpy_")
    if body.startswith("linspace"):
        return "linspace"
    op, _, rest = body.partition("_")
    if op in ("arange", "cumsum"):
        return f"{rest.removeprefix('len_')}:seq"
    if op in ("sign", "clip", "clips"):
        return f"{rest}:elem"
    if op in ("argmax", "argmin"):
        layout, _, k = rest.rpartition("_")
        return f"{k}:arg{layout}"
    layout, _, k = rest.rpartition("_")
    if layout.startswith("a"):
        return f"{k}:axis{layout[-1].upper()}"
    return f"{k}:{layout}"


class _Truncating(Transformer):
    """Integer `//` and `%` of the helpers have nonnegative operands: Fortran's own `/` and
    MOD compute them (no check of the divisor, which is never zero where it is reached)."""

    def visit_BinOp(self, e: ir.BinOp) -> ir.Expr:
        e = self.rebuild(e)
        if e.op in ("//", "%") and isinstance(e.type, Integer):
            return dataclasses.replace(e, op="/" if e.op == "//" else "mod")
        return e


@cache
def _module(group: str) -> ir.Module:
    from transpyle.frontends.python import parse_python
    from transpyle.passes.infer_types import infer_types
    from transpyle.passes.intents import infer_intents
    from transpyle.passes.lower_arrays import lower_arrays

    source = "import math\nimport numpy as np\n" + _source(group)
    module = infer_intents(infer_types(parse_python(source, "<transpyle numpy helpers>")))
    module = lower_arrays(module)
    module = _Truncating().visit(module)
    elemental = group.endswith(":elem")
    return dataclasses.replace(module, body=tuple(
        dataclasses.replace(f, kind="function", elemental=elemental)
        if isinstance(f, ir.FunctionDef) else f for f in module.body))


def numpy_helper(name: str) -> ir.FunctionDef:
    if name.startswith("tp_nparr_"):  # numpy_arrays.py's loops
        from transpyle.passes.numpy_array_helpers import array_helper

        return array_helper(name)
    return _module(group_of(name)).functions()[name]


def with_dependencies(names: set[str]) -> list[ir.FunctionDef]:
    """The helpers `names` and those they call, each once, callees first."""
    out: dict[str, ir.FunctionDef] = {}

    def add(name: str) -> None:
        if name in out:
            return
        f = numpy_helper(name)
        out[name] = f
        for n in walk(f):
            if isinstance(n, ir.Call | ir.CallStmt) \
                    and n.func.startswith(("tp_numpy_", "tp_nparr_")) \
                    and n.func != name:
                add(n.func)

    for name in sorted(names):
        add(name)
    return list(out.values())
