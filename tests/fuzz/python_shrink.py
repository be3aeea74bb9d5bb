"""Shrinking a random program (python_tree.Program) while it still mismatches: statements
deleted, ifs replaced by a body, an operation replaced by one of its operands, unused prelude
lines dropped."""

from __future__ import annotations

import dataclasses

from tests.fuzz.python_tree import CLAMP, Block, Line, Program, Stmt


def statements(body: list[Stmt]) -> list[list[Stmt]]:
    """Every statement list of a body, nested ones included: where the minimiser deletes."""
    lists = [body]
    for s in body:
        if isinstance(s, Block):
            lists += statements(s.body)
            for _, b in s.orelse:
                lists += statements(b)
    return lists


def shrunk(p: Program) -> list[Program]:
    """Programs one step smaller than `p`: one statement deleted, an if replaced by one of its
    bodies, or one operation of a statement replaced by one of its operands."""
    out = []
    count = sum(len(x) for x in statements(p.body))
    for k in range(count):
        for how in ("delete", "unwrap", *range(4)):
            body = _copy(p.body)
            flat = [(lst, j) for lst in statements(body) for j in range(len(lst))]
            lst, j = flat[k]
            s = lst[j]
            if isinstance(s, Line) and s.protected:
                continue
            if how == "delete":
                del lst[j]
            elif isinstance(s, Block) and not s.loop and how == "unwrap":
                lst[j:j + 1] = s.body
            elif isinstance(s, Block) and isinstance(how, int) and how < len(s.orelse):
                lst[j:j + 1] = s.orelse[how][1]  # the if replaced by its elif or else body
            else:
                continue
            out.append(dataclasses.replace(p, body=body))
    if " + " in p.ret:
        out += [dataclasses.replace(p, ret=t) for t in p.ret.split(" + ")]
    for k in range(count):  # then one expression replaced by one of its operands
        flat = [(lst, j) for lst in statements(p.body) for j in range(len(lst))]
        s = flat[k][0][flat[k][1]]
        for text in _simpler_texts(s.text if isinstance(s, Line) else s.header):
            body = _copy(p.body)
            lst, j = [(x, i) for x in statements(body) for i in range(len(x))][k]
            if isinstance(lst[j], Line):
                lst[j].text = text
            else:
                lst[j].header = text
            out.append(dataclasses.replace(p, body=body))
    return out


def _simpler_texts(text: str) -> list[str]:
    """`text` (a statement or a block header) with one operation replaced by an operand."""
    import ast
    elif_ = text.startswith("elif ")
    if text.endswith(":") and not text.startswith(("if ", "elif ")):
        return []  # loop headers keep their bounds (a simpler bound may not terminate)
    code = (text[2:] if elif_ else text) + " pass" if text.endswith(":") else text
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out = []
    indices = {id(n) for sub in ast.walk(tree) if isinstance(sub, ast.Subscript)
               for n in ast.walk(sub.slice)}  # indices stay in range
    parents = [(node, name) for node in ast.walk(tree) if id(node) not in indices
               for name, _ in ast.iter_fields(node)]
    for node, name in parents:
        child = getattr(node, name)
        if not isinstance(child, ast.expr) or id(child) in indices:
            continue
        for sub in _operands(child):
            setattr(node, name, sub)
            new = ast.unparse(tree)
            setattr(node, name, child)
            if text.endswith(":"):
                new = ("el" if elif_ else "") + new.split("\n")[0]
            if new != text and ":\n" not in new:
                out.append(new)
    return out


def _operands(e: object) -> list[object]:
    import ast
    if isinstance(e, ast.BinOp):  # a reduction by a constant keeps integers small
        return [] if isinstance(e.op, ast.Mod) and isinstance(e.right, ast.Constant) else [
            e.left, e.right]
    if isinstance(e, ast.BoolOp):
        return list(e.values)
    if isinstance(e, ast.IfExp):
        return [e.body, e.orelse]
    if isinstance(e, ast.UnaryOp) and not isinstance(e.operand, ast.Constant):
        return [e.operand]
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in ("min", "max"):
        clamp = any(str(CLAMP) in ast.unparse(a) for a in e.args)
        return [] if clamp else list(e.args)
    return []


def _copy(body: list[Stmt]) -> list[Stmt]:
    return [Line(s.text, s.protected) if isinstance(s, Line) else
            Block(s.header, _copy(s.body), [(h, _copy(b)) for h, b in s.orelse], s.loop)
            for s in body]


def size(p: Program) -> int:
    return sum(len(x) for x in statements(p.body))


def without_unused(p: Program) -> Program:
    """`p` without prelude assignments to names that nothing else reads."""
    import re
    keep = list(p.prelude)
    changed = True
    while changed:
        changed = False
        for line in keep:
            targets = [t.strip() for t in line.split("=")[0].split(",")]
            rest = "\n".join(x for x in keep if x is not line)
            text = rest + "\n" + Program(p.name, [], p.returns, [], p.body, p.ret,
                                         p.features, p.helpers).source()
            if not any(re.search(rf"\b{t}\b", text) for t in targets):
                keep.remove(line)
                changed = True
                break
    return dataclasses.replace(p, prelude=keep)
