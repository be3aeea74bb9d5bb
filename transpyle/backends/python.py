"""Python backend: IR -> a readable, runnable NumPy module.

One Python function per procedure, with type hints the Python frontend reads back (so the
module can be put through `@transpile`); a PROGRAM becomes `main()`, run under
`if __name__ == "__main__":`. Legacy state is explicit: a COMMON block is a module-level
namespace shared by position (`work.x`), SAVE and DATA variables live in a per-procedure
namespace (`_counter_saved.n`). GOTOs are structured (or turned into a state machine) by
`passes.structure_gotos` before emission. Scalar arguments a procedure changes are returned
(see `passes.out_args`). Output goes through `transpyle.runtime.fortran_io`, which prints what
gfortran prints.
"""

from __future__ import annotations

import re
from collections import Counter

from transpyle.backends.python_equiv import (
    equivalence_lines,
    equivalence_renames,
    module_equivalence_lines,
)
from transpyle.backends.python_exprs import (
    P_ATOM,
    PythonExprs,
    add,
    dtype_name,
    elem,
    scalar_hint,
    sub,
)
from transpyle.backends.python_internal import (
    InternalMixin,
    internals_by_host,
    nested,
    shared_with,
    unbound,
)
from transpyle.backends.python_intrinsics import intrinsic
from transpyle.backends.python_layout import wrap_line
from transpyle.backends.python_records import RecordsMixin, defined_first
from transpyle.backends.python_scope import (
    assigned_scalars,
    assumed_size,
    loops_read_after,
    maybe_unassigned,
    needed_constants,
    reshaped,
)
from transpyle.backends.python_state import Blocks, ModuleState, module_constants, module_state
from transpyle.backends.python_stmts import StatementsMixin
from transpyle.frontends.fortran import FIXED_SUFFIXES, FREE_SUFFIXES
from transpyle.ir import nodes as ir
from transpyle.ir.types import (
    Array,
    Character,
    Complex,
    Integer,
    Logical,
    Procedure,
    Real,
    Record,
    Type,
)
from transpyle.ir.visitor import walk
from transpyle.passes.defined_calls import check_defined_calls, has_program
from transpyle.passes.fortran_fold import fold_constants
from transpyle.passes.out_args import Convention, conventions
from transpyle.passes.procedure_args import procedure_flows
from transpyle.passes.python_names import (
    python_decl,
    python_function_names,
    python_names,
    safe,
)
from transpyle.passes.scalar_actuals import box_scalar_actuals
from transpyle.passes.shift_indices import shift_indices
from transpyle.passes.structure_gotos import structure_gotos

# the import lines, grouped and ordered as isort orders them: standard library, NumPy, transpyle
_HEADER_IMPORTS = {
    "math": "import math",
    "callable": "from collections.abc import Callable",
    "dataclass": "from dataclasses import dataclass",
    "field": "from dataclasses import field",
    "namespace": "from types import SimpleNamespace",
    "any": "from typing import Any",
    "numpy": "\nimport numpy as np",
    "fio": "\nfrom transpyle.runtime import fortran_io as fio",
    "fmpi": "\nfrom transpyle.runtime import fortran_mpi as fmpi",
    "storage": "\nfrom transpyle.runtime import storage",
}

_USES = {"math": r"\bmath\.", "numpy": r"\bnp\.", "fio": r"\bfio\.", "fmpi": r"\bfmpi\.",
         "dataclass": r"@dataclass", "field": r"\bfield\(", "namespace": r"\bSimpleNamespace\(",
         "callable": r"\bCallable\b", "storage": r"\bstorage\.", "any": r"\bAny\b"}


def zero_of(t: Type | None) -> str:
    if isinstance(t, Integer):
        return "0"
    if isinstance(t, Real):
        return "0.0" if t.kind == 8 else "np.float32(0.0)"
    if isinstance(t, Complex):
        return "0j" if t.kind == 16 else "np.complex64(0)"
    if isinstance(t, Logical):
        return "False"
    if isinstance(t, Character):  # its declared length, blank (LEN of it is that length)
        return f"' ' * {t.length}" if t.length and t.length > 1 else repr(" " * (t.length or 0))
    if isinstance(t, Record):
        return f"{t.name}()"
    return "None"


class PythonEmitter(InternalMixin, RecordsMixin, StatementsMixin, PythonExprs):
    def __init__(self, externals: dict[str, ir.FunctionDef] | None = None,
                 homes: dict[str, str] | None = None,
                 commons: tuple[str, Blocks] | None = None,
                 used: dict[str, tuple[str, ir.VarDecl]] | None = None,
                 flows: dict[tuple[str, str], set[str]] | None = None) -> None:
        super().__init__()
        self.tree_flows = flows or {}  # procedures bound to dummies, in the whole tree
        self.used = used or {}  # variable of a USEd module of another file -> (home, decl)
        self.externals = externals or {}
        self.homes = homes or {}
        self.shared_commons = commons  # (the module they live in, the blocks)
        self.conventions: dict[str, Convention] = {}
        self.state: ModuleState | None = None
        self.current: ir.FunctionDef | None = None
        self.fortran_origin = False
        self.after_loop: set[int] = set()
        self.counter = 0
        self.module_functions: list[ir.FunctionDef] = []
        self.reshaped: dict[str, set[str]] = {}
        self.emitted_constants: dict[str, str] = {}  # name -> its value's text
        self.name_counts: dict[str, int] = {}
        self.module_decls: tuple[ir.VarDecl, ...] = ()
        self.internals: dict[str, list[ir.FunctionDef]] = {}  # nested in their host, by host
        self.hosts: dict[str, str] = {}  # a nested internal procedure -> its host
        self.flows: dict[tuple[str, str], set[str]] = {}  # procedures bound to dummies

    def visit_Intrinsic(self, e: ir.Intrinsic) -> tuple[str, int]:
        return intrinsic(self, e)

    # -- the module
    def module(self, m: ir.Module) -> str:
        if is_fortran(m):  # Fortran names that Python reserves get a trailing underscore
            m = fold_constants(python_names(m))  # as gfortran folds them
            self.externals = python_function_names(self.externals)
            self.homes = {safe(k): v for k, v in self.homes.items()}
            if self.shared_commons:
                name, blocks = self.shared_commons
                self.shared_commons = (name, python_blocks(blocks))
        self.functions = {**self.externals, **m.functions()}
        self.module_functions = list(m.functions().values())
        self.internals = internals_by_host(self.module_functions)
        self.hosts = {g.name: host for host, inner in self.internals.items() for g in inner}
        self.module_decls = m.decls
        self.conventions = conventions(self.functions)
        self.flows = procedure_flows(self.functions)
        for key, bound in self.tree_flows.items():
            self.flows.setdefault(key, set()).update(bound)
        self.reshaped = reshaped(self.functions)
        self.state = module_state(m, self.shared_commons[1] if self.shared_commons else None)
        self.fortran_origin = is_fortran(m)
        body: list[str] = []
        for t in m.types:
            body += ["", "", *self.typedef(t)]
            self.allocatable_fields |= {(t.name, d.name) for d in t.fields if d.allocatable}
        state_lines = self.state_lines(m)
        while state_lines and not state_lines[0]:
            state_lines.pop(0)
        if state_lines:
            body += ["", "", *state_lines]
        body += self.procedures(m)
        while body and not body[0]:
            body.pop(0)
        imports = self.import_lines(m, "\n".join(body))
        head = [f'"""{m.name}: migrated by transpyle."""' if self.fortran_origin
                else f'"""{m.name}: generated by transpyle."""']
        code = next((x for x in body if x and not x.startswith("#")), "")
        blank = ["", ""] if code.startswith(("def ", "class ", "@")) or not imports else [""]
        text_lines = head + ([""] + imports if imports else []) + blank + body
        return "\n".join(part for line in text_lines for part in wrap_line(line)).rstrip() + "\n"

    def procedures(self, m: ir.Module) -> list[str]:
        """Every procedure (a comment block just above one stays attached to it), then the
        `if __name__ == "__main__":` of a PROGRAM."""
        body: list[str] = []
        programs: list[str] = []
        previous: object = None
        for item in m.body:
            if isinstance(item, ir.FunctionDef) and (item.kind == "blockdata"
                                                     or item.name in self.hosts):
                continue  # BLOCK DATA: initial values; an internal procedure: in its host
            gap = [] if isinstance(previous, ir.Comment) else ["", ""]
            previous = item
            if isinstance(item, ir.Comment):
                body += gap + [f"# {item.text}".rstrip()]
                continue
            body += gap + self.function(item)
            if item.kind == "program":
                programs.append(program_name(item, self.functions))
        if programs:
            body += ["", "", 'if __name__ == "__main__":', f"    {programs[0]}()"]
        return body

    def import_lines(self, m: ir.Module, text: str) -> list[str]:
        """The imports `text` needs, grouped and ordered as isort orders them."""
        assert self.state is not None
        self.imports = {key for key, pattern in _USES.items() if re.search(pattern, text)}
        imports = [line for key, line in _HEADER_IMPORTS.items() if key in self.imports]
        if imports and imports[0].startswith("\n"):
            imports[0] = imports[0][1:]
        runtime = [k for k, line in enumerate(imports) if "transpyle.runtime" in line]
        for k in runtime[1:]:  # one group: transpyle's runtime
            imports[k] = imports[k].lstrip("\n")
        if "from dataclasses import dataclass" in imports and \
                "from dataclasses import field" in imports:
            imports.remove("from dataclasses import field")
            imports[imports.index("from dataclasses import dataclass")] += ", field"
        imports += [f"from {use} import *  # noqa: F403" for use in m.uses]
        homes = {home for home, _ in self.used.values()}
        imports += [f"import {home}" for home in sorted(homes)
                    if re.search(rf"\b{re.escape(home)}\.", text)]
        imports += sorted(self.external_modules())
        named = set(re.findall(r"\b(common_\w+|blank_common)\.", text))
        used = sorted(named & self.state.namespace_names())
        if self.shared_commons and used:
            imports.append(f"from {self.shared_commons[0]} import {', '.join(used)}")
        return imports

    def external_modules(self) -> set[str]:
        """`from other import f` for the procedures of other files this module calls."""
        called = {name for f in self.module_functions for n in walk(f)  # not a dummy procedure
                  for name in ((n.func,) if isinstance(n, ir.Call | ir.CallStmt) else (n.id,)
                               if isinstance(n, ir.Name) else ())
                  if name not in {p.name for p in f.params}}
        by_home: dict[str, list[str]] = {}
        for name in sorted(called & self.homes.keys()):
            by_home.setdefault(self.homes[name], []).append(name)
        return {f"from {home} import {', '.join(names)}" for home, names in by_home.items()}

    def state_lines(self, m: ir.Module) -> list[str]:
        """Module variables, COMMON blocks and SAVE namespaces, with their initial values."""
        assert self.state is not None
        lines: list[str] = []
        for d in m.decls:
            self.types[d.name] = d.type  # type: ignore[assignment]
        for d in defined_first(m.decls):
            lines.append(f"{d.name} = {self.initial_value(d)}")
        for title, ns, members in self.state.namespaces(commons=not self.shared_commons):
            self.imports.add("namespace")
            lines += self.constants_used(members, m)
            lines += ["", f"# {title}", f"{ns} = SimpleNamespace("]
            for d in members:
                lines.append(f"    {d.name}={self.initial_value(d)},")
            lines.append(")")
        for block, layouts in self.state.storages() if not self.shared_commons else ():
            lines += self.constants_used([d for lay in layouts for d in lay], m)
            lines += ["", *self.storage_lines(block, layouts)]
        saved = module_equivalence_lines(self.module_functions, lambda d: self.expr(
            self.extent(d)), self.initial_value)
        if saved:
            self.imports |= {"numpy", "storage"}
            lines += self.constants_used([d for f in self.module_functions for d in f.locals
                                          if d.equivalence is not None], m) + saved
        return lines

    def storage_lines(self, block: str, layouts: list[list[ir.VarDecl]]) -> list[str]:
        """A COMMON block that units lay out differently: one buffer, a namespace of views per
        layout (`transpyle.runtime.storage.common`), then its initial values (BLOCK DATA)."""
        self.imports |= {"numpy", "storage"}
        names = [ModuleState.common_ns(block, k) for k in range(len(layouts))]
        lines = [f"# COMMON /{block}/" if block else "# blank COMMON",
                 "# laid out differently by different units: one storage, a view per layout",
                 f"{', '.join(names)} = storage.common("]
        for layout in layouts:
            specs = [f"{d.name}={self.storage_spec(d)}" for d in layout]
            one = f"    dict({', '.join(specs)}),"
            if len(one) <= 100:
                lines.append(one)
            else:
                lines += [f"    dict({specs[0]},", *(f"         {x}," for x in specs[1:-1]),
                          f"         {specs[-1]}),"] if len(specs) > 1 else [one]
        lines.append(")")
        for ns, layout in zip(names, layouts, strict=True):
            lines += [f"{ns}.{d.name} = {self.initial_value(d)}" for d in layout
                      if d.init is not None]
        return lines

    def storage_spec(self, d: ir.VarDecl) -> str:
        """`np.float64` for a scalar member, `(np.int32, 39)` or `(np.float64, (3, 4))`."""
        t = d.type
        dtype = f"np.{dtype_name(t.elem if isinstance(t, Array) else t)}"
        if not isinstance(t, Array) or d.shape is None:
            return dtype
        extents = [self.expr(self.extent(x)) for x in d.shape]
        return f"({dtype}, {extents[0] if len(extents) == 1 else '(' + ', '.join(extents) + ')'})"

    def constants_used(self, members: list[ir.VarDecl], m: ir.Module) -> list[str]:
        """Module-level copies of the PARAMETERs a block's shapes or initial values use."""
        return module_constants(members, list(m.functions().values()),
                                self.emitted_constants, self.initial_value)

    def initial_value(self, d: ir.VarDecl) -> str:
        if d.pointer and d.init is None:
            return "None"  # a disassociated POINTER
        if isinstance(d.type, Array):
            return self.new_array(d.type, d.shape, d.init)
        if d.init is not None:
            return self.assigned_value(d.type, d.init)
        return zero_of(d.type) if d.type is not None else "None"

    def new_array(self, t: Array, shape: tuple[ir.Dim, ...] | None,
                  init: ir.Expr | None = None) -> str:
        self.imports.add("numpy")
        if shape is None or any(d.upper is None for d in shape):
            return "None"  # allocated later
        extents = [self.expr(self.extent(d)) for d in shape]
        text = extents[0] if len(extents) == 1 else f"({', '.join(extents)})"
        order = ', order="F"' if t.order == "F" and len(extents) > 1 else ""
        if isinstance(t.elem, Record) and init is None:  # each element its own instance
            self.imports.add("fio")
            return f"fio.records({t.elem.name}, {text})"
        if isinstance(t.elem, Character) and init is None:  # blank strings
            blank = repr(" " * (t.elem.length or 0))
            return f"np.full({text}, {blank}, dtype=object{order})"
        dtype = dtype_name(t.elem)
        dt = "object" if dtype in ("str", "object") else f"np.{dtype}"
        if init is not None and not isinstance(init.type, Array) and \
                not isinstance(init, ir.ArrayLiteral):
            return f"np.full({text}, {self.expr(init)}, dtype={dt}{order})"
        if init is not None:
            return f"np.reshape({self.expr(init)}, {text}{order})" if len(extents) > 1 \
                else self.expr(init)
        return f"np.zeros({text}, dtype={dt}{order})"

    def extent(self, d: ir.Dim) -> ir.Expr:
        assert d.upper is not None
        lower = d.lower if d.lower is not None else ir.Const(1, loc=d.loc)
        return add(sub(d.upper, lower), 1)

    # -- procedures
    def scope(self, f: ir.FunctionDef) -> None:
        assert self.state is not None
        self.current = f
        self.name_counts = Counter(n.id for n in walk(f) if isinstance(n, ir.Name))
        decls = (*self.module_decls, *self.host_decls(f), *f.params, *f.locals)
        self.types = {d.name: d.type for d in decls if d.type is not None}
        self.lowers = {}
        self.allocatables = {d.name for d in decls if d.allocatable}
        for d in decls:
            if isinstance(d.type, Array) and d.shape is not None:
                default = d.type.lower_bounds()
                self.lowers[d.name] = tuple(
                    x.lower if x.lower is not None else ir.Const(default[k], loc=d.loc)
                    for k, x in enumerate(d.shape))
        self.renames = self.state_renames(f) | equivalence_renames(f)
        for name, (_, d) in self.used.items():
            if d.type is not None and name in self.renames:
                self.types.setdefault(name, d.type)
        # Python's own loops leave their variable as Python does: only Fortran's need help
        self.after_loop = loops_read_after(f, self.persistent(f)) if f.kind else set()

    def persistent(self, f: ir.FunctionDef) -> set[str]:
        """Names whose value outlives a call of `f`."""
        assert self.state is not None
        conv = self.conventions[f.name]
        return set(conv.returned) | set(self.state_renames(f)) | self.state.module_vars | \
            self.shared(f)

    def state_renames(self, f: ir.FunctionDef) -> dict[str, str]:
        """Name -> access path for COMMON, SAVE and the variables of a USEd module of another
        file: `params.scale`, so that an assignment reaches the one variable every file sees
        (`from params import *` would give this module a copy)."""
        assert self.state is not None
        own = {d.name for d in (*f.params, *f.locals)}
        used = {name: f"{home}.{name}" for name, (home, _) in self.used.items()
                if name not in own}
        if f.name in self.hosts:  # the host's COMMON and SAVE variables, where not shadowed
            hosted = self.state_renames(self.functions[self.hosts[f.name]])
            used |= {k: v for k, v in hosted.items() if k not in own}
        return used | self.state.renames(f)

    def function(self, f: ir.FunctionDef) -> list[str]:
        inner = [line for g in self.internals.get(f.name, [])
                 for line in nested(self.function(g)) + [""]]
        f = box_scalar_actuals(structure_gotos(f), self.functions)
        if f.kind is not None:
            f = shift_indices(f, loops_read_after(f, self.persistent(f)))
        self.scope(f)
        conv = self.conventions[f.name]
        name = program_name(f, self.functions)
        params = {p.name: p for p in f.params}
        args = ", ".join(self.param_text(params[n], conv) for n in conv.params)
        lines = [f"def {name}({args}) -> {self.return_hint(f, conv)}:"]
        if len(lines[0]) > 100:
            pad = " " * (len(name) + 5)
            parts = args.split(", ")
            lines = [f"def {name}({parts[0]},", *(f"{pad}{x}," for x in parts[1:-1]),
                     f"{pad}{parts[-1]}) -> {self.return_hint(f, conv)}:"] if len(parts) > 1 \
                else lines
        if f.doc:
            lines += self.docstring(f.doc)
        stmts = f.body
        if stmts and stmts[-1] == ir.Return(None, loc=f.loc) and not conv.returned:
            stmts = stmts[:-1]  # falling off the end says the same
        body = self.global_lines(f) + self.nonlocal_lines(f) + self.preamble(f)
        body += ([""] if body and inner else []) + inner + self.block(stmts)
        if conv.returned and not (f.body and isinstance(f.body[-1], ir.Return)):
            body.append("    " + self.return_line(None))
        if not any(x.strip() and not x.strip().startswith("#") for x in body):
            body.append("    pass")
        return lines + body

    def return_hint(self, f: ir.FunctionDef, conv: Convention) -> str:
        parts = []
        if conv.has_result:
            parts.append(scalar_hint(f.returns))
        optional = {p.name for p in f.params if p.optional}
        parts += [scalar_hint(self.types.get(n)) + (" | None" if n in optional else "")
                  for n in conv.returned]
        if any(p.startswith("np.") for p in parts):
            self.imports.add("numpy")
        if not parts:
            return "None"
        return parts[0] if len(parts) == 1 else f"tuple[{', '.join(parts)}]"

    def docstring(self, doc: str) -> list[str]:
        text = doc.strip().replace('"""', "'''")
        body = text.splitlines()
        if len(body) == 1:
            return [f'    """{body[0]}"""']
        return ['    """' + body[0], *("    " + x if x.strip() else "" for x in body[1:]),
                '    """']

    def preamble(self, f: ir.FunctionDef) -> list[str]:
        """Local arrays created, records built, scalars that may be read first given a value."""
        out: list[str] = []
        conv = self.conventions[f.name]
        ready = {p.name for p in f.params} | set(self.renames) | {
            d.name for d in f.locals if isinstance(d.type, Array | Record) or d.constant
            or d.init is not None}
        unset = maybe_unassigned(f, ready, conv.returned, self.after_loop) \
            if f.kind is not None else set()
        shared = shared_with(f, self.internals.get(f.name, []))
        unset |= unbound(f, shared)  # Python's `nonlocal` needs a binding in the host
        wanted = needed_constants(f)
        groups = equivalence_lines(f, lambda d: self.expr(self.extent(d)), self.initial_value)
        if groups:
            self.imports |= {"numpy", "storage"}
        assigned = {n.target.id for n in walk(f) if isinstance(n, ir.Assign)
                    and isinstance(n.target, ir.Name)}
        assigned |= {n.args[0].id for n in walk(f) if isinstance(n, ir.Intrinsic)
                     and n.name == "allocated" and isinstance(n.args[0], ir.Name)}
        assigned |= {n.name for n in walk(f) if isinstance(n, ir.Allocate)  # tested there
                     and n.stat is not None and n.target is None}
        # PARAMETERs first: a USEd module's (iso_fortran_env, mpi) are declared after the
        # variables whose shapes name them
        for d in defined_first(tuple(sorted(f.locals, key=lambda d: not d.constant))):
            if not d.constant:  # EQUIVALENCE buffers after the constants their shapes name
                out, groups = out + groups, []
            if d.name in self.renames or d.constant and (d.init is None or d.name not in wanted):
                continue
            if d.constant or d.init is not None:
                out.append(f"{d.name} = {self.initial_value(d)}")
            elif d.pointer and isinstance(d.type, Array | Record):
                out.append(f"{d.name} = None  # a disassociated POINTER")
            elif isinstance(d.type, Array):
                if not d.allocatable:
                    out.append(f"{d.name} = {self.new_array(d.type, d.shape)}")
                elif d.name in assigned and self.fortran_origin or d.name in shared:
                    # an assignment may allocate it (Fortran 2003)
                    out.append(f"{d.name} = None  # not allocated")
            elif isinstance(d.type, Record):
                out.append(f"{d.name} = {d.type.name}()")
            elif d.name in unset and not (isinstance(d.type, Procedure)
                                          and d.name in self.functions):  # EXTERNAL prja
                out.append(f"{d.name} = {zero_of(d.type)}")
                if zero_of(d.type).startswith("np."):
                    self.imports.add("numpy")
        out += groups
        for p in f.params:  # INTENT(OUT) records start from their default initialisation
            rec = p.type.elem if isinstance(p.type, Array) else p.type
            if self.fortran_origin and p.intent == "out" and isinstance(rec, Record) \
                    and not p.pointer:
                self.imports.add("storage")
                reset = f"storage.assign({p.name}, {rec.name}())"
                out += [f"if {p.name} is not None:", f"    {reset}"] if p.optional else [reset]
        for p in f.params:  # explicit-shape dummies see their actual argument's storage
            if p.name in self.reshaped.get(f.name, ()):
                view = self.dummy_view(p)
                out.append(f"if {p.name} is not None:  # OPTIONAL" if p.optional else view)
                out += [f"    {view}"] if p.optional else []
        return ["    " + x for x in out]

    def dummy_view(self, p: ir.VarDecl) -> str:
        """`y = storage.dummy(y, (n, -1), np.int32)`: the dummy's shape (-1: assumed size,
        `*` or a last extent of 1) and element type over the actual's storage."""
        assert isinstance(p.type, Array) and p.shape is not None
        self.imports |= {"numpy", "storage"}
        dims = [self.expr(self.extent(d)) for d in p.shape[:-1]]
        dims.append("-1" if assumed_size(p) else self.expr(self.extent(p.shape[-1])))
        shape = f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"
        dt = "object" if isinstance(p.type.elem, Character) else f"np.{dtype_name(p.type.elem)}"
        return f"{p.name} = storage.dummy({p.name}, {shape}, {dt})"

    def global_lines(self, f: ir.FunctionDef) -> list[str]:
        assert self.state is not None
        names = sorted(self.state.module_vars & assigned_scalars(f))
        return [f"    global {', '.join(names)}"] if names else []

    def return_line(self, value: ir.Expr | None) -> str:
        conv = self.conventions[self.current.name]  # type: ignore[union-attr]
        parts = [self.expr(value)] if value is not None else []
        parts += [self.name(n) for n in conv.returned]
        return "return " + ", ".join(parts) if parts else "return"

    def assigned_value(self, t: Type | None, v: ir.Expr) -> str:
        """`v` converted for assignment to a scalar of type `t`, as Fortran converts."""
        vt = elem(self.type_of(v))
        text = self.expr(v)
        if isinstance(v, ir.Const) and isinstance(v.value, int) and not isinstance(
                v.value, bool) and isinstance(t, Real) and t.kind == 8:
            return f"{float(v.value)!r}"
        if isinstance(t, Integer) and isinstance(vt, Real):
            return f"int({text})"
        if isinstance(t, Real) and t.kind == 4 and (vt != t or isinstance(v, ir.Const)) \
                and not text.startswith("np.float32("):
            self.imports.add("numpy")
            return f"np.float32({text})"
        if isinstance(t, Real) and t.kind == 8 and isinstance(vt, Integer | Real) and vt != t:
            return f"float({text})"
        if isinstance(t, Complex) and not isinstance(vt, Complex):
            return f"complex({text})"
        if isinstance(t, Character) and t.length is not None:  # blank-padded or cut
            if isinstance(v, ir.Const) and isinstance(v.value, str):
                return repr(v.value.ljust(t.length)[: t.length])
            return f"{self.operand(v, P_ATOM)}.ljust({t.length})[:{t.length}]"
        return text


def is_fortran(m: ir.Module) -> bool:
    return any(f.kind is not None for f in m.functions().values()) or \
        m.loc.file.lower().endswith(FIXED_SUFFIXES + FREE_SUFFIXES)


def program_name(f: ir.FunctionDef, functions: dict[str, ir.FunctionDef]) -> str:
    """A PROGRAM is `main()` (unless a procedure already has that name)."""
    return "main" if f.kind == "program" and "main" not in functions else f.name


def emit_python(module: ir.Module, externals: dict[str, ir.FunctionDef] | None = None,
                homes: dict[str, str] | None = None,
                commons: tuple[str, Blocks] | None = None,
                used: dict[str, tuple[str, ir.VarDecl]] | None = None,
                flows: dict[tuple[str, str], set[str]] | None = None,
                whole_program: bool | None = None) -> str:
    """The Python text of an IR module (Python origin: typed IR; Fortran origin: as lowered).

    `externals` are procedures of other files the module calls (for their calling convention),
    `homes` the Python module each of them lives in (imported from there); `commons` the module
    that holds the COMMON blocks shared by a tree of files, and those blocks; `used` the
    variables of the Fortran modules of other files that this one USEs, each with the Python
    module that holds it; `flows` the procedures a tree binds to each dummy procedure
    (`passes.procedure_args`). In a `whole_program` (default: the module holds a PROGRAM)
    every procedure a Fortran-origin module calls must be defined (`passes.defined_calls`)."""
    if is_fortran(module) and (has_program([module]) if whole_program is None
                               else whole_program):
        check_defined_calls(module, externals or {})
    return PythonEmitter(externals, homes, commons, used, flows).module(module)


def python_blocks(blocks: Blocks) -> Blocks:
    """A tree's COMMON blocks with Python-safe member names."""
    return {b: [[python_decl(d) for d in lay] for lay in layouts]
            for b, layouts in blocks.items()}


def emit_commons(blocks: Blocks, modules: list[ir.Module], title: str) -> str:
    """The module of a tree's COMMON blocks: one namespace per block, initial values included
    (DATA in BLOCK DATA), after the PARAMETERs their shapes use; a block that units lay out
    differently is one storage with a namespace of views per layout."""
    em = PythonEmitter()
    blocks = python_blocks(blocks)
    modules = [python_names(m) for m in modules]
    em.state = ModuleState(commons=blocks)
    lines: list[str] = []
    for heading, ns, members in em.state.namespaces():
        constants = [x for m in modules for x in em.constants_used(members, m)]
        lines += ["", "", *constants, f"# {heading}", f"{ns} = SimpleNamespace("]
        lines += [f"    {d.name}={em.initial_value(d)}," for d in members]
        lines.append(")")
    for block, layouts in em.state.storages():
        members = [d for lay in layouts for d in lay]
        constants = [x for m in modules for x in em.constants_used(members, m)]
        lines += ["", "", *constants, *em.storage_lines(block, layouts)]
    text = "\n".join(lines)
    imports = (["from types import SimpleNamespace"] if em.state.namespaces() else []) + (
        ["", "import numpy as np"] if re.search(r"\bnp\.", text) else []) + (
        ["", "from transpyle.runtime import storage"] if "storage" in em.imports else [])
    while imports and not imports[0]:
        imports.pop(0)
    return "\n".join([f'"""{title}"""', "", *imports, *lines[1:]]) + "\n"

