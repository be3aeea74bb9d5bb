"""Optional scalar parameters: `def f(x: int = None)`, with `if x is None:` in the body.

Before lowering, each such parameter becomes two ordinary ones, the value and a flag, both with
defaults: `x: int = 0, x_given: bool = False`. In the body `x is None` reads `not x_given`,
`x = v` also sets the flag, `x = None` clears it. A call between module functions passes
`x=v, x_given=True` for a value, leaves both out for None or an omitted argument, and passes
the caller's own pair on for an optional parameter of its own (`g(x)` inside `f(x=None)`).
A read of the value where the flag may be false (CPython would read None) is refused where
written; the value is read only where a test (`if x is None: return ...`, `if x is not None:`,
`x is not None and x > 0`, an assignment) shows it is not None. `@transpile` turns the caller's
None into (zero, False) and a value v into (v, True) (runtime/jit.py, `expand`).
"""

from __future__ import annotations

import ast
import copy
import inspect
from collections.abc import Callable
from typing import Any

from transpyle.errors import TranspileError
from transpyle.messages import MAYBE_NONE

Error = Callable[[ast.AST, str], TranspileError]
_ZEROS = (("complex", "0j"), ("float", "0.0"), ("bool", "False"), ("int", "0"))


def _base(annotation: ast.expr | None, aliases: dict[str, str] | None = None) -> str | None:
    """The scalar hint's base name ('int', 'float32', ...) without Optional/None, or None;
    `aliases`: module-level names of types (`I = int`)."""
    if annotation is None:
        return None
    text = annotation.value if isinstance(annotation, ast.Constant) and isinstance(
        annotation.value, str) else ast.unparse(annotation)
    text = text.replace(" ", "")
    text = (aliases or {}).get(text, text)
    for wrap in ("typing.Optional[", "Optional["):
        if text.startswith(wrap) and text.endswith("]"):
            text = text[len(wrap):-1]
    parts = [p for p in text.split("|") if p != "None"]
    if len(parts) != 1 or "[" in parts[0] or "(" in parts[0]:
        return None
    return parts[0].removeprefix("numpy.").removeprefix("np.").strip("'\"")


def zero_text(base: str | None) -> str | None:
    """The Python literal of a zero of the scalar type `base`, or None for other types."""
    for prefix, zero in _ZEROS:
        if base is not None and (base.startswith(prefix) or base.startswith("u" + prefix)):
            return zero
    return None


def _is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def optional_names(f: ast.FunctionDef, aliases: dict[str, str] | None = None) -> list[str]:
    """The parameters of `f` whose default is None and whose hint is a scalar."""
    a = f.args
    with_default = a.args[len(a.args) - len(a.defaults):]
    return [p.arg for p, d in zip(with_default, a.defaults, strict=True)
            if _is_none(d) and zero_text(_base(p.annotation, aliases)) is not None]


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Module-level `I = int` / `F = 'float'`: name -> the type's text."""
    out = {}
    for s in tree.body:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 \
                and isinstance(s.targets[0], ast.Name):
            v = s.value
            if isinstance(v, ast.Name) or isinstance(v, ast.Constant) and isinstance(v.value, str):
                out[s.targets[0].id] = v.id if isinstance(v, ast.Name) else str(v.value)
    return out


def expand(fn: Callable[..., Any]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]] | None:
    """For `@transpile`: the map of a call's positional arguments to the rewritten
    parameters' (None -> (zero, False), v -> (v, True)), or None if `fn` has no optional."""
    sig = inspect.signature(fn)
    zeros: list[Any] = []
    found = False
    for p in sig.parameters.values():
        z = None
        if p.default is None:
            hint = p.annotation
            text = hint if isinstance(hint, str) else getattr(hint, "__name__", str(hint))
            node = ast.parse(text, mode="eval").body if text else None
            zt = zero_text(_base(node))
            if zt is not None:
                z, found = ast.literal_eval(zt), True
        zeros.append(z)
    if not found:
        return None

    def expanded(args: tuple[Any, ...]) -> tuple[Any, ...]:
        out: list[Any] = []
        for a, z in zip(args, zeros, strict=True):
            if z is None:
                out.append(a)
            else:
                out += [z, False] if a is None else [a, True]
        return tuple(out)
    return expanded


def rewrite_optionals(tree: ast.Module, error: Error
                      ) -> tuple[ast.Module, dict[str, TranspileError]]:
    """The module with its optional parameters made pairs (see the module docstring), and
    the refusal of each function whose body reads one where it may be None."""
    funcs = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
    aliases = _aliases(tree)
    table = {n: optional_names(f, aliases) for n, f in funcs.items()}
    table = {n: o for n, o in table.items() if o}
    if not table:
        return tree, {}
    tree = copy.deepcopy(tree)
    funcs = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
    flags = {n: {x: _flag_name(funcs[n], x) for x in o} for n, o in table.items()}
    params = {n: [p.arg for p in funcs[n].args.args] for n in flags}  # before the pairs
    refused: dict[str, TranspileError] = {}
    for name, f in funcs.items():
        own = flags.get(name, {})
        if not own and not any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                               and c.func.id in flags for c in ast.walk(f)):
            continue
        try:
            f.body = _Body(own, params, flags, error).block(
                copy.deepcopy(f.body), set())[0] or [ast.copy_location(ast.Pass(), f)]
        except TranspileError as err:
            refused[name] = err
        if own:
            _pair_params(f, own, aliases)
    return ast.fix_missing_locations(tree), refused


def _flag_name(f: ast.FunctionDef, x: str) -> str:
    used = {n.id for n in ast.walk(f) if isinstance(n, ast.Name)} | {a.arg for a in ast.walk(f)
                                                                       if isinstance(a, ast.arg)}
    name = f"{x}_given"
    while name in used:
        name += "_"
    return name


def _pair_params(f: ast.FunctionDef, own: dict[str, str], aliases: dict[str, str]) -> None:
    a = f.args
    first_default = len(a.args) - len(a.defaults)
    args, defaults = [], []
    for k, p in enumerate(a.args):
        d = a.defaults[k - first_default] if k >= first_default else None
        if p.arg in own:
            zero = ast.parse(zero_text(_base(p.annotation, aliases)) or "0", mode="eval").body
            args += [p, ast.copy_location(ast.arg(own[p.arg], ast.Name("bool", ast.Load())), p)]
            defaults += [ast.copy_location(zero, p), ast.copy_location(ast.Constant(False), p)]
        else:
            args.append(p)
            if d is not None:
                defaults.append(d)
    a.args, a.defaults = args, defaults


def _none_test(e: ast.expr, own: dict[str, str]) -> tuple[str, bool] | None:
    """`x is None` -> (x, True); `x is not None` -> (x, False); else None."""
    if isinstance(e, ast.Compare) and len(e.ops) == 1 and isinstance(e.left, ast.Name) \
            and e.left.id in own and _is_none(e.comparators[0]) \
            and isinstance(e.ops[0], ast.Is | ast.IsNot | ast.Eq | ast.NotEq):
        return e.left.id, isinstance(e.ops[0], ast.Is | ast.Eq)  # a scalar == None: is None
    if isinstance(e, ast.Name) and e.id in own:  # `if x:`, None is false
        return e.id, False
    return None


def _given_if(e: ast.expr, own: dict[str, str], outcome: bool) -> set[str]:
    """The optional parameters that hold a value wherever test `e` came out `outcome`."""
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
        return _given_if(e.operand, own, not outcome)
    if isinstance(e, ast.BoolOp) and isinstance(e.op, ast.And) == outcome:
        return set().union(*(_given_if(v, own, outcome) for v in e.values))
    test = _none_test(e, own)
    return {test[0]} if test is not None and test[1] != outcome else set()


def _truth(x: ast.Name, flag: str) -> ast.expr:
    """`if x:` of an optional x: `x_given and bool(x)`."""
    value = ast.Call(ast.Name("bool", ast.Load()), [x], [])
    return ast.copy_location(ast.BoolOp(ast.And(), [ast.Name(flag, ast.Load()), value]), x)


def _ends(stmts: list[ast.stmt]) -> bool:
    return bool(stmts) and isinstance(stmts[-1], ast.Return | ast.Raise | ast.Break
                                      | ast.Continue)


class _Body:
    """The body's rewrite, knowing which optional parameters hold a value at each point."""

    def __init__(self, own: dict[str, str], params: dict[str, list[str]],
                 flags: dict[str, dict[str, str]], error: Error) -> None:
        self.own, self.params, self.flags, self.error = own, params, flags, error

    def block(self, stmts: list[ast.stmt], known: set[str]) -> tuple[list[ast.stmt], set[str]]:
        out: list[ast.stmt] = []
        for s in stmts:
            made, known = self.stmt(s, known)
            out += made
            if _ends(out):
                break  # code after a return is not reached (nor checked)
        return out, known

    def _set(self, s: ast.stmt, x: str, value: bool) -> ast.stmt:
        return ast.copy_location(ast.Assign([ast.Name(self.own[x], ast.Store())],
                                            ast.Constant(value)), s)

    def stmt(self, s: ast.stmt, known: set[str]) -> tuple[list[ast.stmt], set[str]]:
        own = self.own
        if isinstance(s, ast.Assign | ast.AnnAssign) and s.value is not None:
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id in own:
                x = targets[0].id
                if _is_none(s.value):
                    return [self._set(s, x, False)], known - {x}
                s.value = self.expr(s.value, known)
                return [s, self._set(s, x, True)], known | {x}
            self._no_store(s)
        if isinstance(s, ast.AugAssign) and isinstance(s.target, ast.Name) \
                and s.target.id in own and s.target.id not in known:
            raise self.error(s.target, MAYBE_NONE.format(name=s.target.id))
        if isinstance(s, ast.If):
            k_body = known | _given_if(s.test, own, True)  # before the test's rewrite
            k_else = known | _given_if(s.test, own, False)
            s.test = _Exprs(self, known).visit_Name_test(s.test)
            s.body, after_body = self.block(s.body, k_body)
            s.body = s.body or [ast.copy_location(ast.Pass(), s)]
            s.orelse, after_else = self.block(s.orelse, k_else)
            if _ends(s.body):
                return [s], after_else
            if _ends(s.orelse):
                return [s], after_body
            return [s], after_body & after_else
        if isinstance(s, ast.For | ast.While):
            # an iteration may start after `x = None` in the one before: not known there
            known = known - {n.targets[0].id for n in ast.walk(s) if isinstance(n, ast.Assign)
                             and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
                             and n.targets[0].id in own and _is_none(n.value)}
            if isinstance(s, ast.While):
                s.test = _Exprs(self, known).visit_Name_test(s.test)
            else:
                s.iter = self.expr(s.iter, known)
                self._no_store(ast.Assign([s.target], ast.Constant(0)))
            s.body = self.block(s.body, known)[0] or [ast.copy_location(ast.Pass(), s)]
            s.orelse = self.block(s.orelse, known)[0]
            return [s], known
        if isinstance(s, ast.Return | ast.Expr | ast.Assign | ast.AnnAssign | ast.AugAssign
                      | ast.Raise | ast.Assert | ast.Pass | ast.Break | ast.Continue
                      | ast.Import | ast.ImportFrom):
            return [self.expr(s, known)], known
        self._no_store(s)
        return [self.expr(s, known)], known

    def _no_store(self, s: ast.AST) -> None:
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id in self.own:
                raise self.error(n, MAYBE_NONE.format(name=n.id))

    def expr(self, node: Any, known: set[str]) -> Any:
        return _Exprs(self, known).visit(node)


class _Exprs(ast.NodeTransformer):
    def __init__(self, body: _Body, known: set[str]) -> None:
        self.b, self.known = body, set(known)

    def visit_Name_test(self, e: ast.expr) -> ast.expr:
        """A test's operand: `x` of an optional x is its truth, not a read of a maybe-None."""
        if isinstance(e, ast.Name) and e.id in self.b.own and e.id not in self.known:
            return _truth(e, self.b.own[e.id])
        return self.visit(e)  # type: ignore[no-any-return]

    def visit_UnaryOp(self, e: ast.UnaryOp) -> ast.expr:
        if isinstance(e.op, ast.Not):
            e.operand = self.visit_Name_test(e.operand)
            return e
        return self.generic_visit(e)  # type: ignore[return-value]

    def visit_Compare(self, e: ast.Compare) -> ast.expr:
        test = _none_test(e, self.b.own)
        if test is None:
            return self.generic_visit(e)  # type: ignore[return-value]
        flag = ast.copy_location(ast.Name(self.b.own[test[0]], ast.Load()), e)
        return ast.copy_location(ast.UnaryOp(ast.Not(), flag), e) if test[1] else flag

    def visit_BoolOp(self, e: ast.BoolOp) -> ast.expr:
        saved = set(self.known)
        values = []
        for v in e.values:
            test = _none_test(v, self.b.own)
            values.append(self.visit_Name_test(v))
            if test and test[1] == isinstance(e.op, ast.Or):  # `x is not None and x > 0`
                self.known.add(test[0])
        self.known = saved
        e.values = values
        return e

    def visit_IfExp(self, e: ast.IfExp) -> ast.expr:
        test = _none_test(e.test, self.b.own)
        saved = set(self.known)
        e.test = self.visit_Name_test(e.test)
        if test and not test[1]:
            self.known.add(test[0])
        e.body = self.visit(e.body)
        self.known = set(saved) | ({test[0]} if test and test[1] else set())
        e.orelse = self.visit(e.orelse)
        self.known = saved
        return e

    def visit_Name(self, e: ast.Name) -> ast.expr:
        if e.id in self.b.own and isinstance(e.ctx, ast.Load) and e.id not in self.known:
            raise self.b.error(e, MAYBE_NONE.format(name=e.id))
        return e

    def visit_Call(self, e: ast.Call) -> ast.expr:
        name = e.func.id if isinstance(e.func, ast.Name) else None
        if name not in self.b.flags or any(isinstance(a, ast.Starred) for a in e.args) \
                or any(k.arg is None for k in e.keywords):
            return self.generic_visit(e)  # type: ignore[return-value]
        names = self.b.params[name]
        slots = dict(zip(names, e.args, strict=False))
        slots.update({k.arg: k.value for k in e.keywords if k.arg is not None})
        extra = [a for a in e.args[len(names):]]
        keywords = []
        for p in names:
            if p not in slots:
                continue
            a = slots[p]
            flag = self.b.flags[name].get(p)
            if flag is None:
                keywords.append(ast.keyword(p, self.visit(a)))
            elif _is_none(a):
                continue  # None: the defaults (zero, False)
            elif isinstance(a, ast.Name) and a.id in self.b.own and a.id not in self.known:
                keywords += [ast.keyword(p, a), ast.keyword(flag, ast.Name(self.b.own[a.id],
                                                                           ast.Load()))]
            else:
                keywords += [ast.keyword(p, self.visit(a)), ast.keyword(flag, ast.Constant(True))]
        known_kw = [k for k in e.keywords if k.arg is not None and k.arg not in names]
        return ast.copy_location(ast.Call(e.func, [self.visit(a) for a in extra],
                                          keywords + known_kw), e)
