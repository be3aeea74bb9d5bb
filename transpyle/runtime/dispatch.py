"""The C call path of @transpile: dispatch.c, compiled once per machine and cached.

`dispatcher_base(root)` is the C type `Dispatcher` (or None where it cannot be built: no C
compiler, TRANSPYLE_DISPATCH=python). runtime/jit.py derives its callable from it; a call whose
arguments match an entry registered here (`register`) goes from the caller to the f2py entry
without running Python code: ~40 ns of dispatch instead of ~1-3 us (benchmarks/calls.py).

The extension is built like f2py's support object (build_direct.fortranobject): once per C
source, Python, NumPy and C compiler, into the cache's `support/` directory, with its SHA-256
recorded beside it and checked before it is loaded (once per process); a missing, damaged or
untrusted file is compiled again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import sysconfig
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from transpyle.runtime.build import load_extension
from transpyle.runtime.cache_trust import is_intact, make_private_dir, sha256_of, untrusted_reason

SOURCE = Path(__file__).with_name("dispatch.c")
MODULE = "transpyle_dispatch"
SUPPORT = "support"  # the cache's directory of shared objects (runtime/cache.py)
C_FLAGS = ("-O2", "-fPIC", "-shared")
# the actions of an argument (dispatch.c's A_* flags)
TRANSPOSE, AS_INT8, NEED_C, NEED_F = 1, 2, 4, 8
# scalars the C path keys by exact type (a str only while it is ASCII: the binding's check)
_KEYED = frozenset((bool, int, float, complex, str))


def artifact_name(cc: str) -> str:
    import numpy as np

    h = hashlib.sha256(SOURCE.read_bytes())
    for part in (sys.version, str(sysconfig.get_config_var("EXT_SUFFIX")), np.__version__, cc,
                 *C_FLAGS):
        h.update(part.encode() + b"\0")
    return f"dispatch-{h.hexdigest()[:16]}"


def dispatcher_base(support_dir: Path) -> type | None:
    """The C Dispatcher type, loaded from `support_dir` or compiled there (None if it cannot
    be); once loaded, the same type serves every cache root of the process."""
    if os.environ.get("TRANSPYLE_DISPATCH") == "python":
        return None
    cc = os.environ.get("CC", "cc")
    loaded = _loaded(cc)
    if not loaded:
        loaded.append(_load_or_build(support_dir, cc))
    return loaded[0]


@cache
def _loaded(cc: str) -> list[type | None]:
    """What this process loaded for `cc` (empty until the first decoration)."""
    return []


def _load_or_build(support_dir: Path, cc: str) -> type | None:
    try:
        if not support_dir.exists():
            make_private_dir(support_dir)
        if untrusted_reason(support_dir, want_dir=True) is not None:
            return None  # not the user's alone: the Python path
        name = artifact_name(cc)
        so = support_dir / f"{name}{sysconfig.get_config_var('EXT_SUFFIX')}"
        record = support_dir / f"{name}.json"
        if not is_intact(so, _recorded(record)):
            from transpyle.runtime.cache_lock import locked

            with locked(support_dir / ".lock"):
                if not is_intact(so, _recorded(record)):
                    _compile(cc, so, record)
        return load_extension(so, MODULE).Dispatcher  # type: ignore[no-any-return]
    except (OSError, ImportError):  # _compile raises a failed compiler run as OSError
        return None  # no C compiler, a full disk: the Python path, which is always there


def _compile(cc: str, so: Path, record: Path) -> None:
    import subprocess  # here, not at the top: loading a compiled dispatcher runs no program

    import numpy as np

    fd, tmp = tempfile.mkstemp(dir=so.parent, prefix=".dispatch.", suffix=".so")
    os.close(fd)
    try:
        try:
            subprocess.run([cc, *C_FLAGS, f"-I{np.get_include()}",
                            f"-I{sysconfig.get_paths()['include']}", str(SOURCE), "-o", tmp],
                           check=True, capture_output=True, timeout=120)
        except subprocess.SubprocessError as err:
            raise OSError(f"compiling the dispatcher failed: {err}") from err
        os.chmod(tmp, 0o700)
        info = json.dumps({"object": so.name, "sha256": sha256_of(Path(tmp))})
        fd, tmp_record = tempfile.mkstemp(dir=so.parent, prefix=".dispatch.", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(info)
        os.replace(tmp_record, record)
        os.replace(tmp, so)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _recorded(record: Path) -> object:
    try:
        if untrusted_reason(record, want_dir=False) is not None:
            return None
        return json.loads(record.read_text(encoding="utf-8")).get("sha256")
    except (OSError, ValueError, AttributeError):
        return None


@cache
def _numeric(np: Any) -> frozenset[type]:
    """NumPy's scalar types whose type fixes the dtype (jit.arg_signature keys them by it; a
    timedelta64's unit is in its dtype, not its type)."""
    return frozenset(t for t in np.sctypeDict.values() if issubclass(t, (np.number, np.bool_))
                     and not issubclass(t, np.timedelta64))


def register(d: Any, args: tuple[Any, ...], entry: Any, frozen: Any, small_limit: int) -> None:
    """Let the C path of `d` call `entry` for arguments like `args` (when it can: every
    argument a bool, int, float, complex, ASCII str or exact ndarray that the binding accepts
    as it is);
    and check the module constants of `frozen` by identity."""
    import numpy as np

    from transpyle.runtime.binding import raise_from_status

    numeric = _numeric(np)
    if not all(type(a) in _KEYED or type(a) is np.ndarray or type(a) in numeric for a in args):
        return  # what the C path does not key (lists, subclasses): the Python path, as before
    fn = d.fn
    code = fn.__code__
    if fn.__defaults__ and not code.co_kwonlyargcount and not code.co_flags & 0x0C:
        d._fast_defaults(fn, fn.__defaults__, code.co_argcount)  # no *args, **kwargs
    if frozen is None:
        d._fast_frozen(None, (), ())
    else:
        d._fast_frozen(frozen.namespace, tuple(n for n, _ in frozen.values),
                       tuple(v for _, v in frozen.values))
    plan = getattr(entry, "tp_plan", None)
    if plan is None or plan.results or plan.array_result or plan.returned is not None:
        # the f2py entry, the Python function, or a binding that builds a tuple, copies an
        # array out or returns an argument: called as it is (its arrays written in place
        # marked, so that the C path compares their memory with the other arrays')
        marked = _written(plan, args) if plan is not None else bytearray(len(args))
        if marked is not None:
            d._fast_add(args, bytes(marked), entry, None, None, None, None, small_limit)
        return
    actions = _written(plan, args)
    if actions is None:
        return
    for k in plan.transposed:
        actions[k] |= TRANSPOSE
    for k in plan.as_bytes:
        actions[k] |= AS_INT8
    status = entry.tp_status
    raiser = None if status is None else functools.partial(raise_from_status, status,
                                                           entry.tp_sites)
    convert = np.dtype(plan.scalar.removeprefix("np.")) if plan.scalar else \
        bool if plan.logical else None  # f2py's scalar as CPython returns it
    d._fast_add(args, bytes(actions), entry.tp_target, status, entry.tp_depth, raiser,
                convert, small_limit)


def _written(plan: Any, args: tuple[Any, ...]) -> bytearray | None:
    """The NEED_C/NEED_F actions of the arrays that `plan` writes in place (the C path compares
    their memory with the other arrays'); None where the binding refuses one of `args` (the
    Python path raises, each time)."""
    import numpy as np

    actions = bytearray(len(args))
    if len(args) != plan.nparams:
        return None
    for c in plan.checks:
        a = args[c.index]
        if type(a) is not np.ndarray or a.dtype != c.dtype or a.ndim != c.rank:
            return None
        if c.written:
            if not (a.flags.c_contiguous if c.order == "C" else a.flags.f_contiguous):
                return None
            actions[c.index] |= NEED_C if c.order == "C" else NEED_F
    return actions
