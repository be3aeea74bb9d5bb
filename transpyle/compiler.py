"""Whole-file compilation: source text in one language -> source text in another."""

from __future__ import annotations

from pathlib import Path

from transpyle import passes
from transpyle.backends.fortran import emit_fortran
from transpyle.frontends.python import parse_python
from transpyle.ir import nodes as ir
from transpyle.ir.dump import dump

TARGETS = ("fortran", "ir")


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
    return emit_fortran(passes.for_fortran(module))


def compile_file(path: str | Path, to: str = "fortran") -> str:
    path = Path(path)
    return compile_source(path.read_text(encoding="utf-8"), to, filename=str(path))
