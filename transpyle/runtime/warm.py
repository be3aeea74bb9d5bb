"""Warm start: a new process loads a built @transpile entry without translating anything.

The cache's `index/` directory holds one small JSON record per (module source as built, with its
constants' values; function; argument signature; build options; Fortran compiler; processor;
NumPy, Python and transpyle versions, and transpyle's own files). A record names the cache entry
(its content key and extension name) and the binding's plan (runtime/binding.py `Plan`: array
checks, the raise sites' exception, message and argument count). A call that finds its record
loads the entry's extension, which the cache verifies as always (owner, mode, SHA-256), and binds
it from the plan: the frontends, passes and backends are never imported. Anything that does not
match exactly (an edited source, another signature, a new compiler, an edited transpyle) is a
different key; a missing, untrusted or unreadable record, or an entry that fails its check, is
a miss, and the call translates and builds as usual, then writes the record.

Records are trusted as the entries' markers are: files the user alone owns and can write, in a
directory of the user's alone; they only ever name an entry, which is then verified itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from transpyle.runtime.binding import Plan
from transpyle.runtime.cache_trust import PRIVATE_FILE, make_private_dir, untrusted_reason

INDEX = "index"  # the directory's name in the cache root (runtime/cache.py knows it)
VERSION = 1  # of the record's layout


@dataclass(frozen=True)
class Record:
    entry: str  # the cache entry's content key
    extension: str  # its extension module's name
    plan: Plan


@cache
def code_fingerprint() -> str:
    """transpyle's own files (paths, sizes, modification times): an edited pass translates
    differently, so its records are other keys. Once per process."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".c", ".j2")):
                st = os.stat(os.path.join(dirpath, name))
                h.update(f"{dirpath}/{name} {st.st_size} {st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def compiler_identity() -> str:
    """The Fortran compiler that FC or PATH names, by path, size and modification time (its
    version line would cost a process start; an upgrade changes the file)."""
    name = os.environ.get("FC", "gfortran")
    path = shutil.which(name)
    if path is None:
        return f"{name}: missing"
    real = os.path.realpath(path)
    st = os.stat(real)
    return f"{path} -> {real} {st.st_size} {st.st_mtime_ns}"


def index_key(source: str, function: str, signature: Any, options: Any) -> str:
    import numpy as np

    from transpyle import __version__
    from transpyle.runtime.cache import host_isa

    h = hashlib.sha256()
    for part in (str(VERSION), source, function, repr(signature), repr(options),
                 compiler_identity(), host_isa(), np.__version__, sys.version, __version__,
                 code_fingerprint(), os.environ.get("CC", "")):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:40]


def lookup(root: Path, key: str) -> Record | None:
    """The record for `key` in `root`'s index, if there is a trustworthy, well-formed one."""
    folder = root / INDEX
    path = folder / f"{key}.json"
    if untrusted_reason(folder, want_dir=True) is not None \
            or untrusted_reason(path, want_dir=False) is not None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("key") != key:
            return None
        return Record(str(data["entry"]), str(data["extension"]), Plan.from_json(data["plan"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record(root: Path, key: str, entry: str, extension: str, plan: Plan) -> None:
    """Write the record for `key` (atomically, 0600); a failure to write is no error."""
    folder = root / INDEX
    data = {"version": VERSION, "key": key, "entry": entry, "extension": extension,
            "plan": plan.to_json()}
    try:
        make_private_dir(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
            os.chmod(tmp, PRIVATE_FILE)
            os.replace(tmp, folder / f"{key}.json")
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        pass  # a full disk, a read-only cache: the next process translates again
