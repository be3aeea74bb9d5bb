"""The tools compared: how each one turns a kernel into a callable.

All callables take the typed-Python signature of benchmarks/cpu/kernels.py. Compilation happens
where each tool does it: transpyle and Numba at the first call, Pyccel in `epyccel`, the
hand-written Fortran twins once for the whole module (f2py), so "first call" timings include it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import inspect
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from benchmarks.cpu import kernels
from benchmarks.cpu.suite import Kernel
from benchmarks.machine import cpu_name
from transpyle import transpile
from transpyle.runtime.build import BASE_FLAGS

HERE = Path(__file__).resolve().parent
TWINS_SOURCE = HERE / "twins.f90"
TOOLS = ("fortran", "transpyle", "numba", "pyccel", "numpy", "cpython")
FLAGS = " ".join(BASE_FLAGS)


def build_twins(workdir: Path) -> tuple[ModuleType, float]:
    """Build twins.f90 with f2py and the flags transpyle uses; the module and the build time."""
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / TWINS_SOURCE.name
    src.write_text(TWINS_SOURCE.read_text())
    env = dict(os.environ, FFLAGS=FLAGS)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    cmd = [sys.executable, "-m", "numpy.f2py", "-c", src.name, "-m", "bench_twins",
           f"--opt={FLAGS}"]
    if sys.version_info >= (3, 12):
        cmd.append("--backend=meson")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    built = sorted(workdir.glob("bench_twins*.so")) + sorted(workdir.glob("bench_twins*.pyd"))
    if proc.returncode != 0 or not built:
        raise RuntimeError(f"f2py failed on {src}:\n{(proc.stdout + proc.stderr)[-3000:]}")
    loader = importlib.machinery.ExtensionFileLoader("bench_twins", str(built[0]))
    spec = importlib.util.spec_from_file_location("bench_twins", built[0], loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module, seconds


def fortran_order(args: tuple[Any, ...]) -> list[Any]:
    """How a Fortran programmer passes C-order arrays to Fortran: as transposed views."""
    return [a.T if isinstance(a, np.ndarray) and a.ndim > 1 else a for a in args]


def twin(module: ModuleType, name: str) -> Callable[..., Any]:
    target = getattr(module.twins, name)

    def call(*args: Any) -> Any:
        return target(*fortran_order(args))

    return call


def _source(names: tuple[str, ...]) -> str:
    return "\n\n".join(inspect.getsource(getattr(kernels, n)) for n in names)


def numba_version(kernel: Kernel) -> Callable[..., Any]:
    """`numba.njit` of the kernel and its helpers, re-bound so the kernel calls jitted helpers."""
    import numba

    namespace: dict[str, Any] = {"math": math, "np": np}
    for name in (*kernel.helpers, kernel.name):
        exec(compile(inspect.getsource(getattr(kernels, name)), kernels.__file__, "exec"),
             namespace)
        namespace[name] = numba.njit(namespace[name])
    return namespace[kernel.name]


def pyccel_version(kernel: Kernel, folder: Path) -> Callable[..., Any]:
    """`epyccel` of the kernel's source (with its helpers) as a module, our flags added."""
    from pyccel import epyccel

    source = "import math\nimport numpy as np\n\n" + _source((*kernel.helpers, kernel.name)) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    module = epyccel(source, language="fortran", flags=FLAGS, folder=str(folder))
    return getattr(module, kernel.name)


def available(tool: str) -> str | None:
    """None when the tool can run here; otherwise why not."""
    if tool in ("numba", "pyccel"):
        try:
            __import__(tool)
        except ImportError as err:
            return f"not installed ({err}); `make bench` installs the [bench] extra"
    return None


def make(tool: str, kernel: Kernel, twins: ModuleType | None, workdir: Path,
         transpyle_flags: tuple[str, ...] = ()) -> Callable[..., Any]:
    """The kernel as `tool` runs it (compiling where the tool compiles ahead of the call).

    `transpyle_flags` are extra compiler flags for transpyle only (an experiment; the default
    run gives every Fortran tool the same flags)."""
    if tool == "cpython":
        return kernel.python
    if tool == "numpy":
        assert kernel.numpy is not None
        return kernel.numpy
    if tool == "fortran":
        assert twins is not None
        return twin(twins, kernel.name)
    if tool == "transpyle":
        return transpile(kernel.python, flags=transpyle_flags)
    if tool == "numba":
        return numba_version(kernel)
    if tool == "pyccel":
        return pyccel_version(kernel, workdir / "pyccel" / kernel.name)
    raise ValueError(f"unknown tool {tool}")


def versions() -> dict[str, str]:
    out: dict[str, str] = {"python": sys.version.split()[0], "numpy": np.__version__}
    for name in ("numba", "pyccel", "transpyle"):
        try:
            out[name] = str(__import__(name).__version__)
        except (ImportError, AttributeError):
            out[name] = "not installed"
    try:
        gf = subprocess.run(["gfortran", "--version"], capture_output=True, text=True)
        out["gfortran"] = gf.stdout.splitlines()[0]
    except (OSError, IndexError):
        out["gfortran"] = "not found"
    return out


def machine() -> dict[str, Any]:
    return {"cpu": cpu_name(), "cores": os.cpu_count(), "platform": sys.platform,
            "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}
