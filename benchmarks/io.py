"""Unformatted file I/O, original vs migrated (issue 15): one Fortran program writes ~1 GB of
int64 arrays as unformatted sequential records, reads them back and checks a sum; the gfortran
build (-O2) and the migrated Python each run it in a fresh folder, best wall time of a few
runs, files written and stdout compared byte for byte. Target: migrated within 1.10x.
Writes benchmarks/results/io.json with the machine named.

    python -m benchmarks.io [--mib 1024] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.machine import cpu_name
from transpyle.compiler import compile_fortran

RESULTS = Path(__file__).parent / "results" / "io.json"
ROOT = Path(__file__).parent.parent

PROGRAM = """
program io_bench
  implicit none
  integer, parameter :: n = {n}, nrec = {nrec}
  integer(8), allocatable :: a(:), b(:)
  integer(8) :: total
  integer :: k
  allocate(a(n), b(n))
  a = 7_8
  a(n) = -3_8
  open(10, file='big.bin', form='unformatted', status='replace')
  do k = 1, nrec
    a(1) = k
    write(10) a
  end do
  close(10)
  total = 0
  open(11, file='big.bin', form='unformatted', status='old', action='read')
  do k = 1, nrec
    read(11) b
    total = total + b(1) + b(n)
  end do
  close(11)
  print *, total
end program
"""


def _run(cmd: list[str], folder: Path, env: dict[str, str]) -> tuple[float, bytes]:
    """One wall time, from a folder without the big file and with the page cache synced."""
    (folder / "big.bin").unlink(missing_ok=True)
    os.sync()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=folder, capture_output=True, env=env, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mib", type=int, default=1024, help="total size written and read")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    nrec = 8
    n = args.mib * 2**20 // 8 // nrec
    source = PROGRAM.format(n=n, nrec=nrec)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory(prefix="tp_io_", dir=".") as tmp:
        work = Path(tmp).resolve()
        (work / "io.f90").write_text(source)
        (work / "io_py.py").write_text(compile_fortran(source, "python", filename="io.f90"))
        subprocess.run(["gfortran", "-O2", "io.f90", "-o", "io.exe"], cwd=work, check=True)
        runs = (("gfortran", [str(work / "io.exe")]),
                ("migrated", [sys.executable, str(work / "io_py.py")]))
        times = {who: float("inf") for who, _ in runs}
        outs, files = {}, {}
        for who, _ in runs:
            (work / who).mkdir()
        for _ in range(args.repeat):  # alternating, best of each
            for who, cmd in runs:
                t, outs[who] = _run(cmd, work / who, env)
                times[who] = min(times[who], t)
        for who, _ in runs:
            files[who] = (work / who / "big.bin").stat().st_size
        same = outs["gfortran"] == outs["migrated"] and files["gfortran"] == files["migrated"] \
            and _same_bytes(work / "gfortran" / "big.bin", work / "migrated" / "big.bin")
        shutil.rmtree(work / "gfortran")
        shutil.rmtree(work / "migrated")
    result = {
        "machine": {"cpu": cpu_name(), "cores": os.cpu_count(), "python": platform.python_version(),
                    "gfortran": _gfortran_version()},
        "bytes_written_and_read": files["gfortran"], "records": nrec, "repeat": args.repeat,
        "seconds_gfortran_O2": round(times["gfortran"], 3),
        "seconds_migrated": round(times["migrated"], 3),
        "ratio": round(times["migrated"] / times["gfortran"], 3),
        "stdout_and_file_identical": same,
        "note": "best of `repeat` alternating wall times of the whole program (write all, then "
                "read all back), each from a synced page cache without the file; the migrated "
                "time includes starting Python, NumPy and transpyle's runtime imports",
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def _same_bytes(a: Path, b: Path) -> bool:
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            x, y = fa.read(1 << 24), fb.read(1 << 24)
            if x != y:
                return False
            if not x:
                return True


def _gfortran_version() -> str:
    done = subprocess.run(["gfortran", "--version"], capture_output=True, text=True)
    return done.stdout.splitlines()[0] if done.returncode == 0 else "unknown"


if __name__ == "__main__":
    main()
