"""Keyword arguments and default parameter values.

At a call between module functions the frontend maps keywords and defaults to positional
arguments (the IR's calls are positional), refusing what CPython would refuse with CPython's
words. Defaults are constants: a number literal (negative too) or a module constant, which
Python evaluates once at `def` time and which therefore may stand at each call site.

For the @transpile'd function itself, `binder` makes a plain Python function with the same
parameters, defaults and name, whose call maps `f(x=a, y=b)` to the positional tuple: CPython
does the binding, so a wrong keyword is CPython's own TypeError and message.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from transpyle import messages as msg
from transpyle.errors import TranspileError
from transpyle.ir.types import NUMPY_DTYPES

NUMPY_SCALARS = frozenset(n for n in NUMPY_DTYPES if n != "bool")


def constant_default(node: ast.expr, constants: dict[str, ast.Constant]) -> bool:
    """Whether a default may be repeated at each call site: a number, or a module constant."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords \
            and isinstance(node.func, ast.Attribute) and node.func.attr in NUMPY_SCALARS \
            and isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy"):
        node = node.args[0]  # np.int32(1): a NumPy scalar of a number, made at each call
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float | complex)  # bool is an int
    return isinstance(node, ast.Name) and node.id in constants


def positional(call: ast.Call, name: str, params: ast.arguments,
               error: Callable[[ast.AST, str], TranspileError]) -> ast.Call:
    """`call` of module function `name` with keywords and defaults made positional."""
    names = [a.arg for a in params.args]
    defaults = dict(zip(names[len(names) - len(params.defaults):], params.defaults,
                        strict=True))
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        bad = next((a for a in call.args if isinstance(a, ast.Starred)), call)
        raise error(bad, msg.UNSUPPORTED.format(what="*args or **kwargs in a call"))
    if len(call.args) > len(names):
        raise error(call, msg.CALL_TOO_MANY.format(name=name, n=len(names),
                                                   given=len(call.args)))
    slots: dict[str, ast.expr] = dict(zip(names, call.args, strict=False))
    for kw in call.keywords:
        assert kw.arg is not None
        if kw.arg not in names:
            raise error(kw, msg.CALL_BAD_KEYWORD.format(name=name, kw=kw.arg))
        if kw.arg in slots:
            raise error(kw, msg.CALL_TWICE.format(name=name, kw=kw.arg))
        slots[kw.arg] = kw.value
    missing = [n for n in names if n not in slots and n not in defaults]
    if missing:
        raise error(call, msg.CALL_MISSING.format(name=name, n=len(missing),
                                                  names=_listing(missing)))
    args = [slots[n] if n in slots else ast.copy_location(_copy(defaults[n]), call)
            for n in names]
    return ast.copy_location(ast.Call(call.func, args, []), call)


def _copy(node: ast.expr) -> ast.expr:
    """The default's expression again (the tree is shared; its locations stay the default's)."""
    return ast.parse(ast.unparse(node), mode="eval").body


def _listing(names: list[str]) -> str:
    """CPython's: 'a', 'a' and 'b', 'a', 'b' and 'c'."""
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def binder(fn: Callable[..., Any]) -> Callable[..., tuple[Any, ...]]:
    """A function with `fn`'s parameters and defaults that returns its arguments in order."""
    code = fn.__code__
    names = code.co_varnames[:code.co_argcount]
    returned = "".join(n + ", " for n in names)
    source = f"def {code.co_name}({', '.join(names)}):\n    return ({returned})\n"
    scope: dict[str, Any] = {}
    exec(compile(source, code.co_filename, "exec"), scope)  # noqa: S102 - names from fn's code
    made = scope[code.co_name]
    made.__code__ = made.__code__.replace(co_qualname=code.co_qualname) \
        if hasattr(code, "co_qualname") else made.__code__
    made.__defaults__ = fn.__defaults__
    return made  # type: ignore[no-any-return]
