"""One MPI Fortran program run two ways under the same launcher: the original built by mpif90
(-O0) and the migrated Python, each as `mpirun -n N`. Compared: every rank's standard output
and standard error (Open MPI's --output-filename keeps them apart, so they compare rank by rank
whatever the interleaving), the exit status, and the bytes of every file the program wrote.

Open MPI as root needs --allow-run-as-root; more ranks than cores need --oversubscribe: the
runner passes both. Where mpif90, mpirun or mpi4py is missing the tests skip with the reason
(`make test` installs Open MPI and the `mpi` extra).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transpyle.compiler import compile_fortran

ROOT = Path(__file__).parent.parent.parent
OUTPUT = "mpi-output"  # the launcher's per-rank output folder inside the work folder


@functools.cache
def missing() -> str | None:
    """Why MPI programs cannot run here, or None."""
    for tool in ("mpif90", "mpirun"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (`make test` installs Open MPI)"
    version = subprocess.run(["mpirun", "--version"], capture_output=True, text=True)
    if "Open MPI" not in version.stdout + version.stderr:
        return "mpirun is not Open MPI's (the runner uses its --output-filename)"
    probe = subprocess.run([sys.executable, "-c", "import mpi4py"], capture_output=True)
    if probe.returncode != 0:
        return "mpi4py is not installed (`make test` installs the `mpi` extra)"
    return None


def needs_mpi() -> None:
    reason = missing()
    if reason is not None:
        pytest.skip(reason)


@dataclasses.dataclass(frozen=True)
class Run:
    status: int
    ranks: tuple[tuple[bytes, bytes], ...]  # (stdout, stderr) of each rank
    files: dict[str, bytes]  # what the program wrote in its folder
    launcher: str  # mpirun's own output, for messages


def mpirun(n: int, output: Path) -> list[str]:
    root = ["--allow-run-as-root"] if os.geteuid() == 0 else []
    return ["mpirun", *root, "--oversubscribe", "-n", str(n), "--output-filename",
            str(output)]


def _env() -> dict[str, str]:
    path = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    return dict(os.environ, PYTHONPATH=path, OMPI_MCA_orte_base_help_aggregate="0")


def _launch(work: Path, n: int, command: list[str]) -> Run:
    output = work / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    run = subprocess.run([*mpirun(n, output), *command], cwd=work, env=_env(),
                         capture_output=True, timeout=120)
    ranks = []
    for r in range(n):
        found = list(output.glob(f"*/rank.{r}"))
        folder = found[0] if found else output / "none"
        ranks.append(tuple((folder / s).read_bytes() if (folder / s).exists() else b""
                           for s in ("stdout", "stderr")))
    files = {str(p.relative_to(work)): p.read_bytes() for p in sorted(work.rglob("*"))
             if p.is_file() and OUTPUT not in p.parts}
    return Run(run.returncode, tuple(ranks), files,  # type: ignore[arg-type]
               (run.stdout + run.stderr).decode(errors="replace"))


def build_original(tmp_path: Path, source: str, name: str = "prog.f90") -> Path:
    src = tmp_path / name
    src.write_text(source)
    exe = tmp_path / "prog.exe"
    build = subprocess.run(["mpif90", "-w", "-O0", "-fno-backtrace", str(src), "-o", str(exe)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    return exe


def migrate(tmp_path: Path, source: str, name: str = "prog.f90") -> Path:
    script = tmp_path / "prog_py.py"
    script.write_text(compile_fortran(source, "python", filename=name))
    return script


def _fresh(tmp_path: Path, name: str) -> Path:
    work = tmp_path / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    return work


def assert_same_mpi_run(tmp_path: Path, source: str, ranks: tuple[int, ...] = (1, 2, 4),
                        name: str = "prog.f90", status: int = 0) -> dict[int, Run]:
    """The original and the migrated program print the same bytes rank by rank, exit alike
    and write the same files, for each number of ranks; the original's runs are returned."""
    needs_mpi()
    exe = build_original(tmp_path, source, name)
    script = migrate(tmp_path, source, name)
    runs = {}
    for n in ranks:
        want = _launch(_fresh(tmp_path, f"f{n}"), n, [str(exe)])
        got = _launch(_fresh(tmp_path, f"p{n}"), n, [sys.executable, "-W", "error",
                                                     str(script)])
        where = f"{n} ranks\n{script.read_text()}\nlauncher: {got.launcher[-3000:]}"
        assert want.status == status, f"the original exited {want.status} with {n} ranks: " \
                                      f"{want.launcher}"
        for r, (w, g) in enumerate(zip(want.ranks, got.ranks, strict=True)):
            assert g[1] == w[1], f"rank {r} stderr: {w[1]!r} vs {g[1]!r}\n{where}"
            assert g[0] == w[0], f"rank {r} stdout:\n{w[0].decode()}\nvs\n{g[0].decode()}" \
                                 f"\n{where}"
        assert got.status == want.status, where
        assert got.files.keys() == want.files.keys(), where
        for name, data in want.files.items():
            assert got.files[name] == data, f"{name} differs\n{where}"
        runs[n] = want
    return runs
