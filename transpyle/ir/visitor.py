"""Walking and rewriting the IR.

`Visitor` dispatches on the node's class to `visit_<ClassName>` and fails loudly, naming the
node, when a method is missing (`generic_visit` may be overridden to recurse instead).
`Transformer` rebuilds the tree bottom-up: each `visit_<ClassName>` it defines returns the new
node; for the others it rebuilds the node with its children transformed.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from typing import Any

from transpyle.ir.nodes import Node


class MissingVisitError(NotImplementedError):
    pass


class Visitor:
    def visit(self, node: Any) -> Any:
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            return self.generic_visit(node)
        return method(node)

    def generic_visit(self, node: Any) -> Any:
        raise MissingVisitError(f"{type(self).__name__} has no visit_{type(node).__name__}")


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("loc", "type"))


def children(node: Node) -> Iterator[Node]:
    """The direct child nodes of `node`, in field order."""
    cls: Any = type(node)
    for name in _field_names(cls):
        value = getattr(node, name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Node):
                    yield item


def walk(node: Node) -> Iterator[Node]:
    """Every node under `node` (itself included), pre-order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        kids: list[Node] = []
        cls: Any = type(current)
        for name in _field_names(cls):
            value = getattr(current, name)
            if isinstance(value, Node):
                kids.append(value)
            elif type(value) is tuple:
                kids.extend(item for item in value if isinstance(item, Node))
        kids.reverse()
        stack.extend(kids)


class Transformer(Visitor):
    def generic_visit(self, node: Any) -> Any:
        return self.rebuild(node)

    def rebuild(self, node: Any) -> Any:
        changes = {}
        for f in dataclasses.fields(node):
            if f.name == "loc":
                continue
            value = getattr(node, f.name)
            new = self._transform_value(value)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node

    def _transform_value(self, value: Any) -> Any:
        if isinstance(value, Node):
            return self.visit(value)
        if isinstance(value, tuple) and any(isinstance(v, Node) for v in value):
            out: list[Any] = []
            changed = False
            for item in value:
                if isinstance(item, Node):
                    new = self.visit(item)
                    changed |= new is not item
                    if isinstance(new, list):  # a statement may become several
                        out.extend(new)
                        changed = True
                    elif new is not None:
                        out.append(new)
                    else:
                        changed = True
                else:
                    out.append(item)
            return tuple(out) if changed else value
        return value
