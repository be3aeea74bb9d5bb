"""The fast build route: f2py writes the wrapper, the compilers are called directly.

`python -m numpy.f2py -c` spends most of a cold build starting processes and recompiling f2py's
`fortranobject.c`, which is the same for every module. Here f2py's wrapper generator runs in
this process, `fortranobject.c` is compiled once per NumPy/Python/compiler and kept in the cache's
support directory, and the Fortran and the wrapper's C compile side by side before one link.
Linux and other ELF platforms only; elsewhere `BuildOptions.backend` picks f2py's own route.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
from functools import cache
from pathlib import Path

import numpy as np
import numpy.f2py

from transpyle.errors import TranspileError

_F2PY_LOCK = threading.Lock()  # f2py's generator keeps module-level state
C_FLAGS = ("-O2", "-fPIC", "-DNPY_NO_DEPRECATED_API=NPY_1_7_API_VERSION")


def find_cc() -> str:
    path = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    if path is None:
        raise TranspileError(None, "no C compiler found (CC, cc or gcc) to build f2py's wrapper",
                             hint="install gcc, or pass backend='meson' to use f2py's build",
                             code="E-build")
    return path


@cache
def _include_flags() -> tuple[str, ...]:
    return (f"-I{np.get_include()}", f"-I{numpy.f2py.get_include()}",
            f"-I{sysconfig.get_paths()['include']}")


def _run(cmd: list[str], cwd: Path, what: str, source_file: Path) -> None:
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if proc.returncode != 0:
        raise _failure(what, proc.returncode, proc.stdout, source_file)


def _failure(what: str, returncode: int, log: str, source_file: Path) -> TranspileError:
    return TranspileError(None, f"building {source_file} failed: {what} exited with code "
                          f"{returncode}:\n{log[-4000:]}",
                          hint=f"the generated Fortran is kept at {source_file}", code="E-build")


def generate_wrapper(source_file: Path, module_name: str) -> list[Path]:
    """Run f2py's generator on `source_file`; return the C module and any Fortran wrappers."""
    build_dir = source_file.parent
    out = io.StringIO()
    with _F2PY_LOCK, contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            numpy.f2py.run_main([str(source_file), "-m", module_name, "--quiet",
                                 "--build-dir", str(build_dir)])
        except (Exception, SystemExit) as err:  # noqa: BLE001 - f2py reports by raising/exiting
            raise TranspileError(None, f"f2py could not wrap {source_file}: {err}\n"
                                 f"{out.getvalue()[-4000:]}",
                                 hint=f"the generated Fortran is kept at {source_file}",
                                 code="E-build") from None
    c_module = build_dir / f"{module_name}module.c"
    if not c_module.exists():
        raise TranspileError(None, f"f2py wrote no wrapper for {source_file}:\n"
                             f"{out.getvalue()[-4000:]}", code="E-build")
    wrappers = sorted(build_dir.glob(f"{module_name}-f2pywrappers*.f*"))
    return [c_module, *wrappers]


def fortranobject(support_dir: Path, cc: str) -> Path:
    """f2py's runtime support object, compiled once per NumPy, Python and C compiler."""
    src = Path(numpy.f2py.get_include()) / "fortranobject.c"
    h = hashlib.sha256()
    for part in (np.__version__, str(src), sys.version, cc, *C_FLAGS):
        h.update(part.encode() + b"\0")
    obj = support_dir / f"fortranobject-{h.hexdigest()[:16]}.o"
    if obj.exists():
        return obj
    support_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=support_dir, prefix=".fortranobject.", suffix=".o")
    os.close(fd)
    try:
        _run([cc, *C_FLAGS, *_include_flags(), "-c", str(src), "-o", tmp], support_dir,
             "the C compiler (fortranobject.c)", src)
        os.replace(tmp, obj)  # atomic: racing processes each install a whole file
    finally:
        Path(tmp).unlink(missing_ok=True)
    return obj


def build_direct(source_file: Path, module_name: str, out_dir: Path, fortran_flags: tuple[str, ...],
                 gfortran: str, support_dir: Path | None) -> Path:
    """Compile `source_file` and its f2py wrapper into `out_dir/<module_name><EXT_SUFFIX>`."""
    cwd = source_file.parent
    cc = find_cc()
    c_module, *f_wrappers = generate_wrapper(source_file, module_name)
    support = fortranobject(support_dir or cwd, cc)
    openmp = ("-fopenmp",) if "-fopenmp" in fortran_flags else ()
    # the wrapper's C compiles while gfortran builds the module its Fortran wrappers `use`
    c_proc = subprocess.Popen([cc, *C_FLAGS, *_include_flags(), "-c", c_module.name],
                              cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for f in (source_file, *f_wrappers):
            _run([gfortran, *fortran_flags, "-fPIC", "-c", f.name], cwd, "gfortran", source_file)
    finally:
        c_log, _ = c_proc.communicate()
    if c_proc.returncode != 0:
        raise _failure("the C compiler (f2py wrapper)", c_proc.returncode, c_log, source_file)
    objects = [f"{f.stem}.o" for f in (source_file, *f_wrappers, c_module)]
    target = out_dir / f"{module_name}{sysconfig.get_config_var('EXT_SUFFIX')}"
    _run([gfortran, "-shared", *openmp, "-o", str(target), *objects, str(support)], cwd,
         "the linker", source_file)
    return target
