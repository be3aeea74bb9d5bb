"""Python backend, calls: CALL statements and function calls of the module's procedures (by
their calling conventions: changed scalars come back in a tuple), through dummy procedures
and pointers, elemental ones over arrays, and the arguments each is passed (array elements
as sequences, sections copied in and out where the dummy reshapes its actual's storage)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.backends.python_exprs import P_ATOM, dtype_name, elem, sub
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Procedure, Real, Record
from transpyle.passes.procedure_args import shape


class CallsMixin:
    # provided by the host emitter
    types: dict[str, Any]
    imports: set[str]
    conventions: dict[str, Any]
    functions: dict[str, ir.FunctionDef]
    reshaped: dict[str, set[str]]
    counter: int
    fortran_origin: bool
    current: ir.FunctionDef | None
    hosts: dict[str, str]  # a nested internal procedure -> its host
    flows: dict[tuple[str, str], set[str]]  # the procedures bound to each dummy procedure
    pending: list[str]

    if TYPE_CHECKING:  # provided by the host emitter
        def expr(self, e: ir.Expr) -> str: ...
        def operand(self, e: ir.Expr, parent: int, right: bool = False,
                    assoc: bool = True) -> str: ...
        def type_of(self, e: ir.Expr) -> Any: ...
        def is_array(self, e: ir.Expr) -> bool: ...
        def name(self, n: str) -> str: ...
        def lower_bounds(self, value: ir.Expr, rank: int) -> tuple[ir.Expr, ...]: ...
        def dispatched(self, dispatch: str, func: str, args: list[str], loc: Any) -> str: ...

    def visit_CallStmt(self, s: ir.CallStmt) -> list[str]:
        if s.func.startswith(("fio.", "fmpi.")):  # a subroutine of the runtime, or MPI
            return [f"{s.func}({', '.join(self.expr(a) for a in s.args)})"]
        callee = self.functions.get(s.func) if self.direct(s.func) else \
            self.bound_procedure(s.func, s.args, s.loc, subroutine=True)
        if callee is None:
            return [f"{self.name(s.func)}({', '.join(self.expr(a) for a in s.args)})"]
        conv = self.conventions[callee.name]
        if callee.elemental and any(self.is_array(a) for a in s.args):
            return self.elemental_call(s, callee)
        before, actuals, after = self.copied_sections(callee, s.args)
        args, targets = self.call_args(callee, actuals)
        call = self.dispatched(s.dispatch, s.func, args, s.loc) if s.dispatch else \
            f"{self.name(s.func)}({', '.join(args)})"
        if conv.has_result:
            targets = ["_", *targets]
        if all(t == "_" for t in targets):
            return [*before, call, *after]
        return [*before, f"{', '.join(targets)} = {call}", *after]

    def copied_sections(self, callee: ir.FunctionDef, args: tuple[ir.Expr, ...]
                        ) -> tuple[list[str], tuple[ir.Expr, ...], list[str]]:
        """Array sections passed to dummies that reshape their actual's storage: copied in
        where they are not contiguous, and out after the call, as gfortran does."""
        reshaped = self.reshaped.get(callee.name, set())
        before: list[str] = []
        after: list[str] = []
        out = list(args)
        for k, (p, a) in enumerate(zip(callee.params, args, strict=False)):
            if p.name not in reshaped or not isinstance(a, ir.Subscript) or not any(
                    isinstance(i, ir.Slice) for i in a.indices):
                continue
            self.counter += 1
            self.imports.add("storage")
            view, passed = f"_s{self.counter}", f"_c{self.counter}"
            before += [f"{view} = {self.expr(a)}", f"{passed} = storage.contiguous({view})"]
            after.append(f"storage.copy_back({view}, {passed})")
            out[k] = ir.Name(passed, type=a.type, loc=a.loc)
        return before, tuple(out), after

    def elemental_call(self, s: ir.CallStmt, callee: ir.FunctionDef) -> list[str]:
        """An elemental subroutine called on arrays: each array actual evaluated once (a view
        where it is a variable or a section, so that writes reach it), then the subroutine
        called element by element (a pure procedure: the order does not matter)."""
        self.imports.add("numpy")
        self.counter += 1
        k = f"_k{self.counter}"
        lines, args, first = [], [], None
        for n, a in enumerate(s.args):
            t = self.type_of(a)
            if not isinstance(t, Array):
                args.append(a)
                continue
            view = f"_e{self.counter}_{n}"
            lines.append(f"{view} = {self.expr(a)}")
            first = first or view
            args.append(ir.Name(f"{view}[{k}]", type=t.elem, loc=a.loc))
        conv = self.conventions[s.func]
        passed, targets = self.call_args(callee, tuple(args))
        call = f"{self.name(s.func)}({', '.join(passed)})"
        if conv.has_result:
            targets = ["_", *targets]
        body = f"{', '.join(targets)} = {call}" if targets else call
        return [*lines, f"for {k} in np.ndindex({first}.shape):", f"    {body}"]

    def visit_Call(self, e: ir.Call) -> tuple[str, int]:
        if isinstance(e.type, Record) and e.func == e.type.name:  # a structure constructor
            return super().visit_Call(e)  # type: ignore[misc]
        if e.func.startswith(("fio.", "fmpi.")):  # an intrinsic of the runtime, or MPI
            return f"{e.func}({', '.join(self.expr(a) for a in e.args)})", P_ATOM
        callee = self.functions.get(e.func) if self.direct(e.func) else \
            self.bound_procedure(e.func, e.args, e.loc, subroutine=False)
        if callee is None:
            return f"{self.name(e.func)}({', '.join(self.expr(a) for a in e.args)})", P_ATOM
        args, targets = self.call_args(callee, e.args)
        if callee.elemental and not targets and any(
                isinstance(t, Array) for t in map(self.type_of, e.args)):  # per element
            self.imports |= {"numpy", "fio"}
            t = elem(e.type) if e.type is not None else None
            kind = "object" if t is None or isinstance(t, Character | Record) else \
                f"np.{dtype_name(t)}"
            return f"fio.elemental({self.name(e.func)}, {kind}, {', '.join(args)})", P_ATOM
        text = self.dispatched(e.dispatch, e.func, args, e.loc) if e.dispatch else \
            f"{self.name(e.func)}({', '.join(args)})"
        if targets and getattr(self, "hoist", False):
            self.counter += 1
            tmp = f"{e.func}_value{self.counter}"
            self.pending.append(f"{tmp}, {', '.join(targets)} = {text}")
            return tmp, P_ATOM
        if targets:  # evaluated again and again: the changed arguments are not kept
            text += "[0]"
        return text, P_ATOM

    def direct(self, name: str) -> bool:
        """A call of a procedure of the module, not through a dummy procedure or pointer (which
        may share a procedure's name: `call fcn(...)` with FCN an argument). An EXTERNAL
        that is no dummy argument (`EXTERNAL XERBLA`, as BLAS declares) names the procedure."""
        if name not in self.conventions:
            return False
        if not isinstance(self.types.get(name), Procedure):
            return True
        return name not in self.dummy_names()

    def dummy_names(self) -> set[str]:
        """The dummy arguments of the current procedure and of its host."""
        if self.current is None:
            return set()
        host = self.functions.get(self.hosts.get(self.current.name, ""))
        return {p.name for f in (self.current, host) if f is not None for p in f.params}

    def bound_procedure(self, name: str, args: tuple[ir.Expr, ...], loc: Any,
                        subroutine: bool) -> ir.FunctionDef | None:
        """The procedure whose convention a call through dummy procedure (or procedure
        pointer) `name` follows: the one the module passes to it, or any of several that agree;
        None where none is known (the call passes its arguments and keeps no result)."""
        current = self.current.name if self.current is not None else ""
        keys = [(current, name), (self.hosts.get(current, ""), name)]
        bound = next((self.flows[k] for k in keys if k in self.flows), set())
        if not bound <= self.functions.keys():  # some in a file of another directory
            bound = set()
        shapes = {shape(self.conventions[g], self.functions[g]) for g in bound}
        if len(shapes) > 1:
            raise TranspileError(loc, f"the procedures passed as '{name}' ("
                                 f"{', '.join(sorted(bound))}) change different arguments: "
                                 "a call through it is not supported", code="E-fortran")
        if bound:
            return self.functions[min(bound)]
        fixed = {p.name for p in (self.current.params if self.current else ())
                 if p.intent == "in"}  # a callee may not change an INTENT(IN) dummy's actual
        if subroutine and any(isinstance(a, ir.Name | ir.Subscript | ir.Field)
                              and not isinstance(self.type_of(a), Array | Procedure)
                              and not (isinstance(a, ir.Name) and a.id in fixed)
                              for a in args):
            raise TranspileError(loc, f"CALL {name}: no procedure of this file is passed as "
                                 f"'{name}', so which scalar arguments it changes is not known",
                                 hint="migrate the file that passes it together with this one",
                                 code="E-fortran")
        return None

    def call_args(self, callee: ir.FunctionDef, args: tuple[ir.Expr, ...]
                  ) -> tuple[list[str], list[str]]:
        conv = self.conventions[callee.name]
        passed: list[str] = []
        targets: list[str] = []
        for k, p in enumerate(callee.params):
            a = args[k] if k < len(args) else None  # None: a trailing OPTIONAL left out
            if p.name in conv.returned:
                assignable = isinstance(a, ir.Name | ir.Subscript | ir.Field) and not (
                    isinstance(a, ir.Name) and a.id in self.functions)
                targets.append(self.expr(a) if assignable and a is not None else "_")
            if p.name not in conv.params or a is None:
                continue
            passed.append("None" if isinstance(a, ir.Absent) else
                          self.array_arg(p, a) if isinstance(p.type, Array) else
                          self.scalar_arg(a))
        return passed, targets

    def scalar_arg(self, a: ir.Expr) -> str:
        """A scalar actual; a REAL literal stays a float32 in the callee (a Python float
        would make the callee's arithmetic double precision)."""
        if self.fortran_origin and isinstance(a, ir.Const) and a.type == Real(4) \
                and isinstance(a.value, float):
            self.imports.add("numpy")
            text = self.expr(a)
            return text if text.startswith("np.float32(") else f"np.float32({text})"
        return self.expr(a)

    def array_arg(self, p: ir.VarDecl, a: ir.Expr) -> str:
        """An array element passed for an array: the storage from that element on."""
        want, got = elem(p.type), elem(self.type_of(a))
        if isinstance(want, Character) and isinstance(got, Character) and None not in (
                want.length, got.length) and want.length != got.length:
            raise TranspileError(a.loc, f"a CHARACTER(LEN={got.length}) array passed to the "
                                 f"CHARACTER(LEN={want.length}) array dummy '{p.name}' (its "
                                 "elements cut from the actual's characters) is not supported",
                                 hint="declare the dummy with the actual's length, or "
                                 "CHARACTER(LEN=*)", code="E-fortran")
        if isinstance(a, ir.Subscript) and not any(isinstance(i, ir.Slice) for i in a.indices):
            self.imports.add("fio")
            lowers = self.lower_bounds(a.value, len(a.indices))
            idx = [self.expr(sub(i, lo)) for i, lo in zip(a.indices, lowers, strict=False)]
            return f"fio.sequence({self.operand(a.value, P_ATOM)}, {', '.join(idx)})"
        return self.expr(a)
