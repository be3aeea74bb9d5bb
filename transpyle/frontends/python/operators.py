"""Python frontend: operators that are not arithmetic, and where an operator is written.

Bitwise operators (`& | ^ ~ << >>`) become IR intrinsics (`bitand`, `bitor`, `bitxor`,
`bitnot`, `lshift`, `rshift`: `passes/bitwise.py` types them, `passes/checked/shifts.py` gives
the shifts Python's meaning). `operator_loc` finds an operator's own text in the source, so a
diagnostic about an operator names it and puts its caret under it (not under the start of the
whole expression, nor a word taken from an unparsed expression).
"""

from __future__ import annotations

import ast
import io
import tokenize

from transpyle.errors import SourceLoc

BITWISE: dict[type[ast.operator], str] = {
    ast.BitAnd: "bitand", ast.BitOr: "bitor", ast.BitXor: "bitxor",
    ast.LShift: "lshift", ast.RShift: "rshift",
}
OPERATOR_TEXT: dict[type[ast.operator], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
}


def _char_col(line: str, byte_col: int) -> int:
    """The 0-based character column of a 0-based UTF-8 byte column of `line` (ast's unit)."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def operator_loc(source: str, filename: str, left: ast.AST, right: ast.AST,
                 text: str) -> SourceLoc | None:
    """Where the operator `text` between `left` and `right` is written: the first operator
    token between the end of `left` and the start of `right` (parentheses, comments and line
    continuations may stand between). None where the source does not show it."""
    lines = source.splitlines(keepends=True)
    end_line, end_col = getattr(left, "end_lineno", None), getattr(left, "end_col_offset", None)
    start_line, start_col = getattr(right, "lineno", None), getattr(right, "col_offset", None)
    if None in (end_line, end_col, start_line, start_col) or end_line > len(lines):  # type: ignore[operator]
        return None
    assert end_line is not None and end_col is not None and start_line is not None
    assert start_col is not None
    first = _char_col(lines[end_line - 1], end_col)
    span = [lines[end_line - 1][first:]] + lines[end_line:start_line]
    if start_line > end_line:
        span[-1] = span[-1][:_char_col(lines[start_line - 1], start_col)]
    else:
        span[0] = span[0][:_char_col(lines[end_line - 1], start_col) - first]
    try:
        for tok in tokenize.generate_tokens(io.StringIO("".join(span)).readline):
            if tok.type == tokenize.OP and tok.string == text:
                row, col = tok.start
                return SourceLoc(filename, end_line + row - 1, col + 1 + (first if row == 1
                                                                           else 0))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return None
