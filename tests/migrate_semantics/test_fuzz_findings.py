"""Mismatch classes the Fortran fuzzer (tests/fuzz/fortran_extra.py) found, each against
gfortran on fresh values (the seed is printed):

- DIM(x, a + b) is x - (a + b) (the migrated code wrote x - a + b);
- a COMPLEX operand in a COMPLEX(8) operation is widened first (a complex64 beside a Python
  complex stayed complex64, losing half the digits);
- a DO variable read after its loop is one step past the trip count fixed at the loop's start,
  however the body changes the variables of its bounds.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import (
    assert_same_stdout,
    f64,
    gfortran_stdout,
    needs_gfortran,
    python_stdout,
)


def _rng() -> np.random.Generator:
    seed = secrets.randbits(32)
    print(f"seed {seed}")
    return np.random.default_rng(seed)


@needs_gfortran
def test_dim_of_a_sum(tmp_path: Path) -> None:
    rng = _rng()
    lines = ["program pdim", "  implicit none", "  integer :: i, j, k",
             "  double precision :: x, y"]
    for _ in range(8):
        i, j, k = (int(v) for v in rng.integers(-20, 20, 3))
        x, y = (f64(float(v)) for v in rng.normal(0, 10, 2))
        lines += [f"  i = {i}", f"  j = {j}", f"  k = {k}", f"  x = {x}", f"  y = {y}",
                  "  print *, dim(i, j + k), dim(i - j, k - i), dim(11, (k + j)), dim(-i, -j)",
                  "  print *, dim(x, y + x * 0.5d0), dim(x - y, -y), dim(merge(i, j, i > j), k)"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pdim", ""]))


@needs_gfortran
def test_complex4_in_complex8_operations(tmp_path: Path) -> None:
    rng = _rng()
    lines = ["program pcx", "  implicit none", "  complex :: z", "  complex(8) :: w, v",
             "  integer :: i", "  double precision :: d"]
    for _ in range(8):
        a, b, c, e = (round(float(v), 3) for v in rng.normal(0, 5, 4))
        i = int(rng.integers(-9, 9))
        lines += [f"  z = cmplx({a}, {b})", f"  w = cmplx({f64(c)}, {f64(e)}, 8)", f"  i = {i}",
                  f"  d = {f64(a * 0.37)}",
                  "  v = w / cmplx(abs(real(w)) + 1.0d0, aimag(w), 8) + conjg(cmplx(i, 2))",
                  "  write(*, '(2ES24.16E3)') v",
                  "  v = w * z + z * (1.5, -0.5) - cmplx(d, 0.1)",
                  "  write(*, '(2ES24.16E3)') v",
                  "  v = z",
                  "  v = v + w - (0.1, 0.3)",
                  "  print *, v, w * z, abs(w - z)"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pcx", ""]))


@needs_gfortran
def test_do_variable_after_a_loop_that_changes_its_bounds(tmp_path: Path) -> None:
    rng = _rng()
    lines = ["program pdo", "  implicit none", "  integer :: i, k, n, m, s, t"]
    for _ in range(10):
        n, m = (int(v) for v in rng.integers(-10, 10, 2))
        s = int(rng.choice([-3, -2, -1, 1, 2, 3]))
        lines += [f"  n = {n}", f"  m = {m}", f"  s = {s}", "  t = 0",
                  "  do k = n, m + n, s",
                  "    n = n + 2",  # the bounds were taken before: the trip count stays
                  "    s = -s",
                  "    t = t + k",
                  f"    if (t > {int(rng.integers(5, 60))}) exit",
                  "  end do",
                  "  print *, k, n, s, t",
                  "  do i = 1, m",
                  "    m = m - 1",
                  "    call bump(n)",
                  "  end do",
                  "  print *, i, m, n"]
    lines += ["contains", "  subroutine bump(x)", "    integer, intent(inout) :: x",
              "    x = x + 1", "  end subroutine bump", "end program pdo", ""]
    assert_same_stdout(tmp_path, "\n".join(lines))


@needs_gfortran
def test_positioning_right_after_a_left_tab_keeps_the_record(tmp_path: Path) -> None:
    """TR and X past the last write but inside the record move over what is there (they
    blanked it); T, TL then TR, X over a field written earlier."""
    rng = _rng()
    lines = ["program ptab", "  implicit none", "  integer :: i, j", "  double precision :: x"]
    for _ in range(6):
        i, j = (int(v) for v in rng.integers(-99, 999, 2))
        x = f64(round(float(rng.normal(0, 100)), 4))
        back, fwd = int(rng.integers(1, 8)), int(rng.integers(1, 6))
        lines += [f"  i = {i}", f"  j = {j}", f"  x = {x}",
                  f"  write(*, '(I4, T12, F9.3, TL{back}, I3, TR{fwd}, I4)') i, x, j, i",
                  f"  write(*, '(A, T3, A, {fwd + 1}X, A)') 'abcdefgh', 'X', 'Y'",
                  f"  write(*, '(F10.2, TL{back}, A1, TR2, A, T2, I2)') x, '|', 'end', j",
                  f"  write(*, '(A, TL{back}, TR{fwd}, A)') 'abcdefgh', 'Z'"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program ptab", ""]))


@needs_gfortran
def test_documented_difference_real_matmul(tmp_path: Path) -> None:
    """MATMUL of reals: libgfortran's blocked kernel (with FMA where the CPU has it) and
    NumPy's BLAS sum the products in different orders: the results agree to a few units in
    the last place, not bit for bit (docs/DIFFERENCES.md). Integer MATMUL is exact."""
    rng = _rng()
    a = rng.normal(0, 1, (5, 6))
    b = rng.normal(0, 1, (6, 4))
    m = rng.integers(-99, 99, (5, 6))
    sets = [f"  a({i + 1}, {j + 1}) = {f64(float(a[i, j]))}" for i in range(5) for j in range(6)]
    sets += [f"  b({i + 1}, {j + 1}) = {f64(float(b[i, j]))}" for i in range(6) for j in range(4)]
    sets += [f"  m({i + 1}, {j + 1}) = {int(m[i, j])}" for i in range(5) for j in range(6)]
    src = "\n".join([
        "program pmm", "  implicit none", "  double precision :: a(5, 6), b(6, 4)",
        "  integer :: m(5, 6)", *sets,
        "  write(*, '(4ES24.16E3)') matmul(a, b)", "  print *, matmul(m, transpose(m))",
        "end program pmm", ""])

    want, got = gfortran_stdout(tmp_path, src), python_stdout(tmp_path, src)
    w_lines, g_lines = want.decode().splitlines(), got.decode().splitlines()
    fields = lambda lines: np.array([float(line[k:k + 24]) for line in lines  # noqa: E731
                                     for k in range(0, len(line), 24)])
    real_w, real_g = fields(w_lines[:5]), fields(g_lines[:5])
    scale = np.abs(a) @ np.abs(b)
    assert np.all(np.abs(real_w - real_g) <= 8 * np.finfo(float).eps * scale.ravel(order="F"))
    assert w_lines[5:] == g_lines[5:]  # integers: exact


@needs_gfortran
def test_integer8_to_real4_is_rounded_once(tmp_path: Path) -> None:
    """INTEGER(8) past 2**53 to REAL(4) or COMPLEX(4): one rounding, as gfortran converts
    (through a double, 2**53 + 2**29 + 1 fell on a tie and rounded to even: one ulp low);
    a variable, a literal, a mixed operation and an assignment."""
    rng = _rng()
    lines = ["program pj", "  implicit none", "  integer(8) :: j, ja(3)", "  real :: r",
             "  complex :: z"]
    for _ in range(8):
        # just above the midpoint of two singles whose lower one is even: a double holds
        # the midpoint, which rounds to even (down); the integer itself rounds up
        e = int(rng.integers(54, 62))
        m = 2**23 + 2 * int(rng.integers(0, 2**22))
        j = (m * 2**(e - 23) + 2**(e - 24) + int(rng.integers(1, 3))) * int(rng.choice([-1, 1]))
        lines += [f"  j = {j}_8", "  ja = [j, -j, j / 3]", "  r = 1.0", "  z = (1.0, 0.0)",
                  "  print *, real(j), real(j, 4), cmplx(j), r + j, r * j, z * j",
                  f"  print *, real({j}_8), real(ja), dble(j)",
                  "  r = j", "  z = j", "  print *, r, z"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pj", ""]))


@needs_gfortran
def test_minimal_exponent_width(tmp_path: Path) -> None:
    """Ew.dE0, ESw.dE0, ENw.dE0: the exponent in as few digits as it takes (it was all
    asterisks); E drops its optional leading zero where the field is short; SP signs."""
    rng = _rng()
    values = [0.0, -0.0, *(float(x) * 10.0 ** int(p) for x, p in
                          zip(rng.normal(0, 5, 12), rng.integers(-300, 300, 12), strict=True))]
    lines = ["program pe0", "  implicit none", "  double precision :: x"]
    for v in values:
        w, d = int(rng.integers(5, 13)), int(rng.integers(1, 4))
        lines += [f"  x = {f64(v)}",
                  f"  write(*, '(E{w}.{d}E0, \"|\", ES{w}.{d}E0, \"|\", EN{w + 2}.{d}E0)') x, x, x",
                  f"  write(*, '(SP, E{w}.{d}E0, 1X, ES12.3E0, SS, 1X, E12.4E0)') x, -x, x"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pe0", ""]))


@needs_gfortran
def test_documented_difference_no_note_of_signalling_exceptions_at_stop(tmp_path: Path) -> None:
    """STOP after a floating-point exception was raised (an underflow here): gfortran writes
    a note naming the signalling exceptions on standard error before STOP's line; the migrated
    program writes STOP's line only. Standard output and the exit status are the same."""
    rng = _rng()
    tiny = f64(float(rng.uniform(1, 9)) * 1e-300)
    src = "\n".join(["program pnote", "  implicit none", "  double precision :: x",
                     f"  x = {tiny}", "  x = x * x", "  print *, x", "  stop 3",
                     "end program pnote", ""])
    (tmp_path / "p.f90").write_text(src)
    import subprocess
    import sys

    from transpyle.compiler import compile_fortran

    subprocess.run(["gfortran", "-O0", "-o", str(tmp_path / "p"), str(tmp_path / "p.f90")],
                   check=True)
    ref = subprocess.run([str(tmp_path / "p")], capture_output=True, text=True)
    (tmp_path / "p.py").write_text(compile_fortran(src, "python", filename="p.f90"))
    got = subprocess.run([sys.executable, str(tmp_path / "p.py")], capture_output=True,
                         text=True, cwd=tmp_path)
    assert (got.stdout, got.returncode) == (ref.stdout, ref.returncode) == (got.stdout, 3)
    assert ref.stderr.splitlines() == [
        "Note: The following floating-point exceptions are signalling: IEEE_UNDERFLOW_FLAG",
        "STOP 3"]
    assert got.stderr.splitlines() == ["STOP 3"]


@needs_gfortran
def test_complex_assigned_to_integer_and_real(tmp_path: Path) -> None:
    """A COMPLEX value assigned to an INTEGER, REAL or DOUBLE PRECISION variable or array is
    its real part, converted (float() of a Python complex raised TypeError, a complex64 to
    float32 warned: the harness runs with -W error)."""
    rng = _rng()
    lines = ["program pcr", "  implicit none", "  complex :: z, za(2)", "  complex(8) :: w",
             "  real :: r, ra(2)", "  double precision :: d", "  integer :: i, ia(2)",
             "  integer(8) :: j"]
    for _ in range(6):
        a, b, c, e = (round(float(v), 4) for v in rng.normal(0, 50, 4))
        lines += [f"  z = cmplx({a}, {b})", f"  w = cmplx({f64(c)}, {f64(e)}, 8)",
                  "  r = z", "  d = w", "  i = w", "  j = z", "  print *, r, d, i, j",
                  "  r = w", "  d = z", "  i = z", "  print *, r, d, i",
                  "  za = [z, conjg(z)]", "  ra = za", "  ia = za", "  print *, ra, ia",
                  "  r = z * w", "  d = w + z", "  print *, r, d"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pcr", ""]))


@needs_gfortran
def test_bit_intrinsics_of_conditional_operands(tmp_path: Path) -> None:
    """IAND/IOR/IEOR/DIM whose operand is written as a conditional (SIGN, MERGE): the operand
    is grouped (`a & abs(b) if c >= 0 else -abs(b)` took the & into the condition)."""
    rng = _rng()
    lines = ["program pbits", "  implicit none", "  integer :: i, j, k, v(3)"]
    for _ in range(8):
        i, j, k = (int(x) for x in rng.integers(-200, 200, 3))
        lines += [f"  i = {i}", f"  j = {j}", f"  k = {k}", "  v = [i, j, k]",
                  "  print *, iand(v(1), sign((-11), i)), ior(sign(j, k), i), "
                  "ieor(merge(i, j, k > 0), sign(k, -j))",
                  "  print *, iand(sign(i, j), sign(k, i)), dim(sign(i, k), merge(j, k, i > j)), "
                  "ieor(-i, j - k)"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pbits", ""]))


@needs_gfortran
def test_merge_of_scalars_by_an_array_mask(tmp_path: Path) -> None:
    """MERGE(1, 0, mask) with an array mask is a default INTEGER array (NumPy made int64 of
    the Python scalars, printed 20 wide); REAL and DOUBLE PRECISION alike."""
    rng = _rng()
    lines = ["program pmerge", "  implicit none", "  double precision :: y(5)", "  integer :: k"]
    for _ in range(4):
        lines += [f"  y = [{', '.join(f64(float(v)) for v in rng.normal(0, 3, 5))}]",
                  f"  k = {int(rng.integers(-3, 3))}",
                  "  print *, merge(1, 0, y > 0d0), merge(k, -k, y < 1d0)",
                  "  print *, merge(1.5, -0.5, y > 0d0), merge(2d0, 0d0, y > 1d0)",
                  "  print *, sum(merge(1, 0, y > 0d0)), merge(.true., .false., y > 0d0)"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pmerge", ""]))


@needs_gfortran
def test_integer8_under_the_i_edit_descriptor(tmp_path: Path) -> None:
    """Iw, Iw.m and SP of INTEGER(8) past 2**53: every digit (they went through a double)."""
    rng = _rng()
    lines = ["program pi8", "  implicit none", "  integer(8) :: j"]
    for _ in range(8):
        j = int(rng.integers(2**53, 2**63 - 1)) * int(rng.choice([-1, 1]))
        lines += [f"  j = {j}_8",
                  "  write(*, '(I25, 1X, I22.20, 1X, SP, I21, SS, 1X, I0)') j, j, j, j",
                  "  write(*, '(I12, 1X, I19)') j, j / 3_8"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pi8", ""]))


@needs_gfortran
def test_g_editing_of_a_real4_at_a_decade_boundary(tmp_path: Path) -> None:
    """G of a REAL(4) that a 7-digit decimal puts in the next decade: libgfortran takes it
    there (9.99499989 under G10.3 is '10.0'; a DOUBLE PRECISION 9.99499999d0 is '9.99');
    the ulps around each boundary, both signs, G0.d and Gw.d."""
    lines = ["program pg", "  implicit none", "  real :: s", "  integer :: k, j"]
    for b in ("9.995", "0.9995", "99.95", "9.99995", "-9.995", "0.099995"):
        lines += [f"  s = {b}", "  do j = 1, 6", "    s = nearest(s, -1.0)", "  end do",
                  "  do k = 1, 12",
                  "    write(*, '(G0.3, 1X, G10.3, 1X, G12.5, 1X, G0.4)') s, s, s, s",
                  "    s = nearest(s, 1.0)", "  end do"]
    assert_same_stdout(tmp_path, "\n".join([*lines, "end program pg", ""]))

