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
import json
import os
import re
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

from transpyle.backends.fortran_blas import helper_names
from transpyle.errors import TranspileError
from transpyle.runtime.blas import link_flags, uses_blas
from transpyle.runtime.cache_lock import locked
from transpyle.runtime.cache_trust import is_intact, make_private_dir, sha256_of, untrusted_reason

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


def _run(cmd: list[str], cwd: Path, what: str, source_file: Path, makes: Path) -> None:
    """Run one compiler step; it must exit 0 and write `makes` (`FC=true` exits 0 only)."""
    makes.unlink(missing_ok=True)
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace")
    if proc.returncode != 0:
        raise _failure(what, proc.returncode, proc.stdout, source_file)
    _check_made(makes, what, cmd[0], source_file)


def _check_made(makes: Path, what: str, program: str, source_file: Path) -> None:
    if not makes.is_file() or makes.stat().st_size == 0:
        raise TranspileError(None, f"building {source_file} failed: {what} ({program}) exited "
                             f"with code 0 but wrote no {makes.name}",
                             hint="is it a working compiler? set FC (Fortran) or CC (C) to "
                                  "gfortran and gcc", code="E-build")


def _failure(what: str, returncode: int, log: str, source_file: Path) -> TranspileError:
    return TranspileError(None, f"building {source_file} failed: {what} exited with code "
                          f"{returncode}:\n{log[-4000:]}",
                          hint=f"the generated Fortran is kept at {source_file}", code="E-build")


_ALLOCATABLE_DUMMY = re.compile(r"^ *subroutine (\w+)\(.*?\n(?:(?! *end subroutine).*\n)*?"
                                r" *\w+\([^)]*\), intent\(out\), allocatable ::", re.M)


def f2py_skips(source_file: Path) -> list[str]:
    """`skip: ... :` for f2py: the procedures with an allocatable argument (array results,
    passes/array_results.py), which f2py cannot wrap; their entries are wrapped instead."""
    text = source_file.read_text()
    names = _ALLOCATABLE_DUMMY.findall(text) + helper_names(text)
    return ["skip:", *names, ":"] if names else []


def generate_wrapper(source_file: Path, module_name: str) -> list[Path]:
    """Run f2py's generator on `source_file`; return the C module and any Fortran wrappers."""
    build_dir = source_file.parent
    out = io.StringIO()
    with _F2PY_LOCK, contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            numpy.f2py.run_main([str(source_file), "-m", module_name, "--quiet",
                                 "--build-dir", str(build_dir), *f2py_skips(source_file)])
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
    """f2py's runtime support object, compiled once per NumPy, Python and C compiler.

    Its SHA-256 is kept beside it (`fortranobject-*.json`) and checked before each link, once
    per process; a missing, empty or different object is compiled again.
    """
    src = Path(numpy.f2py.get_include()) / "fortranobject.c"
    h = hashlib.sha256()
    for part in (np.__version__, str(src), sys.version, cc, *C_FLAGS):
        h.update(part.encode() + b"\0")
    name = f"fortranobject-{h.hexdigest()[:16]}"
    if not support_dir.exists():
        make_private_dir(support_dir)
    obj, record = support_dir / f"{name}.o", support_dir / f"{name}.json"
    with locked(support_dir / ".lock"):
        if is_intact(obj, _recorded_sha256(record)):
            return obj
        fd, tmp = tempfile.mkstemp(dir=support_dir, prefix=".fortranobject.", suffix=".o")
        os.close(fd)
        try:
            _run([cc, *C_FLAGS, *_include_flags(), "-c", str(src), "-o", tmp], support_dir,
                 "the C compiler (fortranobject.c)", src, Path(tmp))
            os.chmod(tmp, 0o600)  # the compiler wrote it with the umask's mode
            _write_json(record, {"object": obj.name, "sha256": sha256_of(Path(tmp))})
            os.replace(tmp, obj)
        finally:
            Path(tmp).unlink(missing_ok=True)
    return obj


def _recorded_sha256(record: Path) -> object:
    try:
        return json.loads(record.read_text(encoding="utf-8")).get("sha256")
    except (OSError, ValueError, AttributeError):
        return None


def _write_json(path: Path, data: dict[str, object]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def build_direct(source_file: Path, module_name: str, out_dir: Path, fortran_flags: tuple[str, ...],
                 gfortran: str, support_dir: Path | None) -> Path:
    """Compile `source_file` and its f2py wrapper into `out_dir/<module_name><EXT_SUFFIX>`."""
    cwd = source_file.parent
    cc = find_cc()
    c_module, *f_wrappers = generate_wrapper(source_file, module_name)
    if support_dir is None or untrusted_reason(support_dir, want_dir=True) not in (
            None, "it does not exist"):
        support_dir = cwd  # not the user's alone: compile a private copy
    support = fortranobject(support_dir, cc)
    openmp = ("-fopenmp",) if "-fopenmp" in fortran_flags else ()
    (cwd / f"{c_module.stem}.o").unlink(missing_ok=True)
    # the wrapper's C compiles while gfortran builds the module its Fortran wrappers `use`
    c_proc = subprocess.Popen([cc, *C_FLAGS, *_include_flags(), "-c", c_module.name],
                              cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for f in (source_file, *f_wrappers):
            _run([gfortran, *fortran_flags, "-fPIC", "-c", f.name], cwd, "gfortran", source_file,
                 cwd / f"{f.stem}.o")
    finally:
        c_log, _ = c_proc.communicate()
    if c_proc.returncode != 0:
        raise _failure("the C compiler (f2py wrapper)", c_proc.returncode, c_log, source_file)
    _check_made(cwd / f"{c_module.stem}.o", "the C compiler (f2py wrapper)", cc, source_file)
    objects = [f"{f.stem}.o" for f in (source_file, *f_wrappers, c_module)]
    target = out_dir / f"{module_name}{sysconfig.get_config_var('EXT_SUFFIX')}"
    blas = link_flags() if uses_blas(source_file.read_text()) else ()
    _run([gfortran, "-shared", *openmp, "-o", str(target), *objects, str(support), *blas], cwd,
         "the linker", source_file, target)
    return target
