"""The Fortran of SciPy 1.14.1's sdist through `transpyle migrate`, one tree per library folder
with its subfolders (QUADPACK, MINPACK, ARPACK/SRC, PROPACK/double, ...: procedure names
repeat across folders, each PROPACK precision holds a copy of LAPACK routines). Counts printed
(pytest -s): files, migrated, imported (each migrated module imported in a fresh interpreter),
refused by construct, internal errors (must be 0: every refusal is a located diagnostic). It
takes about 6 minutes on 2 cores, so it runs only with TRANSPYLE_SCIPY_CORPUS=1.

Also the two internal errors that corpus showed, small: fparser's failure on a kind selector
that starts with a blank in a declaration without `::` (HiGHS' `real ( c_double ) cc(n)`),
and an interface body after a blank line."""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fortran_reach.harness import ROOT, assert_same_run, needs_gfortran
from tests.fortran_solvers.test_solvers import scipy_src  # noqa: F401 - a fixture
from transpyle.compiler import FORTRAN_SUFFIXES
from transpyle.frontends.fortran import parse_fortran
from transpyle.migrate import migrate

IMPORT_ALL = """\
import importlib, sys
sys.path.insert(0, sys.argv[1])
bad = 0
for name in sys.argv[2:]:
    try:
        importlib.import_module(name)
    except Exception:
        bad += 1
print(bad)
"""


def construct(message: str) -> str:
    """A refusal's message without its location and names: what construct it is."""
    text = re.sub(r"^.*?:\d+(:\d+)?: (error: )?", "", message)
    return re.sub(r"'[^']*'|\b(?<=CALL )\w+", "_", text)[:70]


@pytest.mark.skipif(os.environ.get("TRANSPYLE_SCIPY_CORPUS") != "1",
                    reason="about 6 minutes: set TRANSPYLE_SCIPY_CORPUS=1")
def test_scipy_fortran_corpus(scipy_src: Path, tmp_path: Path) -> None:  # noqa: F811
    held = {p.parent for p in scipy_src.rglob("*") if p.suffix.lower() in FORTRAN_SUFFIXES}
    # a tree: a folder with Fortran and its subfolders (PROPACK/double and its Lapack_Util)
    folders = sorted(f for f in held if not any(a in held for a in f.parents))
    files = migrated = imported = internal = 0
    refused: collections.Counter[str] = collections.Counter()
    for k, folder in enumerate(folders):
        out = tmp_path / f"t{k}"
        results = migrate([str(folder)], out, progress=False)
        files += len(results)
        ok = [r for r in results if r.status == "migrated"]
        migrated += len(ok)
        for r in results:
            if r.status != "migrated":
                if "internal error" in r.message or "unsupported construct (" in r.message:
                    internal += 1
                    print("internal:", r.message[:200])
                else:
                    assert re.match(r".+\.\w+:\d+:\d+: ", r.message), r.message
                    refused[construct(r.message)] += 1
        names = [Path(r.output).stem for r in ok if r.output]
        if names:
            run = subprocess.run([sys.executable, "-c", IMPORT_ALL, str(out), *names],
                                 capture_output=True, text=True, cwd=out, timeout=600,
                                 env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
            imported += len(names) - int(run.stdout.split()[-1])
    print(f"\nSciPy 1.14.1 Fortran: {files} files in {len(folders)} trees, {migrated} migrated, "
          f"{imported} import, {sum(refused.values())} refused, {internal} internal errors")
    for what, n in refused.most_common():
        print(f"{n:5}  {what}")
    assert internal == 0
    # measured: 521 files in 24 trees, 294 migrated, 183 import (the others import a refused
    # file of their tree), 227 refused (183 of them: a call through a dummy procedure that no
    # file of the tree passes a procedure to, SciPy's wrappers pass Python callbacks), 0 internal;
    # after issue 15's F77 work (SLSQP, DOP853, ODRPACK's idioms): 329 migrated, 185 import,
    # 192 refused (153 of them that dummy-procedure call), 0 internal
    assert files == 521 and migrated >= 325 and imported >= 180


@needs_gfortran
def test_a_kind_selector_with_a_leading_blank(tmp_path: Path) -> None:
    source = """\
program p
  use iso_c_binding
  implicit none
  real( c_double) x(3)
  integer ( c_int ) k(2)
  x = [1.5d0, -2.25d0, 3.0d0]
  k = [7, -8]
  print *, x, k, 'real( c_double) x'
end program p
"""
    assert_same_run(tmp_path, source, "p.f90")


def test_an_interface_body_after_a_blank_line() -> None:
    source = """\
module m
  interface

     function f(n) result(s) bind(c, name='f')
       use iso_c_binding
       integer(c_int), value :: n
       integer(c_int) :: s
     end function f
  end interface
end module m
"""
    parse_fortran(source, "m.f90")  # raised IndexError inside the frontend
