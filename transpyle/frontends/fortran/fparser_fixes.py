"""Corrections to fparser 0.2's parse of a whole file, applied once when the parser is made.

`Program.match` reads program units until one does not match, then reads the rest as a main
program without a PROGRAM statement (`Main_Program0`) and returns only that: the modules and
procedures before it are dropped from the tree (a file `module m ... end module` then `use m
... end` lost its module, and the migrated program imported a Python module named `m`, which
may exist: `test` is the standard library's). Here the units before it are kept, and units
after it are read on."""

from __future__ import annotations

from typing import Any


def _program_match(reader: Any) -> tuple[list[Any]] | None:
    from fparser.two.Fortran2003 import (  # type: ignore[import-untyped]
        Main_Program0, Program_Unit, add_comments_includes_directives)
    from fparser.two.utils import BlockBase, NoMatchError  # type: ignore[import-untyped]
    content: list[Any] = []
    add_comments_includes_directives(content, reader)
    try:
        while True:
            try:
                obj = Program_Unit(reader)
            except NoMatchError:
                result = BlockBase.match(Main_Program0, [], None, reader)
                if result is None:
                    raise
                obj = None
                content.extend(result[0])
            if obj:
                content.append(obj)
            add_comments_includes_directives(content, reader)
            reader.put_item(reader.next())  # StopIteration where no lines are left
    except StopIteration:
        pass
    return (content,)


def apply() -> None:
    from fparser.two import Fortran2003  # type: ignore[import-untyped]
    Fortran2003.Program.match = staticmethod(_program_match)
