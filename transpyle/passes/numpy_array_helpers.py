"""The loops of `numpy_arrays.py`'s calls, as typed Python that our own frontend translates
(as `numpy_helpers.py`'s): one helper per operation, layout and element kind, named
`tp_nparr_<op>_<layout>_<kind>` (kinds f8 f4 c16 c8 i8 i4 i2 i1 b1; layouts 1c, 2c, 2f, 3c,
3f, or a<axis><order> along an axis of a matrix).

Every element is read at its logical (C-order) position, whatever the layout, so a reshape or
ravel of an F-ordered matrix takes NumPy's C order. `np.cumsum` along an axis adds in order
along it (np.add.accumulate); argmax/argmin keep the first extreme and the first NaN.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from transpyle.ir import nodes as ir
from transpyle.ir.types import INT64
from transpyle.ir.visitor import Transformer

_TYPES = {"f8": "float64", "f4": "float32", "c16": "complex128", "c8": "complex64",
          "i8": "int64", "i4": "int32", "i2": "int16", "i1": "int8", "b4": "bool", "b1": "bool"}


def _hint(k: str, rank: int, order: str = "c") -> str:
    dims = ",".join(":" for _ in range(rank))
    return f"'{_TYPES[k]}[{dims}]" + ("(order=F)'" if order == "f" and rank > 1 else "'")


def _at(v: str, rank: int, i: str) -> str:
    """`v`'s element at flat C-order position `i`, as Python source."""
    if rank == 1:
        return f"{v}[{i}]"
    if rank == 2:
        return f"{v}[{i} // {v}.shape[1], {i} % {v}.shape[1]]"
    return (f"{v}[{i} // ({v}.shape[1] * {v}.shape[2]), ({i} // {v}.shape[2]) % {v}.shape[1], "
            f"{i} % {v}.shape[2]]")


def _reshape(layout: str, out_rank: int, k: str) -> str:
    rank, order = int(layout[0]), layout[1]
    return f'''
def tp_nparr_reshape_{layout}_{out_rank}_{k}(x: {_hint(k, rank, order)},
                                             out: {_hint(k, out_rank)}) -> None:
    for i in range(x.size):
        {_at("out", out_rank, "i")} = {_at("x", rank, "i")}
'''


def _diff(k: str) -> str:
    return f'''
def tp_nparr_diff_{k}(x: {_hint(k, 1)}, out: {_hint(k, 1)}) -> None:
    for i in range(x.shape[0] - 1):
        out[i] = x[i + 1] - x[i]
'''


def _nonzero(k: str) -> str:
    test = "x[i]" if k[0] == "b" else "x[i] != 0"
    return f'''
def tp_nparr_count_{k}(x: {_hint(k, 1)}) -> int:
    n = 0
    for i in range(x.shape[0]):
        if {test}:
            n += 1
    return n


def tp_nparr_flatnonzero_{k}(x: {_hint(k, 1)}, out: 'int64[:]') -> None:
    j = 0
    for i in range(x.shape[0]):
        if {test}:
            out[j] = i
            j += 1
'''


def _row(k: str, rows: bool) -> str:
    at = "out[r, i]" if rows else "out[i, r]"
    return f'''
def tp_nparr_{"row" if rows else "col"}_{k}(x: {_hint(k, 1)}, r: int, out: {_hint(k, 2)}) -> None:
    for i in range(x.shape[0]):
        {at} = x[i]
'''


def _eye(k: str) -> str:
    one = "True" if k[0] == "b" else "1"
    zero = "False" if k[0] == "b" else "0"
    return f'''
def tp_nparr_eye_{k}(d: int, out: {_hint(k, 2)}) -> None:
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = {zero}
        if 0 <= i + d < out.shape[1]:
            out[i, i + d] = {one}
'''


def _diag(layout: str, k: str) -> str:
    rank, order = int(layout[0]), layout[1]
    zero = "False" if k[0] == "b" else "0"
    if rank == 1:
        return f'''
def tp_nparr_diag_{layout}_{k}(x: {_hint(k, 1)}, out: {_hint(k, 2)}) -> None:
    for i in range(x.shape[0]):
        for j in range(x.shape[0]):
            out[i, j] = {zero}
        out[i, i] = x[i]
'''
    return f'''
def tp_nparr_diag_{layout}_{k}(x: {_hint(k, 2, order)}, out: {_hint(k, 1)}) -> None:
    for i in range(out.shape[0]):
        out[i] = x[i, i]
'''


def _bcast(layout: str, k: str) -> str:
    """x stretched to out's shape: an axis of length 1 read at index 0 (safety/stretch.py)."""
    rank, order = int(layout[0]), layout[1]
    idx = "ijk"[:rank]
    steps = "\n".join(f"    s{d} = 0 if x.shape[{d}] == 1 else 1" for d in range(rank))
    head = ""
    for d in range(rank):
        head += "    " * (d + 1) + f"for {idx[d]} in range(out.shape[{d}]):\n"
    at_out = ", ".join(idx)
    at_x = ", ".join(f"{idx[d]} * s{d}" for d in range(rank))
    body = "    " * (rank + 1) + f"out[{at_out}] = x[{at_x}]"
    return f'''
def tp_nparr_bcast_{layout}_{k}(x: {_hint(k, rank, order)}, out: {_hint(k, rank, order)}) -> None:
{steps}
{head}{body}
'''


def _put(k: str) -> str:
    return f'''
def tp_nparr_put_{k}(x: {_hint(k, 1)}, offset: int, out: {_hint(k, 1)}) -> None:
    for i in range(x.shape[0]):
        out[offset + i] = x[i]
'''


def _take(layout: str, k: str) -> str:
    rank, order = int(layout[0]), layout[1]
    copy = "out[i] = x[j]" if rank == 1 else \
        "for c in range(x.shape[1]):\n            out[i, c] = x[j, c]"
    return f'''
def tp_nparr_take_{layout}_{k}(x: {_hint(k, rank, order)}, idx: 'int64[:]',
                              out: {_hint(k, rank)}) -> None:
    n = x.shape[0]
    for i in range(idx.shape[0]):
        j = idx[i]
        if j < -n or j >= n:
            raise IndexError("index is out of bounds for axis 0")
        if j < 0:
            j = j + n
        {copy}
'''


def _axis(op: str, axis: int, order: str, k: str) -> str:
    """Along `axis` of a matrix: each result element runs over index `r` of that axis."""
    x = _hint(k, 2, order)
    other = f"x.shape[{1 - axis}]"
    along = f"x.shape[{axis}]"
    at = (lambda r: f"x[{r}, j]") if axis == 0 else (lambda r: f"x[j, {r}]")
    name = f"tp_nparr_{op}_a{axis}{order}_{k}"
    if op in ("argmax", "argmin"):
        cmp = ">" if op == "argmax" else "<"
        nan = "            if v != v:\n                where = r\n                break\n" \
            if k[0] == "f" else ""
        first_nan = "        if best != best:\n            out[j] = 0\n            continue\n" \
            if k[0] == "f" else ""
        return f'''
def {name}(x: {x}, out: 'int64[:]') -> None:
    if {along} == 0:
        raise ValueError("attempt to get {op} of an empty sequence")
    for j in range({other}):
        best = {at("0")}
        where = 0
{first_nan}        for r in range(1, {along}):
            v = {at("r")}
{nan}            if v {cmp} best:
                best = v
                where = r
        out[j] = where
'''
    if op == "cumsum":
        t = "float64" if k == "f8" else "float32" if k == "f4" else "int64"
        put = (lambda r: f"out[{r}, j]") if axis == 0 else (lambda r: f"out[j, {r}]")
        return f'''
def {name}(x: {x}, out: '{t}[:,:]') -> None:
    if {along} > 0:
        for j in range({other}):
            {put("0")} = {at("0")}
            for r in range(1, {along}):
                {put("r")} = {put("r - 1")} + {at("r")}
'''
    start, combine = ("False", "or") if op == "any" else ("True", "and")
    return f'''
def {name}(x: {x}, out: 'bool[:]') -> None:
    for j in range({other}):
        acc = {start}
        for r in range({along}):
            acc = acc {combine} {at("r")}
        out[j] = acc
'''


def _source(name: str) -> str:
    body = name.removeprefix("tp_nparr_")
    op, _, rest = body.partition("_")
    if op == "reshape":
        layout, out_rank, k = rest.split("_")
        return _reshape(layout, int(out_rank), k)
    if op == "diff":
        return _diff(rest)
    if op == "put":
        return _put(rest)
    if op == "bcast":
        layout, k = rest.split("_")
        return _bcast(layout, k)
    if op == "eye":
        return _eye(rest)
    if op == "diag":
        layout, k = rest.split("_")
        return _diag(layout, k)
    if op in ("row", "col"):
        return _row(rest, op == "row")
    if op in ("count", "flatnonzero"):
        return _nonzero(rest)
    if op == "take":
        layout, k = rest.split("_")
        return _take(layout, k)
    where, k = rest.split("_")
    return _axis(op, int(where[1]), where[2], k)


@cache
def array_helper(name: str) -> ir.FunctionDef:
    from transpyle.frontends.python import parse_python
    from transpyle.passes.infer_types import infer_types
    from transpyle.passes.intents import infer_intents
    from transpyle.passes.lower_arrays import lower_arrays
    from transpyle.passes.numpy_helpers import _Truncating

    source = "import numpy as np\n" + _source(name)
    module = infer_intents(infer_types(parse_python(source, "<transpyle numpy array helpers>")))
    module = _Truncating().visit(lower_arrays(module))
    f = module.functions()[name]
    return dataclasses.replace(_messages(f), kind="function")


class _Message(Transformer):
    """NumPy's IndexError message, with the index and the extent (a helper's source raises
    a constant message): `index 7 is out of bounds for axis 0 with size 7`."""

    def visit_Raise(self, s: ir.Raise) -> ir.Raise:
        if s.exc != "IndexError":
            return s
        j = ir.Name("j", type=INT64, loc=s.loc)
        n = ir.Name("n", type=INT64, loc=s.loc)
        return dataclasses.replace(s, message="index {} is out of bounds for axis 0 with size {}",
                                   args=(j, n))


def _messages(f: ir.FunctionDef) -> ir.FunctionDef:
    return _Message().visit(f) if f.name.startswith("tp_nparr_take_") else f
