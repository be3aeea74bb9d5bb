"""Fortran spellings of Python names.

Python allows names Fortran (or f2py, which wraps the Fortran) cannot take as they are:
- a leading underscore (`_tmp`, the idiom for an unused loop variable): `u_tmp`;
- two names that differ only in case (`n` and `N`, `def f` and `def F`; Fortran is case-blind):
  the second becomes `N_1`;
- a name that is a Fortran keyword (`do`, `end`, `function`, `result`, `real`, ...), one of
  the C words f2py renames in its wrapper (`do`, `int`, `case`, `len`, `type`, ...), or an
  intrinsic the Fortran backend may emit (`size`, `merge`, `modulo`, `sqrt`, ...): `do_1`;
- a C macro of the wrapper's headers, case kept (`I`, complex.h's imaginary unit): `I_1`;
- a variable named like the Fortran module that holds it, like its own procedure, or like
  another procedure of the module: `m_1`;
- a name longer than Fortran's 63 characters (a procedure: than what leaves room for the
  names f2py derives from it): cut, and numbered like a clash.
Every new name is checked against every name in the function and the module, ignoring case.
Procedures are renamed the same way (`procedure_renames`); the runtime binds the entry point
by its Fortran name and keeps the Python-visible one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import Procedure
from transpyle.ir.visitor import Transformer, walk

# Fortran's statement keywords and attributes (Fortran reserves none, but f2py's reader and
# gfortran's statement classification stumble on a variable or procedure spelled like one)
KEYWORDS = frozenset("""
    allocatable allocate assign associate asynchronous backspace bind block blockdata call
    case character class close common complex contains continue critical cycle data
    deallocate default dimension do double doubleprecision elemental else elseif elsewhere
    end endif enddo entry enum enumerator equivalence exit extends external final flush
    forall format function generic go goto if implicit import in include inout inquire
    integer intent interface intrinsic kind len logical module namelist none nullify only
    open operator optional parameter pass pause pointer precision print private procedure
    program protected public pure read real recursive result return rewind save select
    sequence submodule subroutine target then type use value volatile wait where while write
""".split())
# the names f2py's crackfortran renames to NAME_bn (its C wrapper cannot use them)
F2PY_BADNAMES = frozenset("""
    int double float char short long void case while return signed unsigned if for typedef
    sizeof union struct static register new break do goto switch continue else inline extern
    delete const auto len rank shape index slen size _i max min flen fshape string
    complex_double float_double stdin stderr stdout type default
""".split()) | {"wrap"}  # a module procedure `wrap`: f2py's wrapper returned 0.0 or crashed
# intrinsics the Fortran backend writes for operators and conversions
EMITTED = frozenset("""
    int real cmplx logical modulo mod merge floor ceiling size kind huge abs sign ieee_arithmetic
    ieee_is_nan ieee_value ieee_quiet_nan ieee_positive_inf ieee_negative_inf iso_c_binding
""".split())
RESERVED = KEYWORDS | F2PY_BADNAMES | EMITTED
# macros of the C headers f2py's wrapper includes, which it would spell as they are (case
# kept): complex.h's imaginary unit `I` (a parameter `I` broke the wrapper's C)
C_MACROS = frozenset(("I",))
MAX_NAME = 63  # Fortran 2008's longest name


def reserved(module: ir.Module) -> set[str]:
    """The names no procedure or variable of `module` may take: RESERVED and the Fortran
    spelling of every intrinsic the module calls (a procedure `sum` would hide `sum`)."""
    used = {INTRINSICS[e.name].fortran for e in walk(module)
            if isinstance(e, ir.Intrinsic) and e.name in INTRINSICS}
    return set(RESERVED) | used


def _fresh(name: str, taken: set[str], seen: set[str]) -> str:
    base, k, new = name, 1, name
    while new.lower() in taken or new.lower() in seen:
        new = f"{base}_{k}"
        k += 1
    taken.add(new.lower())
    return new


def _rename_all(names: Iterable[str], taken: set[str], seen: set[str],
                longest: int = MAX_NAME) -> dict[str, str]:
    """Old -> new for each of `names` that clashes with `seen` (lower case, grown as names
    are kept), starts with an underscore or is longer than `longest`; `taken` (lower case)
    is what a new name avoids."""
    out: dict[str, str] = {}
    for name in names:
        new = f"u{name}" if name.startswith("_") else name
        new = new[: longest - 4] if len(new) > longest else new
        new = f"{new}_1" if new in C_MACROS else new
        if new != name or new.lower() in seen:
            new = _fresh(new, taken, seen)
            out[name] = new
        seen.add(new.lower())
    return out


def procedure_renames(module: ir.Module, words: set[str] | None = None) -> dict[str, str]:
    """Old name -> Fortran name for the procedures of `module` that Fortran or f2py cannot
    take as they are (`words`: `reserved(module)`). Programs and BLOCK DATA units keep their
    names."""
    words = reserved(module) if words is None else words
    names = [f.name for f in module.body if isinstance(f, ir.FunctionDef)
             and f.kind not in ("program", "blockdata")]
    taken = {n.lower() for n in names} | {module.name.lower()}
    # f2py wraps a function in `f2pywrap_<module>_<name>` with a result `<name>f2pywrap`
    longest = max(20, min(MAX_NAME - 8, MAX_NAME - 10 - len(module.name)))
    # ... and then deletes "<name>, " from its argument list as text: a function `g` with a
    # parameter `flag` lost "g, " of "flag, x" and read x as garbage. Such a function is renamed.
    clipped = {f.name.lower() for f in module.body if isinstance(f, ir.FunctionDef)
               and any(p.name.lower().endswith(f.name.lower()) for p in f.params[:-1])}
    return _rename_all(names, taken, words | clipped | {module.name.lower()}, longest)


def renames(f: ir.FunctionDef, module_names: set[str], unit: str = "",
            words: frozenset[str] | set[str] = RESERVED) -> dict[str, str]:
    """Old name -> new name for the variables of `f` that Fortran cannot spell as they are
    (`module_names`: the Fortran names of the module's procedures, which no variable may take;
    `unit`: the name of the Fortran module, which no variable inside it may take)."""
    names = [d.name for d in (*f.params, *f.locals)]
    procedures = {n.lower() for n in (*module_names, f.name)}
    taken = {n.lower() for n in names} | procedures | {unit.lower()}
    seen = set(words) | procedures | ({unit.lower()} if unit else set())
    return _rename_all(names, taken, seen)


class _Rename(Transformer):
    def __init__(self, table: dict[str, str], procedures: dict[str, str]) -> None:
        self.table = table
        self.procedures = procedures

    def visit_Name(self, e: ir.Name) -> ir.Name:
        new = self.table.get(e.id)
        if new is None and isinstance(e.type, Procedure):  # a procedure passed as argument
            new = self.procedures.get(e.id)
        return dataclasses.replace(e, id=new) if new else e

    def visit_VarDecl(self, d: ir.VarDecl) -> ir.VarDecl:
        d = self.rebuild(d)
        new = self.table.get(d.name)
        return dataclasses.replace(d, name=new) if new else d

    def visit_Allocate(self, s: ir.Allocate) -> ir.Allocate:
        s = self.rebuild(s)
        return dataclasses.replace(s, name=self.table.get(s.name, s.name))

    def visit_Deallocate(self, s: ir.Deallocate) -> ir.Deallocate:
        s = self.rebuild(s)
        return dataclasses.replace(s, name=self.table.get(s.name, s.name))

    def visit_Call(self, e: ir.Call) -> ir.Call:
        e = self.rebuild(e)
        new = self.procedures.get(e.func) if e.func not in self.table else None
        return dataclasses.replace(e, func=new) if new else e

    def visit_CallStmt(self, s: ir.CallStmt) -> ir.CallStmt:
        s = self.rebuild(s)
        new = self.procedures.get(s.func) if s.func not in self.table else None
        return dataclasses.replace(s, func=new) if new else s

    def visit_FunctionDef(self, f: ir.FunctionDef) -> ir.FunctionDef:
        f = self.rebuild(f)
        new = self.procedures.get(f.name)
        return dataclasses.replace(f, name=new) if new else f


def fortran_names(module: ir.Module) -> ir.Module:
    words = reserved(module)
    procedures = procedure_renames(module, words)
    fortran = {procedures.get(f.name, f.name) for f in module.body
               if isinstance(f, ir.FunctionDef)}
    body = []
    for item in module.body:
        if isinstance(item, ir.FunctionDef):
            table = renames(item, fortran, module.name, words)
            if table or procedures:
                item = _Rename(table, procedures).visit(item)
        body.append(item)
    return dataclasses.replace(module, body=tuple(body))
