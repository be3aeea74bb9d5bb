"""The cache's file locks, built so that `transpyle cache clear` can run beside builds.

A build holds the root's lock shared, then its key's lock exclusively; `clear` holds the root's
lock exclusively, so it never removes a key's lock, temporary directory or the support object
under a running build, and a build never starts while `clear` works. A gate taken before the
root's lock (by a build only for a moment) lets a waiting `clear` go before builds that start
after it, so a stream of overlapping builds cannot starve it. The root's lock files are never
deleted. A key's lock is taken again if its file was replaced while waiting (a lock on a
deleted file excludes nobody). POSIX `flock`; where there is none, filelock's exclusive lock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no shared locks
    fcntl = None  # type: ignore[assignment]

ROOT_LOCK = ".transpyle.lock"
GATE = ".transpyle.gate"
POLL_S = 0.05


class LockTimeout(Exception):
    """The lock was not free within the time given."""


def _acquire(fd: int, shared: bool, timeout: float | None) -> None:
    assert fcntl is not None
    op = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    if timeout is None:
        fcntl.flock(fd, op)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, op | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeout(timeout) from None
            time.sleep(POLL_S)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


@contextmanager
def locked(path: Path, shared: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock file `path` (created 0600 if missing) for the `with` block."""
    if fcntl is None:
        from filelock import FileLock, Timeout  # only where there is no flock

        try:
            with FileLock(str(path), timeout=-1 if timeout is None else timeout):
                yield
        except Timeout:
            raise LockTimeout(timeout) from None
        return
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            _acquire(fd, shared, timeout)
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            break
        os.close(fd)  # the file was removed or replaced while we waited: lock the new one
    try:
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def building(root: Path) -> Iterator[None]:
    """Hold the root shared for a build (and a key's lock inside it)."""
    with ExitStack() as stack:
        with locked(root / GATE):
            stack.enter_context(locked(root / ROOT_LOCK, shared=True))
        yield


@contextmanager
def clearing(root: Path, timeout: float) -> Iterator[None]:
    """Hold the root exclusively: no build runs, none starts. LockTimeout after `timeout`."""
    with locked(root / GATE, timeout=timeout), locked(root / ROOT_LOCK, timeout=timeout):
        yield
