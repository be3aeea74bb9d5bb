"""@transpile of a function that takes an mpi4py communicator (`comm: MPI.Comm`): the function
is split at its MPI calls. The loops become Fortran kernels, each one @transpile'd on its own;
the communication stays in mpi4py, in a Python driver that runs the statements that use the
communicator (or `MPI`, or an object an MPI call returned) and calls the kernels in between.

- A kernel is a maximal run of statements of one block that mention no MPI object, from its
  first loop to its last; the statements around the loops stay in the driver as they are
  (CPython runs them). A statement that uses one and holds blocks (the time-step loop, an
  `if rank == 0`) stays in the driver, and its blocks are split in turn.
- A kernel's parameters are the names it reads before it writes them (in the order Python
  evaluates) that are parameters of the function or are bound outside the kernel; it returns
  the names it binds that the driver reads, another kernel reads first, or it reads first
  itself at the next iteration of a driver loop. Arrays are passed themselves (written in
  place), so a kernel sees and leaves what the Python statements would.
- The kernels' lines are the function's own lines (each kernel is compiled from the module's
  text with the function's lines blanked out but its own), so a refusal points at the user's
  line. The driver is compiled from the function's own tree: tracebacks point there too.
- Statements a kernel cannot hold stay in the driver: `return`, `yield`, a `break`/`continue`
  of a driver loop, nested functions and classes, imports; `global`/`nonlocal` are refused.

Each kernel keeps @transpile's contract (CPython's results, bit for bit), and the driver is
CPython running the function's own statements with mpi4py, so the split function computes what
the plain Python function computes, with the same MPI calls in the same order.
"""

from __future__ import annotations

import ast
import functools
import warnings
from collections.abc import Callable, Iterator
from types import CodeType, FunctionType
from typing import Any

from transpyle.errors import SourceLoc, TranspileError
from transpyle.runtime.comm_hint import comm_params  # noqa: F401 - its home before
from transpyle.runtime.jit_source import Captured, capture

_NUMERIC_QUERIES = frozenset(("Get_rank", "Get_size", "rank", "size", "Wtime", "Wtick",
                              "PROC_NULL", "ANY_SOURCE", "ANY_TAG", "UNDEFINED", "ROOT"))
_LOOPS = (ast.For, ast.While, ast.AsyncFor)
_BLOCKS = ("body", "orelse", "finalbody")
_DRIVER_ONLY = (ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal,
                ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Import,
                ast.ImportFrom)


class SplitTranspiled:
    """What @transpile gives for a function taking a communicator: the driver, built at the
    first call, with its kernels (each a Transpiled, built at its own first call)."""

    def __init__(self, fn: Callable[..., Any], comm: tuple[str, ...],
                 make_kernel: Callable[[Callable[..., Any], Captured], Any],
                 fallback: str | None = None) -> None:
        self.fn = fn
        self.comm = comm
        self.fallback = fallback
        self.captured = capture(fn)
        self.make_kernel = make_kernel
        self.kernels: list[Any] = []
        self.kernel_names: list[tuple[str, ...]] = []  # each kernel's parameters
        self._driver: Callable[..., Any] | None = None
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        driver = self._driver
        if driver is None:
            try:
                driver = self._split()
            except TranspileError as err:
                if self.fallback != "python":
                    raise
                warnings.warn(f"@transpile: running {self.fn.__name__} in Python (fallback): "
                              f"{err.message}", RuntimeWarning, stacklevel=2)
                driver = self.fn
            self._driver = driver
        return driver(*args, **kwargs)

    def _split(self) -> Callable[..., Any]:
        fn, captured = self.fn, self.captured
        if captured is None or captured.path == "<function>":
            raise TranspileError(_loc(fn), f"the source of '{fn.__name__}' cannot be found, "
                                 "so @transpile cannot split it at its MPI calls",
                                 "define it at the top level of a .py file", code="E-source")
        tree = ast.parse(captured.text, captured.path)
        line = fn.__code__.co_firstlineno  # the first decorator's line
        found = [d for d in tree.body if isinstance(d, ast.FunctionDef) and d.name == fn.__name__
                 and min([d.lineno, *(x.lineno for x in d.decorator_list)]) <= line
                 <= (d.end_lineno or d.lineno)]
        if not found:
            raise TranspileError(_loc(fn), f"'{fn.__name__}' takes a communicator and is not a "
                                 "function at the top level of its module: it cannot be split",
                                 code="E-mpi-split")
        func = found[0]
        splitter = _Splitter(func, self.comm, _mpi_globals(fn.__globals__), captured)
        func.body = splitter.block(func.body, in_loop=False)
        splitter.interfaces()
        for k, (run, params, results) in enumerate(splitter.runs):
            text = _kernel_text(captured, func, run, params, results, k)
            self.kernels.append(self.make_kernel(_kernel_function(fn, text, func, k), text))
            self.kernel_names.append(params)
        func.decorator_list, func.returns = [], None
        for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs):
            a.annotation = None  # the hints are the kernels'; the driver evaluates none
        maker = ast.FunctionDef(name="__tp_make", args=_args(["__tp_k"]), body=[func, ast.Return(
            ast.Name(func.name, ast.Load()))], decorator_list=[], returns=None, type_comment=None)
        module = ast.Module(body=[maker], type_ignores=[])
        ast.fix_missing_locations(ast.copy_location(maker, func))
        code = compile(module, captured.path, "exec", dont_inherit=True)
        space: dict[str, Any] = {}
        exec(code, fn.__globals__, space)  # noqa: S102 - the user's own function, split
        return space["__tp_make"](self.kernels)  # type: ignore[no-any-return]


class _Splitter:
    """Replaces each kernel run of a block by a call `a, b = __tp_k[i](x, y)`."""

    def __init__(self, func: ast.FunctionDef, comm: tuple[str, ...], mpi: set[str],
                 captured: Captured) -> None:
        self.func = func
        self.mpi = set(comm) | mpi
        self.params = [a.arg for a in (*func.args.posonlyargs, *func.args.args,
                                       *func.args.kwonlyargs)]
        self.runs: list[tuple[list[ast.stmt], tuple[str, ...], tuple[str, ...]]] = []
        self.placeholders: list[ast.stmt] = []
        self.in_loop: list[bool] = []  # whether a run is inside a loop of the driver
        self.path = captured.path
        self.text = captured.text
        for node in ast.walk(func):
            if isinstance(node, ast.Global | ast.Nonlocal):
                raise self.error(node, "'global' and 'nonlocal' are not supported in a "
                                 "function split at its MPI calls")
        self._taint()

    def error(self, node: ast.AST, message: str) -> TranspileError:
        return TranspileError(SourceLoc(self.path, node.lineno, node.col_offset + 1),  # type: ignore[attr-defined]
                              message, code="E-mpi-split", source=self.text)

    def _taint(self) -> None:
        """Names bound from an MPI call (a request, a datatype, a sub-communicator) are MPI
        objects too; the rank and size (and MPI.Wtime) are numbers."""
        changed = True
        while changed:
            changed = False
            for node in ast.walk(self.func):
                targets, value = _binding(node)
                if value is None or not self._mentions(value) or self._numeric(value):
                    continue
                for t in targets:
                    for name in _stored(t):
                        if name not in self.mpi:
                            self.mpi.add(name)
                            changed = True

    def _numeric(self, value: ast.expr) -> bool:
        """Whether MPI names appear in `value` only as numbers: comm.Get_rank(), comm.size,
        MPI.Wtime(), MPI.PROC_NULL, ... (`n // comm.Get_size()` is a number)."""
        queries = set()
        for n in ast.walk(value):
            if isinstance(n, ast.Attribute) and n.attr in _NUMERIC_QUERIES and \
                    isinstance(n.value, ast.Name):
                queries.add(id(n.value))
        return all(id(n) in queries for n in ast.walk(value)
                   if isinstance(n, ast.Name) and n.id in self.mpi)

    def _mentions(self, node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in self.mpi for n in ast.walk(node))

    def _driver_only(self, stmt: ast.stmt) -> bool:
        if self._mentions(stmt):
            return True
        return any(isinstance(n, _DRIVER_ONLY) for n in ast.walk(stmt)) or _escapes(stmt)

    def block(self, stmts: list[ast.stmt], in_loop: bool) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        run: list[ast.stmt] = []
        for stmt in stmts:
            if not self._driver_only(stmt):
                run.append(stmt)
                continue
            out.extend(self._flush(run, in_loop))
            run = []
            inner = in_loop or isinstance(stmt, _LOOPS)
            for field in _BLOCKS:
                body = getattr(stmt, field, None)
                if body:
                    setattr(stmt, field, self.block(body, inner))
            for handler in getattr(stmt, "handlers", ()):
                handler.body = self.block(handler.body, inner)
            out.append(stmt)
        out.extend(self._flush(run, in_loop))
        return out

    def _flush(self, run: list[ast.stmt], in_loop: bool) -> list[ast.stmt]:
        """The run's statements from its first loop to its last as a kernel (placeholder);
        those before and after stay in the driver."""
        loops = [k for k, s in enumerate(run) if any(isinstance(n, _LOOPS) for n in ast.walk(s))]
        if not loops:
            return run  # no loop: CPython runs it in the driver
        before, after = run[:loops[0]], run[loops[-1] + 1:]
        run = run[loops[0]:loops[-1] + 1]
        first, last = run[0], run[-1]
        lines = self.text.splitlines()
        end, end_col = last.end_lineno or last.lineno, last.end_col_offset or 0
        if first.col_offset and lines[first.lineno - 1][:first.col_offset].strip() or \
                lines[end - 1][end_col:].split("#")[0].strip():
            raise self.error(first, "a statement shares its line with a statement of "
                             "another part of the split function: put it on its own line")
        placeholder = ast.Pass()
        ast.copy_location(placeholder, first)
        self.runs.append((run, (), ()))
        self.placeholders.append(placeholder)
        self.in_loop.append(in_loop)
        return [*before, placeholder, *after]

    def interfaces(self) -> None:
        """Each run's parameters and results, and its call in place of the placeholder."""
        calls: dict[int, ast.stmt] = {}
        for k, run in enumerate(self.runs):
            params, results = self._interface(k)
            self.runs[k] = (run[0], params, results)
            call: ast.expr = ast.Call(ast.Subscript(ast.Name("__tp_k", ast.Load()),
                                                    ast.Constant(k), ast.Load()),
                                      [ast.Name(p, ast.Load()) for p in params], [])
            stmt: ast.stmt
            if not results:
                stmt = ast.Expr(call)
            else:
                target: ast.expr = ast.Name(results[0], ast.Store()) if len(results) == 1 \
                    else ast.Tuple([ast.Name(r, ast.Store()) for r in results], ast.Store())
                stmt = ast.Assign([target], call)
            ast.fix_missing_locations(ast.copy_location(stmt, self.placeholders[k]))
            calls[id(self.placeholders[k])] = stmt
        _Replace(calls).visit(self.func)

    def _interface(self, k: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Parameters: the names the run reads first that are bound outside it; results: the
        names it binds that the driver reads, another run reads first, or (in a loop of the
        driver) it reads first itself at the next iteration."""
        runs = [r for r, _, _ in self.runs]
        inside = {id(n) for s in runs[k] for n in ast.walk(s)}
        in_runs = {id(n) for run in runs for s in run for n in ast.walk(s)}
        loads, stores = set(), set(self.params)
        for node in ast.walk(self.func):
            if isinstance(node, ast.Name) and id(node) not in inside:
                if not isinstance(node.ctx, ast.Load):
                    stores.add(node.id)
                elif id(node) not in in_runs:
                    loads.add(node.id)
        for j, run in enumerate(runs):
            if j != k:
                loads |= {n for n, load in _first_uses(run).items() if load}
        first = _first_uses(runs[k])
        stored = [n for n, load in _uses(runs[k]) if not load]
        params = tuple(n for n, load in first.items() if load and n in stores)
        carried = set(params) if self.in_loop[k] else set()  # read at the next iteration
        results = tuple(dict.fromkeys(n for n in stored if n in loads or n in carried))
        return params, results


class _Replace(ast.NodeTransformer):
    def __init__(self, calls: dict[int, ast.stmt]) -> None:
        self.calls = calls

    def generic_visit(self, node: ast.AST) -> ast.AST:
        return self.calls.get(id(node)) or super().generic_visit(node)


def _first_uses(run: list[ast.stmt]) -> dict[str, bool]:
    """Each name of `run` and whether its first use (in the order Python evaluates) reads."""
    first: dict[str, bool] = {}
    for name, load in _uses(run):
        first.setdefault(name, load)
    return first


def _kernel_text(captured: Captured, func: ast.FunctionDef, run: list[ast.stmt],
                 params: tuple[str, ...], results: tuple[str, ...], k: int) -> Captured:
    """The module's text with the split function's lines blank but the run's, a `def` on the
    line above it and its `return` on the line below: its statements keep their lines."""
    lines = captured.text.splitlines()
    start = min([func.lineno, *(d.lineno for d in func.decorator_list)]) - 1
    end = func.end_lineno or func.lineno
    first, last = run[0].lineno - 1, (run[-1].end_lineno or run[-1].lineno) - 1
    for i in range(start, end):
        if not first <= i <= last:
            lines[i] = ""
    lines[first - 1] = f"def {_kernel_name(func, k)}({', '.join(_hinted(func, params))}):"
    indent = " " * run[0].col_offset
    ret = f"{indent}return {', '.join(results)}" if results else ""
    if last + 1 < end or last + 1 < len(lines) and not lines[last + 1].strip():
        lines[last + 1] = ret
    else:
        lines.insert(last + 1, ret)
    return Captured("\n".join(lines) + "\n", captured.path)


def _kernel_function(fn: Callable[..., Any], text: Captured, func: ast.FunctionDef,
                     k: int) -> Callable[..., Any]:
    """The kernel as Python compiles it in its module's text (which names are imported
    modules changes the bytecode: jit_source compares it)."""
    name = _kernel_name(func, k)
    module = compile(ast.parse(text.text, text.path), text.path, "exec", dont_inherit=True)
    code = next(c for c in module.co_consts if isinstance(c, CodeType) and c.co_name == name)
    kernel = FunctionType(code, fn.__globals__, name)
    kernel.__module__ = fn.__module__
    return kernel


def _kernel_name(func: ast.FunctionDef, k: int) -> str:
    return f"{func.name}_k{k + 1}"


def _hinted(func: ast.FunctionDef, params: tuple[str, ...]) -> Iterator[str]:
    """A kernel's parameters, with the function's hint where the name is its parameter."""
    hints = {a.arg: a.annotation for a in (*func.args.posonlyargs, *func.args.args,
                                           *func.args.kwonlyargs) if a.annotation is not None}
    for p in params:
        yield f"{p}: {ast.unparse(hints[p])}" if p in hints else p


def _args(names: list[str]) -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[ast.arg(n) for n in names], vararg=None,
                         kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])


def _mpi_globals(space: dict[str, Any]) -> set[str]:
    """Module globals bound to mpi4py or to one of its objects (`MPI`, `COMM = MPI.COMM_WORLD`)."""
    found = set()
    for name, value in space.items():
        where = getattr(value, "__name__", "") if type(value).__name__ == "module" else \
            type(value).__module__ or ""
        if where == "mpi4py" or where.startswith("mpi4py."):
            found.add(name)
    return found


def _binding(node: ast.AST) -> tuple[list[ast.expr], ast.expr | None]:
    if isinstance(node, ast.Assign):
        return node.targets, node.value
    if isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
        return [node.target], node.value
    if isinstance(node, ast.For):
        return [node.target], node.iter
    if isinstance(node, ast.withitem) and node.optional_vars is not None:
        return [node.optional_vars], node.context_expr
    return [], None




def _stored(target: ast.expr) -> Iterator[str]:
    for n in ast.walk(target):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            yield n.id


def _escapes(stmt: ast.stmt) -> bool:
    """Whether `stmt` holds a break or continue of a loop around it."""
    def walk(node: ast.AST, depth: int) -> bool:
        if isinstance(node, ast.Break | ast.Continue):
            return depth == 0
        for field, value in ast.iter_fields(node):
            deeper = depth + (1 if isinstance(node, _LOOPS) and field == "body" else 0)
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST) and walk(child, deeper):
                    return True
        return False
    return walk(stmt, 0)


def _uses(nodes: list[ast.stmt] | list[ast.expr]) -> Iterator[tuple[str, bool]]:
    """The names of `nodes` in the order Python evaluates them: (name, is_read)."""
    for node in nodes:
        yield from _use(node)


def _use(node: ast.AST) -> Iterator[tuple[str, bool]]:
    if isinstance(node, ast.Name):
        yield node.id, isinstance(node.ctx, ast.Load)
    elif isinstance(node, ast.Assign):
        yield from _use(node.value)
        yield from _uses(node.targets)
    elif isinstance(node, ast.AugAssign):
        if isinstance(node.target, ast.Name):
            yield node.target.id, True
        yield from _use(node.value)
        yield from _use(node.target)
    elif isinstance(node, ast.AnnAssign):
        if node.value is not None:
            yield from _use(node.value)
        yield from _use(node.target)
    elif isinstance(node, ast.For):
        yield from _use(node.iter)
        yield from _use(node.target)
        yield from _uses(node.body)
        yield from _uses(node.orelse)
    elif isinstance(node, ast.NamedExpr):
        yield from _use(node.value)
        yield from _use(node.target)
    elif isinstance(node, ast.comprehension):
        yield from _use(node.iter)
        yield from _use(node.target)
        yield from _uses(node.ifs)
    elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
        yield from _uses(node.generators)  # type: ignore[arg-type]
        for field in ("key", "value", "elt"):
            if hasattr(node, field):
                yield from _use(getattr(node, field))
    else:
        for child in ast.iter_child_nodes(node):
            yield from _use(child)


def _loc(fn: Callable[..., Any]) -> SourceLoc:
    return SourceLoc(fn.__code__.co_filename, fn.__code__.co_firstlineno, 1)
