"""A canonical text dump of the IR (`transpyle compile f.py --to ir`), one node per line."""

from __future__ import annotations

import dataclasses

from transpyle.ir.nodes import Expr, Node


def dump(node: Node) -> str:
    lines: list[str] = []
    _dump(node, 0, "", lines)
    return "\n".join(lines) + "\n"


def _scalars(node: Node) -> str:
    parts = []
    for f in dataclasses.fields(node):
        if f.name in ("loc", "type"):
            continue
        v = getattr(node, f.name)
        if isinstance(v, Node) or (isinstance(v, tuple) and v and isinstance(v[0], Node)):
            continue
        if v is None or v is False or v == () or (f.name == "value" and v is False):
            continue
        parts.append(f"{f.name}={v!s}" if not isinstance(v, str) else f"{f.name}={v!r}")
    if isinstance(node, Expr) and node.type is not None:
        parts.append(f": {node.type}")
    elif getattr(node, "type", None) is not None:
        parts.append(f"type={node.type}")  # type: ignore[attr-defined]
    return " ".join(parts)


def _dump(node: Node, depth: int, label: str, lines: list[str]) -> None:
    pad = "  " * depth
    line = node.loc.line if getattr(node, "loc", None) else 0
    lines.append(f"{pad}{label}{type(node).__name__} {_scalars(node)}".rstrip() + f"  @{line}")
    for f in dataclasses.fields(node):
        v = getattr(node, f.name)
        if isinstance(v, Node):
            _dump(v, depth + 1, f"{f.name}: ", lines)
        elif isinstance(v, tuple) and v and isinstance(v[0], Node):
            for item in v:
                _dump(item, depth + 1, f"{f.name}[]: ", lines)
