"""The build cache: one directory per content key, installed atomically, built once, trusted
only when it is the user's alone and the extension is the one built.

Key: a hash of the generated Fortran, the build flags and route, the compiler's version, the
processor's instruction sets (-march=native), and the NumPy, Python and transpyle versions.
Root: TRANSPYLE_CACHE_DIR, else the user cache dir; created 0700 with a CACHEDIR.TAG. A root or
entry that another user owns or that group/others can write is refused with a warning and the
build happens in a private root (cache_trust.py). An entry's marker records the extension's
SHA-256 and size, checked before loading (once per process); an entry that fails the check, or
whose extension does not load, is rebuilt, never loaded. An entry is built in a temporary
directory beside it and renamed into place, under the locks of cache_lock.py; a failed build's
directory is removed, its Fortran kept in `failed/` (the newest few). Objects shared by every
build live in `support/`.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import platformdirs

from transpyle.errors import TranspileError
from transpyle.runtime.build import (
    BuildOptions,
    build_extension,
    compiler_probe,
    find_gfortran,
    load_extension,
)
from transpyle.runtime.cache_lock import GATE, ROOT_LOCK, LockTimeout, building, clearing, locked
from transpyle.runtime.cache_trust import (
    CACHEDIR_TAG,
    PRIVATE_FILE,
    has_tag,
    is_intact,
    make_private_dir,
    owned_by_another,
    private_fallback,
    sha256_of,
    untrusted_reason,
    warn_once,
    write_tag,
)

MARKER = "complete"  # written last, as JSON describing the entry
SUPPORT = "support"
INDEX = "index"  # warm-start records: (source, signature, options, ...) -> entry (warm.py)
FAILED = "failed"  # the Fortran of the newest failed builds
KEEP_FAILED = 8
CLEAR_WAIT_S = 120.0  # how long `clear` waits for running builds to finish
KEY = re.compile(r"[0-9a-f]{24}")


def cache_root(override: str | os.PathLike[str] | None = None) -> Path:
    if override is not None:
        return Path(override)
    env = os.environ.get("TRANSPYLE_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("transpyle"))


def compiler_version() -> str:
    """The Fortran compiler's version line for the cache key; never raises (a missing or broken
    compiler is reported when the build needs it)."""
    try:
        version, _ = compiler_probe(find_gfortran())
    except TranspileError:
        return "unknown (no compiler)"
    return version or "unknown (not a working compiler)"


@cache
def host_isa() -> str:
    """The processor's instruction sets: -march=native code from one host may not run on another
    that shares the cache directory (a home directory on NFS, say)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            flags = next((line for line in f if line.startswith(("flags", "Features"))), "")
    except OSError:
        flags = ""
    return platform.machine() + " " + hashlib.sha256(flags.encode()).hexdigest()[:16]


def cache_key(fortran: str, options: BuildOptions) -> str:
    from transpyle import __version__

    h = hashlib.sha256()
    for part in (fortran, " ".join(options.fortran_flags()), options.backend, compiler_version(),
                 host_isa(), np.__version__, sys.version, __version__):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:24]


class State(Enum):
    OK = "ok"
    MISSING = "missing"
    DAMAGED = "damaged"  # ours, but not what was built: rebuilt
    FOREIGN = "foreign"  # another user's: refused, never touched


def _refuse(root: Path, why: str) -> Path:
    fallback = private_fallback()
    warn_once(f"transpyle: not using the cache directory {root}: {why}; building in the "
              f"private directory {fallback} instead")
    return fallback


def prepare_root(root: Path) -> Path:
    """`root` if it is writable and the user's alone, else a private root (with a warning).

    A root transpyle creates is 0700 and tagged; an existing one is tagged only if it is empty
    or holds nothing but cache items, so `clear` never adopts a folder of the user's files.
    """
    created = False
    try:
        if not root.exists():
            make_private_dir(root)
            created = True
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".probe")
        probe.close()
    except OSError:
        return _refuse(root, "it is not writable")
    why = untrusted_reason(root, want_dir=True)
    if why is not None:
        return _refuse(root, why)
    if not has_tag(root) and (created or all(_kind(p) for p in root.iterdir())):
        write_tag(root)
    return root


def _marker(entry: Path) -> dict[str, object] | None:
    try:
        info = json.loads((entry / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return info if isinstance(info, dict) else None


def _find_entry(root: Path, key: str, ext_name: str) -> tuple[State, Path | None]:
    """What the entry for `key` is; its extension's path when it can be loaded."""
    entry = root / key
    if not os.path.lexists(entry):
        return State.MISSING, None
    info = _marker(entry) if untrusted_reason(entry, want_dir=True) is None else None
    so_name = info.get("so") if info else None
    so = entry / so_name if isinstance(so_name, str) and "/" not in so_name else None
    if any(owned_by_another(p) for p in (entry, entry / MARKER, so) if p is not None):
        return State.FOREIGN, None
    if info is None or so is None or not so_name.startswith(ext_name) \
            or untrusted_reason(entry / MARKER, want_dir=False) is not None \
            or not is_intact(so, info.get("sha256"), info.get("size")):
        return State.DAMAGED, None
    return State.OK, so


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _install(tmp: Path, so: Path, key: str, ext_name: str, options: BuildOptions,
             fortran: str) -> None:
    """Make the finished build `tmp` private, record what it holds, rename it into place."""
    for scratch in tmp.iterdir():  # keep the Fortran and the extension only
        if scratch.suffix in (".o", ".c", ".mod") or "f2pywrappers" in scratch.name \
                or scratch.name == ".lock":
            scratch.unlink()
        else:
            os.chmod(scratch, 0o700 if scratch == so else PRIVATE_FILE)
    info = {"key": key, "extension": ext_name, "so": so.name, "sha256": sha256_of(so),
            "size": so.stat().st_size, "flags": list(options.fortran_flags(fortran)),
            "backend": options.backend, "created": time.time()}
    (tmp / MARKER).write_text(json.dumps(info), encoding="utf-8")
    os.chmod(tmp / MARKER, PRIVATE_FILE)
    entry = tmp.parent / key
    try:
        os.replace(tmp, entry)
    except OSError:  # an entry appeared meanwhile: keep it if it is whole, else replace it
        if _find_entry(tmp.parent, key, ext_name)[0] is not State.OK:
            _remove(entry)
            os.replace(tmp, entry)


def _keep_failed(root: Path, key: str, fortran: str) -> Path | None:
    """Put a failed build's Fortran in `failed/` (the newest KEEP_FAILED); None if it cannot."""
    folder = root / FAILED
    kept = folder / f"{key}.f90"
    try:
        make_private_dir(folder)
        kept.write_text(fortran, encoding="utf-8")
        os.chmod(kept, PRIVATE_FILE)
        old = sorted(folder.glob("*.f90"), key=lambda p: p.stat().st_mtime)[:-KEEP_FAILED]
        for p in old:
            p.unlink(missing_ok=True)
        return kept
    except OSError:  # a full disk, say: no partial file either
        kept.unlink(missing_ok=True)
        return None


def _failure(err: Exception, root: Path, key: str, src: Path, fortran: str) -> TranspileError:
    kept = _keep_failed(root, key, fortran)
    where = str(kept) if kept else src.name
    hint = f"the generated Fortran is kept at {kept}" if kept else \
        "the generated Fortran could not be kept; is the disk full?"
    if isinstance(err, TranspileError):
        return TranspileError(err.diagnostic.loc, err.message.replace(str(src), where),
                              hint=hint, code=err.diagnostic.code)
    return TranspileError(None, f"building {src.name} in the cache directory {root} failed: "
                          f"{err}", hint=hint, code="E-build")


def _build_entry(root: Path, key: str, fortran: str, ext_name: str,
                 options: BuildOptions) -> None:
    """Build into a temporary directory and rename it into place (the caller holds the locks).

    Every failure (the compiler's, a full disk's) is a TranspileError; the temporary directory
    is removed either way."""
    _remove(root / key)  # damaged, or never there
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{key}."))
    src = tmp / f"{ext_name}.f90"
    try:
        src.write_text(fortran, encoding="utf-8")
        so = build_extension(src, ext_name, tmp, options, support_dir=root / SUPPORT)
        _install(tmp, so, key, ext_name, options, fortran)
    except (TranspileError, OSError) as err:
        shutil.rmtree(tmp, ignore_errors=True)  # first: it may hold the space the record needs
        raise _failure(err, root, key, src, fortran) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_or_build(fortran: str, ext_name: str, options: BuildOptions,
                  root: Path | None = None) -> Path:
    """The path of the built, verified extension for `fortran`, building it if needed."""
    root = prepare_root(root or cache_root())
    key = cache_key(fortran, options)
    state, found = _find_entry(root, key, ext_name)
    if state is State.FOREIGN:
        root = _refuse(root / key, "another user owns it")
        state, found = _find_entry(root, key, ext_name)
    if found is not None:
        return found
    try:
        with building(root), locked(root / f"{key}.lock"):
            state, found = _find_entry(root, key, ext_name)  # another process may have built it
            if state is State.DAMAGED or state is State.MISSING:
                _build_entry(root, key, fortran, ext_name, options)
                state, found = _find_entry(root, key, ext_name)
    except OSError as err:  # the locks: a full disk, say
        raise TranspileError(None, f"cannot build in the cache directory {root}: {err}",
                             code="E-build") from None
    if found is None:
        raise TranspileError(None, f"the build of {ext_name} left no usable entry in {root} "
                             f"({state.value})", code="E-build")
    return found


def load_entry(root: Path, key: str, ext_name: str) -> ModuleType | None:
    """The extension of the verified entry `key` of `root`, or None (missing, damaged, another
    user's, or it does not load): what a warm start loads without translating."""
    if untrusted_reason(root, want_dir=True) is not None:
        return None
    state, found = _find_entry(root, key, ext_name)
    if state is not State.OK or found is None:
        return None
    try:
        return load_extension(found, ext_name)
    except (ImportError, OSError):
        return None


def load_module(fortran: str, ext_name: str, options: BuildOptions,
                root: Path | None = None) -> ModuleType:
    """The extension module for `fortran`, from the cache or freshly built.

    An entry whose extension does not load (removed by `clear` meanwhile, say) is rebuilt once.
    """
    path = load_or_build(fortran, ext_name, options, root)
    try:
        return load_extension(path, ext_name)
    except (ImportError, OSError):
        entry = path.parent
        with building(entry.parent), locked(entry.parent / f"{entry.name}.lock"):
            _remove(entry)
    path = load_or_build(fortran, ext_name, options, root)
    try:
        return load_extension(path, ext_name)
    except (ImportError, OSError) as err:
        raise TranspileError(None, f"the freshly built extension {path} does not load: {err}",
                             code="E-build") from None


def _kind(p: Path) -> str | None:
    """What cache item `p` is (None: not one of the cache's own, never to be removed)."""
    try:
        return _kind_of(p)
    except OSError:  # unreadable, or removed meanwhile
        return None


def _kind_of(p: Path) -> str | None:
    name = p.name
    if p.is_symlink():
        return None
    if p.is_dir():
        if KEY.fullmatch(name):  # what an entry holds (older versions' too), nothing else
            return "entry" if all(c.name == MARKER or c.suffix in (".f90", ".so", ".pyd")
                                  for c in p.iterdir()) else None
        if name[:1] == "." and KEY.fullmatch(name[1:25]) and name[25:26] == ".":
            return "temp"
        if name == SUPPORT and all(re.fullmatch(r"\.?(fortranobject|dispatch)[-.].*\.(o|so|json)"
                                                r"|\.lock", c.name) for c in p.iterdir()):
            return "support"  # f2py's support object, the C dispatcher (runtime/dispatch.py)
        if name == INDEX and all(re.fullmatch(r"\.?[0-9a-f]{40}(\.[^/]*)?\.json", c.name)
                                 for c in p.iterdir()):
            return "index"  # the warm-start index (runtime/warm.py)
        if name == FAILED and all(KEY.fullmatch(c.stem) and c.suffix == ".f90"
                                  for c in p.iterdir()):
            return "failed"
        return None
    if name.endswith(".lock") and KEY.fullmatch(name[:-5]):
        return "lock"
    return "meta" if name in (CACHEDIR_TAG, ROOT_LOCK, GATE) else None


@dataclass(frozen=True)
class EntryInfo:
    key: str
    extension: str
    size: int
    created: float
    complete: bool


def entries(root: Path | None = None) -> list[EntryInfo]:
    """The cache's entries, newest first; incomplete ones (a failed or running build) too."""
    root = root or cache_root()
    if not root.is_dir():
        return []
    found = []
    for d in root.iterdir():
        if _kind(d) not in ("entry", "temp"):
            continue
        info = _marker(d) or {}
        try:
            size = sum(f.stat().st_size for f in d.rglob("*") if f.is_file())
            created = info.get("created", d.stat().st_mtime)
        except OSError:  # removed meanwhile
            continue
        key = d.name[1:25] if d.name.startswith(".") else d.name
        found.append(EntryInfo(str(info.get("key", key)), str(info.get("extension", "?")), size,
                               float(created), bool(info)))  # type: ignore[arg-type]
    return sorted(found, key=lambda e: -e.created)


def clear(root: Path | None = None) -> int:
    """Remove the cache's own items (entries, temporary build directories, key locks, support
    objects, failed Fortran) and nothing else; return how many entries there were.

    A directory without transpyle's CACHEDIR.TAG is refused whole. Waits for running builds
    (the root's lock, exclusively), so none loses its files midway.
    """
    root = root or cache_root()
    if not root.exists():
        return 0
    if not has_tag(root):
        raise TranspileError(None, f"{root} is not a transpyle cache directory (it has no "
                             f"{CACHEDIR_TAG} written by transpyle); nothing was removed",
                             hint="point --cache-dir or TRANSPYLE_CACHE_DIR at the cache "
                                  "itself", code="E-cache")
    removed = 0
    try:
        with clearing(root, CLEAR_WAIT_S):
            for p in root.iterdir():
                kind = _kind(p)
                if kind is not None and kind != "meta":
                    removed += kind in ("entry", "temp")
                    _remove(p)
    except LockTimeout:
        raise TranspileError(None, f"builds were still running in {root} after "
                             f"{CLEAR_WAIT_S:.0f} s; nothing was removed",
                             hint="run it again when they finish", code="E-cache") from None
    return removed
