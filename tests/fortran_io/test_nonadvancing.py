"""Non-advancing formatted I/O (ADVANCE='NO') as gfortran does it, on fresh random data:
WRITEs that continue one record (trailing X blanks kept, list-directed output after them),
a file whose last record is left open and ended by CLOSE, READs that take a record in pieces
with SIZE=, the end-of-record condition (IOSTAT= -2, EOR= label, the item blank-padded, the
record consumed), an advancing READ after a non-advancing one, and standard input read the
same way. Files and standard output are compared byte for byte."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fortran_io.harness import assert_same_io, needs_gfortran
from transpyle.compiler import compile_fortran
from transpyle.errors import TranspileError

pytestmark = needs_gfortran


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefgh") for _ in range(n))


def nonadvancing_program(rng: random.Random) -> str:
    n = rng.randint(2, 6)
    lines = [_word(rng, rng.randint(0, 14)) for _ in range(4)]
    w1, w2 = rng.randint(1, 5), rng.randint(3, 12)
    return f"""
program pieces
  implicit none
  integer :: i, n, ios, k
  character(len=12) :: buf
  character(len=3) :: tag
  write(*, '(A)', advance='no') 'count:'
  do i = 1, {n}
    write(*, '(I3, 1X)', advance='no') i * ({rng.randint(-99, 99)})
  end do
  print *, 'done', {n}
  write(*, '(A, I0)', advance='no') 'x=', {rng.randint(-10**6, 10**6)}
  write(*, *)
  open(10, file='t.txt', status='replace')
  write(10, '(A)', advance='no') '{_word(rng, 3)}'
  write(10, '(A, F8.3)') '{_word(rng, 2)}', {rng.uniform(-99, 99):.4f}
{"".join(f"  write(10, '(A)') '{x}'" + chr(10) for x in lines)}\
  write(10, '(2I4)', advance='no') {rng.randint(-999, 999)}, {rng.randint(-999, 999)}
  close(10)
  open(10, file='t.txt', status='old')
  read(10, '(A{w1})', advance='no') tag
  print *, '[', tag, ']'
  read(10, '(A)') buf
  print *, '[', buf, ']'
  do k = 1, 3
    read(10, '(A{w2})', advance='no', size=n, iostat=ios) buf
    print *, k, '[', buf, ']', n, ios
  end do
  read(10, '(A4)', advance='no', size=n, eor=20) buf
  print *, 'no eor', n, buf
  goto 30
20 print *, 'eor', n, buf
30 continue
  close(10)
  read(*, '(A{w1})', advance='no') tag
  read(*, '(A)', advance='no', size=n, iostat=ios) buf
  print *, tag, '|', buf, '|', n, ios
  read(*, '(A)') buf
  print *, buf
  write(*, '(A)', advance='no') 'end'
end program pieces
"""


def test_nonadvancing_io_matches_gfortran(tmp_path: Path) -> None:
    rng = random.Random()
    for k in range(3):
        (tmp_path / str(k)).mkdir()
        stdin = f"{_word(rng, rng.randint(5, 20))}\n{_word(rng, 5)}\n".encode()
        assert_same_io(tmp_path / str(k), nonadvancing_program(rng), stdin=stdin)


@pytest.mark.parametrize("stmt", ["read(*, *, advance='no') i", "write(*, *, advance='no') i",
                                  "read(*, '(I3)', size=i) j"])
def test_nonadvancing_misuse_is_refused_at_its_statement(stmt: str) -> None:
    source = f"program p\n  integer :: i, j\n  {stmt}\nend program p\n"
    with pytest.raises(TranspileError) as err:
        compile_fortran(source, "python", filename="p.f90")
    assert "ADVANCE=" in str(err.value) or "ADVANCE='NO'" in str(err.value)
    assert err.value.loc.line == 3
