"""MPI Fortran -> IR: `USE mpi` / `INCLUDE 'mpif.h'` and the calls of MPI's routines.

The named constants (MPI_COMM_WORLD, MPI_INTEGER, MPI_SUM, MPI_STATUS_SIZE, ...) become
INTEGER PARAMETERs of the unit with the values of `transpyle.runtime.fortran_mpi_handles`.
A `CALL MPI_xxx(...)` becomes a call of `transpyle.runtime.fortran_mpi` (`fmpi.xxx`) with the
same arguments but IERR, which is set to MPI_SUCCESS after it (an MPI error raises). Each
routine's dummies have a role (the table `ROUTINES`):

  v    a value                       o    a scalar the routine defines (assigned its result)
  dt   an MPI datatype               io   a scalar it reads and defines (request, communicator)
  sb   a send buffer                 rb   a receive buffer (a scalar one is assigned)
  ra   a receive buffer that must be an array (non-blocking receives)
  a    an INTEGER array (counts, displacements, requests: updated in place)
  st   a status array or MPI_STATUS_IGNORE; sts the statuses of WAITALL or MPI_STATUSES_IGNORE

A buffer that is an array element (`a(1, j)`) is the storage from it on (`fmpi.at`); an array
or section is passed as itself. Where the datatype is a named constant, the buffer's type must
be the one it names, checked here (Fortran would reinterpret the bytes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Complex, Integer, Logical, Real, Record, Type
from transpyle.runtime.fortran_mpi_handles import CONSTANTS, DATATYPES, SPECIAL

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering
    from transpyle.frontends.fortran.scope import Scope

_INT4 = Integer(4)
_POINT = ("sb", "v", "dt", "v", "v", "v")
_ROOTED = ("sb", "v", "dt", "rb", "v", "dt", "v", "v")
ROUTINES: dict[str, tuple[str, tuple[str, ...]]] = {
    "mpi_init": ("init", ()),
    "mpi_init_thread": ("init_thread", ("v", "o")),
    "mpi_finalize": ("finalize", ()),
    "mpi_initialized": ("initialized", ("o",)),
    "mpi_finalized": ("finalized", ("o",)),
    "mpi_abort": ("abort", ("v", "v")),
    "mpi_comm_size": ("comm_size", ("v", "o")),
    "mpi_comm_rank": ("comm_rank", ("v", "o")),
    "mpi_comm_split": ("comm_split", ("v", "v", "v", "o")),
    "mpi_comm_dup": ("comm_dup", ("v", "o")),
    "mpi_comm_free": ("comm_free", ("io",)),
    "mpi_barrier": ("barrier", ("v",)),
    "mpi_send": ("send", _POINT),
    "mpi_ssend": ("ssend", _POINT),
    "mpi_recv": ("recv", ("rb", "v", "dt", "v", "v", "v", "st")),
    "mpi_sendrecv": ("sendrecv", ("sb", "v", "dt", "v", "v", "rb", "v", "dt", "v", "v", "v",
                                  "st")),
    "mpi_sendrecv_replace": ("sendrecv_replace", ("rb", "v", "dt", "v", "v", "v", "v", "v",
                                                  "st")),
    "mpi_probe": ("probe", ("v", "v", "v", "st")),
    "mpi_iprobe": ("iprobe", ("v", "v", "v", "o", "st")),
    "mpi_isend": ("isend", (*_POINT, "o")),
    "mpi_irecv": ("irecv", ("ra", "v", "dt", "v", "v", "v", "o")),
    "mpi_wait": ("wait", ("io", "st")),
    "mpi_waitall": ("waitall", ("v", "a", "sts")),
    "mpi_get_count": ("get_count", ("a", "v", "o")),
    "mpi_get_processor_name": ("get_processor_name", ("o", "o")),
    "mpi_dims_create": ("dims_create", ("v", "v", "a")),
    "mpi_cart_create": ("cart_create", ("v", "v", "a", "a", "v", "o")),
    "mpi_cart_coords": ("cart_coords", ("v", "v", "v", "a")),
    "mpi_cart_rank": ("cart_rank", ("v", "a", "o")),
    "mpi_cart_shift": ("cart_shift", ("v", "v", "v", "o", "o")),
    "mpi_type_contiguous": ("type_contiguous", ("v", "v", "o")),
    "mpi_type_vector": ("type_vector", ("v", "v", "v", "v", "o")),
    "mpi_type_commit": ("type_commit", ("io",)),
    "mpi_type_free": ("type_free", ("io",)),
    "mpi_type_size": ("type_size", ("v", "o")),
    "mpi_bcast": ("bcast", ("rb", "v", "dt", "v", "v")),
    "mpi_reduce": ("reduce", ("sb", "rb", "v", "dt", "v", "v", "v")),
    "mpi_allreduce": ("allreduce", ("sb", "rb", "v", "dt", "v", "v")),
    "mpi_scan": ("scan", ("sb", "rb", "v", "dt", "v", "v")),
    "mpi_exscan": ("exscan", ("sb", "rb", "v", "dt", "v", "v")),
    "mpi_gather": ("gather", _ROOTED),
    "mpi_scatter": ("scatter", _ROOTED),
    "mpi_allgather": ("allgather", _ROOTED[:-1]),
    "mpi_alltoall": ("alltoall", _ROOTED[:-1]),
    "mpi_gatherv": ("gatherv", ("sb", "v", "dt", "rb", "a", "a", "dt", "v", "v")),
    "mpi_allgatherv": ("allgatherv", ("sb", "v", "dt", "rb", "a", "a", "dt", "v")),
    "mpi_scatterv": ("scatterv", ("sb", "a", "a", "dt", "rb", "v", "dt", "v", "v")),
}
# routines without side effects that define several scalars: one call per scalar, the
# runtime's value at that place (`src = fmpi.cart_shift(comm, 0, 1, 0)`)
_SEVERAL = ("mpi_get_processor_name", "mpi_cart_shift")
FUNCTIONS = {"mpi_wtime": "wtime", "mpi_wtick": "wtick"}
MPI_MODULES = ("mpi", "mpi_f08")
_F08_HANDLES = ("mpi_comm", "mpi_datatype", "mpi_op", "mpi_request", "mpi_group", "mpi_info",
                "mpi_errhandler", "mpi_message", "mpi_win", "mpi_file")
_STATUS_FIELDS = ("mpi_source", "mpi_tag", "mpi_error", "count_bytes")
_SPECIAL_ROLES = {"mpi_in_place": ("sb",), "mpi_status_ignore": ("st",),
                  "mpi_statuses_ignore": ("sts",)}
_SPECIAL_NAMES = {"mpi_in_place": "fmpi.IN_PLACE", "mpi_status_ignore": "fmpi.STATUS_IGNORE",
                  "mpi_statuses_ignore": "fmpi.STATUS_IGNORE"}


def declare_mpi(scope: Scope, loc: Any, only: set[str] | None, node: Any = None) -> None:
    """The named constants of `USE mpi` (those of ONLY) as PARAMETERs of `scope`: those the
    file names (`node`, the USE or INCLUDE, leads to it), so that a module declares few."""
    named = _names_in_file(node) if node is not None else None
    if named is not None and scope.kind == "module":
        named.add("mpi_comm_world")  # the mark that the module USEs mpi (`uses_mpi`)
    for name, value in CONSTANTS.items():
        if (only is None or name in only) and (named is None or name in named):
            sym = scope.declare(name, loc)
            sym.type, sym.constant = _INT4, True
            sym.init = ir.Const(value, type=_INT4, loc=loc)


def _names_in_file(node: Any) -> set[str]:
    """Every name of the file that `node` belongs to (fparser's tree, walked from its root)."""
    from fparser.two.Fortran2003 import Name  # type: ignore[import-untyped]
    from fparser.two.utils import walk  # type: ignore[import-untyped]
    root = node
    while getattr(root, "parent", None) is not None:
        root = root.parent
    return {str(n).lower() for n in walk(root, Name)}


def use_mpi(scope: Scope, x: ExprLowering, node: Any, module: str) -> None:
    """`USE mpi [, ONLY: ...]` and `USE mpi_f08`: the same constants; mpi_f08's handle types
    (TYPE(MPI_Comm), ...) are INTEGER handles here (`f08_handle`), TYPE(MPI_Status) a derived
    type with the components MPI_SOURCE, MPI_TAG and MPI_ERROR."""
    if node.items[4] is not None and "only" not in str(node).lower():
        raise x.error(f"USE {module} with renames is not supported")
    only = {str(n).lower() for n in node.items[4].items} if node.items[4] else None
    declare_mpi(scope, x.loc, only, node)
    if module == "mpi_f08":
        fields = tuple(ir.VarDecl(f, _INT4, loc=x.loc) for f in _STATUS_FIELDS)
        scope.types["mpi_status"] = ir.TypeDef("mpi_status", fields, loc=x.loc)


def uses_mpi(module: Scope) -> bool:
    """The module (of this file or another) USEs mpi: its users see MPI's names too."""
    return bool(getattr(module.find("mpi_comm_world"), "constant", False))


def f08_handle(scope: Scope, name: str) -> bool:
    """TYPE(name) is one of mpi_f08's handle types, declared as an INTEGER handle."""
    return name in _F08_HANDLES and not scope.has_type(name) and \
        getattr(scope.find("mpi_comm_world"), "constant", False)


def is_mpi_include(text: str) -> bool:
    """`INCLUDE 'mpif.h'` (any case, any directory)."""
    inner = text.strip()[len("include"):].strip().strip("'\"")
    return inner.replace("\\", "/").rsplit("/", 1)[-1].lower() == "mpif.h"


def mpi_function(x: ExprLowering, name: str, args_node: Any) -> ir.Expr:
    """`MPI_WTIME()`, `MPI_WTICK()`: DOUBLE PRECISION values of the runtime."""
    if getattr(args_node, "items", None):
        raise x.error(f"{name.upper()} takes no arguments")
    return ir.Call(f"fmpi.{FUNCTIONS[name]}", (), type=Real(8), loc=x.loc)


def mpi_call(x: ExprLowering, name: str, args_node: Any) -> list[ir.Stmt]:
    """`CALL MPI_xxx(...)` -> the runtime's call, the scalars it defines assigned, IERR set."""
    if name not in ROUTINES:
        raise x.error(f"{name.upper()} is not supported", hint="supported MPI routines: " +
                      ", ".join(n.upper() for n in ROUTINES))
    func, roles = ROUTINES[name]
    nodes = list(getattr(args_node, "items", None) or ())
    if nodes and type(nodes[-1]).__name__ == "Actual_Arg_Spec" \
            and str(nodes[-1].items[0]).lower() == "ierror" and len(nodes) == len(roles) + 1:
        nodes[-1] = nodes[-1].items[1]  # mpi_f08's `ierror=ierr`, in its place
    if any(type(n).__name__ == "Actual_Arg_Spec" for n in nodes):
        raise x.error(f"keyword arguments of {name.upper()} are not supported",
                      hint="pass them by position (IERROR= last is accepted)")
    if len(nodes) not in (len(roles), len(roles) + 1):
        raise x.error(f"{name.upper()} takes {len(roles) + 1} arguments (the last IERR), "
                      f"not {len(nodes)}")
    args: list[ir.Expr] = []
    targets: list[ir.Expr] = []
    for k, (role, node) in enumerate(zip(roles, nodes, strict=False)):
        arg, target = _argument(x, name, role, node, _datatype_after(roles, nodes, k))
        if role != "o":  # what the routine only defines is its result, not an argument
            args.append(arg)
        if target is not None:
            targets.append(target)
    if len(targets) > 1 and name not in _SEVERAL:
        raise x.error(f"{name.upper()} with a scalar receive buffer is not supported here")
    out: list[ir.Stmt]
    if len(targets) > 1:
        out = [ir.Assign(t, ir.Call(f"fmpi.{func}", (*args, ir.Const(k, type=_INT4, loc=x.loc)),
                                    type=t.type, loc=x.loc), loc=x.loc)
               for k, t in enumerate(targets)]
    elif targets:
        t = targets[0].type
        out = [ir.Assign(targets[0], ir.Call(f"fmpi.{func}", tuple(args), type=t, loc=x.loc),
                         loc=x.loc)]
    else:
        out = [ir.CallStmt(f"fmpi.{func}", tuple(args), loc=x.loc)]
    if len(nodes) > len(roles):
        ierr = _variable(x, name, "IERR", x.expr(nodes[-1]))
        if not isinstance(ierr.type, Integer):
            raise x.error(f"IERR of {name.upper()} must be an INTEGER scalar")
        out.append(ir.Assign(ierr, ir.Const(0, type=ierr.type, loc=x.loc), loc=x.loc))
    return out


def _datatype_after(roles: tuple[str, ...], nodes: list[Any], k: int) -> str | None:
    """The named datatype constant that describes the buffer at place `k` (the next `dt`)."""
    for j in range(k + 1, len(roles)):
        if roles[j] == "dt":
            name = str(nodes[j]).lower() if j < len(nodes) else ""
            return name if name in DATATYPES else None
    return None


def _argument(x: ExprLowering, name: str, role: str, node: Any,
              datatype: str | None) -> tuple[ir.Expr, ir.Expr | None]:
    """The argument passed for one dummy, and the variable assigned the call's value."""
    special = str(node).lower() if type(node).__name__ == "Name" else ""
    if special in SPECIAL and x.scope.find(special) is not None \
            and x.scope.find(special).constant:  # type: ignore[union-attr]
        if role not in _SPECIAL_ROLES.get(special, ()):
            raise x.error(f"{special.upper()} cannot be passed there to {name.upper()}")
        return ir.Name(_SPECIAL_NAMES[special], type=_INT4, loc=x.loc), None
    e = x.expr(node)
    if role in ("sb", "rb", "ra"):
        return _buffer(x, name, role, e, datatype)
    if role in ("o", "io"):
        target = _variable(x, name, "an argument it defines", e)
        if _rank(target.type):
            raise x.error(f"that argument of {name.upper()} must be a scalar")
        return (target if role == "io" else e), target
    status = isinstance(e.type, Array | Record) and \
        getattr(getattr(e.type, "elem", e.type), "name", None) == "mpi_status"
    if role == "st" and status and not _rank(e.type):
        return e, None  # TYPE(MPI_Status) of mpi_f08
    if role in ("a", "st", "sts") and not _rank(e.type):
        raise x.error(f"that argument of {name.upper()} must be an INTEGER array")
    return e, None


def _buffer(x: ExprLowering, name: str, role: str, e: ir.Expr,
            datatype: str | None) -> tuple[ir.Expr, ir.Expr | None]:
    elem = e.type.elem if isinstance(e.type, Array) else e.type
    if datatype is not None and not _matches(elem, datatype):
        raise x.error(f"a buffer of {name.upper()} is {_type_name(elem)} but its datatype is "
                      f"{datatype.upper()}", hint="pass a buffer of the datatype's type")
    if isinstance(e, ir.Subscript) and isinstance(e.value.type, Array) \
            and not any(isinstance(i, ir.Slice) for i in e.indices):
        return _element_start(x, e), None  # the storage from that element on
    if _rank(e.type):
        return e, None
    if role == "sb":
        return e, None
    if role == "ra":
        raise x.error(f"the buffer of {name.upper()} must be an array: a scalar could not be "
                      "filled at MPI_WAIT")
    return e, _variable(x, name, "its receive buffer", e)


def _element_start(x: ExprLowering, e: ir.Subscript) -> ir.Expr:
    t = e.value.type
    assert isinstance(t, Array)
    lower = t.lower or (1,) * len(e.indices)
    offsets = []
    for index, lo in zip(e.indices, lower, strict=False):
        it = index.type if isinstance(index.type, Integer) else _INT4
        base = lo if isinstance(lo, int) else 1
        offsets.append(ir.BinOp("-", index, ir.Const(base, type=it, loc=x.loc), type=it,
                                loc=x.loc) if base else index)
    return ir.Call("fmpi.at", (e.value, *offsets), type=Array(t.elem, 1, "F", (1,)),
                   loc=x.loc)


def _variable(x: ExprLowering, name: str, what: str, e: ir.Expr) -> ir.Expr:
    if not isinstance(e, ir.Name | ir.Subscript | ir.Field) or isinstance(e, ir.Name) and \
            getattr(x.scope.find(e.id), "constant", False):
        raise x.error(f"{what} of {name.upper()} must be a variable")
    return e


def _rank(t: Type | None) -> int:
    return t.rank or 0 if isinstance(t, Array) else 0


def _matches(elem: Type | None, datatype: str) -> bool:
    numpy = DATATYPES[datatype][1]
    if datatype == "mpi_byte":
        return True
    if datatype == "mpi_character":
        return isinstance(elem, Character)
    if datatype == "mpi_logical":
        return isinstance(elem, Logical)
    if isinstance(elem, Integer):
        return numpy == f"int{8 * elem.kind}"
    if isinstance(elem, Real):
        return numpy == f"float{8 * elem.kind}"
    if isinstance(elem, Complex):
        return numpy == f"complex{8 * elem.kind}"
    return False


def _type_name(t: Type | None) -> str:
    kind = getattr(t, "kind", None)
    return f"{type(t).__name__.upper()}({kind})" if kind else type(t).__name__.upper()
