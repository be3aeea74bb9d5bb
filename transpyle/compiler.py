"""Whole-file compilation: source text in one language -> source text in another.

Python (.py) -> Fortran, IR or Python; Fortran (.f, .f90, ...) -> Python, Fortran or IR.
"""

from __future__ import annotations

from pathlib import Path

from transpyle import passes
from transpyle.backends.fortran import emit_fortran
from transpyle.backends.python import emit_python
from transpyle.frontends.fortran import FIXED_SUFFIXES, FREE_SUFFIXES, parse_fortran
from transpyle.frontends.python import parse_python
from transpyle.ir import nodes as ir
from transpyle.ir.dump import dump

TARGETS = ("fortran", "ir", "python")
FORTRAN_SUFFIXES = FIXED_SUFFIXES + FREE_SUFFIXES


def python_to_ir(source: str, filename: str = "<string>",
                 only: list[str] | None = None, module_name: str | None = None) -> ir.Module:
    """Parse and type a Python module (target-neutral typed IR)."""
    return passes.typed(parse_python(source, filename, only, module_name))


def compile_source(source: str, to: str = "fortran", filename: str = "<string>",
                   module_name: str | None = None) -> str:
    """Translate Python source text; raises TranspileError on bad input."""
    if to not in TARGETS:
        raise ValueError(f"unknown target {to!r}; choose one of {', '.join(TARGETS)}")
    module = python_to_ir(source, filename, module_name=module_name)
    if to == "ir":
        return dump(module)
    if to == "python":
        return emit_python(module)
    return emit_fortran(passes.for_fortran(module))


def compile_fortran(source: str, to: str = "python", filename: str = "<string>.f90") -> str:
    """Translate Fortran source text (the IR as the Fortran frontend types it)."""
    if to not in TARGETS:
        raise ValueError(f"unknown target {to!r}; choose one of {', '.join(TARGETS)}")
    module = parse_fortran(source, filename)
    if to == "ir":
        return dump(module)
    if to == "python":
        return emit_python(module)
    return emit_fortran(module)


def compile_file(path: str | Path, to: str = "fortran") -> str:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in FORTRAN_SUFFIXES:
        return compile_fortran(text, to, filename=str(path))
    return compile_source(text, to, filename=str(path))
