"""Python backend, statements: one method per IR statement, returning lines.

Expects the host emitter (`PythonEmitter`) to provide the scope (`types`, `lowers`, `renames`,
`conventions`, `current`, `after_loop`) and `assigned_value`/`return_line`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from transpyle.backends.python_calls import CallsMixin
from transpyle.backends.python_exprs import P_ATOM, P_CMP, add, const_int, dtype_name, sub
from transpyle.backends.python_io import IoMixin
from transpyle.errors import TranspileError
from transpyle.ir import nodes as ir
from transpyle.ir.intrinsics import INTRINSICS
from transpyle.ir.types import (
    Array,
    Character,
    Integer,
    Logical,
    Real,
    Record,
    numpy_name,
)
from transpyle.ir.visitor import walk


class StatementsMixin(CallsMixin, IoMixin):  # READ, WRITE, OPEN, ...: python_io
    # provided by the host emitter
    types: dict[str, Any]
    lowers: dict[str, tuple[ir.Expr, ...]]
    imports: set[str]
    conventions: dict[str, Any]
    functions: dict[str, ir.FunctionDef]
    after_loop: set[int]  # ids of the loops whose variable is read after them
    fortran_origin: bool
    counter: int
    name_counts: dict[str, int]  # how often each name appears in the procedure
    allocatables: set[str]  # ALLOCATABLE arrays in scope (assignment reallocates them)
    allocatable_fields: set[tuple[str, str]]  # (type, component) of ALLOCATABLE components
    current: ir.FunctionDef | None
    hosts: dict[str, str]  # a nested internal procedure -> its host
    flows: dict[tuple[str, str], set[str]]  # the procedures bound to each dummy procedure

    if TYPE_CHECKING:  # provided by the host emitter
        def expr(self, e: ir.Expr) -> str: ...
        def operand(self, e: ir.Expr, parent: int, right: bool = False,
                    assoc: bool = True) -> str: ...
        def visit(self, node: Any) -> Any: ...
        def type_of(self, e: ir.Expr) -> Any: ...
        def is_array(self, e: ir.Expr) -> bool: ...
        def name(self, n: str) -> str: ...
        def range_text(self, start: ir.Expr, stop: ir.Expr, step: ir.Expr) -> str: ...
        def assigned_value(self, t: Any, v: ir.Expr) -> str: ...
        def return_line(self, value: ir.Expr | None) -> str: ...
        def new_array(self, t: Array, shape: Any, init: ir.Expr | None = None) -> str: ...
        def lower_bounds(self, value: ir.Expr, rank: int) -> tuple[ir.Expr, ...]: ...

    # a call of a function that changes its arguments is hoisted into an assignment before
    # its statement (`value_1, x = f(x)`), except where the expression is evaluated again
    # (a while test, an elif test), where only the result is kept
    pending: list[str]
    hoist: bool

    def block(self, stmts: tuple[ir.Stmt, ...] | list[ir.Stmt]) -> list[str]:
        lines: list[str] = []
        for s in stmts:
            saved = getattr(self, "pending", []), getattr(self, "hoist", True)
            self.pending, self.hoist = [], True
            out = self.visit(s)
            out = self.pending + out
            self.pending, self.hoist = saved
            lines.extend("    " + line if line else line for line in out)
        return lines

    def unhoisted(self, e: ir.Expr) -> str:
        saved, self.hoist = self.hoist, False
        try:
            return self.expr(e)
        finally:
            self.hoist = saved

    def body(self, stmts: tuple[ir.Stmt, ...]) -> list[str]:
        lines = self.block(stmts)
        return lines if any(x.strip() and not x.strip().startswith("#") for x in lines) \
            else lines + ["    pass"]

    # -- simple statements
    def visit_Comment(self, s: ir.Comment) -> list[str]:
        return [f"# {s.text}".rstrip()]

    def visit_Pragma(self, s: ir.Pragma) -> list[str]:
        return [f"# pragma: {s.text}"]

    def visit_Assign(self, s: ir.Assign) -> list[str]:
        into = self.read_into(s)
        if into is not None:
            return into
        t = s.target
        tt = self.type_of(t)
        if isinstance(s.value, ir.Call) and s.value.func == "fio.associate":  # p => t
            inner = s.value.args[0]
            text = "None" if isinstance(inner, ir.Absent) else self.expr(inner)
            return [f"{self.expr(t)} = {text}"]
        if isinstance(t, ir.Field) and self.is_array(t.value):  # w%x = ... of records
            self.imports.add("storage")
            return [f"storage.set_component({self.expr(t.value)}, {t.name!r}, "
                    f"{self.expr(s.value)})"]
        if isinstance(tt, Array) and isinstance(tt.elem, Record) and self.fortran_origin and (
                isinstance(t, ir.Name) and t.id in self.allocatables or isinstance(t, ir.Field)
                and (getattr(t.value.type, "name", None), t.name) in self.allocatable_fields):
            self.imports.add("storage")  # reallocated on assignment where the shape differs
            name = self.expr(t)
            return [f"{name} = storage.reallocated_records({name}, {self.expr(s.value)})"]
        if isinstance(tt, Record) or isinstance(tt, Array) and isinstance(tt.elem, Record):
            self.imports.add("storage")  # value semantics, in place
            return [f"storage.assign({self.expr(t)}, {self.expr(s.value)})"]
        if isinstance(t, ir.Field) and isinstance(tt, Array):  # a component
            if (getattr(t.value.type, "name", None), t.name) in self.allocatable_fields:
                self.imports |= {"numpy", "storage"}
                dtype = "object" if isinstance(tt.elem, Character) else \
                    "np." + dtype_name(tt.elem)
                return [f"{self.expr(t)} = storage.allocatable({self.expr(t)}, "
                        f"{self.expr(s.value)}, {dtype})"]
            return [f"{self.expr(t)}[...] = {self.expr(s.value)}"]  # in place
        if isinstance(t, ir.Name) and isinstance(tt, Array) and t.id in self.allocatables \
                and not self.fortran_origin and self.is_array(s.value):
            return [f"{self.name(t.id)} = {self.expr(s.value)}"]  # as Python binds it
        if isinstance(t, ir.Name) and isinstance(tt, Array) and t.id in self.allocatables \
                and self.fortran_origin:
            self.imports |= {"numpy", "storage"}  # Fortran 2003: reallocated on assignment
            name = self.name(t.id)
            dtype = "object" if isinstance(tt.elem, Character) else "np." + dtype_name(tt.elem)
            return [f"{name} = storage.allocatable({name}, {self.expr(s.value)}, {dtype})"]
        if isinstance(t, ir.Name) and isinstance(tt, Array):  # whole array, in place
            dims = ", ".join(":" for _ in range(tt.rank or 1))
            return [f"{self.name(t.id)}[{dims}] = "
                    f"{self.chars_fitted(tt, s.value, self.name(t.id))}"]
        if isinstance(t, ir.Name) and isinstance(tt, Character) and tt.length is None \
                and self.fortran_origin and t.id not in self.allocatables and any(
                    p.name == t.id for p in getattr(self.current, "params", ())):
            name = self.name(t.id)  # CHARACTER(*) dummy: the actual's length, padded or cut
            return [f"{name} = {self.operand(s.value, P_ATOM)}.ljust(len({name}))"
                    f"[:len({name})]"]
        if isinstance(t, ir.Name | ir.Field) and isinstance(tt, Integer) and tt.kind in (1, 2) \
                and self.fortran_origin and not isinstance(s.value, ir.Const):
            self.imports.add("fio")  # INTEGER(1)/(2) wrap as gfortran's do (a Python int)
            return [f"{self.expr(t)} = fio.wrap_int({self.assigned_value(tt, s.value)}, "
                    f"{8 * tt.kind})"]
        if isinstance(t, ir.Name | ir.Field):
            return [f"{self.expr(t)} = {self.assigned_value(tt, s.value)}"]
        if isinstance(t, ir.Subscript) and isinstance(self.type_of(t.value), Character):
            return self.substring_assign(t, s.value)
        if isinstance(tt, Character):  # an element of a character array: padded or cut
            return [f"{self.expr(t)} = {self.assigned_value(tt, s.value)}"]
        if isinstance(tt, Array):
            return [f"{self.expr(t)} = {self.chars_fitted(tt, s.value, self.expr(t))}"]
        return [f"{self.expr(t)} = {self.expr(s.value)}"]

    def chars_fitted(self, tt: Array, value: ir.Expr, target: str) -> str:
        """A value for a CHARACTER(n) array: each element blank-padded or cut to n (of an
        assumed length: to the length of the target's elements)."""
        vt = self.type_of(value)
        ve = vt.elem if isinstance(vt, Array) else vt
        if not isinstance(tt.elem, Character) or ve == tt.elem and tt.elem.length:
            return self.expr(value)
        self.imports.add("fio")
        if not tt.elem.length:
            return f"fio.fit_to({self.expr(value)}, {target})"
        return f"fio.fit_chars({self.expr(value)}, {tt.elem.length})"

    def substring_assign(self, t: ir.Subscript, value: ir.Expr) -> list[str]:
        """`s(i:j) = v`: Python strings are immutable, so the string is rebuilt around the
        new characters (v blank-padded or cut to the substring's length)."""
        (sl,) = t.indices
        base = self.expr(t.value)
        if not isinstance(sl, ir.Slice):  # s(i) of a character*1 array element: s(i:i)
            sl = ir.Slice(sl, sl, None, loc=t.loc)
        lo = sl.lower if sl.lower is not None else ir.Const(1, loc=t.loc)
        start = self.expr(sub(lo, ir.Const(1, loc=t.loc)))
        stop = self.expr(sl.upper) if sl.upper is not None else f"len({base})"
        width = self.expr(add(sub(sl.upper, lo), 1)) if sl.upper is not None else \
            f"{stop} - {self.operand(sub(lo, ir.Const(1, loc=t.loc)), 6, True, False)}"
        return [f"{base} = {base}[:{start}] + {self.operand(value, P_ATOM)}.ljust({width})"
                f"[:{width}] + {base}[{stop}:]"]

    def visit_Return(self, s: ir.Return) -> list[str]:
        return [self.return_line(s.value)]

    def visit_Break(self, s: ir.Break) -> list[str]:
        return ["break"]

    def visit_Continue(self, s: ir.Continue) -> list[str]:
        return ["continue"]

    def visit_Stop(self, s: ir.Stop) -> list[str]:
        self.imports.add("fio")
        word = "error_stop" if s.error else "stop"
        return [f"fio.{word}({self.expr(s.code) if s.code is not None else ''})"]

    def visit_Raise(self, s: ir.Raise) -> list[str]:
        if not s.args:  # the message is a format template: `{{` stands for `{`
            return [f"raise {s.exc}({s.message.format()!r})"]
        args = ", ".join(self.expr(a) for a in s.args)
        return [f"raise {s.exc}({s.message!r}.format({args}))"]

    def visit_Propagate(self, s: ir.Propagate) -> list[str]:
        return []  # Python propagates exceptions itself

    def visit_Label(self, s: ir.Label) -> list[str]:
        return [f"# {s.label} continue"]

    def visit_Goto(self, s: ir.Goto) -> list[str]:
        raise TranspileError(s.loc, f"GO TO {s.label} is left after GOTO structuring",
                             code="E-internal")

    def visit_Allocate(self, s: ir.Allocate) -> list[str]:
        if s.target is not None:  # allocate(p%a(n)): the component gets a new array
            assert isinstance(s.target.type, Array)
            shape = tuple(d if d.lower is not None else ir.Dim(ir.Const(1, loc=s.loc), d.upper,
                                                               loc=d.loc) for d in s.shape)
            new = self.new_array(s.target.type, shape).replace("zeros", "empty")
            return [f"{self.expr(s.target)} = {new}"]
        t = self.types.get(s.name)
        if not isinstance(t, Array):  # a function's result named as the function, say
            raise TranspileError(s.loc, f"ALLOCATE of '{s.name}' here is not supported",
                                 code="E-fortran")
        lowers = tuple(d.lower if d.lower is not None else ir.Const(1, loc=s.loc)
                       for d in s.shape)
        self.lowers[s.name] = lowers if self.fortran_origin else tuple(
            d.lower if d.lower is not None else ir.Const(0, loc=s.loc) for d in s.shape)
        shape = tuple(d if d.lower is not None else ir.Dim(self.lowers[s.name][k], d.upper,
                                                           loc=d.loc)
                      for k, d in enumerate(s.shape))
        new = f"{self.name(s.name)} = {self.new_array(t, shape).replace('zeros', 'empty')}"
        if s.stat is None:
            return [new]
        stat = self.expr(s.stat)  # gfortran's 5014: allocated already, or no memory for it
        return [f"if {self.name(s.name)} is not None:", f"    {stat} = 5014", "else:",
                "    try:", f"        {new}", f"        {stat} = 0", "    except MemoryError:",
                f"        {stat} = 5014"]

    def visit_Deallocate(self, s: ir.Deallocate) -> list[str]:
        if not self.fortran_origin:
            return []  # the Python frontend frees before re-allocating: nothing to say
        if s.target is not None:
            return [f"{self.expr(s.target)} = None"]
        if isinstance(self.types.get(s.name), Record):  # a CLASS object: ALLOCATE replaces
            return [f"pass  # DEALLOCATE({s.name})"]
        return [f"{self.name(s.name)} = None"]

    def visit_Print(self, s: ir.Print) -> list[str]:
        if not self.fortran_origin and s.fmt is None and s.unit is None:
            return [f"print({self.print_values(s.values)})"]
        self.imports.add("fio")
        unit = "'*'" if s.unit is None else self.expr(s.unit)
        values = self.print_values(s.values)
        tail = f", {values}" if values else ""
        if s.fmt is None:
            return [f"fio.write({unit}{tail})"]
        return [f"fio.write_fmt({unit}, {s.fmt!r}{tail})"]

    def print_values(self, values: tuple[ir.Expr, ...]) -> str:
        return ", ".join(f"*({self.expr(v)})" if isinstance(v, ir.ImpliedDo) else
                         self.printed(v) for v in values)

    def printed(self, v: ir.Expr) -> str:
        """An output item; a literal keeps its kind, which decides how it is written."""
        if self.fortran_origin and isinstance(v, ir.Const) and not isinstance(v.value, bool) \
                and isinstance(v.type, Real | Integer) and v.type.kind in (4, 8) \
                and (isinstance(v.type, Real) == (v.type.kind == 4)):
            self.imports.add("numpy")
            text = self.expr(v)
            wrap = f"np.{numpy_name(v.type)}("
            return text if text.startswith(wrap) else f"{wrap}{text})"
        t = self.type_of(v)
        if self.fortran_origin and isinstance(t, Integer) and t.kind != 4:
            # integer scalars are Python ints; the kind decides the list-directed width
            self.imports.add("numpy")
            return f"np.{numpy_name(t)}({self.expr(v)})"
        return self.expr(v)

    # -- calls: scalar arguments the callee changes come back as its return values
    # -- compound statements
    def visit_For(self, s: ir.For) -> list[str]:
        var = self.name(s.var.id)
        if var == s.var.id and id(s) not in self.after_loop and self.fortran_origin \
                and self.name_counts.get(s.var.id) == 1:
            var = "_"  # a counter nothing else names
        rng = self.range_text(s.start, s.stop, s.step)
        if id(s) in self.after_loop and not _bounds_kept(s):
            # the body may change what the bounds read: the trip count is fixed at the start
            self.counter += 1
            tmp = f"_do{self.counter}"
            lines = [f"{tmp} = {rng}", f"for {var} in {tmp}:", *self.body(s.body)]
            final = f"{tmp}.start + len({tmp}) * {tmp}.step"
            if _breaks(s.body):
                return lines + ["else:", f"    {var} = {final}"]
            return lines + [f"{var} = {final}  # the value Fortran leaves after the loop"]
        lines = [f"for {var} in {rng}:", *self.body(s.body)]
        if id(s) in self.after_loop:  # Fortran leaves the variable one step past the end
            k = const_int(s.step)
            first, past = const_int(s.start), const_int(add(s.stop, 1))
            if k == 1 and first is not None and past is not None:
                final = str(max(first, past))
            elif k == 1:
                final = f"max({self.expr(s.start)}, {self.expr(add(s.stop, 1))})"
            elif k is not None and first is not None and const_int(s.stop) is not None:
                stop = const_int(s.stop)
                assert stop is not None
                final = str(first + max(0, (stop - first + k) // k) * k)
            elif k is not None:  # trips = (stop - start + step) // step, counted from start
                hi, lo = (s.stop, s.start) if k > 0 else (s.start, s.stop)
                trips = (f"max(0, ({self.operand(hi, 6)} - {self.operand(lo, 6, True)}"
                         f" + {abs(k)}) // {abs(k)})")
                final = f"{self.operand(s.start, 6)} {'+' if k > 0 else '-'} {trips} * {abs(k)}"
            else:
                step = self.expr(s.step)
                trips = (f"max(0, ({self.operand(s.stop, 6)} - {self.operand(s.start, 6, True)}"
                         f" + {step}) // {step})")
                final = f"{self.operand(s.start, 6)} + {trips} * {step}"
            if _breaks(s.body):  # only a loop that runs to its end sets it so
                lines += ["else:", f"    {var} = {final}"]
            else:
                lines.append(f"{var} = {final}  # the value Fortran leaves after the loop")
        return lines

    def visit_While(self, s: ir.While) -> list[str]:
        return [f"while {self.unhoisted(s.test)}:", *self.body(s.body)]

    def visit_If(self, s: ir.If) -> list[str]:
        lines = [f"if {self.expr(s.test)}:", *self.body(s.body)]
        orelse = s.orelse
        while len(orelse) == 1 and isinstance(orelse[0], ir.If):
            lines += [f"elif {self.unhoisted(orelse[0].test)}:", *self.body(orelse[0].body)]
            orelse = orelse[0].orelse
        if orelse:
            lines += ["else:", *self.body(orelse)]
        return lines

    def visit_Select(self, s: ir.Select) -> list[str]:
        lines: list[str] = []
        subject = s.subject
        if not isinstance(subject, ir.Name | ir.Const):
            self.counter += 1
            tmp = f"_case{self.counter}"
            lines.append(f"{tmp} = {self.expr(subject)}")
            subject = ir.Name(tmp, type=self.type_of(s.subject), loc=s.loc)
        first = True
        for case in s.cases:
            if not case.values:
                continue
            test = " or ".join(self.case_test(subject, v) for v in case.values)
            lines += [f"{'if' if first else 'elif'} {test}:", *self.body(case.body)]
            first = False
        default = [c for c in s.cases if not c.values]
        if default:
            if first:
                return lines + self.block(default[0].body)[0:0] + [
                    x[4:] if x.startswith("    ") else x for x in self.block(default[0].body)]
            lines += ["else:", *self.body(default[0].body)]
        return lines

    def case_test(self, subject: ir.Expr, v: ir.Expr | ir.CaseRange) -> str:
        def test(op: str, left: ir.Expr, right: ir.Expr) -> str:  # as an IF would compare
            return self.expr(ir.Compare(op, left, right, type=Logical(4), loc=left.loc))

        if not isinstance(v, ir.CaseRange):
            return test("==", subject, v)
        if v.lower is not None and v.upper is not None:
            if not isinstance(self.type_of(subject), Character):
                lo, hi = self.operand(v.lower, P_CMP + 1), self.operand(v.upper, P_CMP + 1)
                return f"{lo} <= {self.operand(subject, P_CMP + 1)} <= {hi}"
            return f"{test('<=', v.lower, subject)} and {test('<=', subject, v.upper)}"
        if v.lower is not None:
            return test(">=", subject, v.lower)
        return test("<=", subject, v.upper)  # type: ignore[arg-type]

    def visit_Where(self, s: ir.Where, mask: str | None = None) -> list[str]:
        """Masked assignment: each target keeps its value where the mask is false."""
        self.imports.add("numpy")
        self.counter += 1
        m = f"_mask{self.counter}"
        lines = [f"{m} = {self.expr(s.test)}" if mask is None else
                 f"{m} = np.logical_and({mask}, {self.expr(s.test)})"]
        lines += self.where_block(s.body, m)
        if s.orelse:
            neg = f"np.logical_not({m})" if mask is None else \
                f"np.logical_and({mask}, np.logical_not({m}))"
            if len(s.orelse) == 1 and isinstance(s.orelse[0], ir.Where):
                lines += self.visit_Where(s.orelse[0], neg)
            else:
                self.counter += 1
                other = f"_mask{self.counter}"
                lines += [f"{other} = {neg}", *self.where_block(s.orelse, other)]
        return lines

    def where_block(self, stmts: tuple[ir.Stmt, ...], mask: str) -> list[str]:
        lines: list[str] = []
        for st in stmts:
            if isinstance(st, ir.Assign):  # computed only where the mask holds
                target = self.operand(st.target, P_ATOM)
                lines.append(f"{target}[{mask}] = {self.expr(self.masked(st.value, mask))}")
            elif isinstance(st, ir.Where):
                lines += self.visit_Where(st, mask)
            else:
                lines += self.visit(st)
        return lines



    def masked(self, e: ir.Expr, mask: str) -> ir.Expr:
        """`e` with each array operand of an elemental operation taken where `mask` holds
        (`np.sqrt(v[_mask1])`), so that masked-out elements are never computed."""
        if isinstance(e, ir.Name | ir.Subscript | ir.Field) and self.is_array(e):
            t = self.type_of(e)
            return ir.Name(f"{self.operand(e, P_ATOM)}[{mask}]", loc=e.loc,
                           type=Array(t.elem, 1) if isinstance(t, Array) else t)
        if isinstance(e, ir.BinOp):
            return replace(e, left=self.masked(e.left, mask), right=self.masked(e.right, mask))
        if isinstance(e, ir.Compare):
            return replace(e, left=self.masked(e.left, mask), right=self.masked(e.right, mask))
        if isinstance(e, ir.UnaryOp | ir.Cast):
            field = "operand" if isinstance(e, ir.UnaryOp) else "value"
            return replace(e, **{field: self.masked(getattr(e, field), mask)})
        if isinstance(e, ir.BoolOp):
            return replace(e, values=tuple(self.masked(v, mask) for v in e.values))
        if isinstance(e, ir.IfExp):
            return replace(e, test=self.masked(e.test, mask), body=self.masked(e.body, mask),
                           orelse=self.masked(e.orelse, mask))
        if isinstance(e, ir.Intrinsic) and e.name in INTRINSICS and INTRINSICS[e.name].elemental:
            return replace(e, args=tuple(self.masked(a, mask) for a in e.args))
        return e  # a scalar, a reduction, a call: the whole operand


def _bounds_kept(s: ir.For) -> bool:
    """Whether the body of `s` leaves the variables its bounds read alone (no assignment to
    one, and no call, which may change any through an argument, COMMON or its host)."""
    read = {n.id for b in (s.start, s.stop, s.step) for n in walk(b) if isinstance(n, ir.Name)}
    if not read:
        return True
    for st in s.body:
        for n in walk(st):
            if isinstance(n, ir.CallStmt | ir.Call):
                return False
            if isinstance(n, ir.Assign) and any(isinstance(t, ir.Name) and t.id in read
                                                for t in walk(n.target)):
                return False
            if isinstance(n, ir.For) and n.var.id in read:
                return False
    return True


def _breaks(stmts: tuple[ir.Stmt, ...]) -> bool:
    """Whether an EXIT leaves this loop (one in a nested loop leaves that one)."""
    for st in stmts:
        if isinstance(st, ir.Break):
            return True
        if isinstance(st, ir.If | ir.Where) and (_breaks(st.body) or _breaks(st.orelse)):
            return True
        if isinstance(st, ir.Select) and any(_breaks(c.body) for c in st.cases):
            return True
    return False
