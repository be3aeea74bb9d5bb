"""Calls of functions that never return, left to Python: `CALL XERBLA('DGEMM', INFO)`.

A library's error routine writes a message and stops (`fio.write_fmt(...); fio.stop()` once
migrated). Its body cannot be compiled (Python's output and `SystemExit` are Python's), but its
callers can be: a call of it is the last thing the compiled code does. Such a call becomes a
raise site (`ir.Raise` with exc `python-call`, passes/raises.py) whose binding calls the
Python function with the same arguments (runtime/binding.py), which prints what CPython prints
and raises what it raises. Only a function that provably never returns qualifies: no `return`
anywhere in it, and its last statement a `raise`, a STOP (`fio.stop`, `fio.error_stop`,
`fio.exit`, `fio.abort`) or `sys.exit`, so every path that does not raise earlier reaches that
statement. Its arguments must be constants (kept with the site) or integers (reported through
the status array: passes/infer_types.py checks their type).
"""

from __future__ import annotations

import ast
import json
from typing import Any

from transpyle.frontends.python.hints import dotted
from transpyle.ir import nodes as ir

_STOPS = {f"transpyle.runtime.fortran_io.{n}" for n in ("stop", "error_stop", "exit", "abort")}
_STOPS |= {f"transpyle.runtime.fortran_system.{n}" for n in ("stop", "error_stop", "exit",
                                                             "abort")} | {"sys.exit"}


def _full_name(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """`fio.stop` as the full name its module's imports give it."""
    name = dotted(node)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    full = aliases.get(head, head)
    return f"{full}.{rest}" if rest else full


def never_returns(f: ast.FunctionDef, aliases: dict[str, str]) -> bool:
    """Whether every call of `f` ends in an exception or a stop (see the module docstring)."""
    if not f.body or any(isinstance(n, ast.Return) for n in ast.walk(f)):
        return False
    last = f.body[-1]
    if isinstance(last, ast.Raise):
        return True
    return isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) \
        and _full_name(last.value.func, aliases) in _STOPS


def exit_call(lowering: Any, call: ast.Call, module: str, name: str) -> ir.Raise:
    """The raise site of a call statement of `module.name`, a function that never returns."""
    if call.keywords:
        raise lowering.unsupported(call.keywords[0], f"keyword arguments in a call of {name} "
                                   "(which runs in Python)")
    kinds: list[tuple[str, Any]] = []
    ints: list[ir.Expr] = []
    for a in call.args:
        if isinstance(a, ast.Constant) and isinstance(a.value, str | int | float | bool) \
                and not (isinstance(a.value, int) and not isinstance(a.value, bool)):
            kinds.append(("const", a.value))
        else:
            kinds.append(("int", None))
            ints.append(lowering.expr(a))
    if len(ints) > 7:
        raise lowering.error(call, f"a call of {name} (which runs in Python) passes more than "
                             "7 values that are not constants")
    message = json.dumps({"module": module, "function": name, "args": kinds})
    return ir.Raise(ir.PYTHON_CALL, message, tuple(ints), loc=lowering.loc(call))
