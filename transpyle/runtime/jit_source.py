"""What @transpile translates: the module's source as Python imported it, and the module
constants as they are when the function is built.

The source is captured when the decorator runs, that is while Python imports the module: it is
the text Python compiled, not what the file says at the first call (an edit after the import
is never translated silently). At the first call the captured text is compiled again and the
code objects of the function and of the module functions it reaches are compared with those
Python runs: a file changed between the import and the decorator is refused.

A module constant (`N = 64` at module level) is a Fortran parameter, fixed when the function is
built. The build takes each constant the translated functions read with its value at that
moment (`freeze`), and every call checks, by identity, that none has been rebound since
(`Frozen.stale`): Python sees a rebound constant, so the compiled code must too. A rebound
constant drops the built entries; the next call builds again with the new value (or finds that
build in the cache). The check costs a few tens of ns per call per constant read, and nothing
for a function that reads none (measured in tests/runtime/test_jit_source.py).
"""

from __future__ import annotations

import ast
import inspect
import linecache
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import CodeType
from typing import Any

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError

_NUMBERS = (bool, int, float, complex)


@dataclass(frozen=True, slots=True)
class Captured:
    text: str
    path: str


def capture(fn: Callable[..., Any]) -> Captured | None:
    """The source of `fn`'s module as it reads now (at import time, from the decorator)."""
    filename = fn.__code__.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, fn.__globals__)
    if lines:
        return Captured("".join(lines), filename)
    try:  # e.g. a function from an exec'd string: its own source, if inspect finds it
        return Captured(textwrap.dedent(inspect.getsource(fn)), "<function>")
    except (OSError, TypeError):
        return None


@dataclass(slots=True)
class Frozen:
    """The module constants a build read, with the objects it read."""
    namespace: dict[str, Any]
    values: list[tuple[str, Any]]

    def stale(self) -> bool:
        """Whether a constant was rebound to another value since the build (an equal value
        of the same type is taken over without a rebuild)."""
        for k, (name, value) in enumerate(self.values):
            now = self.namespace.get(name, _MISSING)
            if now is not value:
                if type(now) is not type(value) or now != value:
                    return True
                self.values[k] = (name, now)
        return False


_MISSING = object()


def imported_source(fn: Callable[..., Any], captured: Captured | None) -> tuple[str, str, Frozen]:
    """The captured source, checked against the code Python runs, with the module constants
    that `fn` and the functions it reaches read replaced by their current values."""
    name = fn.__name__
    if captured is None:
        raise TranspileError(_loc(fn), msg.NO_SOURCE.format(name=name), msg.NO_SOURCE_HINT,
                             code="E-source")
    tree = ast.parse(captured.text, captured.path)
    module_code = compile(tree, captured.path, "exec", dont_inherit=True)
    defs = {c.co_name: c for c in module_code.co_consts if isinstance(c, CodeType)}
    read = _check_reached(fn, defs, captured)
    text, frozen = freeze(captured.text, tree, read, fn.__globals__, captured.path)
    return text, captured.path, frozen


def _check_reached(fn: Callable[..., Any], defs: dict[str, CodeType],
                   captured: Captured) -> set[str]:
    """The global names read by `fn` and the module functions it reaches; each of those
    functions must be compiled from the captured text."""
    read: set[str] = set()
    todo, seen = [fn.__name__], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        obj = fn if name == fn.__name__ else fn.__globals__.get(name)
        code = getattr(getattr(obj, "__wrapped__", obj), "__code__", None)
        if code is None or name not in defs:
            continue
        if not _same_code(code, defs[name]) and captured.path != "<function>":
            raise TranspileError(_loc(fn), msg.SOURCE_CHANGED.format(
                name=name, path=captured.path), msg.SOURCE_CHANGED_HINT, code="E-source")
        names = set(_global_names(code))
        read |= names
        todo.extend(n for n in names if n in defs)
    return read


def _global_names(code: CodeType) -> Iterator[str]:
    yield from code.co_names
    for c in code.co_consts:
        if isinstance(c, CodeType):
            yield from _global_names(c)


def _same_code(a: CodeType, b: CodeType) -> bool:
    """Same bytecode, names and constants (line numbers aside: an edit above a function
    moves it without changing it)."""
    if (a.co_code, a.co_names, a.co_varnames, a.co_freevars, a.co_argcount, a.co_flags) != \
            (b.co_code, b.co_names, b.co_varnames, b.co_freevars, b.co_argcount, b.co_flags):
        return False
    if len(a.co_consts) != len(b.co_consts):
        return False
    for x, y in zip(a.co_consts, b.co_consts, strict=True):
        if isinstance(x, CodeType) and isinstance(y, CodeType):
            if not _same_code(x, y):
                return False
        elif type(x) is not type(y) or not (x == y or x != x and y != y):  # nan != nan
            return False
    return True


def freeze(text: str, tree: ast.Module, read: set[str], namespace: dict[str, Any],
           path: str) -> tuple[str, Frozen]:
    """`text` with each module constant in `read` given its value in `namespace` (the
    literal of `NAME = <literal>` replaced), and what was read."""
    lines = text.splitlines(keepends=True)
    values: dict[str, Any] = {}
    edits: list[tuple[ast.expr, str]] = []
    for stmt in tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            else stmt.target if isinstance(stmt, ast.AnnAssign) else None  # `N: Final = 10`
        if not (isinstance(target, ast.Name) and isinstance(stmt.value, ast.Constant)  # type: ignore[union-attr]
                and type(stmt.value.value) in _NUMBERS):  # type: ignore[union-attr]
            continue
        name = target.id
        if name not in read:
            continue
        now = namespace.get(name, _MISSING)
        if type(now) not in _NUMBERS or not _is_literal(repr(now)):
            raise TranspileError(SourceLoc(path, stmt.lineno, stmt.col_offset + 1),
                                 msg.CONSTANT_VALUE.format(name=name, value=now),
                                 msg.CONSTANT_VALUE_HINT, code="E-constant", source=text)
        values[name] = now
        edits.append((stmt.value, repr(now)))
    for node, new in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        assert node.end_lineno == node.lineno and node.end_col_offset is not None
        line = lines[node.lineno - 1].encode()
        lines[node.lineno - 1] = (line[: node.col_offset] + new.encode()
                                  + line[node.end_col_offset:]).decode()
    return "".join(lines), Frozen(namespace, list(values.items()))


def _is_literal(text: str) -> bool:
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False
    return isinstance(node, ast.Constant)


def _loc(fn: Callable[..., Any]) -> SourceLoc:
    return SourceLoc(fn.__code__.co_filename, fn.__code__.co_firstlineno, 1)
