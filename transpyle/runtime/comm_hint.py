"""Which parameters of a function are an mpi4py communicator (`comm: MPI.Comm`): what
@transpile asks of every function it decorates, kept apart from mpi_split.py (which imports
`ast`) so that a function without one, and its warm start, never imports the splitter."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_COMM_HINT = re.compile(r"(?:^|\.)(?:Comm|Intracomm|Intercomm|Cartcomm|Graphcomm|Distgraphcomm)$")


def comm_params(fn: Callable[..., Any]) -> tuple[str, ...]:
    """The parameters of `fn` hinted as an mpi4py communicator (`MPI.Comm`, `MPI.Intracomm`,
    ...), from the hint's text or the class it names."""
    found = []
    for name, hint in getattr(fn, "__annotations__", {}).items():
        if name == "return":
            continue
        if isinstance(hint, str):
            if _COMM_HINT.search(hint.strip()):
                found.append(name)
        elif isinstance(hint, type) and hint.__module__.startswith("mpi4py") and \
                _COMM_HINT.search(hint.__name__):
            found.append(name)
    return tuple(found)
