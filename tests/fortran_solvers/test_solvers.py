"""SciPy 1.14.1's QUADPACK, MINPACK and ODEPACK Fortran through `transpyle migrate` (issue 15).

Each driver of this folder is built with the library files it needs by gfortran -O0 and run; the
same files are migrated and the driver's Python run; standard output must be the same bytes.
The library comes from SciPy's sdist on PyPI (fetched once, checked against its SHA-256, kept in
pytest's cache); where it cannot be fetched the tests skip with the reason. LSODA's dense LU
(SciPy builds it against LAPACK, which the sdist does not hold) is ours: dense_lu.f90.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

import pytest

from transpyle.compiler import FORTRAN_SUFFIXES

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SDIST = "scipy-1.14.1.tar.gz"
SHA256 = "5a275584e726026a5699459aa72f828a610821006228e841b94275c4a7c08417"
QUADPACK = ("dqag", "dqage", "dqags", "dqagse", "dqk15", "dqk21", "dqk31", "dqk41", "dqk51",
            "dqk61", "dqpsrt", "dqelg")
MINPACK = ("hybrd1", "hybrd", "dogleg", "dpmpar", "enorm", "fdjac1", "qform", "qrfac", "r1mpyq",
           "r1updt", "lmdif1", "lmdif", "lmpar", "qrsolv", "fdjac2")
ODEPACK = ("blkdta000", "bnorm", "cfode", "ewset", "fnorm", "intdy", "lsoda", "prja", "solsy",
           "srcma", "stoda", "vmnorm", "xerrwv", "xsetf", "xsetun")
MACH = ("d1mach", "xerror")


def fetch_sdist(dest: Path) -> Path:
    """SciPy's sdist through PyPI's simple index (PEP 691 JSON)."""
    tarball = dest / SDIST
    if tarball.is_file() and hashlib.sha256(tarball.read_bytes()).hexdigest() == SHA256:
        return tarball
    req = urllib.request.Request("https://pypi.org/simple/scipy/",
                                 headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310 - a fixed https URL
        url = next(f["url"] for f in json.load(r)["files"] if f["filename"] == SDIST)
    with urllib.request.urlopen(url, timeout=300) as r:  # noqa: S310
        data = r.read()
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise OSError(f"{SDIST}: SHA-256 mismatch")
    tarball.write_bytes(data)
    return tarball


@pytest.fixture(scope="session")
def scipy_src(request: pytest.FixtureRequest) -> Path:
    """The unpacked Fortran of SciPy's integrate and optimize packages."""
    if shutil.which("gfortran") is None:
        pytest.skip("gfortran is not installed (`make test` installs it)")
    cache = Path(request.config.cache.mkdir("scipy-1.14.1"))
    top = cache / "scipy-1.14.1" / "scipy"
    if not (top / "sparse" / "linalg" / "_propack" / "PROPACK" / "double" / "stat.h").is_file():
        try:
            tarball = fetch_sdist(cache)
        except (OSError, StopIteration) as err:
            pytest.skip(f"SciPy's sdist cannot be fetched from PyPI: {err}")
        with tarfile.open(tarball) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and "/scipy/" in m.name
                       and Path(m.name).suffix.lower() in FORTRAN_SUFFIXES + (".h", ".inc")]
            tar.extractall(cache, members=members, filter="data")
    return top


def same_bytes(tmp_path: Path, files: list[Path], driver: str,
               flags: tuple[str, ...] = ("-O0",)) -> bytes:
    """The gfortran build (with `flags`) and the migrated Python print the same bytes."""
    src = tmp_path / "src"
    src.mkdir()
    for f in files:
        shutil.copy(f, src / f.name)
    exe = tmp_path / "driver.exe"
    build = subprocess.run(["gfortran", "-w", *flags, "-fno-backtrace", "-J", str(tmp_path),
                            *sorted(str(p) for p in src.iterdir()), "-o", str(exe)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    want = subprocess.run([str(exe)], capture_output=True, timeout=120, cwd=tmp_path)
    assert want.returncode == 0, want.stderr
    out = tmp_path / "py"
    migrate = subprocess.run([sys.executable, "-m", "transpyle.cli", "migrate", "-q", str(src),
                              "-o", str(out)], capture_output=True, text=True, cwd=ROOT,
                             timeout=600)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    got = subprocess.run([sys.executable, "-W", "error", f"{Path(driver).stem}.py"],
                         capture_output=True, timeout=600, cwd=out,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert got.returncode == 0, got.stderr.decode()
    assert got.stderr == want.stderr  # L-BFGS-B writes to unit 0
    assert got.stdout == want.stdout, "\n".join(
        f"gfortran {a!r}\npython   {b!r}" for a, b in
        zip(want.stdout.splitlines(), got.stdout.splitlines(), strict=False) if a != b)
    return want.stdout


def test_quadpack_dqag_dqags(scipy_src: Path, tmp_path: Path) -> None:
    files = [scipy_src / "integrate" / "quadpack" / f"{n}.f" for n in QUADPACK]
    files += [scipy_src / "integrate" / "mach" / f"{n}.f" for n in MACH]
    out = same_bytes(tmp_path, [*files, HERE / "quadpack_driver.f90"], "quadpack_driver.f90")
    assert out.count(b"abnormal return from dqags") == 2  # ier = 1 and ier = 6 both reached
    assert b" -4.44444444444444" in out  # the integral of sqrt(x) log(x) is -4/9


def test_minpack_hybrd1_lmdif1(scipy_src: Path, tmp_path: Path) -> None:
    files = [scipy_src / "optimize" / "minpack" / f"{n}.f" for n in MINPACK]
    out = same_bytes(tmp_path, [*files, HERE / "minpack_driver.f90"], "minpack_driver.f90")
    assert b"lmdif1 bard  1\n  8.24105758643683" in out  # Bard's known minimiser


def test_odepack_lsoda_robertson(scipy_src: Path, tmp_path: Path) -> None:
    files = [scipy_src / "integrate" / "odepack" / f"{n}.f" for n in ODEPACK]
    files += [scipy_src / "integrate" / "mach" / "d1mach.f", HERE / "dense_lu.f90"]
    out = same_bytes(tmp_path, [*files, HERE / "lsoda_driver.f90"], "lsoda_driver.f90")
    assert out.count(b"\n   2 ") == 24  # istate 2 at all 12 output times, both Jacobians
