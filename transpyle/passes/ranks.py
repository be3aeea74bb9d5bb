"""Rank inference for array parameters whose hint gives no rank (`NDArray[np.float64]`):
the number of indices the function uses on it, which must be the same at every use."""

from __future__ import annotations

import dataclasses

from transpyle import messages as msg
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array
from transpyle.ir.visitor import walk


def infer_ranks(f: ir.FunctionDef) -> ir.FunctionDef:
    unknown = {p.name for p in f.params if isinstance(p.type, Array) and p.type.rank is None}
    if not unknown:
        return f
    seen: dict[str, int] = {}
    for node in walk(f):
        if isinstance(node, ir.Subscript) and isinstance(node.value, ir.Name) \
                and node.value.id in unknown:
            name, rank = node.value.id, len(node.indices)
            if seen.setdefault(name, rank) != rank:
                raise TranspileError(node.loc, f"array '{name}' is indexed with {seen[name]} "
                                     f"and with {rank} indices", msg.RANK_UNKNOWN_HINT,
                                     code="E-type")
    params = []
    for p in f.params:
        if p.name in unknown:
            if p.name not in seen:
                raise TranspileError(p.loc, msg.RANK_UNKNOWN.format(name=p.name),
                                     msg.RANK_UNKNOWN_HINT, code="E-type")
            assert isinstance(p.type, Array)  # as `unknown` holds only array parameters
            p = dataclasses.replace(p, type=dataclasses.replace(p.type, rank=seen[p.name]))
        params.append(p)
    return dataclasses.replace(f, params=tuple(params))
