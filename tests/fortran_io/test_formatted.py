"""Formatted and list-directed files, positioning, INQUIRE, IOSTAT=/IOMSG=/ERR=/END= and
standard input: gfortran's build and the migrated program print and write the same bytes."""

from __future__ import annotations

import random
from pathlib import Path

from tests.fortran_io.harness import assert_same_io, needs_gfortran

pytestmark = needs_gfortran


def _ints(k: int) -> list[int]:
    return [random.randint(-10**6, 10**6) for _ in range(k)]


def _reals(k: int) -> list[str]:
    return [f"{random.uniform(-1e3, 1e3):.9f}" for _ in range(k)]


def test_write_read_formatted_files(tmp_path: Path) -> None:
    ints, reals = _ints(6), _reals(6)
    source = f"""
program files
  implicit none
  integer :: i, n, k(6), m(6), ios, u, sz
  double precision :: d(6), e(6)
  real :: r
  character(len=12) :: word
  logical :: ex, op
  k = [{", ".join(map(str, ints))}]
  d = [{", ".join(x + "d0" for x in reals)}]
  open(10, file='data.txt', status='replace', action='write')
  write(10, '(6I9)') k
  write(10, *) d
  write(10, '(3F14.5)') d
  write(10, '(A, I4, L3)') 'word', 42, .true.
  close(10)
  open(11, file='data.txt', status='old', action='read')
  read(11, '(6I9)') m
  print *, m
  read(11, *) e
  print '(3ES25.16)', e
  print *, all(e == d)
  read(11, *) (e(i), i = 1, 6)
  print *, e
  read(11, '(A4, I4, L3)') word, n, ex
  print *, trim(word), n, ex
  read(11, *, iostat=ios) r
  print *, 'eof', ios
  rewind(11)
  read(11, *) m(1), m(2)
  print *, m(1:2)
  backspace(11)
  read(11, '(I9)') n
  print *, n
  inquire(unit=11, opened=op, number=u, size=sz)
  print *, op, u, sz
  close(11)
  open(12, file='data.txt', position='append')
  write(12, '(I0)') 7
  close(12)
  inquire(file='data.txt', exist=ex, size=sz)
  print *, ex, sz
  open(13, file='gone.txt', status='new')
  write(13, *) 'temporary'
  close(13, status='delete')
  inquire(file='gone.txt', exist=ex)
  print *, ex
  open(14, status='scratch')
  write(14, *) 3, 4
  rewind(14)
  read(14, *) n, i
  print *, n + i
  close(14)
  write(15, '(A)') 'to fort.15'
end program
"""
    assert_same_io(tmp_path, source)


def test_iostat_iomsg_err_end(tmp_path: Path) -> None:
    lines = "\n".join(str(x) for x in _ints(random.randint(3, 9))) + "\n"
    source = """
program status
  implicit none
  integer :: ios, n, total, count
  character(len=100) :: msg
  real :: x
  open(10, file='missing.txt', status='old', iostat=ios, iomsg=msg)
  print *, ios, trim(msg)
  open(10, file='input.txt', status='new', iostat=ios, iomsg=msg)
  print *, ios, trim(msg)
  open(10, file='input.txt', status='old')
  total = 0
  count = 0
  do
    read(10, *, end=100) n
    total = total + n
    count = count + 1
  end do
100 continue
  print *, count, total
  rewind(10)
  read(10, '(A)') msg
  read(10, *, iostat=ios) x
  print *, ios
  open(11, file='bad.txt', status='replace')
  write(11, '(A)') 'abc'
  rewind(11)
  read(11, *, iostat=ios, iomsg=msg) x
  print *, ios, trim(msg)
  rewind(11)
  read(11, *, err=200) n
  print *, 'not here'
200 print *, 'error branch'
  close(11, status='delete')
  close(10)
end program
"""
    assert_same_io(tmp_path, source, {"input.txt": lines.encode()})


def test_standard_input(tmp_path: Path) -> None:
    k = random.randint(2, 6)
    values = _reals(k)
    ints = _ints(3)
    stdin = f"{k}\n{' '.join(values)}\n{ints[0]}, {ints[1]}\n{ints[2]}\n'quoted word' T\n"
    source = """
program stdin
  implicit none
  integer :: n, i, a, b, c
  double precision :: x(10)
  character(len=20) :: w
  logical :: t
  read(*, *) n
  read(5, *) (x(i), i = 1, n)
  read *, a, b
  read(5, '(I10)') c
  read(*, *) w, t
  print *, n, (x(i), i = 1, n)
  print *, a + b + c, trim(w), t
end program
"""
    assert_same_io(tmp_path, source, stdin=stdin.encode())


def test_documented_difference_io_error_without_iostat(tmp_path: Path) -> None:
    """Without IOSTAT=, an I/O error stops both: the same standard output before it, the
    same "Fortran runtime error: <message>" line; gfortran adds the line and a backtrace and
    exits 2, the migrated program exits 1 (docs/DIFFERENCES.md)."""
    from tests.fortran_io.harness import build, migrate, run_gfortran, run_python
    n = random.randint(1, 99)
    source = f"""
program fails
  integer :: n
  print *, {n}
  open(10, file='missing.txt', status='old')
  read(10, *) n
  print *, 'not here'
end program
"""
    exe, script = build(tmp_path, source), migrate(tmp_path, source)
    a, b = run_gfortran(exe, tmp_path), run_python(script, tmp_path)
    assert a.stdout == b.stdout and str(n).encode() in a.stdout
    assert (a.returncode, b.returncode) == (2, 1)
    line = b"Fortran runtime error: Cannot open file 'missing.txt': No such file or directory"
    assert line in a.stderr and b.stderr.strip() == line
