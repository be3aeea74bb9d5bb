"""Where an operator is written (issue 14): a diagnostic about an operator names the operator
and puts its caret under it, whatever stands around it (parentheses, subscripts with colons,
other operators, line breaks, comments). Was: `operator '*'` or `operator ':j]'`, at the start
of the expression."""

from __future__ import annotations

import ast

import pytest

from transpyle.frontends.python.operators import OPERATOR_TEXT, operator_loc

CASES = [
    ("r = a[i, :] @ b[:, j]", 1, 13),
    ("r = a * b @ c", 1, 11),
    ("r = (a + 1) @ (b)", 1, 13),
    ("r = x[:, 1:] @ y[1:, :] * 2", 1, 14),
    ("r = ((a))  @  ((b))", 1, 12),
    ("r = (a  # the left one, @ not this\n     @ b)", 2, 6),
    ("r = a \\\n    @ b", 2, 5),
    ("r = 'é' if a else b @ c", 1, 21),
]


@pytest.mark.parametrize("source, line, col", CASES)
def test_operator_is_found_where_it_is_written(source, line, col):
    tree = ast.parse(source)
    binops = [n for n in ast.walk(tree) if isinstance(n, ast.BinOp)
              and isinstance(n.op, ast.MatMult)]
    (node,) = binops
    loc = operator_loc(source, "a.py", node.left, node.right, OPERATOR_TEXT[type(node.op)])
    assert loc is not None and (loc.line, loc.col) == (line, col)
    assert source.splitlines()[line - 1][col - 1] == "@"


def test_augmented_operator_is_found():
    source = "x[0]  @=  y"
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.AugAssign)
    loc = operator_loc(source, "a.py", node.target, node.value, "@=")
    assert loc is not None and (loc.line, loc.col) == (1, 7)
