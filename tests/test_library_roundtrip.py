"""The library round trip (issue 15): a multi-file F77 library is migrated as a tree (one
Python module per file, calling each other through imports), and `@transpile` on its entry
point builds the modules it reaches into one Fortran module again.

Libraries: benchmarks/library/ (DGEMM with CHARACTER arguments, LSAME in another file, XERBLA
in a third; a two-file cubic spline). Each is compared, bit for bit on fresh random inputs, with
the original built by f2py with the same flags and with the migrated Python in CPython. The
error path (XERBLA: a message and STOP) runs in subprocesses: the original's STOP would end
the test process, and CPython's and @transpile's output and exit status must be the same.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.roundtrip import params_of
from transpyle import transpile
from transpyle.runtime.build import BuildOptions, build_extension, load_extension

LIBRARY = Path(__file__).resolve().parents[1] / "benchmarks" / "library"

pytestmark = pytest.mark.skipif(shutil.which("gfortran") is None,
                                reason="gfortran is not installed (`make test` installs it)")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each library migrated by the installed `transpyle migrate`, on sys.path."""
    out: dict[str, Path] = {}
    for lib in ("gemm", "spline"):
        dest = tmp_path_factory.mktemp(f"{lib}_py")
        run = subprocess.run(["transpyle", "migrate", "-q", str(LIBRARY / lib), "-o", str(dest)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
        out[lib] = dest
    sys.path[:0] = [str(p) for p in out.values()]
    yield out
    for p in out.values():
        sys.path.remove(str(p))


def original(tmp_path: Path, lib: str, name: str) -> Any:
    """The library's files as one source built by f2py (transpyle's route and flags), called
    with the Fortran argument order (f2py moves the leading dimensions last: by keyword)."""
    text = "\n".join(p.read_text() for p in sorted((LIBRARY / lib).glob("*.f")))
    src = tmp_path / f"{lib}_all.f"
    src.write_text(text.lower())  # f2py keeps F77 names' case; gfortran lowercases them
    ext = build_extension(src, f"orig_{lib}_{name}", tmp_path, BuildOptions())
    wrapped = getattr(load_extension(ext, f"orig_{lib}_{name}"), name)
    params = params_of(text, name)

    def call(*args: Any) -> Any:
        return wrapped(**dict(zip(params, args, strict=True)))

    return call


def test_dgemm_all_four_transpositions_match_the_original(migrated, tmp_path):
    dgemm_py = importlib.import_module("dgemm").dgemm
    compiled = transpile(dgemm_py)
    dgemm_f = original(tmp_path, "gemm", "dgemm")
    rng = np.random.default_rng()
    cases = 0
    for _ in range(6):
        for ta in ("N", "n", "T", "t"):
            for tb in ("N", "T", "t", "n"):
                m, n, k = (int(v) for v in rng.integers(0, 9, 3))
                pad = int(rng.integers(0, 3))
                rows_a = (m if ta in "Nn" else k)
                rows_b = (k if tb in "Nn" else n)
                a = np.asfortranarray(rng.normal(size=(rows_a + pad, (k if ta in "Nn" else m))))
                b = np.asfortranarray(rng.normal(size=(rows_b + pad, (n if tb in "Nn" else k))))
                c0 = np.asfortranarray(rng.normal(size=(m + pad, n)))
                alpha = float(rng.choice([1.0, 0.0, -2.5, rng.normal()]))
                beta = float(rng.choice([0.0, 1.0, rng.normal()]))
                lda, ldb, ldc = max(1, a.shape[0]), max(1, b.shape[0]), max(1, c0.shape[0])
                if min(a.size, b.size, c0.size) == 0:
                    continue  # f2py's wrapper wants non-empty arrays
                outs = []
                for fn in (dgemm_f, dgemm_py, compiled):
                    c = c0.copy(order="F")
                    fn(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                    outs.append(c)
                assert np.array_equal(outs[0], outs[1]), (ta, tb, m, n, k)
                assert np.array_equal(outs[2], outs[1]), (ta, tb, m, n, k)
                cases += 1
    assert cases > 50


def test_spline_across_two_files_matches_the_original(migrated, tmp_path):
    splfit = importlib.import_module("spline_fit").splfit
    splevl = importlib.import_module("spline_eval").splevl
    fit_f, evl_f = original(tmp_path, "spline", "splfit"), original(tmp_path, "spline", "splevl")
    fit_c, evl_c = transpile(splfit), transpile(splevl)
    rng = np.random.default_rng()
    for n in (2, 3, 5, int(rng.integers(6, 200))):
        x = np.cumsum(rng.uniform(0.01, 1.0, n))
        y = rng.normal(size=n)
        u = rng.uniform(x[0] - 1.0, x[-1] + 1.0, int(rng.integers(1, 500)))
        results = []
        for fit, evl in ((fit_f, evl_f), (splfit, splevl), (fit_c, evl_c)):
            b, c, d, w = (np.zeros(n) for _ in range(4))
            fit(n, x, y, b, c, d, w)
            v = np.zeros_like(u)
            evl(n, x, y, b, c, d, u.size, u, v)
            results.append(np.concatenate([b, c, d, v]))
        assert np.array_equal(results[0], results[1]), n
        assert np.array_equal(results[2], results[1]), n


ERROR_PATH = """
import sys
import numpy as np
import transpyle
sys.path.insert(0, {path!r})
from dgemm import dgemm
fn = transpyle.transpile(dgemm) if sys.argv[1] == "compiled" else dgemm
a = np.asfortranarray(np.ones((4, 4)))
c = np.asfortranarray(np.zeros((4, 4)))
print("before", flush=True)
fn({ta!r}, {tb!r}, {m}, 4, 4, 1.0, a, {lda}, a, 4, 0.0, c, 4)
print("after")
"""


@pytest.mark.parametrize(("ta", "tb", "m", "lda"), [("X", "N", 4, 4), ("N", "q", 4, 4),
                                                    ("N", "N", -1, 4), ("N", "N", 4, 2)])
def test_xerbla_runs_in_python_as_cpython_does(migrated, tmp_path, ta, tb, m, lda):
    script = tmp_path / "error_path.py"
    script.write_text(textwrap.dedent(ERROR_PATH.format(path=str(migrated["gemm"]), ta=ta,
                                                        tb=tb, m=m, lda=lda)))
    runs = [subprocess.run([sys.executable, str(script), mode], capture_output=True,
                           text=True, timeout=300) for mode in ("python", "compiled")]
    assert runs[0].stdout.startswith("before\n ** On entry to DGEMM parameter number")
    assert "after" not in runs[0].stdout
    assert [(r.returncode, r.stdout) for r in runs[1:]] == [(runs[0].returncode,
                                                             runs[0].stdout)], runs[1].stderr


LINKED = {
    "other_mod.py": "K = 3.0\n\n\ndef uses_k(x: float) -> float:\n    return x * K\n\n\n"
                    "def twice(x: float) -> float:\n    return 2.0 * x - 1.0\n",
    "main_mod.py": "from other_mod import twice, uses_k\n\nfrom transpyle import transpile\n\n\n"
                   "@transpile\ndef f(x: float) -> float:\n    return twice(x) * x\n\n\n"
                   "@transpile\ndef g(x: float) -> float:\n    return uses_k(x)\n",
}

LINKED_DRIVER = """
import random, sys
sys.path.insert(0, sys.argv[1])
import main_mod
xs = [random.uniform(-10, 10) for _ in range(50)]
assert all(main_mod.f(x) == (2.0 * x - 1.0) * x for x in xs)
try:
    main_mod.g(1.5)
except Exception as err:
    print(type(err).__name__, err)
"""


def test_only_the_imported_functions_a_build_reaches_are_linked(tmp_path):
    """f reaches twice() only: uses_k(), whose module constant a linked module may not have,
    is imported beside it but not read; g reaches uses_k() and is refused, saying why."""
    for name, text in LINKED.items():
        (tmp_path / name).write_text(text)
    run = subprocess.run([sys.executable, "-c", LINKED_DRIVER, str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("TranspileError") and "module constants K" in run.stdout
