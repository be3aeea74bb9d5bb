"""Building Fortran into an importable extension module with f2py.

Three routes, chosen by `BuildOptions.backend`:
- "direct" (the default on Linux): f2py's generator writes the wrapper and the compilers are
  called directly, with f2py's support object compiled once (`build_direct.py`); about 0.3 s.
- "meson": `python -m numpy.f2py -c --backend=meson` (meson and ninja from PyPI, found on PATH
  next to the running interpreter); the only f2py route on Python 3.12+.
- "distutils": `python -m numpy.f2py -c --backend=distutils`, Python 3.11 and older only.
Floating point: by default -O3 -march=native -mno-fma -funroll-loops -ffp-contract=off (and
-fno-semantic-interposition, so that the module's procedures inline into each other; a module
with COMPLEX values also -mno-avx512f), so results match CPython's (no fused multiply-add, not
even in gfortran's vectorised complex products); `fastmath=True` allows contraction and
-ffast-math.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

from transpyle.errors import TranspileError
from transpyle.runtime.blas import link_flags, uses_blas

# -funroll-loops: mandelbrot 3.12 -> 2.81 ms, nbody 1.49 -> 1.25 ms, stencils 2-9% faster in the
# CPU benchmark (benchmarks/RESULTS.md); it reorders no arithmetic, so results stay CPython's.
# No -fwrapv: it makes integer overflow a defined wrap, but costs the matmul kernel 26% (0.259 ->
# 0.327 ms, the hand-written twin, measured) as gfortran can no longer reason about index
# arithmetic; integer overflow is a documented difference, `overflow="raise"` checks it.
# -nostdinc: gfortran's driver pre-includes glibc's math-vector-fortran.h, which lets the
# vectoriser call libmvec's SIMD sin, cos, exp, log, pow, ... (_ZGVdN4v_sin), not correctly
# rounded as the C library's scalar functions (CPython's math.sin) are: a vectorised np.sin of an
# array differed from CPython's in the last bit on 63% of elements. -nostdinc drops that
# pre-include (and no generated module includes a file), so every element calls the C library.
# -mno-fma: gfortran 12 vectorises a complex product (t = a * b; t / r) with vfmaddsub even
# under -ffp-contract=off (with -fPIC), which rounded once where CPython rounds twice.
# -mno-avx512f, for a module with COMPLEX values only (COMPLEX_FLAGS): on a processor with
# AVX-512, -march=native enables AVX512F, whose own fused forms gfortran's complex-product
# pattern still selects with -mno-fma (vfmaddsub in `t = a * b; t / r` and in vectorised loops of
# complex products: tests/semantics/test_complex_products.py, seen on an Intel Xeon with
# avx512f). Only complex products fuse that way; for other code AVX-512 stays (a data-dependent
# branch, the benchmark's `branchy`, vectorises with its masks: 2.8 ms, 14 ms without them)
# -fno-semantic-interposition: with -fPIC, gfortran treats every public module procedure as one
# that another shared object may replace at load time, so it never inlines a call from one
# procedure of the module to another (a helper such as rotate() or vdp_accel(), or the checked
# int() of tp_int_f8): each stayed a call, its results passed back through memory. No one
# interposes the procedures of an f2py extension; with the flag the helpers are inlined. CPU
# benchmark, CPU-time medians (benchmarks/RESULTS.md): rotations 98.6 -> 37.4 ms, rk4_vdp 11.6
# -> 8.5 ms, histogram (200,000 values, in cache) 0.42 -> 0.22 ms; results bit for bit the same.
# -fschedule-insns -fsched-pressure: gcc schedules instructions before register allocation too
# (off by default on x86), watching register pressure; it reorders no arithmetic. heat1d's
# vectorised stencil 0.494 -> 0.452 ms (Numba 0.446), other kernels within +-2%; CPU-time
# medians of 31, interleaved, 2026-12-02, shared machine.
# -fno-range-check: gfortran folds a constant expression as IEEE arithmetic does at run time,
# but refuses to compile one whose value is past the kind's range or NaN (`(1e300 + 10.0) *
# 1e300`: "Arithmetic overflow"); with the flag it is the inf or NaN CPython computes, and
# integer literal arithmetic wraps as run-time arithmetic does (docs/DIFFERENCES.md).
BASE_FLAGS = ("-O3", "-march=native", "-mno-fma", "-funroll-loops", "-ffp-contract=off",
              "-fno-semantic-interposition", "-fschedule-insns", "-fsched-pressure", "-nostdinc",
              "-fno-range-check")
COMPLEX_FLAGS = ("-mno-avx512f",)
_COMPLEX = re.compile(r"\bcomplex\s*[(*]|\bdouble\s+complex\b", re.IGNORECASE)
FAST_FLAGS = ("-O3", "-march=native", "-funroll-loops", "-fno-semantic-interposition",
              "-fschedule-insns", "-fsched-pressure", "-ffast-math", "-fno-range-check")
BACKENDS = ("direct", "meson", "distutils")


def default_backend() -> str:
    return "direct" if sys.platform.startswith("linux") else "meson"


@dataclass(frozen=True)
class BuildOptions:
    fastmath: bool = False
    openmp: bool = False
    extra_flags: tuple[str, ...] = field(default_factory=tuple)
    backend: str = field(default_factory=default_backend)
    overflow: str = "wrap"  # integer overflow: "wrap" at 64 bits, or "raise" OverflowError
    boundscheck: bool = False  # element indices checked: IndexError (passes/safety/indices.py)

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown build backend {self.backend!r}; choose one of "
                             f"{', '.join(BACKENDS)}")
        if self.backend == "distutils" and sys.version_info >= (3, 12):
            raise ValueError("f2py's distutils backend is gone on Python 3.12+; use 'direct' "
                             "or 'meson'")

    def fortran_flags(self, source: str | None = None) -> tuple[str, ...]:
        """The flags for gfortran; with the Fortran `source`, those it needs (COMPLEX_FLAGS)."""
        flags: tuple[str, ...] = FAST_FLAGS if self.fastmath else BASE_FLAGS
        if source is not None and not self.fastmath and _COMPLEX.search(source):
            flags += COMPLEX_FLAGS
        if self.openmp:
            flags += ("-fopenmp",)
        return flags + self.extra_flags


def find_gfortran() -> str:
    name = os.environ.get("FC", "gfortran")
    path = shutil.which(name)
    if path is None:
        what = "gfortran is not on PATH" if name == "gfortran" else \
            f"FC={name} names no executable program"
        raise TranspileError(None, f"no Fortran compiler found: {what}",
                             hint="install it (Debian/Ubuntu: 'apt-get install -y gfortran') "
                                  "or set FC to the compiler's name", code="E-build")
    return path


@cache
def compiler_probe(path: str) -> tuple[str | None, str]:
    """(the first line of `path --version`, or None if it does not answer; what went wrong)."""
    import subprocess  # here, not at the top: a warm start never runs a program

    try:
        proc = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60,
                              errors="replace")
    except (OSError, subprocess.SubprocessError) as err:
        return None, f"running '{path} --version' failed: {err}"
    first = proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else ""
    if proc.returncode != 0 or not first:
        return None, (f"'{path} --version' exited with code {proc.returncode} and printed "
                      f"{'nothing' if not first else repr(first)}")
    return first, ""


def working_gfortran() -> str:
    """The Fortran compiler's path, once its `--version` has said it is gfortran."""
    path = find_gfortran()
    version, problem = compiler_probe(path)
    if version is None or "GNU Fortran" not in version:
        problem = problem or f"it is not gfortran: '{path} --version' says {version!r}"
        raise TranspileError(None, f"the Fortran compiler {path} does not work: {problem}",
                             hint="install gfortran, or set FC to a working gfortran "
                                  "(transpyle passes gfortran's flags)", code="E-build")
    return path


def build_extension(source_file: Path, module_name: str, out_dir: Path,
                    options: BuildOptions = BuildOptions(),
                    support_dir: Path | None = None) -> Path:
    """Compile `source_file` into `out_dir/<module_name>.<ext>`; return the extension's path.

    `support_dir` keeps objects shared by all builds (the direct route's f2py support object).
    """
    gfortran = working_gfortran()
    if options.backend == "direct":
        from transpyle.runtime.build_direct import build_direct  # NumPy's f2py: only to build

        return build_direct(source_file, module_name, out_dir,
                            options.fortran_flags(source_file.read_text()), gfortran, support_dir)
    return _build_with_f2py(source_file, module_name, out_dir, options)


def _build_with_f2py(source_file: Path, module_name: str, out_dir: Path,
                     options: BuildOptions) -> Path:
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    flags = " ".join(options.fortran_flags(source_file.read_text()))
    env["FFLAGS"] = flags
    cmd = [sys.executable, "-m", "numpy.f2py", "-c", source_file.name, "-m", module_name,
           f"--opt={flags}", f"--backend={options.backend}"]
    if options.openmp:
        cmd += ["-lgomp"]
    if uses_blas(source_file.read_text()):
        cmd += list(link_flags())
    from transpyle.runtime.build_direct import f2py_skips

    cmd += f2py_skips(source_file)
    import subprocess

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
