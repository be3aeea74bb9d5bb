"""The build cache: one directory per content key, installed atomically, built once.

Key: a hash of the generated Fortran, the build flags and route, the compiler's version, the
processor's instruction sets (-march=native), and the NumPy, Python and transpyle versions.
Root: TRANSPYLE_CACHE_DIR, else the user cache dir. An entry is built in a temporary directory
beside it and renamed into place; a file lock per key makes processes that start together build
once. An entry without its completion marker or extension, or whose extension fails to load, is
rebuilt. A cache root that cannot be written falls back to a per-process temporary root.
Objects shared by every build live in `support/`.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import platformdirs
from filelock import FileLock

from transpyle.runtime.build import BuildOptions, build_extension, find_gfortran, load_extension

MARKER = "complete"  # written last, as JSON describing the entry
SUPPORT = "support"


def cache_root(override: str | os.PathLike[str] | None = None) -> Path:
    if override is not None:
        return Path(override)
    env = os.environ.get("TRANSPYLE_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("transpyle"))


@cache
def compiler_version() -> str:
    out = subprocess.run([find_gfortran(), "--version"], capture_output=True, text=True)
    return out.stdout.splitlines()[0] if out.stdout else "unknown"


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


def _writable(root: Path) -> Path:
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".probe")
        probe.close()
        return root
    except OSError:
        fallback = Path(tempfile.gettempdir()) / f"transpyle-cache-{os.getuid()}"
        warnings.warn(f"transpyle: cache directory {root} is not writable; using {fallback}",
                      RuntimeWarning, stacklevel=3)
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback


def _find_extension(entry: Path, ext_name: str) -> Path | None:
    if not (entry / MARKER).exists():
        return None
    found = sorted(entry.glob(f"{ext_name}*.so")) + sorted(entry.glob(f"{ext_name}*.pyd"))
    return found[0] if found else None


def _build_entry(root: Path, key: str, fortran: str, ext_name: str,
                 options: BuildOptions) -> None:
    """Build into a temporary directory and rename it into place (the caller holds the lock)."""
    entry = root / key
    if entry.exists():  # damaged: rebuild
        shutil.rmtree(entry, ignore_errors=True)
    # a failed build keeps its directory: the error names the Fortran file in it
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{key}."))
    src = tmp / f"{ext_name}.f90"
    src.write_text(fortran)
    build_extension(src, ext_name, tmp, options, support_dir=root / SUPPORT)
    for scratch in tmp.iterdir():  # keep the Fortran and the extension only
        if scratch.suffix in (".o", ".c", ".mod") or "f2pywrappers" in scratch.name:
            scratch.unlink()
    info = {"key": key, "extension": ext_name, "flags": list(options.fortran_flags()),
            "backend": options.backend, "created": time.time()}
    (tmp / MARKER).write_text(json.dumps(info))
    os.replace(tmp, entry)


def load_or_build(fortran: str, ext_name: str, options: BuildOptions,
                  root: Path | None = None) -> Path:
    """The path of the built extension for `fortran`, building it if no entry has it."""
    root = _writable(root or cache_root())
    key = cache_key(fortran, options)
    found = _find_extension(root / key, ext_name)
    if found is not None:
        return found
    with FileLock(str(root / f"{key}.lock")):
        found = _find_extension(root / key, ext_name)  # another process may have built it
        if found is None:
            _build_entry(root, key, fortran, ext_name, options)
            found = _find_extension(root / key, ext_name)
    assert found is not None
    return found


def load_module(fortran: str, ext_name: str, options: BuildOptions,
                root: Path | None = None) -> ModuleType:
    """The extension module for `fortran`, from the cache or freshly built.

    An entry whose extension does not load (a truncated or overwritten file) is rebuilt once.
    """
    path = load_or_build(fortran, ext_name, options, root)
    try:
        return load_extension(path, ext_name)
    except (ImportError, OSError):
        entry = path.parent
        with FileLock(str(entry.parent / f"{entry.name}.lock")):
            (entry / MARKER).unlink(missing_ok=True)
        return load_extension(load_or_build(fortran, ext_name, options, root), ext_name)


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
        if not d.is_dir() or d.name == SUPPORT:
            continue
        marker = d / MARKER
        try:
            info = json.loads(marker.read_text()) if marker.exists() else {}
        except ValueError:  # a marker from before markers were JSON
            info = {}
        size = sum(f.stat().st_size for f in d.rglob("*") if f.is_file())
        found.append(EntryInfo(info.get("key", d.name.lstrip(".")), info.get("extension", "?"),
                               size, info.get("created", d.stat().st_mtime), marker.exists()))
    return sorted(found, key=lambda e: -e.created)


def clear(root: Path | None = None) -> int:
    """Remove every entry, lock and support object; return how many entries there were."""
    root = root or cache_root()
    if not root.exists():
        return 0
    removed = len(entries(root))
    for p in root.iterdir():
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    return removed
