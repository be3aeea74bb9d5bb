"""Building Fortran into an importable extension module with f2py.

`python -m numpy.f2py -c` makes the wrapper and compiles; on Python 3.12+ it needs its meson
backend (meson and ninja from PyPI, found on PATH next to the running interpreter).
Floating point: by default -O3 -march=native -ffp-contract=off, so results match CPython's
(no fused multiply-add); `fastmath=True` allows contraction and -ffast-math.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from transpyle.errors import TranspileError

BASE_FLAGS = ("-O3", "-march=native", "-ffp-contract=off")
FAST_FLAGS = ("-O3", "-march=native", "-ffast-math")


@dataclass(frozen=True)
class BuildOptions:
    fastmath: bool = False
    openmp: bool = False
    extra_flags: tuple[str, ...] = field(default_factory=tuple)

    def fortran_flags(self) -> tuple[str, ...]:
        flags = FAST_FLAGS if self.fastmath else BASE_FLAGS
        if self.openmp:
            flags += ("-fopenmp",)
        return flags + self.extra_flags


def find_gfortran() -> str:
    path = shutil.which(os.environ.get("FC", "gfortran"))
    if path is None:
        raise TranspileError(None, "no Fortran compiler found: gfortran is not on PATH",
                             hint="install it (Debian/Ubuntu: 'apt-get install -y gfortran') "
                                  "or set FC to the compiler's name", code="E-build")
    return path


def build_extension(source_file: Path, module_name: str, out_dir: Path,
                    options: BuildOptions = BuildOptions()) -> Path:
    """Compile `source_file` into `out_dir/<module_name>.<ext>`; return the extension's path."""
    find_gfortran()
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["FFLAGS"] = " ".join(options.fortran_flags())
    cmd = [sys.executable, "-m", "numpy.f2py", "-c", source_file.name, "-m", module_name,
           f"--opt={' '.join(options.fortran_flags())}"]
    if sys.version_info >= (3, 12):
        cmd.append("--backend=meson")
    if options.openmp:
        cmd += ["-lgomp"]
    proc = subprocess.run(cmd, cwd=source_file.parent, env=env, capture_output=True, text=True)
    built = sorted(source_file.parent.glob(f"{module_name}*.so")) + sorted(
        source_file.parent.glob(f"{module_name}*.pyd"))
    if proc.returncode != 0 or not built:
        log = (proc.stdout + proc.stderr)[-4000:]
        raise TranspileError(None, f"building {source_file} failed (f2py exit code "
                             f"{proc.returncode}):\n{log}",
                             hint=f"the generated Fortran is kept at {source_file}",
                             code="E-build")
    target = out_dir / built[0].name
    if built[0] != target:
        shutil.move(str(built[0]), target)
    return target


def load_extension(path: Path, module_name: str) -> ModuleType:
    loader = importlib.machinery.ExtensionFileLoader(module_name, str(path))
    spec = importlib.util.spec_from_file_location(module_name, path, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module
