"""Arguments that overlap: an array that compiled code writes in place and another array
argument with an element in common (`f(a, a)`, `f(a[1:], a[:-1])`).

Fortran's compilers assume that dummy arguments do not overlap where one of them is written,
and reorder and vectorise on that assumption, so compiled code could silently compute
something else than CPython. The binding (runtime/binding.py) tests such calls, and the C
dispatcher sends them to it (runtime/dispatch.c); `SharedArguments` makes runtime/jit.py run
that call in Python, with a warning. Imported on the warm path: NumPy is imported only by the
test itself.
"""

from __future__ import annotations

from typing import Any


class SharedArguments(Exception):  # noqa: N818 - a signal to runtime/jit.py, not an error
    """Raised by a binding before it calls compiled code; never reaches the caller."""

    def __init__(self, func: str, written: str, other: str) -> None:
        super().__init__(f"{func}(): arguments '{written}' and '{other}' share memory and "
                         f"'{written}' is updated in place")


def shares_memory(a: Any, b: Any) -> bool:
    """Whether two arrays have an element in common (assumed so where the exact test would
    take too long: the call then runs in Python, which is exact anyway)."""
    import numpy as np

    if not np.may_share_memory(a, b):
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=1 << 16))
    except np.exceptions.TooHardError:
        return True
