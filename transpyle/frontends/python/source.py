"""What the Python frontend reads from a module's text besides its functions: its imports,
module constants, comments (and OpenMP directives written as comments), the module's name."""

from __future__ import annotations

import ast
import io
import tokenize

from transpyle.errors import SourceLoc
from transpyle.ir import nodes as ir


def module_constant(stmt: ast.stmt) -> tuple[str, ast.Constant] | None:
    """`N = 10`, `N: Final = 10`, `N: int = 10` at module level: (name, the literal)."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value = stmt.target, stmt.value
    else:
        return None
    if isinstance(target, ast.Name) and isinstance(value, ast.Constant) \
            and isinstance(value.value, int | float | complex):
        return target.id, value
    return None


def module_name_of(filename: str) -> str:
    """The IR module's name for a file: its stem, made an identifier."""
    stem = filename.rsplit("/", 1)[-1].removesuffix(".py")
    clean = "".join(ch if ch.isalnum() else "_" for ch in stem)
    return clean if clean and clean[0].isalpha() else f"m_{clean}"


def comment_or_pragma(text: str, loc: SourceLoc) -> ir.Stmt:
    """`# omp parallel do ...` (or `#$omp ...`) is an OpenMP directive; anything else a comment."""
    directive = text.removeprefix("$")
    if directive.startswith("omp "):
        return ir.Pragma(directive, loc=loc)
    return ir.Comment(text, loc=loc)


def read_comments(source: str) -> dict[int, str]:
    """Comment text by line number (the text after '#', stripped of one leading space)."""
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                text = tok.string[1:]
                out[tok.start[0]] = text[1:] if text.startswith(" ") else text
    except (tokenize.TokenError, IndentationError):
        pass
    return out


def module_aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> full name of a module's imports (as the frontend reads them)."""
    out: dict[str, str] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for a in stmt.names:
                out[(a.asname or a.name).split(".")[0]] = a.name if a.asname else \
                    a.name.split(".")[0]
        elif isinstance(stmt, ast.ImportFrom) and stmt.module:
            for a in stmt.names:
                out[a.asname or a.name] = f"{stmt.module}.{a.name}"
    return out
