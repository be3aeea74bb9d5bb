"""Pyccel's type hints as signatures to call, and the module-level names they use.

`signatures(fn, names)` reads the annotations of one module-level function of a Pyccel test
module: strings such as 'int[:,:](order=F)', 'int | float', 'const int', names bound at module
level to a TypeVar (`T = TypeVar('T', int, float)`: one signature per member, the same member for
every parameter spelled T) or to a type (`B = bool`), `Optional[X]` and `x: X = None`. Each
signature is a list of pythran_types.Hint (or None for an argument passed as None) plus the
number of trailing parameters with defaults, so that calls may leave them out. Types transpyle does
not take (function arguments, lists, tuples, classes) raise Unsupported naming their kind.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass

from tests.corpora.pythran_types import _SCALARS, Hint, Unsupported

_MAX_SIGNATURES = 6


@dataclass(frozen=True)
class Signature:
    hints: tuple[Hint | None, ...]  # None: an Optional parameter, passed as None
    defaults: int  # how many trailing parameters have a default value

    def label(self) -> str:
        return ", ".join("None" if h is None else h.text() for h in self.hints)


def module_names(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level `T = TypeVar('T', a, b)` as T -> [a, b]; `B = bool` / `F = 'float[:]'` as
    B -> ['bool']."""
    found: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and node.value is not None and ast.unparse(node.annotation) == "type":
            name, value = node.target.id, node.value  # `T : type = 'int | float'`
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        else:
            continue
        if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "TypeVar":
            found[name] = [_text(a) for a in value.args[1:]]
        elif isinstance(value, ast.Name) or (isinstance(value, ast.Constant)
                                             and isinstance(value.value, str)):
            found[name] = [_text(value)]
    return found


def _text(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ast.unparse(node)


def members(text: str, names: dict[str, list[str]], depth: int = 0) -> list[Hint | None]:
    """The concrete types a hint's text stands for (several for a union)."""
    t = " ".join(text.split())
    if depth > 4:
        raise Unsupported("recursive alias")
    m = re.fullmatch(r"(?:typing\.)?Optional\[(.*)\]", t)
    if m:
        return [*members(m.group(1), names, depth + 1), None]
    m = re.fullmatch(r"(?:typing\.)?(?:Final|Const)\[(.*)\]", t)
    if m:
        return members(m.group(1), names, depth + 1)
    t = t.removeprefix("const ").strip()
    if t.startswith("("):
        raise Unsupported("function argument")
    parts = [p.strip() for p in t.split("|")]
    if len(parts) > 1:
        return [h for p in parts for h in members(p, names, depth + 1)]
    if t == "None":
        return [None]
    for word in ("list", "tuple", "dict", "set", "str"):
        if re.match(rf"(?:typing\.)?{word}\b", t, re.I):
            raise Unsupported(word)
    t = re.sub(r"^(?:np|numpy)\.", "", t)
    order = "C"
    om = re.search(r"\(\s*order\s*=\s*([CF])\s*\)\s*$", t)
    if om:
        order, t = om.group(1), t[:om.start()].strip()
    base, bracket, dims = t.partition("[")
    base = base.strip()
    rank = dims.count(":") if bracket else 0
    if base in names and base not in _SCALARS:
        if rank:
            out = []
            for h in members(names[base][0], names, depth + 1) if len(names[base]) == 1 else []:
                out.append(None if h is None else Hint(h.dtype, rank, order))
            if out:
                return out
            raise Unsupported("TypeVar with dimensions")
        return [h for m_ in names[base] for h in members(m_, names, depth + 1)]
    if base not in _SCALARS:
        raise Unsupported(f"type {base}")
    return [Hint(_SCALARS[base], rank, order if rank else "C")]


def signatures(fn: ast.FunctionDef, names: dict[str, list[str]]) -> list[Signature]:
    """One Signature per combination of union and TypeVar members (at most a few)."""
    a = fn.args
    if a.vararg or a.kwarg or a.kwonlyargs:
        raise Unsupported("*args/**kwargs/keyword-only")
    params = a.posonlyargs + a.args
    defaults = len(a.defaults)
    choices: list[list[Hint | None]] = []
    typevars: dict[str, int] = {}  # TypeVar name -> index of its choice
    picks: list[int] = []  # per parameter: which entry of choices it follows
    for k, p in enumerate(params):
        if p.annotation is None:
            raise Unsupported("a parameter without a hint")
        text = _text(p.annotation)
        key = text.strip()
        opts = members(text, names)
        has_none_default = k >= len(params) - defaults and _is_none(
            a.defaults[k - (len(params) - defaults)])
        if has_none_default and None not in opts:
            opts = [*opts, None]
        if key in names and len(names[key]) > 1:
            if key not in typevars:
                typevars[key] = len(choices)
                choices.append(opts)
            picks.append(typevars[key])
        else:
            picks.append(len(choices))
            choices.append(opts)
    out = []
    for combo in itertools.product(*choices):
        out.append(Signature(tuple(combo[i] for i in picks), defaults))
        if len(out) >= _MAX_SIGNATURES:
            break
    return out


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
