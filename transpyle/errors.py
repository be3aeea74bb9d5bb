"""Diagnostics: what went wrong, where, and how to fix it.

A `Diagnostic` is data (code, severity, message, location, hint). `TranspileError` carries one or
more of them and renders like a compiler::

    kernel.py:12:9: error: list comprehension is not supported in translated functions
       12 |     ys = [x * 2 for x in xs]
          |          ^
    hint: write the loop out, or build the array with np.empty and a for loop
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourceLoc:
    """A position in the user's source: 1-based line, 1-based column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


UNKNOWN_LOC = SourceLoc("<unknown>", 0, 0)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: str  # "error" | "warning" | "note"
    message: str
    loc: SourceLoc
    hint: str | None = None

    def render(self, source: str | None = None) -> str:
        lines = [f"{self.loc}: {self.severity}: {self.message}"]
        text = source if source is not None else _read_source(self.loc.file)
        if text is not None and 1 <= self.loc.line <= len(text.splitlines()):
            src_line, col = _window(text.splitlines()[self.loc.line - 1], self.loc.col)
            gutter = f"{self.loc.line:>5} | "
            lines.append(gutter + src_line)
            caret_pad = " " * (len(gutter) - 2) + "| " + _caret_pad(src_line, col)
            lines.append(caret_pad + "^")
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)


def _window(line: str, col: int, width: int = 100) -> tuple[str, int]:
    """A line longer than `width` shown as the `width` characters around column `col`, with
    '...' where it is cut; the column within what is shown."""
    if len(line) <= width:
        return line, col
    start = min(max(col - 1 - width // 2, 0), len(line) - width)
    head = "..." if start else ""
    tail = "..." if start + width < len(line) else ""
    return head + line[start:start + width] + tail, col - start + len(head)


def _caret_pad(line: str, col: int) -> str:
    # Keep tabs so the caret lines up under the offending character.
    prefix = line[: max(col - 1, 0)]
    return "".join("\t" if ch == "\t" else " " for ch in prefix)


def _read_source(file: str) -> str | None:
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


class TranspileError(Exception):
    """A user-facing error: bad input, unsupported construct, failed build."""

    def __init__(
        self,
        loc: SourceLoc | None,
        message: str,
        hint: str | None = None,
        code: str = "E000",
        source: str | None = None,
    ) -> None:
        self.diagnostic = Diagnostic(code, "error", message, loc or UNKNOWN_LOC, hint)
        self.source = source
        where = f"{self.diagnostic.loc}: " if loc is not None else ""
        super().__init__(f"{where}error: {message}")

    @property
    def loc(self) -> SourceLoc:
        return self.diagnostic.loc

    @property
    def message(self) -> str:
        return self.diagnostic.message

    @property
    def hint(self) -> str | None:
        return self.diagnostic.hint

    def render(self) -> str:
        if self.diagnostic.loc is UNKNOWN_LOC:
            text = f"error: {self.message}"
            return text + (f"\nhint: {self.hint}" if self.hint else "")
        return self.diagnostic.render(self.source)
