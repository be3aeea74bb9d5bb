"""Every IR node kind has a Python printer method, and a missing one fails naming the node."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from transpyle.backends.python import PythonEmitter
from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir
from transpyle.ir.visitor import MissingVisitError


def test_every_node_is_handled() -> None:
    kinds = (*ir.STMT_NODES, *ir.EXPR_NODES)
    missing = [k.__name__ for k in kinds if not hasattr(PythonEmitter, f"visit_{k.__name__}")]
    assert missing == []


def test_an_unknown_node_fails_loudly() -> None:
    @dataclass(frozen=True, slots=True)
    class Mystery(ir.Stmt):
        pass

    with pytest.raises(MissingVisitError, match="visit_Mystery"):
        PythonEmitter().visit(Mystery(loc=SourceLoc("<test>", 1, 1)))
