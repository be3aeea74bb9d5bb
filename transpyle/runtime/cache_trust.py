"""Whether a cache directory or file is the user's alone, and whether a file is what was built.

A cache root, entry or support object is trusted only if the current user owns it and neither
group nor others can write it (pip disables a cache directory it does not own in the same
spirit): a directory another local user can write lets that user plant an extension whose init
code runs in this user's process. Directories transpyle creates are 0700 whatever the umask.
A built file is also checked against the SHA-256 recorded when it was built (CPython checks a
.pyc against its source the same way); the digest is memoised per process by path, inode,
mtime and size, so an entry is hashed once per process.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import stat
import tempfile
import warnings
from functools import cache, lru_cache
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
# the standard cache-directory tag (https://bford.info/cachedir/), as cargo and others write it
CACHEDIR_TAG = "CACHEDIR.TAG"
TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
TAG_TEXT = (f"{TAG_SIGNATURE}\n# This file is a cache directory tag created by transpyle.\n"
            "# `transpyle cache clear` removes only the build entries it recognises here.\n")


def untrusted_reason(path: Path, want_dir: bool) -> str | None:
    """Why `path` cannot be trusted (None if it can): not ours, writable by others, a link."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "it does not exist"
    except OSError as err:
        return f"it cannot be examined ({err.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if want_dir != stat.S_ISDIR(st.st_mode) or not (want_dir or stat.S_ISREG(st.st_mode)):
        return "it is not a directory" if want_dir else "it is not a regular file"
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return f"it is owned by uid {st.st_uid}, not by this user (uid {os.getuid()})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"group or others can write it (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def owned_by_another(path: Path) -> bool:
    """True if `path` exists and belongs to another user: not damage to repair, a refusal."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return hasattr(os, "getuid") and st.st_uid != os.getuid()


def make_private_dir(path: Path) -> None:
    """Create `path` (and its parents) if missing; the directory itself ends up 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR)  # mkdir's mode is masked by the umask; chmod is not


def has_tag(root: Path) -> bool:
    try:
        return (root / CACHEDIR_TAG).read_text(encoding="utf-8").startswith(TAG_SIGNATURE)
    except (OSError, UnicodeDecodeError):
        return False


def write_tag(root: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".tag.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(TAG_TEXT)
        os.replace(tmp, root / CACHEDIR_TAG)
    finally:
        Path(tmp).unlink(missing_ok=True)


@lru_cache(maxsize=1024)
def _digest(path: str, ino: int, mtime_ns: int, size: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_of(path: Path) -> str:
    """The file's SHA-256, computed once per process for one version (inode, mtime, size)."""
    st = os.stat(path)
    return _digest(str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def is_intact(path: Path, sha256: object, size: object = None) -> bool:
    """True if `path` is a trusted regular file whose size and digest are the recorded ones."""
    if not isinstance(sha256, str) or untrusted_reason(path, want_dir=False) is not None:
        return False
    try:
        if size is not None and os.stat(path).st_size != size:
            return False  # a truncated file is refused without reading it
        return sha256_of(path) == sha256
    except OSError:
        return False


@cache
def warn_once(message: str) -> None:
    """A RuntimeWarning shown once per process for each distinct message."""
    warnings.warn(message, RuntimeWarning, stacklevel=5)


def _claim_private(path: Path) -> str | None:
    """Create `path` 0700 if missing; why it cannot serve as a private root (None if it can)."""
    try:
        os.mkdir(path, PRIVATE_DIR)  # atomic: either ours now, or an existing one to examine
        os.chmod(path, PRIVATE_DIR)
        write_tag(path)
    except FileExistsError:
        pass
    except OSError as err:
        return f"it cannot be created ({err.strerror})"
    return untrusted_reason(path, want_dir=True)


@cache
def private_fallback() -> Path:
    """A root no other user controls: `<tmp>/transpyle-cache-<uid>` where that is ours and no
    one else can write it (shared by this user's processes; created 0700), else a fresh,
    unpredictable per-process directory (removed at exit)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    shared = Path(tempfile.gettempdir()) / f"transpyle-cache-{uid}"
    reason = _claim_private(shared)
    if reason is None:
        return shared
    warn_once(f"transpyle: not using the cache directory {shared}: {reason}; building in a "
              "private temporary directory instead")
    private = Path(tempfile.mkdtemp(prefix="transpyle-cache-"))  # 0700 and unpredictable
    write_tag(private)
    atexit.register(shutil.rmtree, private, True)
    return private
