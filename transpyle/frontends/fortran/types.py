"""Derived types in expressions: a structure constructor `point(1.0, y=2.0)` anywhere in an
expression is a `Call` of the type's name with one value per component, in component order
(defaults filled in from the components' initialisations, values converted to the
components' types), typed `Record(name)`. Backends write it as the type's constructor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Character, Integer, Record, Type

if TYPE_CHECKING:
    from transpyle.frontends.fortran.exprs import ExprLowering


def typedef(x: ExprLowering, name: str) -> ir.TypeDef:
    return next(s.types[name] for s in x.scope.visible() if name in s.types)


def component_values(x: ExprLowering, name: str, args_node: Any) -> dict[str, Any]:
    """The constructor's fparser values by component name (positional, then keywords)."""
    fields = typedef(x, name).fields
    values: dict[str, Any] = {}
    for k, item in enumerate(args_node.items if args_node is not None else ()):
        if type(item).__name__ in ("Component_Spec", "Actual_Arg_Spec"):
            key = str(item.items[0]).lower()
            if all(f.name != key for f in fields):
                raise x.error(f"type({name}) has no component '{key}'")
            values[key] = item.items[1]
        elif k < len(fields):
            values[fields[k].name] = item
        else:
            raise x.error(f"type({name}) has {len(fields)} components")
    return values


def structure_constructor(x: ExprLowering, name: str, args_node: Any) -> ir.Expr:
    """`name(values)` as a `Call` of the type with every component's value in order."""
    given = component_values(x, name, args_node)
    args: list[ir.Expr] = []
    for decl in typedef(x, name).fields:
        if decl.name not in given and decl.init is None:
            raise x.error(f"no value for component {decl.name} of type({name})")
        value = x.expr(given[decl.name]) if decl.name in given else decl.init
        assert value is not None and decl.type is not None
        args.append(converted(x, value, decl.type, decl.name))
    return ir.Call(name, tuple(args), type=Record(name), loc=x.loc)


def converted(x: ExprLowering, value: ir.Expr, t: Type, component: str) -> ir.Expr:
    """A component's value as the component's type (a scalar for an array component is
    refused: the constructor would need the component's shape)."""
    if isinstance(t, Array) and not isinstance(value.type, Array):
        raise x.error(f"a scalar value for the array component '{component}' in a structure "
                      "constructor is not supported", hint="give an array value")
    base = t.elem if isinstance(t, Array) else t
    ve = value.type.elem if isinstance(value.type, Array) else value.type
    if isinstance(base, Character) and base.length is not None and ve != base:
        if isinstance(value, ir.Const):  # padded or cut to the component's length
            return x.cast(value, base)
        return ir.Call("fio.fit_chars", (value, ir.Const(base.length, type=Integer(4),
                                                           loc=x.loc)),
                       type=t if isinstance(value.type, Array) else base, loc=x.loc)
    if isinstance(base, Character | Record):
        return value
    return x.cast(value, base)


def is_constructor(value: ir.Expr) -> bool:
    """A structure constructor's `Call` (a fresh value: assigning it needs no copy)."""
    return isinstance(value, ir.Call) and isinstance(value.type, Record) \
        and value.func == value.type.name


def read_bindings(x: ExprLowering, tname: str, part: Any, loc_of: Any,
                  inherited: dict[str, tuple[str, bool]] | None = None
                  ) -> dict[str, tuple[str, bool]]:
    """`procedure :: norm => vec_norm`, `procedure, nopass :: f` and `procedure(iface),
    deferred :: f` of a type's CONTAINS part (a deferred one's procedure ""); an override
    of a parent's binding replaces it (calls dispatch on the object's type). Generic
    bindings, FINAL and PASS(name) are refused at their line."""
    out: dict[str, tuple[str, bool]] = {}
    for b in part.content:
        kind = type(b).__name__
        if kind in ("Contains_Stmt", "Comment", "Binding_Private_Stmt"):
            continue
        x.loc = loc_of(b)
        if kind == "Generic_Binding" and type(b.items[1]).__name__ == "Name":
            specifics = [str(n).lower() for n in b.items[2].items]
            out[str(b.items[1]).lower()] = (GENERIC + ",".join(specifics), False)
            continue
        attrs = [str(a).upper() for a in (b.items[1].items if kind == "Specific_Binding"
                                          and b.items[1] is not None else ())]
        deferred = "DEFERRED" in attrs
        if kind != "Specific_Binding" or b.items[0] is not None and not deferred:
            raise x.error(f"{str(b).split('::')[0].strip()} in type({tname}) is not supported",
                          hint="bind specific procedures: procedure :: name => proc")
        nopass = "NOPASS" in attrs
        for text in attrs:
            if text not in ("PASS", "PUBLIC", "PRIVATE", "NON_OVERRIDABLE", "NOPASS",
                            "DEFERRED"):
                raise x.error(f"binding attribute {text} in type({tname}) is not supported")
        name = str(b.items[3]).lower()
        if name in (inherited or {}):
            _check_override(x, tname, name, nopass or inherited[name][1])  # type: ignore[index]
        out[name] = ("" if deferred else str(b.items[4] or b.items[3]).lower(), nopass)
    return out


def _hierarchy(x: ExprLowering) -> Any:
    assert x.interfaces is not None
    return x.interfaces


GENERIC = "generic:"  # a generic binding's entry: its specific bindings after the prefix


def _ancestors(x: ExprLowering, tname: str) -> list[str]:
    parents = _hierarchy(x).parents
    out: list[str] = []
    while tname in parents and parents[tname] not in out:
        tname = parents[tname]
        out.append(tname)
    return out


def _check_override(x: ExprLowering, tname: str, name: str, nopass: bool) -> None:
    """An override is dispatched on the object's type, except where a call of the binding
    was already lowered statically, or the binding is NOPASS: refused there."""
    if nopass:
        raise x.error(f"type({tname}) overrides the NOPASS type-bound procedure '{name}' of "
                      "its parent: not supported")
    for parent in _ancestors(x, tname):
        if (parent, name) in _hierarchy(x).static_bound:
            raise x.error(f"type({tname}) overrides the type-bound procedure '{name}' of "
                          f"type({parent}), which a procedure before it calls: not supported",
                          hint="define the extended types before the procedures that call "
                          "their bindings")


def _descendants(x: ExprLowering, tname: str) -> list[str]:
    """The types of the file (and of modules it knows) that extend `tname`, at any depth."""
    return [t for t in sorted(_hierarchy(x).parents) if tname in _ancestors(x, t)]


def _bindings_of(x: ExprLowering, tname: str) -> dict[str, tuple[str, bool]] | None:
    for scope in x.scope.visible():
        if tname in scope.types or tname in scope.bindings:
            return scope.bindings.get(tname, {})
    return _hierarchy(x).bound.get(tname)


def is_binding(x: ExprLowering, rec: Type | None, name: str) -> bool:
    """`name` is a type-bound procedure (and no component) of `rec`."""
    if not isinstance(rec, Record) or any(f.name == name for f in typedef(x, rec.name).fields):
        return False
    return name in (_bindings_of(x, rec.name) or {})


def binding(x: ExprLowering, rec: Type | None, name: str) -> tuple[str, bool, bool]:
    """The procedure (and NOPASS) that `object%name(...)` calls, and whether the object's
    dynamic type decides it (the binding is deferred or an extension overrides it; the
    procedure one of them then)."""
    if not isinstance(rec, Record):
        raise x.error(f"%{name}(...) on a value of type {rec} is not a type-bound call")
    table = _bindings_of(x, rec.name)
    if table is None:
        raise x.error(f"the type-bound procedures of type({rec.name}) are not known here",
                      hint="define the type in the file that calls them")
    found = table.get(name)
    if found is None:
        raise x.error(f"type({rec.name}) has no type-bound procedure '{name}'")
    proc, nopass = found
    others = [p for t in _descendants(x, rec.name)
              for p, _ in [(_bindings_of(x, t) or {}).get(name, ("", False))] if p != proc]
    if proc and not others or nopass:
        _hierarchy(x).static_bound.add((rec.name, name))
        return proc, nopass, False
    if not proc and not others:
        raise x.error(f"the DEFERRED type-bound procedure '{name}' of type({rec.name}) has "
                      "no implementation in this file")
    return proc or others[0], nopass, True


def bound_arguments(x: ExprLowering, designator: Any,
                    args_node: Any) -> tuple[str, tuple[ir.Expr, ...], str | None]:
    """`v%norm(a)`: the bound procedure and its arguments, the object first (unless NOPASS),
    and the binding's name where the object's dynamic type decides the procedure."""
    base, _, member = designator.items
    obj = x.expr(base)
    last = base.items[-1] if type(base).__name__ in ("Data_Ref", "Proc_Component_Ref") \
        else None
    return bound_on(x, obj, last, str(member).lower(), args_node, designator)


def bound_on(x: ExprLowering, obj: ir.Expr, last: Any, member: str, args_node: Any,
             designator: Any) -> tuple[str, tuple[ir.Expr, ...], str | None]:
    """`bound_arguments` of the object `obj` (`last`: the part of its designator that names
    it, where it is a component or a parent)."""
    if isinstance(obj.type, Array):
        raise x.error(f"a type-bound call on the array in {designator} is not supported")
    args: list[ir.Expr] = []
    for a in args_node.items if args_node is not None else ():
        if type(a).__name__ in ("Actual_Arg_Spec", "Component_Spec"):
            raise x.error(f"keyword arguments in the type-bound call {designator} are not "
                          "supported")
        args.append(x.expr(a))
    name = specific_binding(x, obj.type, member, args)
    proc, nopass, dynamic = binding(x, obj.type, name)
    if dynamic and last is not None and isinstance(obj.type, Record) and \
            str(last).lower() == obj.type.name:  # x%parent%f(): the parent's own
        proc = (_bindings_of(x, obj.type.name) or {}).get(name, ("", False))[0]
        if not proc:
            raise x.error(f"{designator} calls a DEFERRED binding")
        dynamic = False
    return proc, tuple(args if nopass else [obj, *args]), name if dynamic else None


def specific_binding(x: ExprLowering, rec: Type | None, name: str,
                     args: list[ir.Expr]) -> str:
    """The binding `name` names, or for a GENERIC binding the specific one whose dummies
    (after the passed object) agree with `args` in type, kind and rank."""
    from transpyle.frontends.fortran.interfaces import bind, matches
    table = _bindings_of(x, rec.name) if isinstance(rec, Record) else None
    entry = (table or {}).get(name)
    if entry is None or not entry[0].startswith(GENERIC):
        return name
    assert x.interfaces is not None
    for specific in entry[0][len(GENERIC):].split(","):
        proc, nopass = (table or {}).get(specific, ("", False))
        signature = x.interfaces.signatures.get(proc)
        if signature is None:
            continue
        dummies = signature if nopass else signature[1:]
        bound = bind(dummies, list(args), {})
        if bound is not None and matches(dummies, bound):
            return specific
    raise x.error(f"no specific binding of the generic '{name}' of type({rec.name}) takes "  # type: ignore[union-attr]
                  "these arguments")


def bound_function(x: ExprLowering, designator: Any, args_node: Any,
                   found: tuple[str, tuple[ir.Expr, ...], str | None] | None = None) -> ir.Expr:
    proc, args, dispatch = found or bound_arguments(x, designator, args_node)
    result = x.procs.get(proc)
    if result is None:
        raise x.error(f"'{proc}', bound to {designator}, is not a function of this file")
    return ir.Call(proc, args, type=result, dispatch=dispatch, loc=x.loc)


def array_component(x: ExprLowering, base: ir.Expr, name: str) -> ir.Expr:
    """`w%x` of an array of records: a `Field` typed as the array of the (scalar) component."""
    rec, shape = base.type.elem, base.type  # type: ignore[union-attr]
    assert isinstance(rec, Record) and isinstance(shape, Array)
    decl = x.scope.record_field(rec, name, x.loc)
    if isinstance(decl.type, Array | Record) or decl.type is None:
        raise x.error(f"the component {name} of an array of type({rec.name}) is an array or "
                      "a record: taking it from every element is not supported")
    return ir.Field(base, name, type=Array(decl.type, shape.rank, "F", shape.lower),  # type: ignore[arg-type]
                    loc=x.loc)


def _component(x: ExprLowering, node: Any, what: str) -> tuple[str, ir.Field]:
    target = x.expr(node)
    if not isinstance(target, ir.Field) or not isinstance(target.type, Array):
        raise x.error(f"{what} of {node}: only an allocatable array component is supported")
    base: ir.Expr = target
    while isinstance(base, ir.Field | ir.Subscript):
        base = base.value
    if not isinstance(base, ir.Name):
        raise x.error(f"{what} of {node} is not supported")
    rec = target.value.type
    decl = x.scope.record_field(rec, target.name, x.loc) if isinstance(rec, Record) else None
    if decl is None or not decl.allocatable:
        raise x.error(f"{what} of {node}: the component is not ALLOCATABLE")
    return base.id, target


def component_allocate(x: ExprLowering, node: Any, shape: tuple[ir.Dim, ...]) -> ir.Stmt:
    """`allocate(p%a(n))`: an `Allocate` of the variable `p` with the component as target
    (lower bounds 1: the component's type holds its bounds)."""
    from transpyle.frontends.fortran.exprs import fold
    name, target = _component(x, node.items[0] if type(node).__name__ == "Allocation"
                              else node, "ALLOCATE")
    for d in shape:
        if d.lower is not None and fold(d.lower, x.scope) != 1:
            raise x.error("ALLOCATE of a component with a lower bound other than 1 is not "
                          "supported")
    return ir.Allocate(name, shape, target=target, loc=x.loc)


def component_deallocate(x: ExprLowering, node: Any) -> ir.Stmt:
    name, target = _component(x, node, "DEALLOCATE")
    return ir.Deallocate(name, target=target, loc=x.loc)


def parent_of(x: ExprLowering, name: str, attrs: Any
              ) -> tuple[list[ir.VarDecl], dict[str, tuple[str, bool]], str | None]:
    """The components and type-bound procedures `type, extends(parent) :: name` inherits
    (the parent's components come first, as in a structure constructor), and the parent;
    BIND refused (ABSTRACT is read: such a type is never an object's dynamic type)."""
    parent = None
    for attr in attrs.items if attrs is not None else ():
        text = str(attr).upper()
        if text.startswith("EXTENDS"):
            parent = str(attr.items[1]).lower()
        elif text not in ("PUBLIC", "PRIVATE", "ABSTRACT"):
            raise x.error(f"type({name}) is {text}: not supported")
    if parent is None:
        return [], {}, None
    for scope in x.scope.visible():
        if parent in scope.types:
            _hierarchy(x).parents[name] = parent
            return list(scope.types[parent].fields), dict(scope.bindings.get(parent, {})), \
                parent
    raise x.error(f"type({name}) extends type({parent}), which is not defined here")


def allocated(x: ExprLowering, args: tuple[ir.Expr, ...]) -> ir.Expr:
    """ALLOCATED(a) of an ALLOCATABLE array variable or component."""
    from transpyle.ir.types import Logical
    arg = args[0] if len(args) == 1 else None
    ok = False
    if isinstance(arg, ir.Name):
        sym = x.scope.find(arg.id)
        ok = sym is not None and sym.allocatable
    elif isinstance(arg, ir.Field) and isinstance(arg.value.type, Record):
        ok = x.scope.record_field(arg.value.type, arg.name, x.loc).allocatable
        if ok and isinstance(arg.type, Record):  # an object, allocated in place
            raise x.error(f"ALLOCATED of the scalar component {arg.name} of derived type is "
                          "not supported (migrated code keeps an object there)")
    if arg is None or not ok:
        raise x.error("ALLOCATED takes one ALLOCATABLE array")
    return ir.Intrinsic("allocated", (arg,), type=Logical(4), loc=x.loc)


def freed_if_allocated(test: ir.Expr, body: tuple[ir.Stmt, ...]) -> bool:
    """`if (allocated(a)) deallocate(a)`: the IR's Deallocate alone says it."""
    if len(body) != 1 or not isinstance(body[0], ir.Deallocate):
        return False
    freed = body[0].target if body[0].target is not None else body[0].name
    return isinstance(test, ir.Intrinsic) and test.name == "allocated" and (
        test.args[0] == freed if not isinstance(freed, str) else
        isinstance(test.args[0], ir.Name) and test.args[0].id == freed)


# -- POINTERs of derived type and arrays: Python references, None where disassociated
def pointer_target(x: ExprLowering, node: Any) -> ir.Expr:
    """The POINTER variable or component that `node` names."""
    lhs = x.expr(node)
    ok = False
    if isinstance(lhs, ir.Name):
        sym = x.scope.find(lhs.id)
        ok = sym is not None and sym.pointer
    elif isinstance(lhs, ir.Field) and isinstance(lhs.value.type, Record):
        ok = x.scope.record_field(lhs.value.type, lhs.name, x.loc).pointer
    if not ok:
        raise x.error(f"{node} is not a POINTER", hint="declare it with the POINTER attribute")
    return lhs


def associate(x: ExprLowering, lhs: ir.Expr, value: ir.Expr | None) -> ir.Stmt:
    """`lhs => value` (None: NULLIFY) as the IR says it (`VarDecl.pointer`)."""
    inner = value if value is not None else ir.Absent(type=None, loc=x.loc)
    call = ir.Call("fio.associate", (inner,), type=lhs.type, loc=x.loc)
    return ir.Assign(lhs, call, loc=x.loc)


def data_pointer_assignment(x: ExprLowering, target: Any, value: Any) -> ir.Stmt:
    """`p => t` of a POINTER of derived type or array: `p` refers to `t` (an array section
    is a view); bounds remapping and a target whose lower bounds are not 1 are refused."""
    from transpyle.frontends.fortran.exprs import rank
    if type(target).__name__ == "Part_Ref":
        raise x.error(f"pointer assignment with bounds ({target}) is not supported")
    lhs = pointer_target(x, target)
    if str(value).replace(" ", "").upper() == "NULL()":
        return associate(x, lhs, None)
    rhs = x.expr(value)
    if rank(rhs.type) != rank(lhs.type) or (
            isinstance(rhs.type, Array) != isinstance(lhs.type, Array)):
        raise x.error(f"{target} => {value}: the ranks differ")
    if not isinstance(rhs, ir.Name | ir.Subscript | ir.Field | ir.Call):
        raise x.error(f"the pointer target {value} is not a variable")
    if isinstance(rhs, ir.Name | ir.Field) and isinstance(rhs.type, Array) and \
            any(lo != 1 for lo in rhs.type.lower):
        raise x.error(f"a pointer to {value}, whose lower bounds are not 1, is not supported")
    return associate(x, lhs, rhs)


def associated(x: ExprLowering, args: tuple[ir.Expr, ...]) -> ir.Expr:
    """ASSOCIATED(p): `p is not None`; ASSOCIATED(p, t): the same object, or an array view of
    the same elements (`fio.associated`)."""
    from transpyle.ir.types import Logical
    if len(args) == 1:
        return ir.Intrinsic("allocated", args, type=Logical(4), loc=x.loc)
    if len(args) != 2:
        raise x.error("ASSOCIATED takes one or two arguments")
    return ir.Call("fio.associated", args, type=Logical(4), loc=x.loc)


def implied_extent(x: ExprLowering, sym: Any, value: ir.Expr) -> ir.Dim:
    """The dimension of an implied-shape PARAMETER, `a(*)` or `a(lo:*)`: its value's extent."""
    from transpyle.ir.types import Array, Integer
    if not isinstance(value, ir.ArrayLiteral) or any(
            isinstance(v, ir.ImpliedDo) or isinstance(v.type, Array) for v in value.elements):
        raise x.error(f"the implied-shape PARAMETER '{sym.name}' needs a list of scalars as "
                      "its value")
    loc, i4 = x.loc, Integer(4)
    lower = sym.dims[0].lower if sym.dims else None
    n = ir.Const(len(value.elements), type=i4, loc=loc)
    upper = n if lower is None else ir.BinOp(
        "-", ir.BinOp("+", lower, n, type=i4, loc=loc), ir.Const(1, type=i4, loc=loc),
        type=i4, loc=loc)
    return ir.Dim(lower, upper, loc=loc)
