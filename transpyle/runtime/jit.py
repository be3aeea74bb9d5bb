"""@transpile: lazy translation to Fortran at the first call, dispatched by signature.

The first call with a new signature (for each argument: dtype, rank and memory order of an
array, type of a scalar) translates the function and the module functions it calls, builds or
loads the extension from the cache, and stores a bound entry point; later calls look the
signature up in a dict. Hints fix the types they name; missing hints are taken from the call.
The signature also holds the extent of an array's contiguous axis when it is small (up to
SMALL_EXTENT: the 3 of n x 3 coordinates): that extent is then a compile-time constant of the
Fortran (passes/constant_extents.py), which lets gfortran vectorise across it.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from transpyle.errors import TranspileError
from transpyle.runtime.build import BuildOptions
from transpyle.runtime.jit_source import Frozen, capture
from transpyle.runtime.overlap import SharedArguments

if TYPE_CHECKING:
    from transpyle.ir import nodes as ir
    from transpyle.ir.types import Type

Signature = tuple[Any, ...]


_SCALARS = frozenset((bool, int, float, complex))
OVERFLOW_MODES = ("wrap", "raise")  # passes/checked's (equal: tests/runtime/test_dispatch_*)
FORTRAN_MODULE = "transpyle_jit"  # a name no user parameter is likely to take
SMALL_EXTENT = 4  # contiguous extents up to this are compile-time constants (xyz, RGBA)


def arg_signature(a: Any) -> Any:
    """What selects a specialisation: for an array its dtype, rank, whether it is F-ordered,
    and the extent of its contiguous axis if that is small; else the argument's type."""
    t = type(a)
    if t in _SCALARS:
        return t
    np = sys.modules.get("numpy")  # not imported: `a` is no NumPy object
    if np is None:
        return t
    if t is np.ndarray or isinstance(a, np.ndarray):
        fnc = a.flags.fnc  # F-contiguous and not C-contiguous
        shape = a.shape  # the contiguous extent if small (passes/constant_extents.small_extent)
        n = (shape[0] if fnc else shape[-1]) if len(shape) >= 2 else 0
        return (a.dtype, a.ndim, fnc, n if 0 < n <= SMALL_EXTENT else 0)
    if isinstance(a, np.generic):
        return a.dtype
    return t


def arg_type(a: Any) -> Type:
    import numpy as np

    from transpyle.ir.types import (
        BOOL,
        COMPLEX128,
        FLOAT64,
        INT64,
        NUMPY_DTYPES,
        Array,
        Character,
    )

    if isinstance(a, np.ndarray | np.generic):
        name = "bool" if a.dtype == np.bool_ else a.dtype.name
        if name not in NUMPY_DTYPES:
            raise TypeError(f"arrays of {a.dtype} are not supported by @transpile")
        elem = NUMPY_DTYPES[name]
        if isinstance(a, np.generic):
            return elem
        order = "F" if a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous else "C"
        return Array(elem, a.ndim, order)  # type: ignore[arg-type]
    for py, t in ((bool, BOOL), (int, INT64), (float, FLOAT64), (complex, COMPLEX128)):
        if isinstance(a, py):
            return t
    if isinstance(a, str):
        return Character(None)  # passed as CHARACTER(*); ASCII only (runtime/binding.py)
    raise TypeError(f"@transpile cannot pass a {type(a).__name__}")


class Transpiled:
    def __init__(self, fn: Callable[..., Any], options: BuildOptions,
                 cache_dir: str | None, fallback: str | None) -> None:
        self.fn = fn
        self.options = options
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.fallback = fallback
        self.entries: dict[Signature, Callable[..., Any]] = {}
        self.captured = capture(fn)  # the source as imported (jit_source.py)
        self.frozen: Frozen | None = None  # the module constants the builds read
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The Python path: every call where the C dispatcher is not built."""
        if kwargs or len(args) != self.fn.__code__.co_argcount:
            args = _positional(self.fn, args, kwargs)  # keywords and defaults, as CPython binds
        frozen = self.frozen
        if frozen is not None:  # the module constants the builds read, by identity
            namespace = frozen.namespace
            for name, value in frozen.values:
                if namespace.get(name) is not value:
                    self._check_frozen(frozen)
                    break
        return self._run(self._entry(args), args)

    def _entry(self, args: tuple[Any, ...]) -> Callable[..., Any]:
        """The specialisation for positional `args`, built at its first call."""
        sig = tuple(map(arg_signature, args))
        entry = self.entries.get(sig)
        return entry if entry is not None else self.specialise(sig, args)

    def _slow_call(self, *args: Any, **kwargs: Any) -> Any:
        """A miss of the C dispatcher (runtime/dispatch.c): the Python path, then the entry
        registered with the dispatcher for (positional) arguments like these."""
        if kwargs or len(args) != self.fn.__code__.co_argcount:
            args = _positional(self.fn, args, kwargs)
        if self.frozen is not None:
            self._check_frozen(self.frozen)
        entry = self._entry(args)
        if not kwargs:  # the C path takes positional calls (trailing defaults filled in)
            self._fast_register(args, entry)
        return self._run(entry, args)

    def _run(self, entry: Callable[..., Any], args: tuple[Any, ...],
             python_args: tuple[Any, ...] | None = None) -> Any:
        """`entry(*args)`; a call whose arguments overlap where compiled code writes one of
        them (runtime/overlap.py) runs in Python instead (on `python_args`, the caller's
        arguments where `args` are the entry's), as CPython runs it."""
        try:
            return entry(*args)
        except SharedArguments as why:
            warnings.warn(f"@transpile: {why}; compiled code assumes that they do not "
                          "(Fortran's rule for arguments), so this call runs in Python",
                          RuntimeWarning, stacklevel=3)
            return self.fn(*(args if python_args is None else python_args))

    def _check_frozen(self, frozen: Frozen) -> None:
        if frozen.stale():
            self.entries.clear()  # a constant was rebound: build again
            self._fast_clear()

    def _fast_clear(self) -> None:
        """Drop the C dispatcher's entries (none without it)."""

    def _fast_register(self, args: tuple[Any, ...], entry: Callable[..., Any]) -> None:
        """Give the C dispatcher `entry` for arguments like `args` (nothing without it)."""

    def _unit(self) -> list[Any]:
        """The module as imported, its constants at their values now, and the modules whose
        functions it imports (jit_unit.py)."""
        from transpyle.runtime.jit_unit import unit_parts

        parts, self.frozen = unit_parts(self.fn, self.captured)
        return parts

    def specialise(self, sig: Signature, args: tuple[Any, ...]) -> Callable[..., Any]:
        try:
            entry = self._build(args, sig)
        # every build and load failure falls back; a TypeError about the arguments never does
        except (TranspileError, OSError, ImportError) as err:
            if self.fallback != "python":
                raise
            why = (err.message if isinstance(err, TranspileError) else str(err)).splitlines()
            warnings.warn(f"@transpile: running {self.fn.__name__} in Python (fallback): "
                          f"{why[0] if why else type(err).__name__}", RuntimeWarning,
                          stacklevel=3)
            entry = self.fn
        self.entries[sig] = entry
        return entry

    def _build(self, args: tuple[Any, ...], sig: Signature | None = None) -> Callable[..., Any]:
        """The entry for `args`: from the warm-start index (runtime/warm.py) where it has
        one, loading the built extension without translating; else translated and built."""
        from transpyle.runtime import warm
        from transpyle.runtime.binding import bind_plan
        from transpyle.runtime.cache import cache_root, load_entry, prepare_root
        from transpyle.runtime.jit_unit import key_text

        parts = self._unit()
        root = prepare_root(self.cache_dir or cache_root())
        key = warm.index_key(key_text(parts), self.fn.__name__, sig or tuple(map(arg_signature, args)),
                             self.options)
        found = warm.lookup(root, key)
        ext = load_entry(root, found.entry, found.extension) if found else None
        if found is not None and ext is not None:
            return bind_plan(ext, FORTRAN_MODULE, found.plan)
        entry_key, ext_name, plan, ext = self._translate_and_build(parts, args)
        warm.record(root, key, entry_key, ext_name, plan)
        return bind_plan(ext, FORTRAN_MODULE, plan)

    def _translate_and_build(self, parts: list[Any],
                             args: tuple[Any, ...]) -> tuple[str, str, Any, ModuleType]:
        """Translate, build (or find in the cache) and load: (entry key, extension name,
        binding plan, extension)."""
        from transpyle import passes
        from transpyle.backends.fortran import emit_fortran
        from transpyle.frontends.python import parse_python
        from transpyle.ir import nodes as ir
        from transpyle.ir.types import Array
        from transpyle.passes.array_results import add_entry, returned_parameter
        from transpyle.passes.callgraph import callees
        from transpyle.passes.constant_extents import (
            constant_extents,
            contiguous_extent_names,
            small_extent,
        )
        from transpyle.passes.numpy_params import numpy_params
        from transpyle.passes.raises import reachable_sites
        from transpyle.runtime.binding import plan_of
        from transpyle.runtime.cache import cache_key
        from transpyle.runtime.jit_unit import left_to_python, linked_defs, merge, owner

        name = self.fn.__name__
        wanted: dict[int, set[str]] = {0: {name}}
        exits: dict[str, tuple[str, str]] = {}  # functions left to Python (jit_unit.py)
        while True:  # the function and, transitively, the functions it calls, of each module
            modules, grew = [], False
            for k, part in enumerate(parts):
                defs = part.defs
                linked = linked_defs(parts, part, exits)
                try:
                    module = parse_python(part.text, part.path, only=wanted.get(k, set()),
                                          module_name=FORTRAN_MODULE, linked=linked,
                                          exits=exits)
                except TranspileError as err:
                    exit_ = left_to_python(part, err, name if k == 0 else None)
                    if exit_ is None:
                        raise
                    wanted[k].discard(exit_)
                    exits[exit_] = (part.namespace.get("__name__", ""), exit_)
                    grew = True
                    break
                modules.append(module)
                for c in set().union(*(callees(f) for f in module.functions().values())):
                    at = k if c in defs else parts.index(owner(parts, part, c)) \
                        if c in linked else None
                    if at is not None and c not in wanted.setdefault(at, set()):
                        wanted[at].add(c)
                        grew = True
            if not grew:
                break
        module = merge(modules, FORTRAN_MODULE)
        f = module.functions()[name]
        if len(args) != len(f.params):
            raise TypeError(f"{name}() takes {len(f.params)} arguments ({len(args)} given)")
        params = tuple(_param_from_call(p, a, name)
                       for p, a in zip(f.params, args, strict=True))
        import numpy as np  # the arguments are NumPy's or Python's objects

        numpy_args = tuple(p.name for p, a in zip(params, args, strict=True)
                           if isinstance(a, np.generic))  # NumPy's rules apply to them
        f = dataclasses.replace(f, params=params, numpy_args=numpy_args)
        bare = returned_parameter(f)  # `return out`: the caller's array is returned itself
        if bare is not None:
            f, returned = bare
        body = tuple(f if isinstance(x, ir.FunctionDef) and x.name == name else x
                     for x in module.body)
        typed = passes.typed(dataclasses.replace(module, body=body))
        laid_out = passes.for_fortran(typed, overflow=self.options.overflow,
                                      boundscheck=self.options.boundscheck,
                                      fastmath=self.options.fastmath)
        symbol = _fortran_name(f, laid_out)  # `def do` is do_1 in Fortran
        # the extent the signature keys on, where the declared order is the array's own
        small = {p.name: small_extent(a.shape, a.flags.fnc, SMALL_EXTENT)
                 for p, a in zip(params, args, strict=True) if isinstance(p.type, Array)
                 and (p.type.order == "F") == bool(a.flags.fnc)}
        names = contiguous_extent_names(typed.functions()[name])
        laid_out = constant_extents(laid_out, symbol, {names[p]: n for p, n in small.items() if n})
        entry, arrays = symbol, []
        typed_f = typed.functions()[name]
        if isinstance(typed_f.returns, Array) or any(isinstance(r.type, Array)
                                                       for r in typed_f.results):
            laid_out, entry, arrays = add_entry(laid_out, symbol)  # passes/array_results.py
        fortran = emit_fortran(laid_out)
        entry_key = cache_key(fortran, self.options)
        ext_name = f"tp_{name}_{entry_key[:12]}"
        ext = load_module(fortran, ext_name, self.options, self.cache_dir)
        # the calls marked with what their callees return (np.float64 from f(a[0])), as the
        # Fortran's result flags were decided (passes/numpy_params.py)
        marked = numpy_params(typed, self.options.overflow, self.options.fastmath)
        plan = plan_of(marked.functions()[name], reachable_sites(laid_out, symbol), entry,
                       variables=arrays,
                       returned=None if bare is None else returned)
        return entry_key, ext_name, plan, ext


def _positional(fn: Callable[..., Any], args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The call's arguments as `fn`'s parameters in order, defaults filled in; CPython's own
    TypeError where the call does not fit (frontends/python/args.binder)."""
    from transpyle.frontends.python.args import binder

    return _binder(fn, binder)(*args, **kwargs)


@functools.lru_cache(maxsize=256)
def _binder(fn: Callable[..., Any], make: Callable[..., Any]) -> Callable[..., Any]:
    return make(fn)  # type: ignore[no-any-return]


def load_module(fortran: str, ext_name: str, options: BuildOptions,
                root: Path | None = None) -> ModuleType:
    """The cache's load_module (runtime/cache.py), imported at the first build."""
    from transpyle.runtime import cache

    return cache.load_module(fortran, ext_name, options, root)


def _fortran_name(f: ir.FunctionDef, laid_out: ir.Module) -> str:
    """The name the fortran_names pass gave `f` (`def do`, or `def F` beside `def f`)."""
    from transpyle.ir import nodes as ir

    return next((g.name for g in laid_out.body if isinstance(g, ir.FunctionDef)
                 and g.loc == f.loc), f.name)


def _param_from_call(p: ir.VarDecl, a: Any, func: str) -> ir.VarDecl:
    """The hint where it is complete; what the call passes where it is not.

    A hinted parameter takes what converts to its type without loss (an int for a float, a
    float32 array for a float32 hint); anything else is a TypeError naming the argument.
    """
    from transpyle.ir.types import NUMERIC_RANK, Array, Character

    given = arg_type(a)
    if p.type is None:
        return dataclasses.replace(p, type=given)
    if type(p.type).__name__ == "Choice":  # a union hint: the call's argument picks
        return _member_from_call(p, a, func)
    if isinstance(p.type, Array) != isinstance(given, Array) or \
            isinstance(p.type, Character) != isinstance(given, Character):
        raise TypeError(f"{func}(): argument '{p.name}' must be {_describe(p.type)}, "
                        f"not {_describe(given)}")
    if isinstance(p.type, Character):
        return p
    if isinstance(p.type, Array) and isinstance(given, Array):
        if p.type.elem != given.elem or p.type.rank not in (None, given.rank):
            raise TypeError(f"{func}(): argument '{p.name}' must be {_describe(p.type)}, "
                            f"not {_describe(given)}")
        if p.type.rank is None:
            return dataclasses.replace(p, type=dataclasses.replace(
                p.type, rank=given.rank, order=given.order))
        return p
    if NUMERIC_RANK.get(type(given), 9) > NUMERIC_RANK.get(type(p.type), -1):
        raise TypeError(f"{func}(): argument '{p.name}' must be {_describe(p.type)}, "
                        f"not {_describe(given)} (the conversion would lose information)")
    if type(a).__module__ == "numpy" and given != p.type:
        # a NumPy scalar keeps its type in CPython (np.float32(2) * 0.1 is float32): so here
        return dataclasses.replace(p, type=given)
    return p


def _member_from_call(p: ir.VarDecl, a: Any, func: str) -> ir.VarDecl:
    """The union member the argument is (int for an int), else the first that takes it
    without loss (float for an int in 'float|complex'): one specialisation per member."""
    given = arg_type(a)
    members = p.type.members  # type: ignore[union-attr]
    fits = []
    for m in members:
        try:
            fits.append(_param_from_call(dataclasses.replace(p, type=m), a, func))
        except TypeError:
            continue
    exact = [q for q in fits if q.type == given or (
        isinstance(q.type, type(given)) and getattr(q.type, "elem", None)
        == getattr(given, "elem", 0))]
    if exact or fits:
        return (exact or fits)[0]
    raise TypeError(f"{func}(): argument '{p.name}' must be "
                    f"{' or '.join(_describe(m) for m in members)}, not {_describe(given)}")


def _describe(t: Type) -> str:
    from transpyle.ir.types import Array, Character, numpy_name

    if isinstance(t, Array):
        rank = f"{t.rank}-d " if t.rank else ""
        return f"a {rank}{numpy_name(t.elem)} array"
    return "a str" if isinstance(t, Character) else str(t)


def transpile(fn: Callable[..., Any] | None = None, *, to: str = "fortran",
              fastmath: bool = False, openmp: bool = False, flags: tuple[str, ...] = (),
              cache_dir: str | None = None, fallback: str | None = None,
              backend: str | None = None, overflow: str | None = None,
              boundscheck: bool | None = None) -> Any:
    """Compile `fn` through Fortran at its first call: `@transpile` or `@transpile(...)`.

    fastmath: allow FMA contraction and -ffast-math (results may differ from CPython's).
    openmp: build with -fopenmp, so `# omp ...` comments in the function become directives.
    flags: extra gfortran flags. cache_dir: overrides TRANSPYLE_CACHE_DIR and the user cache.
    fallback="python": if translation or the build fails, warn and run the Python function.
    backend: "direct" (default on Linux), "meson" or "distutils" (f2py's own build routes).
    overflow: "wrap" (default; env TRANSPYLE_OVERFLOW) integers wrap at 64 bits, "raise": integer
    + - * ** -x abs raise OverflowError where the result does not fit in 64 bits.
    boundscheck: element indices out of range raise IndexError (default: env
    TRANSPYLE_BOUNDSCHECK=1, else unchecked); negative indices wrap as in Python either way.
    """
    if to != "fortran":
        raise ValueError(f"@transpile supports to='fortran', not {to!r}")
    if fallback not in (None, "python"):
        raise ValueError(f"fallback must be None or 'python', not {fallback!r}")
    overflow = overflow or os.environ.get("TRANSPYLE_OVERFLOW") or "wrap"
    if overflow not in OVERFLOW_MODES:
        raise ValueError(f"overflow must be one of {OVERFLOW_MODES}, not {overflow!r}")
    if boundscheck is None:
        boundscheck = os.environ.get("TRANSPYLE_BOUNDSCHECK") == "1"
    options = BuildOptions(fastmath=fastmath, openmp=openmp, extra_flags=tuple(flags),
                           overflow=overflow, boundscheck=bool(boundscheck),
                           **({"backend": backend} if backend else {}))
    if fn is None:
        return lambda f: _transpiled(f, options, cache_dir, fallback)
    return _transpiled(fn, options, cache_dir, fallback)


def _transpiled(fn: Callable[..., Any], options: BuildOptions, cache_dir: str | None,
                fallback: str | None) -> Any:
    """A Transpiled whose calls the C dispatcher takes where it can be built (dispatch.py);
    for a function taking an mpi4py communicator, its split at the MPI calls (mpi_split.py).
    Under Numba's `@njit` (applied first), the Python function it holds is the one translated:
    what CPython runs, as the frontend reads the decorator."""
    from transpyle.runtime.comm_hint import comm_params

    fn = getattr(fn, "py_func", fn)  # numba's Dispatcher

    comm = comm_params(fn)
    if comm:
        from transpyle.runtime import mpi_split

        def kernel(k: Callable[..., Any], text: Any) -> Transpiled:
            t = _transpiled(k, options, cache_dir, fallback)
            t.captured = text  # the module's text with the kernel's lines only
            return t  # type: ignore[no-any-return]

        return mpi_split.SplitTranspiled(fn, comm, kernel, fallback)
    from transpyle.runtime.cache import cache_root, prepare_root
    from transpyle.runtime.dispatch import SUPPORT, dispatcher_base

    if any(v is None for v in (*(fn.__defaults__ or ()), *(fn.__kwdefaults__ or {}).values())):
        # `x: int = None`: the value and a flag (frontends/python/optional.py); the frontend
        # is imported only for such a function, so that a warm start loads no compiler
        from transpyle.frontends.python.optional import expand

        expander = expand(fn)
        if expander is not None:
            return _Optional(fn, options, cache_dir, fallback, expander)

    base = dispatcher_base(prepare_root(Path(cache_dir) if cache_dir else cache_root())
                           / SUPPORT)
    cls = Transpiled if base is None else _dispatched(base)
    return cls(fn, options, cache_dir, fallback)


class _Optional(Transpiled):
    """A function with optional parameters: each None or value passed as the pair the
    frontend made of it (frontends/python/optional.py); the Python path only."""

    def __init__(self, fn: Callable[..., Any], options: BuildOptions, cache_dir: str | None,
                 fallback: str | None, expander: Callable[[tuple[Any, ...]], tuple[Any, ...]]
                 ) -> None:
        super().__init__(fn, options, cache_dir, fallback)
        self.expander = expander

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs or len(args) != self.fn.__code__.co_argcount:
            args = _positional(self.fn, args, kwargs)
        if self.frozen is not None:
            self._check_frozen(self.frozen)
        pairs = self.expander(args)
        entry = self._entry(pairs)
        return self.fn(*args) if entry is self.fn else self._run(entry, pairs, args)


@functools.cache
def _dispatched(base: type) -> type[Transpiled]:
    """Transpiled on the C Dispatcher type: its tp_call is the C path, misses `_slow_call`."""
    from transpyle.runtime.dispatch import register

    def _fast_register(self: Any, args: tuple[Any, ...], entry: Callable[..., Any]) -> None:
        register(self, args, entry, self.frozen, SMALL_EXTENT)

    return type("Transpiled", (base, Transpiled), {"_fast_register": _fast_register,
                                                   "__module__": __name__})
