"""Fortran's procedures of the environment, as gfortran's runtime behaves, for migrated Python.

- `stop(code)`, `error_stop(code)`: STOP and ERROR STOP: standard output flushed, the line
  gfortran writes on standard error (`STOP 3`, `ERROR STOP 'msg'`; a bare STOP writes
  nothing, a bare ERROR STOP `ERROR STOP `), exit status as gfortran's (STOP n: n; STOP 'msg':
  0; ERROR STOP: 1; ERROR STOP n: n). gfortran's default build then prints a backtrace after
  ERROR STOP; that is not reproduced (docs/DIFFERENCES.md). `exit(n)` and `abort()`: the GNU
  extensions (ABORT leaves standard output unflushed, as gfortran does, and dies of SIGABRT).
- `clock_count(kind)`, `clock_rate(kind)`, `clock_max(kind)`: SYSTEM_CLOCK. gfortran takes
  the smallest kind among the arguments present: kind 4 counts milliseconds, kind 8
  nanoseconds, kinds 1 and 2 have no clock (count -HUGE, rate and max 0).
- `cpu_time(kind)`, `date_and_time(part)`.
- `random_number(kind)`, `random_fill(a)`, `random_seed_*`: gfortran's generator
  (xoshiro256**), its seeding (PUT xor-scrambled into the state) and its mapping of 64 random
  bits to REAL(4) and REAL(8); so a program that seeds with PUT draws gfortran's stream.
  Without PUT, both seed from the operating system.
- `command_argument*`, `environment_variable*`: GET_COMMAND_ARGUMENT,
  COMMAND_ARGUMENT_COUNT, GET_ENVIRONMENT_VARIABLE.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from datetime import datetime
from typing import Any

import numpy as np

_MASK = (1 << 64) - 1
_XOR_KEYS = (0xBD0C5B6E50C2DF49, 0xD46061CD46E1DF38, 0xBB4F4D4ED6103544, 0x114A583D0756AD39)
_HUGE = {1: 127, 2: 32767, 4: 2**31 - 1, 8: 2**63 - 1}
_FLOAT = {4: np.float32, 8: float}


# ---------------------------------------------------------------------------- termination

def _integral(code: Any) -> bool:
    return isinstance(code, int | np.integer) and not isinstance(code, bool | np.bool_)


def stop(code: int | str | None = None) -> None:
    """STOP [code]: `STOP n` exits with status n, `STOP 'msg'` with 0."""
    sys.stdout.flush()
    if code is None:
        raise SystemExit(0)
    print(f"STOP {code}", file=sys.stderr)
    raise SystemExit(int(code) if _integral(code) else 0)


def error_stop(code: int | str | None = None) -> None:
    """ERROR STOP [code]: status 1, or n for `ERROR STOP n`."""
    sys.stdout.flush()
    print("ERROR STOP " + ("" if code is None else str(code)), file=sys.stderr)
    raise SystemExit(int(code) if _integral(code) else 1)


def exit(status: int = 0) -> None:  # noqa: A001 - Fortran's EXIT, called as fio.exit
    sys.stdout.flush()
    raise SystemExit(int(status))


def abort() -> None:
    """ABORT: dies of SIGABRT, buffered output lost, as gfortran's build (whose default
    -fbacktrace adds a backtrace on standard error)."""
    os.abort()


# ---------------------------------------------------------------------------- clocks

def clock_count(kind: int) -> int:
    if kind < 4:
        return -_HUGE[kind]
    ns = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
    return ns % (_HUGE[8] + 1) if kind >= 8 else (ns // 1_000_000) % (_HUGE[4] + 1)


def clock_rate(kind: int) -> int:
    return 0 if kind < 4 else 1_000_000_000 if kind >= 8 else 1000


def clock_max(kind: int) -> int:
    return 0 if kind < 4 else _HUGE[min(kind, 8)]


def cpu_time(kind: int = 4) -> Any:
    return _FLOAT[kind](time.process_time())


def date_and_time(part: str) -> Any:
    """DATE_AND_TIME's `part`: 'date' (CCYYMMDD), 'time' (hhmmss.sss), 'zone' (+hhmm) or
    'values' (year, month, day, minutes from UTC, hour, minutes, seconds, milliseconds)."""
    now = datetime.now().astimezone()
    offset = now.utcoffset()
    minutes = int(offset.total_seconds()) // 60 if offset is not None else 0
    if part == "date":
        return now.strftime("%Y%m%d")
    if part == "time":
        return now.strftime("%H%M%S") + f".{now.microsecond // 1000:03d}"
    if part == "zone":
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return np.array([now.year, now.month, now.day, minutes, now.hour, now.minute,
                     now.second, now.microsecond // 1000], dtype=np.int32)


# ---------------------------------------------------------------------------- random numbers

class _Xoshiro:
    """xoshiro256** with gfortran's state handling (one stream: migrated code has no
    threads)."""

    def __init__(self) -> None:
        self.s: list[int] | None = None

    def state(self) -> list[int]:
        if self.s is None:
            self.reseed()
        assert self.s is not None
        return self.s

    def reseed(self) -> None:
        """From the operating system, spread by splitmix64 (as gfortran seeds)."""
        x = int.from_bytes(os.urandom(8), "little")
        words = []
        for _ in range(4):
            x = _splitmix64(x)
            words.append(x)
        self.s = words

    def next(self) -> int:
        s = self.state()
        result = (_rotl((s[1] * 5) & _MASK, 7) * 9) & _MASK
        t = (s[1] << 17) & _MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (64 - k))) & _MASK


def _splitmix64(x: int) -> int:
    z = x = (x + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


@functools.cache
def _generator() -> _Xoshiro:
    return _Xoshiro()


def _uniform(bits: int, kind: int) -> float:
    """64 random bits as gfortran maps them into [0, 1): REAL(4) keeps the top 24 of the
    high word, REAL(8) the top 53 bits (both exact)."""
    if kind == 4:
        return float(((bits >> 32) & 0xFFFFFF00) * 2.0**-32)
    return float((bits & ~0x7FF & _MASK) * 2.0**-64)


def random_number(kind: int) -> Any:
    """RANDOM_NUMBER of a scalar of REAL(kind)."""
    return _FLOAT[kind](_uniform(_generator().next(), kind))


def random_fill(a: np.ndarray) -> None:
    """RANDOM_NUMBER of an array (or a view of a section): filled in array element order."""
    kind = a.dtype.itemsize
    gen = _generator()
    values = np.array([_uniform(gen.next(), kind) for _ in range(a.size)], dtype=a.dtype)
    a[...] = values.reshape(a.shape, order="F")


def random_seed_size() -> int:
    """RANDOM_SEED(SIZE=n): the state's 256 bits in default integers."""
    return 8


def random_seed() -> None:
    """RANDOM_SEED with no argument: a fresh seed from the operating system."""
    _generator().reseed()


def _words(seed: np.ndarray) -> list[int]:
    """A PUT array as gfortran's four 64-bit seed words (its default integers in reverse
    order, their bytes little-endian)."""
    raw = np.array(seed[:8][::-1], dtype="<u4").tobytes()
    return [int.from_bytes(raw[8 * k: 8 * k + 8], "little") for k in range(4)]


def random_seed_put(seed: np.ndarray) -> None:
    if seed.size < random_seed_size():
        raise SystemExit(_runtime_error("Array size of PUT is too small."))
    _generator().s = [w ^ k for w, k in zip(_words(seed), _XOR_KEYS, strict=True)]


def random_seed_get(seed: np.ndarray) -> None:
    if seed.size < random_seed_size():
        raise SystemExit(_runtime_error("Array size of GET is too small."))
    words = [w ^ k for w, k in zip(_generator().state(), _XOR_KEYS, strict=True)]
    halves = np.frombuffer(b"".join(w.to_bytes(8, "little") for w in words), dtype="<i4")
    seed[:8] = halves[::-1]


def _runtime_error(message: str) -> int:
    sys.stdout.flush()
    print(f"Fortran runtime error: {message}", file=sys.stderr)
    return 2


# ---------------------------------------------------------------------------- command line

def command_argument_count() -> int:
    return len(sys.argv) - 1


def command_argument(number: int) -> str:
    """Argument `number` (0: the command); blank when there is none."""
    n = int(number)
    return sys.argv[n] if 0 <= n < len(sys.argv) else ""


def command_argument_length(number: int) -> int:
    return len(command_argument(number))


def command_argument_status(number: int, length: int) -> int:
    """0, -1 where the value is cut to a variable of `length`, 42 (gfortran's failure code)
    where there is no such argument (a negative number or one past the count)."""
    n = int(number)
    if not 0 <= n < len(sys.argv):
        return 42
    return -1 if len(sys.argv[n]) > length else 0


def environment_variable(name: str) -> str:
    return os.environ.get(name.rstrip(), "")


def environment_variable_length(name: str) -> int:
    return len(environment_variable(name))


def environment_variable_status(name: str, length: int) -> int:
    """0, -1 where the value is cut to a variable of `length`, 1 where it is not set."""
    value = os.environ.get(name.rstrip())
    if value is None:
        return 1
    return -1 if len(value) > length else 0
