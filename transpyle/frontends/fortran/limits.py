"""What fparser must not be given, and fparser's own way out, both turned into diagnostics.

- fparser splits an expression at its operators by scanning the whole statement again for
  each one: a statement of n operators costs time in n squared (1,000 operators about a
  second here, 4,000 about fourteen). A statement with more than `MAX_OPERATORS` binary
  operators is refused at its line before fparser sees it, and so is one nested more than
  `MAX_PARENTHESES` deep (fparser recurses per level, Python's own parser stops at 200).
- fparser's reader logs some errors (an END naming another unit: `subroutine a` ...
  `end subroutine b`) and then calls `sys.exit`; `fparser_exits` turns that into a
  TranspileError at the line fparser names, with fparser's message.
- After lowering, `check_strings` refuses a character constant where a number is expected
  (gfortran refuses it; Python would only fail when the line runs, or not at all).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Type
from transpyle.ir.visitor import walk

MAX_OPERATORS = 2000
MAX_PARENTHESES = 250
# a binary operator: after an operand (a name, a number, a closing parenthesis), and not the
# sign of an exponent (1.0e-5, 2d+3)
_BINARY = re.compile(r"(?<![0-9.][eEdD])(?<=[\w).])[ \t]*(\*\*|//|[-+*/])")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")


def check_operators(source: str, free: bool, filename: str) -> None:
    """Refuse a statement (continuation lines included) of more than MAX_OPERATORS binary
    operators."""
    count, first, open_ = 0, 1, False  # open_: the last line ended with '&'
    depth: tuple[int, int, int] | int = 0
    for number, line in enumerate(source.split("\n"), start=1):
        if _comment_line(line, free):
            continue
        continued = open_ if free else (len(line) > 5 and line[5] not in " 0"
                                        and not line[:5].strip())
        if not continued:
            count, first = 0, number
        code = _STRING.sub("''", line if free else line[6:72]).split("!", 1)[0]
        count += len(_BINARY.findall(code))
        depth = _deepest(code, depth if continued else 0)
        open_ = code.rstrip().endswith("&")
        if count > MAX_OPERATORS:
            raise TranspileError(
                SourceLoc(filename, first, 1),
                f"expression too long: more than {MAX_OPERATORS} operators in one statement",
                hint="split it into several statements with temporaries", code="E-depth",
                source=source)
        if depth[1] > MAX_PARENTHESES:
            raise TranspileError(SourceLoc(filename, number, depth[2] + (1 if free else 7)),
                                 f"more than {MAX_PARENTHESES} nested parentheses",
                                 hint="split the expression with temporaries",
                                 code="E-depth", source=source)


def _deepest(code: str, start: tuple[int, int, int] | int) -> tuple[int, int, int]:
    """(depth at the end, deepest depth, index of the parenthesis that went past the limit
    or of the deepest one) of one line."""
    depth = start if isinstance(start, int) else start[0]
    deepest, where = depth, 0
    for k, ch in enumerate(code):
        if ch == "(":
            depth += 1
            if depth > deepest:
                deepest, where = depth, (k if deepest <= MAX_PARENTHESES else where)
        elif ch == ")":
            depth -= 1
    return depth, deepest, where


def _comment_line(line: str, free: bool) -> bool:
    if free:
        return line.lstrip()[:1] in ("!", "")
    return not line.strip() or line[:1] in "cC*!"


@contextmanager
def fparser_exits(filename: str, source: str) -> Iterator[None]:
    """Run fparser; its `sys.exit` after a logged error becomes a TranspileError."""
    logged: list[str] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append(record.getMessage())

    logger = logging.getLogger("fparser.common.readfortran")
    handler = _Keep(logging.ERROR)
    logger.addHandler(handler)
    try:
        yield
    except SystemExit:
        text = logged[-1] if logged else "fparser gave up on this file"
        where = re.search(r"^\s*(\d+):.*<==\s*(.*)$", text, re.MULTILINE)
        line = int(where.group(1)) if where else 1
        message = where.group(2).strip() if where else text.strip().splitlines()[-1]
        raise TranspileError(SourceLoc(filename, line, 1),
                             f"Fortran syntax error: {message.removesuffix(' Ignoring.')}",
                             code="E-syntax", source=source) from None
    finally:
        logger.removeHandler(handler)


def check_strings(module: ir.Module, source: str) -> None:
    """A character constant where a number is expected, which gfortran refuses and the
    lowering would pass on (`x = 'abc'` for a REAL x, `a('i')` for an array a, `CASE ('a')`
    on a REAL subject): a TranspileError at its statement."""
    for f in module.functions().values():
        arrays = {d.name for d in (*f.params, *f.locals) if isinstance(d.type, Array)}
        for node in walk(f):
            bad = _stray_string(node, arrays)
            if bad is not None:
                raise TranspileError(bad.loc, f"the string {bad.value!r} where a number is "
                                     "expected", code="E-type", source=source)


def _stray_string(node: ir.Node, arrays: set[str]) -> ir.Const | None:
    def text(e: object) -> ir.Const | None:
        if isinstance(e, ir.Cast):  # an assignment's conversion
            e = e.value
        return e if isinstance(e, ir.Const) and isinstance(e.value, str) else None

    if isinstance(node, ir.Assign) and not isinstance(_elem(node.target.type), Character):
        return text(node.value)
    if isinstance(node, ir.Subscript) and not isinstance(node.value.type, Character):
        return next((c for c in map(text, node.indices) if c is not None), None)
    if isinstance(node, ir.Call) and node.func in arrays:
        return next((c for c in map(text, node.args) if c is not None), None)
    if isinstance(node, ir.Select) and not isinstance(node.subject.type, Character):
        return next((c for case in node.cases for c in map(text, case.values)
                     if c is not None), None)
    return None


def _elem(t: Type | None) -> Type | None:
    return t.elem if isinstance(t, Array) else t
