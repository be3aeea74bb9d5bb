"""Whole-file compilation: source text in one language -> source text in another.

Python (.py) -> Fortran, IR or Python; Fortran (.f, .f90, ...) -> Python, Fortran or IR.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from transpyle import passes
from transpyle.backends.fortran import emit_fortran
from transpyle.backends.python import emit_python
from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.fortran import FIXED_SUFFIXES, FREE_SUFFIXES, parse_fortran
from transpyle.frontends.python import parse_python
from transpyle.ir import nodes as ir
from transpyle.ir.dump import dump
from transpyle.ir.visitor import children
from transpyle.passes.specialise import specialise_unions

TARGETS = ("fortran", "ir", "python")
FORTRAN_SUFFIXES = FIXED_SUFFIXES + FREE_SUFFIXES
# The command line runs in a thread with this much stack and this recursion limit, so that
# deeply nested expressions (10,000 terms) translate; deeper ones are a diagnostic.
DEEP_STACK_BYTES = 512 * 2**20
DEEP_RECURSION_LIMIT = 60_000
_T = TypeVar("_T")


def python_to_ir(source: str, filename: str = "<string>",
                 only: list[str] | None = None, module_name: str | None = None) -> ir.Module:
    """Parse and type a Python module (target-neutral typed IR); a function with union hints
    becomes one specialisation per member (`passes/specialise.py`)."""
    return passes.typed(specialise_unions(parse_python(source, filename, only, module_name)))


def compile_source(source: str, to: str = "fortran", filename: str = "<string>",
                   module_name: str | None = None, only: list[str] | None = None) -> str:
    """Translate Python source text (`only`: just these functions); raises TranspileError on
    bad input."""
    if to not in TARGETS:
        raise ValueError(f"unknown target {to!r}; choose one of {', '.join(TARGETS)}")
    try:
        module = python_to_ir(source, filename, only, module_name=module_name)
        _no_stray_strings(module, source)
        if to == "ir":
            return dump(module)
        if to == "python":
            _no_optional_params(source, filename)
            return emit_python(_no_tuple_results(module, source))
        return emit_fortran(passes.for_fortran(module))
    except RecursionError:
        raise too_deep(filename, source) from None


def _no_tuple_results(module: ir.Module, source: str) -> ir.Module:
    """The Python backend prints typed IR, where a returned tuple is out parameters
    (passes/tuples.py): refused there rather than printed as a function that returns None."""
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.results:
            raise TranspileError(f.loc, f"'{f.name}' returns a tuple: --to python does not "
                                 "translate tuple results yet", code="E-unsupported",
                                 source=source)
    return module


def _no_optional_params(source: str, filename: str) -> None:
    """A parameter that defaults to None is a value and a flag in the IR
    (frontends/python/optional.py): refused for the Python backend, which would print the pair
    as two parameters of another signature."""
    import ast

    from transpyle.errors import SourceLoc

    for f in ast.parse(source).body:
        if not isinstance(f, ast.FunctionDef):
            continue
        args = [*f.args.posonlyargs, *f.args.args]
        defaults = [None] * (len(args) - len(f.args.defaults)) + list(f.args.defaults)
        pairs = [*zip(args, defaults, strict=True),
                 *zip(f.args.kwonlyargs, f.args.kw_defaults, strict=True)]
        for arg, default in pairs:
            if isinstance(default, ast.Constant) and default.value is None:
                raise TranspileError(SourceLoc(filename, arg.lineno, arg.col_offset + 1),
                                     f"'{f.name}' has an optional parameter '{arg.arg}': "
                                     "--to python does not translate optional parameters yet",
                                     code="E-unsupported", source=source)


def _no_stray_strings(module: ir.Module, source: str) -> None:
    """A Python string constant anywhere but as an argument of a call of a module function
    or an operand of a comparison (where a str argument takes it) is one where a number is
    expected (`int('3')`, `np.zeros('n')`). Refused at its location."""
    stack: list[ir.Node] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Call | ir.CallStmt | ir.Compare):  # typed by infer_types
            operands = node.args if isinstance(node, ir.Call | ir.CallStmt) else (node.left,
                                                                                node.right)
            stack.extend(c for c in children(node) if not (
                isinstance(c, ir.Const) and isinstance(c.value, str) and c in operands))
            continue
        if isinstance(node, ir.Const) and isinstance(node.value, str):
            raise TranspileError(node.loc, f"the string {node.value!r} where a number is "
                                 "expected"[:200], code="E-type", source=source)
        stack.extend(children(node))


def compile_fortran(source: str, to: str = "python", filename: str = "<string>.f90") -> str:
    """Translate Fortran source text (the IR as the Fortran frontend types it)."""
    if to not in TARGETS:
        raise ValueError(f"unknown target {to!r}; choose one of {', '.join(TARGETS)}")
    try:
        module = parse_fortran(source, filename)
        if to == "ir":
            return dump(module)
        if to == "python":
            return emit_python(module)
        return emit_fortran(module)
    except RecursionError:
        raise too_deep(filename, source) from None


def compile_file(path: str | Path, to: str = "fortran") -> str:
    path = Path(path)
    text = read_source(path)
    if path.suffix.lower() in FORTRAN_SUFFIXES:
        return compile_fortran(text, to, filename=str(path))
    return compile_source(text, to, filename=str(path))


def read_source(path: Path) -> str:
    """The text of a source file. A directory, an unreadable file, bytes that are not UTF-8
    and NUL characters are diagnostics (the last two at their line and column)."""
    if path.is_dir():
        raise TranspileError(None, f"'{path}' is a directory, not a source file",
                             hint="`transpyle migrate DIR -o OUT` translates a tree")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise TranspileError(None, f"cannot read '{path}': {err.strerror or err}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TranspileError(_byte_loc(str(path), data, err.start),
                             f"the file is not UTF-8 text (byte 0x{data[err.start]:02x})",
                             hint="save it as UTF-8", code="E-encoding",
                             source=data.decode("utf-8", "replace")) from None
    if "\0" in text:
        raise TranspileError(_byte_loc(str(path), data, data.index(b"\0")),
                             "the file contains a NUL character: not source text",
                             code="E-encoding", source=text.replace("\0", " "))
    return text


def _byte_loc(filename: str, data: bytes, pos: int) -> SourceLoc:
    start = data.rfind(b"\n", 0, pos) + 1
    col = len(data[start:pos].decode("utf-8", "replace")) + 1
    return SourceLoc(filename, data.count(b"\n", 0, pos) + 1, col)


def too_deep(filename: str, text: str) -> TranspileError:
    """The diagnostic for a RecursionError: at the most deeply parenthesised point of the
    source, or at its longest line when nothing is parenthesised deeply."""
    best, line, col, depth = (0, 1, 1), 1, 1, 0
    for ch in text:
        if ch == "\n":
            line, col, depth = line + 1, 0, 0
        elif ch == "(":
            depth += 1
            best = max(best, (depth, -line, -col))
        elif ch == ")":
            depth -= 1
        col += 1
    if best[0] >= 50:
        loc = SourceLoc(filename, -best[1], -best[2])
    else:
        lines = text.splitlines() or [""]
        k = max(range(len(lines)), key=lambda i: len(lines[i]))
        loc = SourceLoc(filename, k + 1, len(lines[k]) - len(lines[k].lstrip()) + 1)
    return TranspileError(loc, "expression nested too deeply to translate",
                          hint="split it into several statements with temporaries",
                          code="E-depth", source=text)


def call_deep(fn: Callable[[], _T]) -> _T:
    """`fn()` in a worker thread with a large stack and a raised recursion limit (the
    command line's way of translating deeply nested expressions). The limit is the
    interpreter's and stays raised: only the command line, which owns its process, calls
    this. Where no such thread can start, `fn()` runs here."""
    outcome: list[tuple[bool, object]] = []

    def work() -> None:
        try:
            outcome.append((True, fn()))
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
            outcome.append((False, err))

    limit = sys.getrecursionlimit()
    try:
        old = threading.stack_size(DEEP_STACK_BYTES)
        try:
            worker = threading.Thread(target=work, name="transpyle", daemon=True)
            sys.setrecursionlimit(max(limit, DEEP_RECURSION_LIMIT))
            worker.start()
        finally:
            threading.stack_size(old)
    except (ValueError, RuntimeError):  # no thread of that size here: the plain stack
        sys.setrecursionlimit(limit)
        return fn()
    worker.join()
    ok, value = outcome[0]
    if not ok:
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]
