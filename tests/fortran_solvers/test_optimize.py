"""SciPy 1.14.1's optimisation libraries through `transpyle migrate` (issue 15): L-BFGS-B,
SLSQP, COBYLA, and MINPACK's Jacobian solvers and checker. Each of our drivers is built with
the library by gfortran -O0 and run; the library and driver are migrated and run; standard
output and standard error must be the same bytes. L-BFGS-B's BLAS and DLAMCH are ours
(blas1.f); SciPy links them from the system BLAS, which the sdist does not hold.

The comparison is honest at -O0, -O2, -O3 and at -O3 -march=native -ffp-contract=off (all
four drivers print the same bytes under each, measured); -march=native alone contracts
a*b+c into FMA and -Ofast reassociates, and both change the printed digits of every driver:
the migrated Python is the build without contraction. One test builds at the optimised
flags."""

from __future__ import annotations

from pathlib import Path

from tests.fortran_solvers.test_solvers import HERE, same_bytes, scipy_src  # noqa: F401

MINPACK_J = ("hybrj", "hybrj1", "lmder", "lmder1", "lmstr", "lmstr1", "chkder", "dogleg",
             "dpmpar", "enorm", "qform", "qrfac", "r1mpyq", "r1updt", "lmpar", "qrsolv",
             "rwupdt")


def test_lbfgsb(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    lib = scipy_src / "optimize" / "lbfgsb_src"
    files = [lib / "lbfgsb.f", lib / "linpack.f", lib / "timer.f", HERE / "blas1.f"]
    out = same_bytes(tmp_path, [*files, HERE / "lbfgsb_driver.f90"], "lbfgsb_driver.f90")
    assert out.count(b": CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH\n") == 3
    assert b"At iterate   23" in out  # iprint = 101 printed every iteration of problem 1


def test_minpack_jacobians_optimised_build(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    files = [scipy_src / "optimize" / "minpack" / f"{n}.f" for n in MINPACK_J]
    same_bytes(tmp_path, [*files, HERE / "minpack_jac_driver.f90"], "minpack_jac_driver.f90",
               ("-O3", "-march=native", "-ffp-contract=off"))


def test_slsqp(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    files = [scipy_src / "optimize" / "slsqp" / "slsqp_optmz.f", HERE / "slsqp_driver.f90"]
    out = same_bytes(tmp_path, files, "slsqp_driver.f90")
    assert b" f =  1.7014017289136611E+01" in out  # Hock-Schittkowski 71's optimum 17.014
    assert out.count(b" mode  0 ") == 3


def test_cobyla(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    lib = scipy_src / "optimize" / "cobyla"
    files = [lib / "cobyla2.f", lib / "trstlp.f", HERE / "cobyla_driver.f90"]
    out = same_bytes(tmp_path, files, "cobyla_driver.f90")
    assert b"Reduction in RHO to 4.882812E-04" in out  # 2**-11 under 1PE13.6, ties to even
    assert b"Return from subroutine COBYLA because the MAXFUN limit has been reached" in out


def test_minpack_jacobians(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    files = [scipy_src / "optimize" / "minpack" / f"{n}.f" for n in MINPACK_J]
    out = same_bytes(tmp_path, [*files, HERE / "minpack_jac_driver.f90"],
                     "minpack_jac_driver.f90")
    assert out.count(b"chkder wrong") == 2 and b"hybrj info nfev njev   1" in out


def test_dop853_dopri5(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    lib = scipy_src / "integrate" / "dop"
    files = [lib / "dop853.f", lib / "dopri5.f", HERE / "dop_driver.f90"]
    out = same_bytes(tmp_path, files, "dop_driver.f90")
    assert out.count(b" idid  1 ") == 4  # both methods, both problems, successful


def test_odrpack_self_test(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    """ODRPACK's own test program (d_test.f, in the sdist) writes the files REPORT and
    SUMMARY: both must be the same bytes as the gfortran build's."""
    import shutil
    import subprocess
    import sys

    from tests.fortran_solvers.test_solvers import ROOT
    lib = scipy_src / "odr" / "odrpack"
    src = tmp_path / "src"
    src.mkdir()
    for f in [*sorted(lib.glob("*.f")), HERE / "blas1.f"]:
        shutil.copy(f, src / f.name)
    built = tmp_path / "built"
    built.mkdir()
    build = subprocess.run(["gfortran", "-w", "-O0", "-J", str(built),
                            *sorted(str(p) for p in src.iterdir()), "-o", str(built / "t")],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert subprocess.run([str(built / "t")], cwd=built, timeout=120).returncode == 0
    out = tmp_path / "py"
    migrate = subprocess.run([sys.executable, "-m", "transpyle.cli", "migrate", "-q", str(src),
                              "-o", str(out)], capture_output=True, text=True, cwd=ROOT,
                             timeout=600)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    got = subprocess.run([sys.executable, "-W", "error", "d_test.py"], capture_output=True,
                         timeout=600, cwd=out, env={"PYTHONPATH": str(ROOT),
                                                     "PATH": "/usr/bin:/bin"})
    assert got.returncode == 0, got.stderr.decode()
    summary = (built / "SUMMARY").read_bytes()
    assert b"ALL TESTS AGREE WITH EXPECTED RESULTS" in summary
    assert (out / "SUMMARY").read_bytes() == summary
    assert (out / "REPORT").read_bytes() == (built / "REPORT").read_bytes()
