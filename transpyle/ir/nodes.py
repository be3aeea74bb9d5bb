"""Every node of transpyle's IR, on one page.

Frozen, slotted dataclasses. Every node carries `loc` (never a pointer into a parser's tree);
every expression carries `type`, None until the type pass has run. Locations do not take part
in equality, so two trees that say the same thing compare equal.

Meanings fixed here, that frontends convert to and backends convert from:
- `For` runs `var = start, start + step, ...` while `var <= stop` (step > 0) or `var >= stop`
  (step < 0): the stop is INCLUSIVE and the step signed, as in Fortran's DO.
- `Slice.upper` is inclusive too. Missing bounds mean the array's own bounds.
- `Subscript.indices` are in the source's dimension order, with the array type's lower bounds
  (Python-origin arrays are 0-based). The `fortran_layout` pass reverses C-order arrays.
- Operators (`BinOp.op`): `+ - * **`, `/` divides in the operand type (truncating for integers,
  as Fortran and C do), `//` floors, `mod` is the truncated remainder (Fortran MOD, C %),
  `%` the floored one (Python %, Fortran MODULO). `Compare.op`: `== != < <= > >=`.
- `Intrinsic.name` comes from the table in `transpyle/ir/intrinsics.py`; `size(a, axis)` takes
  a 0-based axis in source order.
- `BinOp` op `concat` joins character strings (Fortran `//`).

Legacy Fortran (the Fortran frontend types every expression itself, with Fortran's rules):
- `FunctionDef.kind` says which Fortran unit a procedure was: "program" (run as the main
  program), "subroutine", "function", "blockdata" (no body: its locals give COMMON blocks
  their initial values), or None (Python origin). A function's result variable is a
  local; its value is returned by `Return(Name(result))`.
- `VarDecl.common` names the COMMON block (blank COMMON: "") a variable lives in; a unit's
  locals list a block's members in block order, and units share a block BY POSITION (the names
  may differ from unit to unit). `VarDecl.saved` is SAVE; `init` on a local is its DATA value
  (which implies SAVE, and the frontend sets `saved`); an `ArrayLiteral` init of an array of
  rank 2 or more lists its elements in the array's memory order (column-major for "F").
- A variable of type `Procedure` is an EXTERNAL dummy procedure; calls to it are `Call`/
  `CallStmt` with its name, and a procedure passed as an argument is a `Name` of that type.
- `Record(name)` is a derived type declared by `TypeDef` in `Module.types`; `Field(value, name)`
  reads component `name` of a record value (`p%x`).
- `Where(test, body, orelse)` is a masked array assignment: `body`'s assignments apply where
  `test` (an array of logicals) holds, `orelse`'s elsewhere; a lone Where in orelse reads as
  ELSEWHERE (mask).
- `ImpliedDo(values, var, start, stop, step)` is the sequence `values` repeated for
  `var = start..stop` (inclusive, step signed): in output lists and array constructors.
- `Print.fmt` is a Fortran format specification with its parentheses ("(I5, 2F10.3)"; FORMAT
  labels are resolved into it), None for list-directed; `Print.unit` None is standard output.
- A `Subscript` of a `Character` scalar with one `Slice` is a substring (`s(i:j)`, 1-based,
  inclusive).
- `Label`/`Goto` carry numeric statement labels; a computed GOTO lowers to a `Select` of Gotos,
  an arithmetic IF to an `If` chain of Gotos.
- `Module.uses` names modules from other files that this one uses.
- A `FunctionDef` with `host` is an internal procedure (CONTAINS in a program or procedure):
  names its body uses that are not its own are the host procedure's variables.
- A `Call`/`CallStmt` whose `func` starts with `fio.` is an intrinsic procedure of the
  environment (SYSTEM_CLOCK, RANDOM_NUMBER, EXIT, ...) that the Python backend calls in
  `transpyle.runtime.fortran_io` (no Fortran name has a dot, so none clashes).
- Fortran arrays are order "F" with their declared lower bounds in the type (1 by default); a
  lower bound known only at run time is rebased to 1 by the frontend (subscripts shifted), and
  statement functions are expanded where they are called: neither reaches the IR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transpyle.errors import SourceLoc
from transpyle.ir.types import Type


@dataclass(frozen=True, slots=True)
class Node:
    loc: SourceLoc = field(kw_only=True, compare=False, repr=False)


# ---------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Expr(Node):
    type: Type | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class Name(Expr):
    id: str


@dataclass(frozen=True, slots=True)
class Const(Expr):
    value: int | float | complex | bool | str


@dataclass(frozen=True, slots=True)
class BinOp(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class UnaryOp(Expr):
    op: str  # "-", "+", "not"
    operand: Expr


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class BoolOp(Expr):
    op: str  # "and" | "or"
    values: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Slice(Expr):
    lower: Expr | None
    upper: Expr | None  # inclusive
    step: Expr | None


@dataclass(frozen=True, slots=True)
class Field(Expr):
    value: Expr  # of a Record type
    name: str


@dataclass(frozen=True, slots=True)
class Subscript(Expr):
    value: Name | Field
    indices: tuple[Expr, ...]  # Slice or scalar index per dimension


@dataclass(frozen=True, slots=True)
class Call(Expr):
    func: str  # a procedure of the same module
    args: tuple[Expr, ...]
    numpy: bool = False  # the scalar it returns is a NumPy scalar in CPython (numpy_params.py)
    # a type-bound call that the object's dynamic type decides: the binding's name (`func`
    # is one of its procedures, all of one calling convention; the object comes first)
    dispatch: str | None = None


@dataclass(frozen=True, slots=True)
class Intrinsic(Expr):
    name: str
    args: tuple[Expr, ...]
    # whose rules a scalar result follows (Python frontend): "numpy", a NumPy function's (a
    # NumPy scalar); "math", the math module's (a Python scalar); None, its arguments' (abs)
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class Cast(Expr):
    value: Expr  # converted to `type`
    python: bool = False  # the builtin int()/float()/complex()/bool(): a Python scalar results
    numpy: bool = False  # np.int32(x), np.float64(x): a NumPy scalar results


@dataclass(frozen=True, slots=True)
class IfExp(Expr):
    test: Expr
    body: Expr
    orelse: Expr


@dataclass(frozen=True, slots=True)
class ArrayLiteral(Expr):
    elements: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Absent(Expr):
    """An OPTIONAL actual argument left out before one that is passed (`call s(a, c=1)`)."""


@dataclass(frozen=True, slots=True)
class ImpliedDo(Expr):
    values: tuple[Expr, ...]
    var: Name
    start: Expr
    stop: Expr  # inclusive
    step: Expr


# ---------------------------------------------------------------------------- declarations


@dataclass(frozen=True, slots=True)
class Dim(Node):
    lower: Expr | None  # None: the array type's lower bound
    upper: Expr | None  # inclusive; None: assumed (deferred or assumed-size)


@dataclass(frozen=True, slots=True)
class VarDecl(Node):
    name: str
    type: Type | None
    intent: str | None = None  # "in" | "out" | "inout" for parameters
    shape: tuple[Dim, ...] | None = None  # extents in source order; None: deferred
    allocatable: bool = False
    value: bool = False  # a scalar argument passed by value (assigned inside, caller unaffected)
    init: Expr | None = None  # only for constants (`parameter`) and module data
    constant: bool = False
    saved: bool = False
    common: str | None = None  # COMMON block name ("" blank COMMON)
    equivalence: tuple[str, int] | None = None  # EQUIVALENCE group and byte offset in it
    optional: bool = False  # an OPTIONAL dummy argument (None in Python when absent)
    # a Fortran POINTER (of derived type or an array): None while disassociated; `p => t` is
    # an Assign of Call("fio.associate", (t,)) (Absent: NULLIFY), a value assignment writes
    # through it
    pointer: bool = False


@dataclass(frozen=True, slots=True)
class TypeDef(Node):
    name: str
    fields: tuple[VarDecl, ...]  # the parent's first (flattened)
    parent: str | None = None  # EXTENDS(parent)
    # type-bound procedures, inherited ones included: (binding, procedure, NOPASS); the
    # procedure "" for a DEFERRED binding
    bindings: tuple[tuple[str, str, bool], ...] = ()


# ---------------------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class Stmt(Node):
    pass


@dataclass(frozen=True, slots=True)
class Comment(Stmt):
    text: str  # without the comment marker


@dataclass(frozen=True, slots=True)
class Pragma(Stmt):
    text: str  # e.g. "omp parallel do"


@dataclass(frozen=True, slots=True)
class Assign(Stmt):
    target: Expr  # Name or Subscript
    value: Expr
    inplace: bool = False  # `x += y`: an array target is updated in place (typing lowers it)


@dataclass(frozen=True, slots=True)
class For(Stmt):
    var: Name
    start: Expr
    stop: Expr  # inclusive
    step: Expr
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class While(Stmt):
    test: Expr
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class If(Stmt):
    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...] = ()  # a lone If here reads as `elif`


@dataclass(frozen=True, slots=True)
class Where(Stmt):
    test: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseRange(Node):
    lower: Expr | None
    upper: Expr | None  # inclusive


@dataclass(frozen=True, slots=True)
class Case(Node):
    values: tuple[Expr | CaseRange, ...]  # empty: the default case
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class Select(Stmt):
    subject: Expr
    cases: tuple[Case, ...]


@dataclass(frozen=True, slots=True)
class Return(Stmt):
    value: Expr | None = None


@dataclass(frozen=True, slots=True)
class CallStmt(Stmt):
    func: str
    args: tuple[Expr, ...]
    # a call of a function that returns a tuple: which of the trailing arguments (its
    # elements) receive NumPy scalars in CPython (passes/tuples.py, read by scalar_origin)
    numpy_results: tuple[bool | None, ...] = ()  # None: on some paths (a flag says)
    dispatch: str | None = None  # as Call's


@dataclass(frozen=True, slots=True)
class Break(Stmt):
    pass


@dataclass(frozen=True, slots=True)
class Continue(Stmt):
    pass


@dataclass(frozen=True, slots=True)
class Label(Stmt):
    label: str


@dataclass(frozen=True, slots=True)
class Goto(Stmt):
    label: str


@dataclass(frozen=True, slots=True)
class Allocate(Stmt):
    name: str
    shape: tuple[Dim, ...]  # in source order
    target: Expr | None = None  # an allocatable component (`p%a`) of the variable `name`
    stat: Expr | None = None  # an integer set to 0, or to the failure's status (STAT=)


@dataclass(frozen=True, slots=True)
class Deallocate(Stmt):
    name: str
    target: Expr | None = None  # an allocatable component (`p%a`) of the variable `name`


@dataclass(frozen=True, slots=True)
class Print(Stmt):
    values: tuple[Expr, ...]
    fmt: str | None = None  # None: list-directed
    unit: Expr | None = None  # None: standard output


@dataclass(frozen=True, slots=True)
class IoSpec(Node):
    key: str  # lower case: "unit", "file", "status", "rec", ...; "iostat", "exist", ...
    value: Expr


@dataclass(frozen=True, slots=True)
class ReadItem(Expr):
    """In a read `Transfer`'s body: the next input item, of `type`; `like` an array (variable
    or section) read whole, as many items as it has elements."""
    like: Expr | None = None


@dataclass(frozen=True, slots=True)
class FileStmt(Stmt):
    """OPEN, CLOSE, INQUIRE, REWIND, BACKSPACE, ENDFILE, FLUSH (`kind` in lower case): `specs`
    its specifiers (UNIT=, FILE=, STATUS=, ...), `outputs` the variables it sets (IOSTAT=,
    IOMSG=, INQUIRE's EXIST=, OPENED=, NUMBER=, SIZE=, ...)."""
    kind: str
    specs: tuple[IoSpec, ...]
    outputs: tuple[IoSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class Transfer(Stmt):
    """A READ, or a WRITE that `Print` cannot say. `kind` "read" | "write"; `unit` None for
    the standard stream, a CHARACTER variable for an internal file; `fmt` as `Print.fmt`,
    with "*" list-directed and None unformatted; `specs` REC=, POS=; `outputs` IOSTAT=,
    IOMSG= (key "iostat_end": set only at end of file or record, "iostat_err": only on an
    error; the other conditions stop the program). A READ's `body` assigns `ReadItem`s to its
    input items in order (in `For` loops for implied DOs); a WRITE's `values` are written."""
    kind: str
    unit: Expr | None
    fmt: str | None
    specs: tuple[IoSpec, ...] = ()
    outputs: tuple[IoSpec, ...] = ()
    body: tuple[Stmt, ...] = ()
    values: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class Stop(Stmt):
    code: Expr | None = None
    error: bool = False  # ERROR STOP (exit status 1 without an integer code)


# Raise.exc of a call of a Python function that never returns (frontends/python/exits.py):
# its message is the call (JSON), its args the integers passed; the binding makes the call
PYTHON_CALL = "python-call"


@dataclass(frozen=True, slots=True)
class Raise(Stmt):
    """Raise the Python exception `exc` ("ZeroDivisionError", ...) and leave the procedure.

    `message` is a format string whose `{}` fields take `args` (integers) at run time. `site`
    numbers the raise in its module (the `raise_sites` pass): compiled code reports the site and
    the arguments through a status array, and the binding raises from its table of sites.
    """
    exc: str
    message: str
    args: tuple[Expr, ...] = ()
    site: int = 0
    leave: str = "return"  # "cycle" inside an OpenMP parallel loop, which cannot return


@dataclass(frozen=True, slots=True)
class Propagate(Stmt):
    """After a call of a procedure that may raise: leave this one too if it did. Python
    (which propagates exceptions itself) emits nothing for it."""
    leave: str = "return"  # as Raise.leave


# ---------------------------------------------------------------------------- program units


@dataclass(frozen=True, slots=True)
class FunctionDef(Node):
    name: str
    params: tuple[VarDecl, ...]
    returns: Type | None  # None: not yet inferred; Void: a subroutine
    body: tuple[Stmt, ...]
    locals: tuple[VarDecl, ...] = ()
    doc: str | None = None
    recursive: bool = False
    kind: str | None = None  # "program" | "subroutine" | "function" | "blockdata"
    elemental: bool = False  # scalar parameters, pure: applies element by element to arrays
    # a returned tuple's elements (Python origin): out parameters, appended to `params` by the
    # type pass (passes/tuples.py); before it their hint types or None
    results: tuple[VarDecl, ...] = ()
    host: str | None = None  # an internal procedure of `host`, whose variables it sees
    # scalar parameters that every call passes a NumPy scalar (`f(a[i])`): NumPy's rules
    # apply to them in the body, as in CPython (passes/numpy_params.py)
    numpy_params: tuple[str, ...] = ()
    # scalar parameters that the caller from Python passes a NumPy scalar (`f(a.sum())`): the
    # binding's call, for numpy_params.py to start from
    numpy_args: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Module(Node):
    name: str
    body: tuple[FunctionDef | Comment, ...]
    decls: tuple[VarDecl, ...] = ()
    types: tuple[TypeDef, ...] = ()
    uses: tuple[str, ...] = ()
    # generic names of its Fortran modules (`show`, `operator(+)`, `assignment(=)`) -> the
    # specific procedures (the frontend resolves each call to one of them)
    generics: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def functions(self) -> dict[str, FunctionDef]:
        return {f.name: f for f in self.body if isinstance(f, FunctionDef)}


STMT_NODES: tuple[type[Stmt], ...] = (
    Comment, Pragma, Assign, For, While, If, Where, Select, Return, CallStmt, Break, Continue,
    Label, Goto, Allocate, Deallocate, Print, Stop, Raise, Propagate, FileStmt, Transfer,
)
EXPR_NODES: tuple[type[Expr], ...] = (
    Name, Const, BinOp, UnaryOp, Compare, BoolOp, Slice, Subscript, Call, Intrinsic, Cast,
    IfExp, ArrayLiteral, Field, ImpliedDo, ReadItem, Absent,
)
