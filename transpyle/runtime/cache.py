"""The build cache: one directory per content key, installed atomically, built once.

Key: a hash of the generated Fortran, the build flags, the compiler's version, and the NumPy,
Python and transpyle versions. Root: TRANSPYLE_CACHE_DIR, else the user cache dir. An entry is
built in a temporary directory beside it and renamed into place; a file lock per key makes
processes that start together build once. An entry without its completion marker or extension
is rebuilt. A cache root that cannot be written falls back to a per-process temporary root.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from functools import cache
from pathlib import Path

import numpy as np
import platformdirs
from filelock import FileLock

from transpyle.runtime.build import BuildOptions, build_extension, find_gfortran

MARKER = "complete"


def cache_root(override: str | os.PathLike[str] | None = None) -> Path:
    if override is not None:
        return Path(override)
    env = os.environ.get("TRANSPYLE_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("transpyle"))


@cache
def compiler_version() -> str:
    out = subprocess.run([find_gfortran(), "--version"], capture_output=True, text=True)
    return out.stdout.splitlines()[0] if out.stdout else "unknown"


def cache_key(fortran: str, options: BuildOptions) -> str:
    from transpyle import __version__

    h = hashlib.sha256()
    for part in (fortran, " ".join(options.fortran_flags()), compiler_version(), np.__version__,
                 sys.version, __version__):
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


def load_or_build(fortran: str, ext_name: str, options: BuildOptions,
                  root: Path | None = None) -> Path:
    """The path of the built extension for `fortran`, building it if no entry has it."""
    root = _writable(root or cache_root())
    key = cache_key(fortran, options)
    entry = root / key
    found = _find_extension(entry, ext_name)
    if found is not None:
        return found
    with FileLock(str(root / f"{key}.lock")):
        found = _find_extension(entry, ext_name)  # another process may have built it
        if found is not None:
            return found
        if entry.exists():  # damaged: rebuild
            shutil.rmtree(entry, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{key}."))
        try:
            src = tmp / f"{ext_name}.f90"
            src.write_text(fortran)
            build_extension(src, ext_name, tmp, options)
            (tmp / MARKER).write_text(key)
            os.replace(tmp, entry)
        except BaseException:
            # a failed build keeps its directory: the error names the Fortran file in it
            raise
    found = _find_extension(entry, ext_name)
    assert found is not None
    return found


def clear(root: Path | None = None) -> int:
    root = root or cache_root()
    if not root.exists():
        return 0
    entries = [p for p in root.iterdir()]
    for p in entries:
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    return len(entries)
