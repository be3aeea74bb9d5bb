"""Names for the Python target: IR -> IR.

A Fortran name that is a Python keyword (`lambda`, `in`, `is`, `global`, ...) or one of the
names the emitted module itself uses (`max`, `len`, `range`, `np`, `math`, `fio`, ...) gets a
trailing underscore everywhere it appears (`lambda_`), so the module parses and the builtins
it calls keep their meaning. Deterministic, so every module of a tree renames alike.
"""

from __future__ import annotations

import builtins
import dataclasses
import keyword
from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Record
from transpyle.ir.visitor import Transformer

# what emitted code refers to unqualified, besides the keywords
USED = {"np", "math", "fio", "fmpi", "storage", "SimpleNamespace", "dataclass", "field", "Callable",
        "label_", "l"}  # `l` reads like 1 (PEP 8)
RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | USED | frozenset(
    n for n in dir(builtins) if not n.startswith("_"))


def safe(name: str) -> str:
    return name + "_" if name in RESERVED else name


class _Rename(Transformer):
    def visit_Name(self, e: ir.Name) -> ir.Name:
        return dataclasses.replace(e, id=safe(e.id)) if e.id in RESERVED else e

    def visit_VarDecl(self, d: ir.VarDecl) -> ir.VarDecl:
        d = self.rebuild(d)
        t = d.type
        elem = t.elem if isinstance(t, Array) else t
        if isinstance(elem, Record) and elem.name in RESERVED:  # a derived type's name
            new = Record(safe(elem.name))
            d = dataclasses.replace(d, type=dataclasses.replace(t, elem=new)
                                    if isinstance(t, Array) else new)
        return dataclasses.replace(d, name=safe(d.name)) if d.name in RESERVED else d

    def visit_Field(self, e: ir.Field) -> ir.Field:
        e = self.rebuild(e)
        return dataclasses.replace(e, name=safe(e.name)) if e.name in RESERVED else e

    def visit_TypeDef(self, t: ir.TypeDef) -> ir.TypeDef:
        t = self.rebuild(t)
        return dataclasses.replace(t, name=safe(t.name))

    def visit_FunctionDef(self, f: ir.FunctionDef) -> ir.FunctionDef:
        f = self.rebuild(f)
        return dataclasses.replace(f, name=safe(f.name)) if f.name in RESERVED else f

    def generic_visit(self, node: Any) -> Any:
        node = self.rebuild(node)
        for attr in ("func", "name"):  # Call/CallStmt, Allocate/Deallocate
            value = getattr(node, attr, None)
            if isinstance(value, str) and value in RESERVED and not isinstance(
                    node, ir.Intrinsic | ir.Module):
                node = dataclasses.replace(node, **{attr: safe(value)})
        return node


def python_names(module: ir.Module) -> ir.Module:
    """`module` with every name safe for Python (see the module docstring)."""
    renamed: ir.Module = _Rename().visit(module)
    return renamed


def python_function_names(functions: dict[str, ir.FunctionDef]) -> dict[str, ir.FunctionDef]:
    """Procedures of other files, renamed the same way (keys included)."""
    renamed = [_Rename().visit(f) for f in functions.values()]
    return {f.name: f for f in renamed}


def python_decl(d: ir.VarDecl) -> ir.VarDecl:
    renamed: ir.VarDecl = _Rename().visit(d)
    return renamed
