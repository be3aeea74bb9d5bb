"""Python frontend: the decorators a translated function may carry.

`@transpile` itself, and Pyccel's (`pyccel.decorators`), which are the identity in CPython and
advise its compiler; here they keep the meaning they have in Python:
- `@pure`: the function has no side effects. Accepted; not emitted as Fortran PURE (a function
  that can raise reports through a module variable, which PURE forbids).
- `@elemental`: the function may also be called element by element on arrays. Accepted; a call
  with scalar arguments is translated, one with array arguments is refused where it is written.
- `@inline`: inline the calls. Accepted; gfortran inlines small procedures of one module itself.
- `@stack_array('x', ...)`: keep those local arrays on the stack. Accepted; each must be a name
  given as a string literal.
- `@allow_negative_index('x', ...)`: negative indices of those arrays count from the end. That
  is how every translated index behaves already (Python's meaning); the names are checked.

And Numba's `@njit` / `@jit` (bare, or called with a signature and options such as
`nopython=`, `cache=`, `fastmath=`, `parallel=`): the identity for what CPython computes, so
accepted; the translation keeps CPython's results (Numba's `fastmath=True` or
`error_model='numpy'` would not). `@vectorize`, `@guvectorize`, `@stencil` and `@cfunc`
change what the function is and stay refused.
"""

from __future__ import annotations

import ast
from typing import Any

from transpyle.frontends.python.hints import dotted

TRANSPILE = frozenset(("transpile", "transpyle.transpile"))
PYCCEL_PLAIN = frozenset(("pyccel.decorators.pure", "pyccel.decorators.elemental",
                          "pyccel.decorators.inline"))
PYCCEL_NAMED = frozenset(("pyccel.decorators.stack_array",
                          "pyccel.decorators.allow_negative_index"))
NUMBA_JIT = frozenset(("numba.njit", "numba.jit"))


def check_decorators(low: Any, f: ast.FunctionDef) -> set[str]:
    """The Pyccel decorators of `f` by short name ("pure", ...); any other decorator is
    refused at its location. `low` is the function's lowering (`m.hints`, `unsupported`)."""
    seen: set[str] = set()
    for dec in f.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = dotted(target) or ""
        full = low.m.hints.canonical(name)
        if full in TRANSPILE or name == "transpile" or full in NUMBA_JIT:
            continue
        if full in PYCCEL_PLAIN and not isinstance(dec, ast.Call):
            seen.add(full.rsplit(".", 1)[1])
            continue
        if full in PYCCEL_NAMED and isinstance(dec, ast.Call) and not dec.keywords:
            for arg in dec.args:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        and arg.value.isidentifier()):
                    raise low.unsupported(arg, f"an argument of @{name} other than a "
                                          "variable name as a string")
            seen.add(full.rsplit(".", 1)[1])
            continue
        raise low.unsupported(dec, f"decorator '{ast.unparse(dec)}'")
    return seen
