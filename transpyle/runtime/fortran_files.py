"""Fortran files for migrated programs: units, OPEN/CLOSE/INQUIRE/REWIND/BACKSPACE/ENDFILE,
records, and the READ statement's readers, laid out as gfortran lays them out.

- Formatted sequential files are lines ending in "\\n"; a WRITE after a READ, REWIND or
  BACKSPACE truncates the file there (the record written becomes the last one), as gfortran
  does. Formatted direct access: records of RECL characters, blank-padded, no newline.
- Unformatted sequential records: a 4-byte length (native byte order), the data, the length
  again. A record longer than gfortran's maximum subrecord (2147483639 bytes) is split into
  subrecords: the leading length is negative where another subrecord follows, the trailing one
  negative where one came before. Unformatted direct access: record `rec` at (rec - 1) * RECL
  bytes, zero-padded to RECL. Stream access: the bytes themselves, POS= 1-based.
- Arrays go to and from files in one call (`write` of a column-major view, `readinto` the
  target array's buffer), never element by element.
- Errors: the IOSTAT/IOMSG values gfortran gives (an OS error number for OPEN, -1 at end of
  file, 5010 for a bad value in list input, ...). Without IOSTAT the program stops as
  gfortran's does: the message on standard error, exit status 2.

Units 5 (standard input), 6 (standard output) and 0 (standard error) are preconnected; a unit
used without OPEN is the file fort.N. The unit table is the running program's state (as its
open files are the process's).
"""

from __future__ import annotations

import atexit
import os
import sys
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

MAX_SUBRECORD = 2147483639  # gfortran's default -fmax-subrecord-length
EOF, EOR = -1, -2
BAD_OPTION, BAD_UNIT, BAD_READ, BAD_US, SHORT_RECORD = 5002, 5005, 5010, 5009, 5016


class IoError(SystemExit):
    """An I/O error condition: `iostat` as gfortran numbers it, `iomsg` its message. Not
    caught (no IOSTAT=), it ends the program with gfortran's message on standard error."""

    def __init__(self, iostat: int, iomsg: str) -> None:
        super().__init__(f"Fortran runtime error: {iomsg}")
        self.iostat = iostat
        self.iomsg = iomsg


@dataclass
class Status:
    """What an I/O statement reports: IOSTAT=, IOMSG= and INQUIRE's answers."""

    iostat: int = 0
    iomsg: str = ""
    exist: bool = False
    opened: bool = False
    number: int = -1
    size: int = -1
    name: str = ""
    recl: int = 0
    nextrec: int = 0
    pos: int = 0
    newunit: int = 0


class Unit:
    """An open unit: a binary file and how it was opened."""

    def __init__(self, number: int, file: IO[bytes], path: str | None, form: str,
                 access: str, action: str, recl: int | None, scratch: bool) -> None:
        self.number, self.file, self.path = number, file, path
        self.form, self.access, self.action = form, access, action
        self.recl, self.scratch = recl, scratch
        self.truncate = False  # a sequential WRITE here cuts the file (after READ, REWIND)
        self.nextrec = 1
        self.partial = False  # a non-advancing WRITE left the record open
        self.rest: str | None = None  # what a non-advancing READ left of its record

    # -- formatted text: print(..., file=unit) writes through `write`
    def write(self, text: str) -> int:
        self.writable()
        if self.truncate:
            self.file.truncate(self.file.tell())
            self.truncate = False
        self.file.write(text.encode("latin-1", "replace"))
        if text:
            self.partial = not text.endswith("\n")
        return len(text)

    def flush(self) -> None:
        self.file.flush()

    def writable(self) -> None:
        if self.action == "read":
            raise IoError(BAD_OPTION + 3, "Cannot write to file opened for READ")

    def readable(self) -> None:
        if self.action == "write":
            raise IoError(BAD_OPTION + 3, "Cannot read from file opened for WRITE")

    def line(self) -> str:
        """The next formatted record, without its newline; EOF at the end."""
        self.readable()
        self.truncate = True
        if self.rest is not None:
            rest, self.rest = self.rest, None
            return rest
        data = self.file.readline()
        if not data:
            raise IoError(EOF, "End of file")
        return data.rstrip(b"\n").rstrip(b"\r").decode("latin-1")

    def write_direct(self, rec: int, data: bytes, pad: bytes) -> None:
        self.writable()
        assert self.recl is not None
        if len(data) > self.recl:
            raise IoError(5015, "Write exceeds length of DIRECT access record")
        self.file.seek((rec - 1) * self.recl)
        self.file.write(data + pad * (self.recl - len(data)))
        self.nextrec = rec + 1

    def read_direct(self, rec: int) -> bytes:
        self.readable()
        assert self.recl is not None
        self.file.seek((rec - 1) * self.recl)
        data = self.file.read(self.recl)
        if len(data) < self.recl:
            raise IoError(EOF, "End of file")
        self.nextrec = rec + 1
        return data

    def backspace(self) -> None:
        f = self.file
        self.truncate = True
        pos = f.tell()
        if pos == 0:
            return
        if self.form == "unformatted":
            f.seek(pos - 4)
            n = abs(int(np.frombuffer(f.read(4), "=i4")[0]))
            f.seek(pos - 8 - n)
            return
        start = max(0, pos - 1)
        while start > 0:
            f.seek(max(0, start - 4096))
            chunk = f.read(start - max(0, start - 4096))
            k = chunk.rfind(b"\n")
            if k >= 0:
                f.seek(max(0, start - 4096) + k + 1)
                return
            start = max(0, start - 4096)
        f.seek(0)


_UNITS: dict[int, Unit] = {}


def _close_all() -> None:
    for n in list(_UNITS):
        close(n)


def _register(unit: Unit) -> None:
    if not _UNITS:
        atexit.register(_close_all)
    _UNITS[unit.number] = unit


def _text(value: Any) -> str:
    return str(value).strip().lower()


def unit_of(n: Any, form: str = "formatted") -> Unit | None:
    """The open unit `n` (opened as fort.N on first use); None for the standard streams."""
    if n is None or n == "*" or n in (5, 6, 0):
        return None
    n = int(n)
    if n not in _UNITS:
        open_unit(n, form=form)
    return _UNITS[n]


def stream(n: Any) -> Any:
    """What formatted output to unit `n` is written to: a text stream or an open unit."""
    if n is None or n == "*" or n == 6:
        return sys.stdout
    if n == 0:
        return sys.stderr
    unit = unit_of(n)
    assert unit is not None
    if unit.form != "formatted":
        raise IoError(5001, "Format present for UNFORMATTED data transfer")
    return unit


def open_unit(unit: Any, file: Any = None, status: Any = "unknown", action: Any = "readwrite",
              position: Any = "asis", form: Any = None, access: Any = "sequential",
              recl: Any = None) -> Status:
    """OPEN; `unit` None is NEWUNIT=: gfortran's numbers, -10 and down, the first free."""
    if unit is None:
        unit = -10
        while unit in _UNITS:
            unit -= 1
    elif int(unit) > 2**31 - 1:
        raise IoError(BAD_UNIT, "Unit number in I/O statement too large")
    elif int(unit) < 0 and int(unit) not in _UNITS:  # a NEWUNIT= number may be reopened
        raise IoError(BAD_OPTION, "Bad unit number in OPEN statement")
    number = int(unit)
    status, action, position = _text(status), _text(action), _text(position)
    access = _text(access)
    form = _text(form) if form is not None else \
        ("formatted" if access == "sequential" else "unformatted")
    if number in _UNITS:
        close(number)
    path = None if status == "scratch" else (str(file).rstrip() if file is not None
                                             else f"fort.{number}")
    if access == "direct" and recl is None:
        raise IoError(BAD_OPTION + 1, "RECL parameter required for direct access")
    if path is None:
        import tempfile  # scratch files only

        fd, tmp = tempfile.mkstemp(prefix="gfortrantmp")
        os.close(fd)
        f = _os_open(tmp, "w+b")
        os.unlink(tmp)
    else:
        exists = os.path.exists(path)
        if status == "new" and exists:
            raise IoError(17, f"Cannot open file '{path}': File exists")
        if status == "old" and not exists:
            raise IoError(2, f"Cannot open file '{path}': No such file or directory")
        if status == "replace" or not exists:
            if action == "read":
                raise IoError(2, f"Cannot open file '{path}': No such file or directory")
            _os_open(path, "wb").close()
        f = _os_open(path, {"read": "rb", "write": "r+b"}.get(action, "r+b"))
        if position == "append":
            f.seek(0, os.SEEK_END)
    _register(Unit(number, f, path, form, access, action, int(recl) if recl is not None
                   else None, path is None))
    return Status(newunit=number)


def _os_open(path: str, mode: str) -> IO[bytes]:
    try:
        return open(path, mode)  # noqa: SIM115 - the unit owns it until CLOSE
    except OSError as e:
        raise IoError(e.errno or 5000, f"Cannot open file '{path}': {e.strerror}") from None


def close(unit: Any, status: Any = None) -> None:
    if status is not None and _text(status) not in ("keep", "delete"):
        raise IoError(BAD_OPTION, "Bad STATUS parameter in CLOSE statement")
    if status is not None and _text(status) == "keep" and getattr(_UNITS.get(int(unit)),
                                                                  "scratch", False):
        raise IoError(BAD_OPTION, "Can't KEEP a scratch file on CLOSE")
    u = _UNITS.pop(int(unit), None)
    if u is None:
        return
    if u.partial:  # a non-advancing WRITE's record ends here
        u.file.write(b"\n")
    u.file.close()
    if status is not None and _text(status) == "delete" and u.path is not None:
        os.unlink(u.path)


def inquire(unit: Any = None, file: Any = None) -> Status:
    out = Status()
    if unit is not None:
        n = int(unit)
        u = _UNITS.get(n)
        std = n in (0, 5, 6)
        out.exist = n >= 0 or u is not None  # a negative unit is only NEWUNIT='s
        out.opened = u is not None or std
        out.number = n if out.opened else -1
        out.recl = _DEFAULT_RECL if std else -1  # -1: not connected
        if u is not None:
            u.file.flush()
            out.name = u.path or ""
            out.size = os.fstat(u.file.fileno()).st_size
            out.recl, out.nextrec = _recl(u), u.nextrec
            out.pos = u.file.tell() + 1
        return out
    path = str(file).rstrip()
    out.exist = os.path.exists(path)
    out.name = path
    if out.exist:
        out.size = os.path.getsize(path)
    for u in _UNITS.values():
        if u.path is not None and os.path.exists(path) and u.path == path or \
                u.path is not None and os.path.abspath(u.path) == os.path.abspath(path):
            u.file.flush()
            out.opened, out.number = True, u.number
            out.size = os.fstat(u.file.fileno()).st_size
            out.recl = _recl(u)
    if not out.opened:
        out.recl = -1
    return out


# gfortran's RECL= of a sequential unit opened without one (an INTEGER(4) gets HUGE(0))
_DEFAULT_RECL = 2**63 - 2**31 - 1


def _recl(u: Any) -> int:
    """INQUIRE's RECL=: -2 for stream access, the unit's RECL=, or gfortran's default."""
    return -2 if u.access == "stream" else u.recl or _DEFAULT_RECL


def rewind(unit: Any) -> None:
    u = unit_of(unit)
    if u is not None:
        u.file.seek(0)
        u.truncate = True


def backspace(unit: Any) -> None:
    u = unit_of(unit)
    if u is not None:
        u.backspace()


def endfile(unit: Any) -> None:
    u = unit_of(unit)
    if u is not None:
        u.file.truncate(u.file.tell())


def flush(unit: Any) -> None:
    u = unit_of(unit)
    (u.file if u is not None else sys.stdout).flush()


# ------------------------------------------------------------------ unformatted records


def _pieces(values: tuple[Any, ...]) -> list[memoryview]:
    """The bytes of each output item, as gfortran lays them out (arrays column-major)."""
    out = []
    for v in values:
        if isinstance(v, np.ndarray):
            flat = v.reshape(-1, order="F") if v.flags.f_contiguous or v.ndim <= 1 \
                else np.asfortranarray(v).reshape(-1, order="F")
            if flat.dtype == object:  # character arrays
                out.extend(memoryview(str(x).encode("latin-1")) for x in flat)
                continue
            if flat.dtype == np.bool_:
                flat = flat.astype(np.int32)
            out.append(memoryview(np.ascontiguousarray(flat)).cast("B"))
        elif isinstance(v, str | bytes):
            out.append(memoryview(v.encode("latin-1") if isinstance(v, str) else v))
        elif isinstance(v, bool | np.bool_):
            out.append(memoryview(np.int32(1 if v else 0).tobytes()))
        elif isinstance(v, np.generic):
            out.append(memoryview(v.tobytes()))
        elif isinstance(v, int):
            out.append(memoryview(np.int32(v).tobytes()))
        elif isinstance(v, float):
            out.append(memoryview(np.float64(v).tobytes()))
        elif isinstance(v, complex):
            out.append(memoryview(np.complex128(v).tobytes()))
        else:
            raise IoError(BAD_US, f"cannot write {type(v).__name__} unformatted")
    return out


def _marker(n: int) -> bytes:
    return np.int32(n).tobytes()


def write_unf(unit: Any, *values: Any, rec: Any = None, pos: Any = None,
              max_subrecord: int = MAX_SUBRECORD) -> None:
    """An unformatted WRITE: one record (sequential, direct) or the bytes (stream)."""
    u = unit_of(unit, "unformatted")
    if u is None or u.form != "unformatted":
        raise IoError(5001, "Missing format for FORMATTED data transfer")
    u.writable()
    pieces = _pieces(values)
    f = u.file
    if u.access == "direct":
        u.write_direct(int(rec), b"".join(pieces), b"\0")
        return
    if u.access == "stream":
        if pos is not None:
            f.seek(int(pos) - 1)
        for p in pieces:
            f.write(p)
        return
    if u.truncate:
        f.truncate(f.tell())
        u.truncate = False
    total = sum(p.nbytes for p in pieces)
    if total <= max_subrecord:
        f.write(_marker(total))
        for p in pieces:
            f.write(p)
        f.write(_marker(total))
        return
    first, left = True, total
    while True:  # subrecords of max_subrecord bytes
        n = min(left, max_subrecord)
        left -= n
        f.write(_marker(-n if left else n))
        want = n
        while want:
            p = pieces[0]
            take = min(want, p.nbytes)
            f.write(p[:take])
            pieces[0] = p[take:]
            if not pieces[0].nbytes:
                pieces.pop(0)
            want -= take
        f.write(_marker(n if first else -n))
        first = False
        if not left:
            return
