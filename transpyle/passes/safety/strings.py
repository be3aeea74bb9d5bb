"""Python's meaning of the string operations that translated functions allow.

A `str` argument is Fortran's CHARACTER(*) (read only). Python's `==` of two strings is true
only for equal lengths and characters; Fortran's pads the shorter one with blanks ('N' == 'N  '
there): `a == b` becomes `len(a) == len(b) .and. a == b`. `ord(c)` raises TypeError unless c is
one character: it goes through a small checking procedure of the module (inlined by gfortran),
`tp_ord`, with CPython's message. Functions from Fortran keep
Fortran's meanings (this pass leaves them alone). The dispatcher passes only ASCII strings
(runtime/jit.py), so a character's code is the same on both sides.
"""

from __future__ import annotations

import dataclasses

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import BOOL, INT64, Character
from transpyle.ir.visitor import Transformer, walk

ORD = "tp_ord"


def _ord_message() -> str:
    """The running CPython's message for ord() of a string of another length than 1."""
    try:
        ord("ab")
    except TypeError as err:
        return str(err).replace("{", "{{").replace("}", "}}").replace("2", "{}", 1)
    raise AssertionError("ord('ab') did not raise")


ORD_MESSAGE = _ord_message()


def _len(e: ir.Expr) -> ir.Intrinsic:
    return ir.Intrinsic("len", (e,), type=INT64, loc=e.loc)


def ord_procedure(loc: SourceLoc) -> ir.FunctionDef:
    """tp_ord(c): the code of the one character c, or CPython's TypeError."""
    c = ir.Name("c", type=Character(None), loc=loc)
    one = ir.Compare("!=", _len(c), ir.Const(1, type=INT64, loc=loc), type=BOOL, loc=loc)
    body = (
        ir.If(one, (ir.Raise("TypeError", ORD_MESSAGE, (_len(c),), loc=loc),), loc=loc),
        ir.Return(ir.Intrinsic("ichar", (c,), type=INT64, loc=loc), loc=loc),
    )
    return ir.FunctionDef(ORD, (ir.VarDecl("c", Character(None), intent="in", loc=loc),),
                          INT64, body, loc=loc)


class _Strings(Transformer):
    def __init__(self) -> None:
        self.ord_used = False

    def visit_Compare(self, e: ir.Compare) -> ir.Expr:
        e = self.rebuild(e)
        if not (isinstance(e.left.type, Character) and isinstance(e.right.type, Character)):
            return e
        lengths = ir.Compare("==", _len(e.left), _len(e.right), type=BOOL, loc=e.loc)
        same = ir.BoolOp("and", (lengths, dataclasses.replace(e, op="==")), type=BOOL,
                         loc=e.loc)
        return same if e.op == "==" else ir.UnaryOp("not", same, type=BOOL, loc=e.loc)

    def visit_Intrinsic(self, e: ir.Intrinsic) -> ir.Expr:
        e = self.rebuild(e)
        if e.name == "ichar" and isinstance(e.args[0].type, Character):
            self.ord_used = True
            return ir.Call(ORD, e.args, type=INT64, loc=e.loc)
        return e


def python_strings(module: ir.Module) -> ir.Module:
    body: list[ir.FunctionDef | ir.Comment] = []
    used = False
    for f in module.body:
        if isinstance(f, ir.FunctionDef) and f.kind is None:
            for r in walk(f):  # f2py would hand back bytes, CPython a str
                if isinstance(r, ir.Return) and r.value is not None \
                        and isinstance(r.value.type, Character):
                    raise TranspileError(r.loc, msg.STRING_RESULT, code="E-unsupported")
            pass_ = _Strings()
            f = pass_.visit(f)
            used |= pass_.ord_used
        body.append(f)
    if used and ORD not in module.functions():
        body.append(ord_procedure(module.loc))
    return dataclasses.replace(module, body=tuple(body))
