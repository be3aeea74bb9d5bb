"""Pythran's `#pythran export` lines as transpyle hints, and random arguments of those types.

`exports(text)` reads the export lines of a case file; `hint(ptype)` turns one of Pythran's
argument types (an optional one, `float?`, as the type: always passed; the old `float array 2`
as `float[:,:]`) into a Pyccel-style hint string ('float[:,:](order=F)', 'int32', ...) or
raises `Unsupported` naming the kind of type (lists, sets, dicts, strings, tuples, unions are
refused by type: transpyle takes scalars and NumPy arrays). `arguments(hints, rng, variant)`
draws fresh values of those types: negatives, odd and even sizes, shapes that agree (variants
0 and 1) and shapes that do not (variant 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

_EXPORT = re.compile(r"^\s*#\s*pythran\s+export\s+(.*)$")
_SCALARS = {
    "int": "int", "long": "int", "float": "float", "complex": "complex", "bool": "bool",
    "float64": "float64", "float32": "float32", "double": "float64",
    "complex128": "complex128", "complex64": "complex64",
    "int8": "int8", "int16": "int16", "int32": "int32", "int64": "int64",
    "uint8": "uint8", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64",
    "intc": "int32", "uintc": "uint32", "intp": "int64", "uintp": "uint64",
}
_DTYPES = {"int": np.int64, "float": np.float64, "complex": np.complex128, "bool": np.bool_}


class Unsupported(Exception):
    """A Pythran type outside what transpyle takes; the message is its kind ('list', ...)."""


@dataclass(frozen=True)
class Export:
    name: str
    types: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Hint:
    """A parameter's type: dtype name, rank (0 for a scalar), memory order."""

    dtype: str
    rank: int = 0
    order: str = "C"

    def text(self) -> str:
        if self.rank == 0:
            return self.dtype
        dims = ",".join(":" * self.rank)
        return f"{self.dtype}[{dims}]" + ("(order=F)" if self.order == "F" else "")


def split_top(text: str) -> list[str]:
    """`text` split at its commas outside brackets and parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def exports(text: str) -> list[Export]:
    """The exported functions of a case file, one per export signature (continued lines,
    `#pythran export a(int), b(float)` and `#pythran export capsule` handled)."""
    lines = text.splitlines()
    found: list[Export] = []
    i = 0
    while i < len(lines):
        m = _EXPORT.match(lines[i])
        start = i
        i += 1
        if not m:
            continue
        body = m.group(1)
        while body.count("(") > body.count(")") and i < len(lines):
            body += " " + lines[i].lstrip().lstrip("#")
            i += 1
        if body.startswith("capsule"):
            continue
        for item in split_top(body):
            sig = re.match(r"^([A-Za-z_]\w*)\s*\((.*)\)\s*$", item, re.S)
            if sig:
                found.append(Export(sig.group(1), tuple(split_top(sig.group(2))), start + 1))
    return found


def hint(ptype: str) -> Hint:
    """transpyle's hint for one of Pythran's argument types, or Unsupported."""
    t = " ".join(ptype.split())
    if " or " in t:
        raise Unsupported("union")
    for word in ("list", "set", "dict", "str", "None", "slice"):
        if re.search(rf"\b{word}\b", t):
            raise Unsupported(word)
    if t.startswith("(") or ":" in t.split("[")[0]:
        raise Unsupported("tuple" if t.startswith("(") else "dict")
    t = t.removesuffix("?").strip()  # an optional argument: always passed here
    old = re.fullmatch(r"(\w+)\s+array(?:\s+(\d+))?", t)  # Pythran's old `float array 2`
    if old:
        t = old.group(1) + "[" + ",".join([":"] * int(old.group(2) or 1)) + "]"
    order = "C"
    m = re.search(r"\border\s*\(\s*([CF])\s*\)\s*$", t)
    if m:
        order, t = m.group(1), t[:m.start()].strip()
    base, _, dims = t.partition("[")
    base = base.strip()
    if base not in _SCALARS:
        raise Unsupported(f"type {base}")
    if not dims:
        return Hint(_SCALARS[base])
    groups = re.findall(r"\[([^\]]*)\]", "[" + dims)
    rank = len(groups) if len(groups) > 1 else groups[0].count(",") + 1
    if len(groups) == 1 and groups[0].replace(" ", "") == "::":  # Pythran's strided 1-D view
        rank = 1
    return Hint(_SCALARS[base], rank, order)


def _dtype(name: str) -> np.dtype[Any]:
    return np.dtype(_DTYPES.get(name, name))


def _values(dtype: np.dtype[Any], shape: tuple[int, ...], rng: np.random.Generator) -> Any:
    if dtype.kind == "b":
        return rng.integers(0, 2, shape).astype(dtype)
    if dtype.kind in "iu":
        low = 0 if dtype.kind == "u" else -20
        return rng.integers(low, 21, shape).astype(dtype)
    if dtype.kind == "c":
        return (rng.normal(0, 3, shape) + 1j * rng.normal(0, 3, shape)).astype(dtype)
    return rng.normal(0, 3, shape).astype(dtype)


def scalar(h: Hint, rng: np.random.Generator, n: int, variant: int) -> Any:
    """A scalar argument: ints are small (sizes, counts, indices), negative in variant 1 and 2."""
    if h.dtype in ("int", "int64", "int32", "int16", "int8") or h.dtype.startswith("uint"):
        low = 1 if variant == 0 else -3
        value = int(rng.integers(low, max(n, 4) + (variant == 2) * 6))
        return value if h.dtype == "int" else _dtype(h.dtype).type(value)
    if h.dtype == "bool":
        return bool(rng.integers(0, 2))
    value = _values(_dtype(h.dtype), (), rng)
    return value.item() if h.dtype in ("float", "complex") else value[()]


def arguments(hints: list[Hint], rng: np.random.Generator, variant: int) -> list[Any]:
    """One call's arguments. Variant 0: every extent n (odd); 1: every extent n (even);
    2: each extent drawn on its own, 1 to 7."""
    n = int(rng.choice([3, 5, 7, 9])) if variant == 0 else int(rng.choice([2, 4, 6, 8]))
    out: list[Any] = []
    for h in hints:
        if h.rank == 0:
            out.append(scalar(h, rng, n, variant))
            continue
        shape = tuple(n if variant < 2 else int(rng.integers(1, 8)) for _ in range(h.rank))
        a = _values(_dtype(h.dtype), shape, rng)
        out.append(np.asfortranarray(a) if h.order == "F" else np.ascontiguousarray(a))
    return out
