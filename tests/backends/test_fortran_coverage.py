"""Every IR node kind has a Fortran printer method."""

from transpyle.backends.fortran import FortranEmitter
from transpyle.ir import nodes as ir


def test_every_node_is_handled() -> None:
    kinds = (*ir.STMT_NODES, *ir.EXPR_NODES, ir.FunctionDef, ir.Module)
    missing = [k.__name__ for k in kinds if not hasattr(FortranEmitter, f"visit_{k.__name__}")]
    assert missing == []
