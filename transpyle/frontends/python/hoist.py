"""Nested functions and functions passed as arguments, made module functions before lowering.

A def nested in a module function, used only by calling it, becomes the module function
`outer_inner`; the locals of the outer function it reads (a closure reads them when called)
become extra parameters, passed at each call with their values then, which is what the
closure reads. An inner def that assigns one of them (`nonlocal`) is left nested (refused).

A call `g(f1, 0)` of a module function `g` whose parameter has Pyccel's function hint
(`function: '(int)(int)'`) and gets a module function `f1` (or has it as its default) calls
the copy `g_f1` of g with that parameter replaced by f1: one specialisation per function
passed, no procedure arguments in the Fortran.

Both add functions that the source does not define; `Synthesised` says which function each
was made for, so that translating that one translates them (`only=`).
"""

from __future__ import annotations

import ast
import copy

Synthesised = dict[str, str]  # new function -> the function whose code calls it


def _stores(nodes: list[ast.stmt], skip_defs: bool = True) -> set[str]:
    out: set[str] = set()
    todo: list[ast.AST] = list(nodes)
    while todo:
        n = todo.pop()
        if skip_defs and isinstance(n, ast.FunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            out.add(n.id)
        todo.extend(ast.iter_child_nodes(n))
    return out


def _params(f: ast.FunctionDef) -> list[str]:
    a = f.args
    return [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]


def _loads(f: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(f) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


class _Calls(ast.NodeTransformer):
    """Calls of the names in `table` (old -> (new, extra argument names)) renamed."""

    def __init__(self, table: dict[str, tuple[str, list[str]]]) -> None:
        self.table = table
        self.other_use = False

    def visit_Call(self, e: ast.Call) -> ast.expr:
        if not (isinstance(e.func, ast.Name) and e.func.id in self.table):
            return self.generic_visit(e)  # type: ignore[return-value]
        e.args = [self.visit(a) for a in e.args]
        e.keywords = [self.visit(k) for k in e.keywords]
        new, extra = self.table[e.func.id]
        e.func = ast.copy_location(ast.Name(new, ast.Load()), e.func)
        e.keywords = [*e.keywords, *(ast.keyword(v, ast.copy_location(ast.Name(v, ast.Load()), e))
                                     for v in extra)]
        return e

    def visit_Name(self, e: ast.Name) -> ast.expr:
        if e.id in self.table:
            self.other_use = True
        return e


def hoist_nested(tree: ast.Module, synth: Synthesised) -> None:
    """Make the nested defs of the module's functions module functions (in place)."""
    taken = {s.name for s in tree.body if isinstance(s, ast.FunctionDef)}
    body: list[ast.stmt] = []
    for outer in tree.body:
        body.append(outer)
        if not isinstance(outer, ast.FunctionDef):
            continue
        inner = [s for s in outer.body if isinstance(s, ast.FunctionDef)]
        if not inner or any(isinstance(n, ast.FunctionDef) and n not in inner and n is not outer
                            for n in ast.walk(outer)):
            continue
        trial = copy.deepcopy(outer)
        made = _hoisted(trial, [s for s in trial.body if isinstance(s, ast.FunctionDef)], taken)
        if made is None:
            continue
        body[-1] = trial
        for f in made:
            synth[f.name] = outer.name
        body.extend(made)
    tree.body = body


def _hoisted(outer: ast.FunctionDef, inner: list[ast.FunctionDef],
             taken: set[str]) -> list[ast.FunctionDef] | None:
    names = {g.name for g in inner}
    rest = [s for s in outer.body if not isinstance(s, ast.FunctionDef)]
    outer_locals = (set(_params(outer)) | _stores(rest)) - names
    free: dict[str, set[str]] = {}
    for g in inner:
        own = set(_params(g)) | _stores(g.body)
        if own & outer_locals & (_stores(g.body) | {n for s in ast.walk(g) if isinstance(
                s, ast.Nonlocal | ast.Global) for n in s.names}):
            return None  # assigns a variable of the outer function (or shadows it): left
        free[g.name] = (_loads(g) & outer_locals) - own
    changed = True
    while changed:  # an inner function calling another reads what that one reads
        changed = False
        for g in inner:
            for h in names & _loads(g):
                if not free[h] <= free[g.name] | set(_params(g)):
                    free[g.name] |= free[h] - set(_params(g))
                    changed = True
    table: dict[str, tuple[str, list[str]]] = {}
    for g in inner:
        new, k = f"{outer.name}_{g.name}", 1
        while new in taken:
            new, k = f"{outer.name}_{g.name}_{k}", k + 1
        taken.add(new)
        table[g.name] = (new, sorted(free[g.name]))
    rename = _Calls(table)
    outer.body = [rename.visit(s) for s in rest] or [ast.copy_location(ast.Pass(), outer)]
    made = []
    for g in inner:
        new, extra = table[g.name]
        g = copy.deepcopy(g)
        g.name = new
        g.args.args += [ast.copy_location(ast.arg(v), g) for v in extra]
        g.body = [rename.visit(s) for s in g.body]
        made.append(g)
    if rename.other_use:
        return None
    return made


def _function_params(f: ast.FunctionDef) -> list[int]:
    """Positions of the parameters with Pyccel's function hint, '(int)(int)'."""
    out = []
    for k, p in enumerate(f.args.args):
        a = p.annotation
        if isinstance(a, ast.Constant) and isinstance(a.value, str) \
                and a.value.replace(" ", "").startswith("(") and ")(" in a.value.replace(" ", ""):
            out.append(k)
    return out


def specialise_function_args(tree: ast.Module, synth: Synthesised) -> set[str]:
    """Calls passing module functions to function parameters call specialised copies; the
    functions copied (a translation of the whole module leaves them out: they take functions)."""
    funcs = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
    originals: set[str] = set()
    if not any(_function_params(f) for f in funcs.values()):
        return originals
    todo = list(funcs.values())
    while todo:
        caller = todo.pop()
        for call in [n for n in ast.walk(caller) if isinstance(n, ast.Call)]:
            made = _specialise(call, funcs, tree, caller)
            if made is not None:
                synth[made.name] = caller.name
                todo.append(made)
                originals.add(made.tp_base)  # type: ignore[attr-defined]
    return originals


def _specialise(call: ast.Call, funcs: dict[str, ast.FunctionDef], tree: ast.Module,
                caller: ast.FunctionDef) -> ast.FunctionDef | None:
    g = funcs.get(call.func.id) if isinstance(call.func, ast.Name) else None
    if g is None or call.func.id in _params(caller) or call.func.id in _stores(caller.body):
        return None
    positions = _function_params(g)
    if not positions or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    a = g.args
    first_default = len(a.args) - len(a.defaults)
    chosen: dict[int, str] = {}
    for k in positions:
        p = a.args[k].arg
        arg = call.args[k] if k < len(call.args) else next(
            (kw.value for kw in call.keywords if kw.arg == p),
            a.defaults[k - first_default] if k >= first_default else None)
        if not (isinstance(arg, ast.Name) and arg.id in funcs and arg.id not in
                _params(caller) and arg.id not in _stores(caller.body)):
            return None
        chosen[k] = arg.id
    name = "_".join([g.name, *chosen.values()])
    made = None
    if name not in funcs:
        made = copy.deepcopy(g)
        made.name = name
        made.tp_base = g.name  # type: ignore[attr-defined]
        subst = {a.args[k].arg: f for k, f in chosen.items()}
        made.args.args = [p for k, p in enumerate(a.args) if k not in chosen]
        made.args.defaults = [d for k, d in enumerate(a.defaults, first_default)
                              if k not in chosen]
        for n in ast.walk(made):
            if isinstance(n, ast.Name) and n.id in subst:
                n.id = subst[n.id]
        funcs[name] = made
        tree.body.insert(tree.body.index(g) + 1, made)
    dropped = {a.args[k].arg for k in chosen}
    call.func = ast.copy_location(ast.Name(name, ast.Load()), call.func)
    call.args = [x for k, x in enumerate(call.args) if k not in chosen]
    call.keywords = [kw for kw in call.keywords if kw.arg not in dropped]
    return made
