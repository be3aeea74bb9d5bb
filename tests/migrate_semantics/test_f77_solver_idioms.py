"""F77 idioms that SciPy's L-BFGS-B, SLSQP and COBYLA showed (issue 15), each small, each run
by gfortran and migrated and compared byte for byte; the wrong results first: a module
variable as a DO variable (the callee saw its old value), an actual argument reaching past
the last whole column of an assumed-size dummy (IndexError), E editing of an exact tie
(4.882813E-04 where gfortran writes 4.882812E-04), DATA after a statement function (the
value was lost); then what was refused: comments inside DO loops that share a terminal
statement, ASSIGN and assigned GO TO, a dummy procedure named like the caller's."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran
from transpyle.runtime import storage


@needs_gfortran
def test_a_module_variable_as_the_do_variable(tmp_path: Path) -> None:
    source = """\
module m
  implicit none
  integer :: which = 1, seen = 0
contains
  subroutine f(x)
    double precision, intent(out) :: x
    x = 10.0d0 * which + 0.5d0
    seen = seen + which
  end subroutine f
end module m

program p
  use m
  implicit none
  double precision :: x
  do which = 1, 3
    call f(x)
    print *, which, x
  end do
  print *, which, seen
  call g(which)
  print *, which
contains
  subroutine g(k)
    integer, intent(inout) :: k
    k = k * 7 - 2
  end subroutine g
end program p
"""
    assert_same_run(tmp_path, source, "p.f90")


@needs_gfortran
def test_an_element_passed_to_an_assumed_size_matrix(tmp_path: Path) -> None:
    n = random.randint(4, 7)
    source = f"""\
      subroutine chol(a, lda, n, info)
      integer lda, n, info, j, k
      double precision a(lda,*), s
      info = 0
      do 30 j = 1, n
         s = a(j,j)
         do 10 k = 1, j - 1
            s = s - a(k,j)**2
   10    continue
         if (s .le. 0.0d0) then
            info = j
            return
         end if
         a(j,j) = sqrt(s)
         do 20 k = j + 1, n
            a(j,k) = a(j,k) / a(j,j)
   20    continue
   30 continue
      end

      program p
      integer m, i, j, info, col
      parameter (m = {2 * n})
      double precision wn(m, m)
      do 50 j = 1, m
         do 40 i = 1, m
            wn(i,j) = 1.0d0 / (i + j - 1)
   40    continue
         wn(j,j) = wn(j,j) + m
   50 continue
      col = {n}
c     the trailing col x col block: its last column runs past wn's end
      call chol(wn(col+1,col+1), m, col, info)
      print *, info
      print *, ((wn(i,j), i = col+1, j), j = col+1, m)
      end
"""
    assert_same_run(tmp_path, source, "p.f")


def test_the_partial_last_column_refuses_what_lies_past_the_storage() -> None:
    base = np.arange(1.0, 26.0)  # 5 x 5, the element (4, 4) on: 7 elements
    a = storage.dummy(storage.sequence(base.reshape(5, 5, order="F"), 3, 3), (5, -1),
                      np.float64)
    assert a.shape == (5, 2)
    assert a[0, 0] == 19.0 and a[1, 1] == 25.0 and a[0, 1] == 24.0
    a[1, 1] = -1.0
    assert base[-1] == -1.0
    assert list(a[0:2, 1]) == [24.0, -1.0]
    with pytest.raises(IndexError):
        a[2, 1]
    with pytest.raises(IndexError):
        a[:, 1] = 0.0
    assert base[-1] == -1.0  # nothing written


def test_a_dummy_declared_longer_than_its_actual() -> None:
    # ODRPACK passes IFIXB(1) (set to -1: "none") to IFIXB(NP) and reads only IFIXB(1)
    actual = np.array([-1], dtype=np.int32)
    d = storage.dummy(actual, (5,), np.int32)
    assert d[0] == -1 and d.shape == (5,)
    d[0] = 4
    assert actual[0] == 4
    with pytest.raises(IndexError):
        d[1]
    with pytest.raises(IndexError):
        d[0:2]


@needs_gfortran
def test_e_editing_rounds_an_exact_tie_to_even(tmp_path: Path) -> None:
    source = """\
program p
  implicit none
  double precision :: x(6)
  integer :: k
  x = [2.0d0**(-11), 0.125d0, -2.5d-3, 0.0625d0, 2.0d0**(-20), 1.5d0]
  do k = 1, 6
    print '(1PE13.6, E12.3, ES11.3, D12.2, -1PE12.4, 2PE13.4)', x(k), x(k), x(k), x(k), x(k), x(k)
  end do
end program p
"""
    assert_same_run(tmp_path, source, "p.f90")


@needs_gfortran
def test_data_after_a_statement_function(tmp_path: Path) -> None:
    source = """\
      subroutine s(x, y)
      double precision x, y, diff, u, v, zero
      diff(u,v)=       u-v
      data             zero/0.0d0/, factor/1.0d-3/
      y = diff(x, zero) * factor
      if (diff(x, y) .gt. zero) y = diff(y, x)
      end
      program p
      double precision x, y
      x = 3.0d0
      call s(x, y)
      print *, y
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_comments_inside_do_loops_sharing_their_end(tmp_path: Path) -> None:
    source = """\
      subroutine s(n, k, b, ip)
      integer n, k, ip(n), jb, j
      double precision b(n, 2), tmp
  180 do 250 jb=1,2

c   a comment, then a blank line
          if (k.eq.n) goto 240
          b(1,jb) = b(1,jb) + 1
c   reorder
  240     do 250 j=n,1,-1
              if(ip(j).eq.j)          goto 250
              tmp=b(ip(j),jb)
              b(ip(j),jb)=b(j,jb)
c   a comment between a statement and its continuation
     *              + 0.5d0
              b(j,jb)=tmp
  250 continue
      if (k .lt. 0) goto 180
      end
      program p
      integer ip(4)
      double precision b(4, 2)
      data ip /3, 2, 4, 4/
      data b /1d0, 2d0, 3d0, 4d0, 5d0, 6d0, 7d0, 8d0/
      call s(4, 3, b, ip)
      print *, b
      call s(4, 4, b, ip)
      print *, b
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_assign_and_assigned_goto(tmp_path: Path) -> None:
    source = """\
      double precision function phases(n, dx)
      integer n, i, next
      double precision dx(n), s
      s = 0.0d0
      assign 30 to next
      do 90 i = 1, n
         if (i .gt. n) go to next
         go to next, (30, 50, 70, 80)
   30    s = s + dx(i)
         if (s .gt. 2.0d0) assign 50 to next
         go to 90
   50    s = s - 0.5d0 * dx(i)
         assign 70 to next
         go to 90
   70    s = s * 1.25d0
         assign 80 to next
         go to 90
   80    s = s + 1.0d0
         assign 30 to next
         go to next
   90 continue
      phases = s
      end
      program p
      double precision dx(7), phases
      data dx /1.5d0, 0.25d0, 1.0d0, -2.0d0, 3.0d0, 0.5d0, -1.0d0/
      print *, phases(7, dx), phases(2, dx), phases(3, dx)
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_blanks_inside_parameter_names(tmp_path: Path) -> None:
    source = """\
      program p
      double precision er1, er12, x
      parameter (
     &  er 1 =  0.1312004499419488073250102996D-01,
     &  er1 2 = -0.2235530786388629525884427845D-01)
      x = er1 * 3.0d0 + er12
      print *, x, er1, er12
      end
"""
    assert_same_run(tmp_path, source, "p.f")


@needs_gfortran
def test_assignment_to_an_assumed_length_dummy_keeps_its_length(tmp_path: Path) -> None:
    # the dummy took the value's length (11), not the actual's (20): torture strlen
    n = random.randint(12, 30)
    source = f"""\
      subroutine setc(c, long)
      character*(*) c, long
      c = 'Hello World'
      long = c // c // c
      end
      program p
      character*{n} c
      character*5 short
      c = 'Longer Test String'
      call setc(c, short)
      print *, '[', c, ']', len(c), len_trim(c)
      print *, '[', short, ']', len(short)
      end
"""
    assert_same_run(tmp_path, source, "p.f")


def test_documented_difference_a_local_without_save_starts_afresh(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.fortran_reach.harness import ROOT
    from transpyle.compiler import compile_fortran
    source = """\
      double precision function step(first)
      logical first
      double precision x
      character*3 s
      if (first) then
         x = 2.5d0
         s = 'abc'
      end if
      step = x
      print *, '[', s, ']'
      end
      program p
      double precision step
      print *, step(.true.)
      print *, step(.false.)
      end
"""
    script = tmp_path / "p.py"
    script.write_text(compile_fortran(source, "python", filename="p.f"))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == " [abc]" and lines[2] == " [   ]"
    assert float(lines[1]) == 2.5 and float(lines[3]) == 0.0


@needs_gfortran
def test_a_character_array_element_as_the_start_of_a_dummy_array(tmp_path: Path) -> None:
    # the dummy's view was asked for dtype np.str (a FutureWarning, an error under -W error)
    source = """\
      subroutine show(a, n)
      integer n, k
      character*4 a(n)
      do 10 k = 1, n
         a(k)(4:4) = '!'
   10 continue
      print *, (a(k), k = 1, n)
      end
      program p
      character*4 names(5)
      data names /'ab', 'cd', 'ef', 'gh', 'ij'/
      call show(names(2), 3)
      print *, names
      end
"""
    assert_same_run(tmp_path, source, "p.f")
