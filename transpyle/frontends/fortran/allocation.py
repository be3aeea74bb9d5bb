"""ALLOCATE, DEALLOCATE and NULLIFY -> IR: shapes (`Allocate`), components (`p%a(n)`),
STAT=/ERRMSG= (an If on ALLOCATED with gfortran's status and message), SOURCE=/MOLD=,
ALLOCATE(t :: x) of CLASS objects and of deferred-length CHARACTER, and POINTERs of derived
type (a new object associated; DEALLOCATE and NULLIFY disassociate)."""

from __future__ import annotations

import dataclasses

from typing import TYPE_CHECKING, Any

from transpyle.errors import TranspileError
from transpyle.frontends.fortran.types import component_allocate, component_deallocate
from transpyle.ir import nodes as ir
from transpyle.ir.types import Character, Integer, Logical, Record

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope


class AllocationLowering:
    """Mixed into `StmtLowering`."""

    scope: Scope
    x: ExprLowering

    if TYPE_CHECKING:
        def error(self, message: str, hint: str | None = None) -> TranspileError: ...
        def loc(self) -> Any: ...

    def s_Allocate_Stmt(self, node: Any) -> list[ir.Stmt]:
        if node.items[0] is not None:
            return self.typed_allocate(node)
        opts = self.alloc_options(node.items[2], ("stat", "errmsg", "source", "mold"))
        items = node.items[1].items
        if set(opts) == {"stat"} and len(items) == 1 and type(items[0]).__name__ == \
                "Allocation" and type(items[0].items[0]).__name__ == "Name":
            # allocate(a(n), stat=s) as one statement: ir.Allocate.stat (0, or gfortran's 5014
            # where `a` is allocated already or the memory is not there)
            one = self.s_Allocate_Stmt_plain(items[0])
            return [dataclasses.replace(one, stat=opts["stat"])]
        source = opts.get("source", opts.get("mold"))
        out: list[ir.Stmt] = []
        for a in node.items[1].items:
            target = a.items[0] if type(a).__name__ == "Allocation" else a
            if type(a).__name__ != "Allocation":  # allocate(b, source=a): its shape
                out += self.allocate_like(target, source)
                continue
            shape = []
            for spec in a.items[1].items:
                lo, hi = spec.items
                shape.append(ir.Dim(self.x.expr(lo) if lo is not None else None,
                                    self.x.expr(hi), loc=self.loc()))
            if type(target).__name__ == "Data_Ref":  # allocate(p%a(n)): a component
                out.append(component_allocate(self.x, target, tuple(shape)))
            else:
                out.append(ir.Allocate(str(target).lower(), tuple(shape), loc=self.loc()))
            if "source" in opts:
                out.append(ir.Assign(self.x.expr(target), opts["source"], loc=self.loc()))
        return self.with_status(node, out, opts)

    def s_Allocate_Stmt_plain(self, a: Any) -> ir.Allocate:
        shape = [ir.Dim(self.x.expr(lo) if lo is not None else None, self.x.expr(hi),
                        loc=self.loc()) for lo, hi in (spec.items for spec in a.items[1].items)]
        return ir.Allocate(str(a.items[0]).lower(), tuple(shape), loc=self.loc())

    def typed_allocate(self, node: Any) -> list[ir.Stmt]:
        """`allocate(dog :: a)` of a CLASS object: it becomes a default-initialised dog (in
        place: `fio.allocate_as`); `allocate(character(len=n) :: s)` of a deferred-length
        CHARACTER scalar: n blanks (its value is undefined in Fortran)."""
        spec = node.items[0]
        if node.items[2] is not None:
            raise self.error("ALLOCATE with a type and options is not supported")
        out: list[ir.Stmt] = []
        for a in node.items[1].items:
            if type(a).__name__ == "Allocation":
                raise self.error("ALLOCATE of an array with a type is not supported")
            target = self.x.expr(a)
            if type(spec).__name__ == "Type_Name" and isinstance(target.type, Record):
                tname = str(spec).lower()
                if not self.scope.has_type(tname):
                    raise self.error(f"type({tname}) is not defined here")
                new = ir.Call(tname, (), type=Record(tname),  # its dataclass's defaults
                              loc=self.loc())
                out.append(ir.CallStmt("fio.allocate_as", (target, new), loc=self.loc()))
            elif isinstance(target.type, Character) and \
                    str(spec.items[0]).upper() == "CHARACTER":
                length = spec.items[1]
                n = self.x.expr(length.items[1] if hasattr(length, "items") and
                                len(length.items) == 3 else length)
                blank = ir.Const(" ", type=Character(1), loc=self.loc())
                value = ir.Call("fio.repeat", (blank, n), type=Character(None), loc=self.loc())
                out.append(ir.Assign(target, value, loc=self.loc()))
            else:
                raise self.error(f"ALLOCATE ({spec} :: {a}) is not supported")
        return out

    def alloc_options(self, node: Any, known: tuple[str, ...]) -> dict[str, ir.Expr]:
        opts: dict[str, ir.Expr] = {}
        for opt in node.items if node is not None else ():
            key = str(opt.items[0]).lower()
            if key not in known:
                raise self.error(f"{key.upper()}= is not supported here")
            opts[key] = self.x.expr(opt.items[1])
        if "source" in opts and "mold" in opts:
            raise self.error("SOURCE= and MOLD= together")
        return opts

    def allocate_like(self, target: Any, source: ir.Expr | None) -> list[ir.Stmt]:
        """`allocate(b, source=a)`: b a copy of a (its shape and bounds); MOLD= its shape,
        the values undefined (zeros here)."""
        from transpyle.frontends.fortran.exprs import rank
        lhs = self.x.expr(target)
        if (source is None or not rank(source.type)) and not isinstance(lhs.type, Record):
            raise self.error(f"ALLOCATE of {target} needs a shape or an array SOURCE=/MOLD=")
        if isinstance(lhs.type, Record) and source is None:  # a POINTER (or CLASS) object
            from transpyle.frontends.fortran.types import associate, pointer_target
            lhs = pointer_target(self.x, target)
            new = ir.Call(lhs.type.name, (), type=lhs.type, loc=self.loc())
            return [associate(self.x, lhs, new)]
        if not rank(lhs.type):
            raise self.error(f"ALLOCATE of the scalar {target} is not supported")
        return [ir.Assign(lhs, source, loc=self.loc())]

    def with_status(self, node: Any, stmts: list[ir.Stmt],
                    opts: dict[str, ir.Expr]) -> list[ir.Stmt]:
        """STAT=/ERRMSG= of ALLOCATE and DEALLOCATE: 0 after it succeeds; where an object
        already is (ALLOCATE) or is not (DEALLOCATE) allocated, gfortran's status and message
        and nothing done."""
        if "stat" not in opts and "errmsg" not in opts:
            return stmts
        loc = self.loc()
        dealloc = type(node).__name__ == "Deallocate_Stmt"
        tests: list[ir.Expr] = []
        for s in stmts:
            if isinstance(s, ir.Allocate | ir.Deallocate):
                obj = s.target if s.target is not None else \
                    ir.Name(s.name, type=self.scope.lookup(s.name, loc).ir_type(), loc=loc)
                test: ir.Expr = ir.Intrinsic("allocated", (obj,), type=Logical(4), loc=loc)
                if dealloc:
                    test = ir.UnaryOp("not", test, type=Logical(4), loc=loc)
                tests.append(test)
        ok: list[ir.Stmt] = []
        bad: list[ir.Stmt] = []
        if "stat" in opts:
            ok.append(ir.Assign(opts["stat"], ir.Const(0, type=Integer(4), loc=loc), loc=loc))
            bad.append(ir.Assign(opts["stat"], ir.Const(5014 if not dealloc else 1,
                                                        type=Integer(4), loc=loc), loc=loc))
        if "errmsg" in opts:
            msg = "Attempt to deallocate an unallocated object" if dealloc else \
                "Attempt to allocate an allocated object"
            bad.append(ir.Assign(opts["errmsg"], ir.Const(msg, type=Character(len(msg)),
                                                          loc=loc), loc=loc))
        if not tests:
            return [*stmts, *ok]
        any_bad = tests[0]
        for t in tests[1:]:
            any_bad = ir.BinOp("or", any_bad, t, type=Logical(4), loc=loc)
        return [ir.If(any_bad, tuple(bad), tuple([*stmts, *ok]), loc=loc)]

    def s_Deallocate_Stmt(self, node: Any) -> list[ir.Stmt]:
        opts = self.alloc_options(node.items[1], ("stat", "errmsg"))
        return self.with_status(node, [self.deallocation(n) for n in node.items[0].items],
                                opts)

    def deallocation(self, n: Any) -> ir.Stmt:
        from transpyle.frontends.fortran.types import associate
        target = self.x.expr(n)
        if isinstance(target.type, Record) or isinstance(target, ir.Field) and \
                isinstance(target.value.type, Record) and self.scope.record_field(
                    target.value.type, target.name, self.loc()).pointer:
            sym = self.scope.find(target.id) if isinstance(target, ir.Name) else None
            if sym is None or sym.pointer:  # a POINTER: disassociated
                return associate(self.x, target, None)
        if type(n).__name__ == "Data_Ref":
            return component_deallocate(self.x, n)
        return ir.Deallocate(str(n).lower(), loc=self.loc())

    def s_Nullify_Stmt(self, node: Any) -> list[ir.Stmt]:
        from transpyle.frontends.fortran.types import associate, pointer_target
        return [associate(self.x, pointer_target(self.x, n), None)
                for n in node.items[1].items]

    # -- output
