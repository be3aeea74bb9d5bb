"""Unformatted sequential (gfortran's record markers, subrecords), direct and stream access,
and internal files: the same bytes from both builds, and files of one read by the other."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import numpy as np

from tests.fortran_io.harness import (
    assert_same_io,
    build,
    migrate,
    needs_gfortran,
    run_gfortran,
    run_python,
)
from transpyle.runtime import fortran_io as fio

pytestmark = needs_gfortran

WRITER = """
program writer
  implicit none
  integer, parameter :: n = {n}
  integer :: i, k(n)
  integer(8) :: big(n)
  double precision :: d(n, 2)
  real :: r
  logical :: t
  character(len=5) :: w
  do i = 1, n
    k(i) = mod(i * {a}, 1000) - 500
  end do
  big = int(k, 8) * {b}_8
  d(:, 1) = k / 7d0
  d(:, 2) = -k / 3d0
  r = {r}
  t = .true.
  w = 'hello'
  open(20, file='rec.bin', form='unformatted', status='replace')
  write(20) n
  write(20) k, r
  write(20) big
  write(20) d
  write(20) t, w
  close(20)
end program
"""

READER = """
program reader
  implicit none
  integer :: n, ios
  integer, allocatable :: k(:)
  integer(8), allocatable :: big(:)
  double precision, allocatable :: d(:, :)
  real :: r
  logical :: t
  character(len=5) :: w
  open(21, file='rec.bin', form='unformatted', status='old', action='read')
  read(21) n
  allocate(k(n), big(n), d(n, 2))
  read(21) k, r
  read(21) big
  read(21) d
  read(21) t, w
  print *, n, sum(k), r
  print *, sum(big), big(1), big(n)
  print '(4ES24.15)', d(1, :), d(n, :)
  print *, t, w
  read(21, iostat=ios) n
  print *, ios
  rewind(21)
  read(21)
  read(21) k(1)
  print *, k(1)
  backspace(21)
  backspace(21)
  read(21) n
  print *, n
  close(21)
end program
"""


def _writer() -> str:
    return WRITER.format(n=random.randint(5, 50), a=random.randint(3, 99),
                         b=random.randint(2, 10**9), r=f"{random.uniform(-9, 9):.6f}")


def test_same_records_both_ways(tmp_path: Path) -> None:
    source = _writer()
    (tmp_path / "w").mkdir()
    assert_same_io(tmp_path / "w", source)
    written = (tmp_path / "w" / "gfortran" / "rec.bin").read_bytes()
    assert written[:4] == np.int32(4).tobytes()  # a record marker, then the data
    (tmp_path / "r").mkdir()
    out = assert_same_io(tmp_path / "r", READER, {"rec.bin": written})
    assert len(out.splitlines()) == 7


def test_gfortran_reads_what_python_writes(tmp_path: Path) -> None:
    """The migrated writer's file, read by the gfortran reader (and the reverse)."""
    source = _writer()
    w_exe, w_py = build(tmp_path, source, "w.f90"), migrate(tmp_path, source, "w.f90")
    r_exe, r_py = build(tmp_path, READER, "r.f90"), migrate(tmp_path, READER, "r.f90")
    for who in ("py_gf", "gf_py"):
        (tmp_path / who).mkdir()
    done = run_python(w_py, tmp_path / "py_gf")
    assert done.returncode == 0, done.stderr
    done = run_gfortran(w_exe, tmp_path / "gf_py")
    assert done.returncode == 0, done.stderr
    a = run_gfortran(r_exe, tmp_path / "py_gf")
    b = run_python(r_py, tmp_path / "gf_py")
    assert a.returncode == 0 and b.returncode == 0, (a.stderr, b.stderr)
    assert a.stdout == b.stdout and len(a.stdout.splitlines()) == 7


def test_subrecords(tmp_path: Path, monkeypatch: object) -> None:
    """Records longer than the maximum subrecord: gfortran's -fmax-subrecord-length lowers
    it, so the split layout is compared on small records."""
    n = random.randint(3, 40)
    source = f"""
program sub
  integer :: a({n}), i
  do i = 1, {n}
    a(i) = i * {random.randint(1, 999)}
  end do
  open(23, file='sub.bin', form='unformatted', status='replace')
  write(23) a
  write(23) a(1)
  close(23)
end program
"""
    exe = build(tmp_path, source, flags=("-fmax-subrecord-length=8",))
    subprocess.run([str(exe)], cwd=tmp_path, check=True)
    want = (tmp_path / "sub.bin").read_bytes()
    values = np.frombuffer(want[4:12], np.int32)
    import os
    os.chdir(tmp_path)
    a = np.arange(1, n + 1, dtype=np.int32) * int(values[0])
    fio.open_unit(30, file="mine.bin", form="unformatted", status="replace")
    fio.write_unf(30, a, max_subrecord=8)
    fio.write_unf(30, int(a[0]), max_subrecord=8)
    fio.close(30)
    assert (tmp_path / "mine.bin").read_bytes() == want
    fio.open_unit(31, file="sub.bin", form="unformatted", status="old")
    r = fio.read_start(31, None)
    got = np.zeros(n, dtype=np.int32)
    r.into(got, "i4")
    r.finish()
    r = fio.read_start(31, None)
    first = r.item("i4")
    r.finish()
    fio.close(31)
    assert got.tolist() == a.tolist() and first == a[0]


def test_direct_stream_internal(tmp_path: Path) -> None:
    k = [random.randint(-999, 999) for _ in range(4)]
    x = random.uniform(-100, 100)
    source = f"""
program access
  implicit none
  integer :: a(3), b(3), i, n
  double precision :: d, e
  character(len=30) :: line
  character(len=14) :: word
  a = [{k[0]}, {k[1]}, {k[2]}]
  d = {x:.8f}d0
  open(20, file='dir.bin', access='direct', recl=16, form='unformatted', status='replace')
  write(20, rec=3) a
  write(20, rec=1) d
  read(20, rec=3) b
  read(20, rec=1) e
  print *, b, e
  close(20)
  open(21, file='dir.txt', access='direct', recl=10, form='formatted', status='replace')
  write(21, rec=2, fmt='(I5)') {k[3]}
  write(21, rec=1, fmt='(A)') 'first'
  read(21, rec=2, fmt='(I5)') n
  print *, n
  close(21)
  open(22, file='s.bin', access='stream', form='unformatted', status='replace')
  write(22) a, d
  write(22, pos=3) {k[3]}
  read(22, pos=1) b
  print *, b
  close(22)
  write(line, '(I6, F12.4)') a(1), d
  print *, '[', line, ']'
  read(line, *) n, e
  print *, n, e
  write(word, *) a(2)
  print *, '[', word, ']'
  read(line(1:6), '(I6)') i
  print *, i
end program
"""
    assert_same_io(tmp_path, source)
