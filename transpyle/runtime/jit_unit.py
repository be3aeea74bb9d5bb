"""What one @transpile build translates: the function's module and the modules whose functions
it imports and reaches through calls, as one Fortran module (one extension).

A migrated tree is a module per Fortran file (`from lsame import lsame` in mygemm.py): a
function calls procedures of other modules by importing them. A module-level
`from m import f` (same name; `import ... as` another name is not followed) where `f` is, in the
importing module's namespace, a plain Python function (or an @transpile'd one) of another module
links `f` into the build: its module's source is captured when the build first needs it and its
code objects are checked against those Python runs (a file changed since the import is
refused, as for the function's own module). The linked modules' functions that the build reaches
are translated with their own module's imports and file names (diagnostics point at their own
lines); a name defined by two modules of one build is refused. Module constants of a linked
module are not frozen or watched for rebinding (jit_source.py does that for the function's own
module only): a linked function that reads one is refused.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.runtime.jit_source import Captured, capture, imported_source

_NOT_LINKED = ("numpy", "transpyle", "math", "cmath", "builtins")


@dataclass
class Part:
    """One module of the build: its (constant-frozen) source, where it comes from, its
    namespace, and the functions it imports from other parts (name -> the function)."""
    text: str
    path: str
    namespace: dict[str, Any]
    tree: ast.Module
    imported: dict[str, Callable[..., Any]] = field(default_factory=dict)

    @functools.cached_property
    def defs(self) -> dict[str, ast.FunctionDef]:
        """The module's top-level functions, by name."""
        return {s.name: s for s in self.tree.body if isinstance(s, ast.FunctionDef)}


def _plain(obj: Any) -> Callable[..., Any] | None:
    """The Python function behind `obj` (an @transpile'd one's own), if it is one."""
    fn = getattr(obj, "__wrapped__", obj)  # functools.update_wrapper, as jit_source reads it
    return fn if inspect.isfunction(fn) else None


def _imports(part: Part) -> dict[str, Callable[..., Any]]:
    """The functions of other modules that `part` imports by a module-level `from m import f`."""
    out: dict[str, Callable[..., Any]] = {}
    for stmt in part.tree.body:
        if not isinstance(stmt, ast.ImportFrom):
            continue
        for alias in stmt.names:
            if alias.asname not in (None, alias.name):
                continue
            fn = _plain(part.namespace.get(alias.name))
            if fn is None or fn.__globals__ is part.namespace or fn.__name__ != alias.name \
                    or (fn.__module__ or "").split(".")[0] in _NOT_LINKED:
                continue
            out[alias.name] = fn
    return out


def _part_of(fn: Callable[..., Any], captured: Captured | None, first: bool) -> Part:
    text, path, frozen = imported_source(fn, captured)
    if not first and frozen.values:
        names = ", ".join(sorted(n for n, _ in frozen.values))
        raise TranspileError(SourceLoc(path, fn.__code__.co_firstlineno, 1),
                             f"'{fn.__name__}' (imported from {fn.__module__}) reads the module "
                             f"constants {names} of its module: only the decorated function's "
                             "own module may have constants in one build",
                             hint="pass the values as arguments, or define the function in "
                                  "the decorated function's module", code="E-source")
    return Part(text, path, fn.__globals__, ast.parse(text, path))


def _called(f: ast.FunctionDef) -> set[str]:
    """The names `f`'s body calls (its decorators' calls are not translated)."""
    return {n.func.id for stmt in f.body for n in ast.walk(stmt)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def unit_parts(fn: Callable[..., Any], captured: Captured | None) -> tuple[list[Part], Any]:
    """The function's module (first) and the modules of the imported functions it reaches
    through calls, with the first's frozen constants (jit_source.Frozen). A module is captured
    only once one of its functions is reached: an import the translated code does not call
    (a decorator, `from numba import njit`) is never read."""
    text, path, frozen = imported_source(fn, captured)
    first = Part(text, path, fn.__globals__, ast.parse(text, path))
    parts = [first]
    by_namespace = {id(fn.__globals__): first}
    available = {id(first): _imports(first)}
    todo, seen = [(first, fn.__name__)], set()
    while todo:
        part, name = todo.pop()
        if (id(part), name) in seen or name not in part.defs:
            continue
        seen.add((id(part), name))
        for called in _called(part.defs[name]):
            g = available[id(part)].get(called)
            if called in part.defs or g is None:
                todo.append((part, called))
                continue
            home = by_namespace.get(id(g.__globals__))
            if home is None:
                home = _part_of(g, capture(g), first=False)
                by_namespace[id(g.__globals__)] = home
                parts.append(home)
                available[id(home)] = _imports(home)
            part.imported[called] = g
            todo.append((home, called))
    return parts, frozen


def owner(parts: list[Part], part: Part, name: str) -> Part:
    """The part that defines the function `part` calls as `name`."""
    fn = part.imported[name]
    return next(p for p in parts if p.namespace is fn.__globals__)


def linked_defs(parts: list[Part], part: Part, skip: set[str] | dict[str, Any]
                ) -> dict[str, ast.FunctionDef]:
    """The functions `part` imports from other parts (but those in `skip`), by name."""
    out = {}
    for name in part.imported:
        home = owner(parts, part, name).defs
        if name in home and name not in skip:
            out[name] = home[name]
    return out


def key_text(parts: list[Part]) -> str:
    """What the warm-start key hashes: every part's path and source."""
    return "\n\0".join(f"{p.path}\n{p.text}" for p in parts)


def merge(modules: list[Any], module_name: str) -> Any:
    """One IR module of the parts' translated functions (the first part's constants)."""
    from transpyle.ir import nodes as ir

    seen: dict[str, ir.FunctionDef] = {}
    body: list[Any] = []
    for m in modules:
        for node in m.body:
            if isinstance(node, ir.FunctionDef):
                if node.name in seen:
                    raise TranspileError(node.loc, f"two modules of this build define "
                                         f"'{node.name}' (also at {seen[node.name].loc})",
                                         hint="rename one of them", code="E-source")
                seen[node.name] = node
            body.append(node)
    return dataclasses.replace(modules[0], name=module_name, body=tuple(body))


def left_to_python(part: Part, err: TranspileError, entry: str | None) -> str | None:
    """The function of `part` that `err` refuses, where it never returns and is not the
    decorated function itself: its calls are left to Python (frontends/python/exits.py)."""
    from transpyle.frontends.python.exits import never_returns
    from transpyle.frontends.python.source import module_aliases

    if err.loc is None or err.loc.file != part.path:
        return None
    for f in part.defs.values():
        if f.lineno <= err.loc.line <= (f.end_lineno or f.lineno) and f.name != entry:
            return f.name if never_returns(f, module_aliases(part.tree)) else None
    return None
