"""Scalar parameters that a function assigns: the Fortran gets a copy-in local.

In Python, assigning to a parameter rebinds a local name and the caller sees nothing. The
Fortran keeps that: the parameter becomes `<name>_in`, intent(in), and the body works on a
local `<name>` set from it on entry, so the body reads as the source did. (Fortran's VALUE
attribute would say the same, but f2py's wrappers pass every scalar by reference.)
"""

from __future__ import annotations

import dataclasses

from transpyle.ir import nodes as ir


def copy_in_scalars(module: ir.Module) -> ir.Module:
    body = []
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and any(p.value for p in f.params):
            taken = {p.name for p in f.params} | {d.name for d in f.locals}
            params, locals_, entry = [], list(f.locals), []
            for p in f.params:
                if p.value:
                    outer = f"{p.name}_in"
                    while outer in taken:
                        outer += "_"
                    taken.add(outer)
                    locals_.append(dataclasses.replace(p, value=False, intent=None))
                    entry.append(ir.Assign(ir.Name(p.name, type=p.type, loc=p.loc),
                                           ir.Name(outer, type=p.type, loc=p.loc), loc=p.loc))
                    p = dataclasses.replace(p, name=outer, value=False, intent="in")
                params.append(p)
            f = dataclasses.replace(f, params=tuple(params), locals=tuple(locals_),
                                    body=(*entry, *f.body))
        body.append(f)
    return dataclasses.replace(module, body=tuple(body))
