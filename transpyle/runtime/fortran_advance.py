"""Non-advancing formatted I/O (ADVANCE='NO') for migrated programs.

Output: the record is left open (no newline), the next WRITE continues it; a file's open
record is ended when the unit is closed (`Unit.partial`), standard output's is left as it is,
as gfortran does.

Input: a READ starts where the previous non-advancing READ of the unit stopped in its record
and leaves the rest of the record for the next one. A field that runs past the end of the
record is the end-of-record condition: the item gets the characters there are, blank-padded
(PAD='YES'), `transferred` (SIZE=) counts the characters read, the record is consumed, and
`finish()` raises IOSTAT_EOR (-2, caught by IOSTAT= or EOR=)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from transpyle.runtime.fortran_files import EOF, EOR, IoError, unit_of
from transpyle.runtime.fortran_read import FormatReader

# the rest of standard input's current record after a non-advancing READ (None: none)
_STDIN: dict[str, str | None] = {"rest": None}


def _holder(unit: Any) -> Any:
    u = unit_of(unit)
    return u if u is not None else None


def _next_line(unit: Any) -> Callable[[], str]:
    """The unit's records, the rest of a record left by a non-advancing READ first."""
    u = _holder(unit)

    def next_record() -> str:
        if u is not None:
            return u.line()
        rest = _STDIN["rest"]
        if rest is not None:
            _STDIN["rest"] = None
            return rest
        line = sys.stdin.readline()
        if not line:
            raise IoError(EOF, "End of file")
        return line.rstrip("\n")
    return next_record


def take_rest(unit: Any) -> str | None:
    """The rest of the unit's record a non-advancing READ left (consumed), or None."""
    u = _holder(unit)
    if u is None:
        rest, _STDIN["rest"] = _STDIN["rest"], None
        return rest
    rest, u.rest = getattr(u, "rest", None), None
    return rest


class NonAdvancingReader(FormatReader):
    def __init__(self, fmt: str, unit: Any) -> None:
        self.unit = unit
        super().__init__(fmt, _next_line(unit))
        self.transferred = 0
        self.eor = False

    def item(self, code: str) -> Any:
        if self.eor:  # the items after the end of record are not read
            letter = code[0]
            return " " * int(code[1:] or 0) if letter == "a" else False if letter == "l" \
                else 0
        ed = self.descriptor()
        self.k -= 1  # item() takes it again
        width = ed.width if ed.width is not None else int(code[1:] or 0)
        left = len(self.rec) - self.pos
        if width > left:
            self.eor = True
        self.transferred += max(0, min(width, left))
        return super().item(code)

    def finish(self) -> None:
        if self.eor:
            raise IoError(EOR, "End of record")
        rest = self.rec[self.pos:]
        u = _holder(self.unit)
        if u is None:
            _STDIN["rest"] = rest
        else:
            u.rest = rest


def read_start_nonadvancing(unit: Any, fmt: str) -> NonAdvancingReader:
    if fmt == "*" or fmt is None:
        raise IoError(5002, "ADVANCE='NO' needs an explicit format")
    return NonAdvancingReader(fmt, unit)


_END = "\x01"


def open_record(fmt: str, values: tuple[Any, ...]) -> str:
    """The text a non-advancing formatted WRITE leaves: the record stays open at the position
    the format reached, blanks of trailing X/TR included (a marker at the format's end finds
    that position; records that format reversion ends drop them, as gfortran does)."""
    from transpyle.runtime.fortran_io import formatted
    inner = fmt.strip()
    marked = f"{inner[:-1]}, '{_END}')" if inner.endswith(")") else inner
    text = re.sub(f" *{_END}\n", "\n", formatted(marked, *values))
    if text.endswith(_END):
        return text[:-1]
    if _END in text:  # a T or TL moved left of the record's end: the record as written
        return formatted(fmt, *values)
    return text
