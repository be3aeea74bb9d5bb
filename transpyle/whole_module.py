"""A whole Python module on the command line: translate every function that can be translated.

What the frontend refuses is found function by function in one pass; a refusal of a later
stage is found by translating the rest again without the function it is located in.

One refused function does not stop the module. Each refusal is a diagnostic at its location;
the functions that call a refused one (directly or through others) are refused too, each at
its call, since their translation would call something that is not there. The rest is
translated together, as one module, exactly as if the source held only them. An error outside
every function (a syntax error, a class at module level, an unreadable constant) stops the
whole module as before.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from transpyle.errors import SourceLoc, TranspileError
from transpyle.frontends.python.module import frontend_refusals


@dataclass
class ModuleResult:
    """The translation of what could be translated (None: nothing could), and the refusals
    in source order."""

    text: str | None
    refused: list[TranspileError] = field(default_factory=list)


def compile_keep_going(source: str, filename: str,
                       translate: Callable[[list[str] | None], str]) -> ModuleResult:
    """`translate(only)` translates the module restricted to the functions `only` (None: all)
    and raises TranspileError on the first refusal; this calls it until what is left
    translates, dropping each refused function and its callers."""
    try:
        tree = ast.parse(source, filename=filename, type_comments=True)
    except SyntaxError:
        return ModuleResult(translate(None))  # the translation reports it, located
    spans = _function_spans(tree)
    calls = _call_sites(tree, set(spans))
    refused: dict[str, TranspileError] = {}
    try:
        early = frontend_refusals(source, filename)  # all at once: cheap
    except RecursionError:
        from transpyle.compiler import too_deep

        raise too_deep(filename, source) from None
    for name, err in early.items():
        if name in spans and _owner(err.loc, filename, spans) == name:
            refused[name] = err
    for name in list(refused):
        _refuse_callers(name, calls, refused, source)
    left = [f for f in spans if f not in refused]
    only: list[str] | None = left if refused else None
    while True:
        try:
            text = translate(only) if left or not spans else None
            return ModuleResult(text, sorted(refused.values(), key=_order))
        except TranspileError as err:
            name = _owner(err.loc, filename, spans)
            if name is None or name not in left:
                raise
            refused[name] = err
            _refuse_callers(name, calls, refused, source)
            left = [f for f in left if f not in refused]
            only = left


def _function_spans(tree: ast.Module) -> dict[str, tuple[int, int]]:
    """First line (its first decorator's) and last line of each top-level function."""
    out: dict[str, tuple[int, int]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef):
            first = min([stmt.lineno] + [d.lineno for d in stmt.decorator_list])
            out[stmt.name] = (first, stmt.end_lineno or stmt.lineno)
    return out


def _call_sites(tree: ast.Module, names: set[str]) -> dict[str, list[tuple[str, ast.Call]]]:
    """For each module function, the calls of it by name: (the calling function, the call)."""
    out: dict[str, list[tuple[str, ast.Call]]] = {}
    for stmt in tree.body:
        if not isinstance(stmt, ast.FunctionDef):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in names and node.func.id != stmt.name:
                out.setdefault(node.func.id, []).append((stmt.name, node))
    return out


def _owner(loc: SourceLoc | None, filename: str,
           spans: dict[str, tuple[int, int]]) -> str | None:
    if loc is None or loc.file != filename:
        return None
    for name, (first, last) in spans.items():
        if first <= loc.line <= last:
            return name
    return None


def _refuse_callers(name: str, calls: dict[str, list[tuple[str, ast.Call]]],
                    refused: dict[str, TranspileError], source: str) -> None:
    todo = [name]
    while todo:
        callee = todo.pop()
        for caller, call in calls.get(callee, []):
            if caller in refused:
                continue
            err = refused[callee]
            loc = SourceLoc(err.loc.file, call.lineno, call.col_offset + 1)
            refused[caller] = TranspileError(
                loc, f"calls '{callee}', which is not translated",
                hint=f"see the error in '{callee}' at line {err.loc.line}",
                code="E-unsupported", source=source)
            todo.append(caller)


def _order(err: TranspileError) -> tuple[int, int]:
    return err.loc.line, err.loc.col
