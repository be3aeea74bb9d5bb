"""The round trip: legacy Fortran -> migrated Python -> @transpile -> Fortran again.

The original is built with f2py (transpyle's build route); the migrated Python runs in CPython
and through @transpile; all three must agree on fresh random inputs (bit for bit: the same
operations in the same order, no FMA contraction).
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from transpyle import transpile
from transpyle.compiler import compile_fortran
from transpyle.runtime.build import BuildOptions, build_extension, load_extension

pytestmark = pytest.mark.skipif(shutil.which("gfortran") is None,
                                reason="gfortran is not installed (`make test` installs it)")

KERNELS = """\
C     BLAS-like kernels, F77
      SUBROUTINE MXM(A, B, C, N, M, K)
      INTEGER N, M, K, I, J, L
      DOUBLE PRECISION A(N, K), B(K, M), C(N, M), S
      DO 30 J = 1, M
         DO 20 I = 1, N
            S = 0.0D0
            DO 10 L = 1, K
               S = S + A(I, L) * B(L, J)
   10       CONTINUE
            C(I, J) = S
   20    CONTINUE
   30 CONTINUE
      END

      DOUBLE PRECISION FUNCTION WDOT(N, X, Y)
      INTEGER N, I
      DOUBLE PRECISION X(N), Y(N)
      WDOT = 0.0D0
      DO 10 I = 1, N
         IF (X(I) .LT. 0.0D0) GO TO 10
         WDOT = WDOT + DBLE(I) * X(I) * Y(I)
   10 CONTINUE
      END

      SUBROUTINE SMOOTH(U, V, N, M, ITERS)
      INTEGER N, M, ITERS, I, J, IT
      DOUBLE PRECISION U(N, M), V(N, M)
      DO 40 IT = 1, ITERS
         DO 20 J = 2, M - 1
            DO 10 I = 2, N - 1
               V(I, J) = 0.25D0 * (U(I-1, J) + U(I+1, J) + U(I, J-1)
     &                 + U(I, J+1))
   10       CONTINUE
   20    CONTINUE
         DO 30 J = 2, M - 1
            U(2:N-1, J) = V(2:N-1, J)
   30    CONTINUE
   40 CONTINUE
      END
"""


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("roundtrip")
    src = work / "kernels.f"
    src.write_text(KERNELS.lower())  # f2py keeps F77 names' case; gfortran lowercases them
    original = load_extension(build_extension(src, "orig_kernels", work, BuildOptions()),
                              "orig_kernels")
    py = work / "kernels_migrated.py"
    py.write_text(compile_fortran(KERNELS, "python", "kernels.f"))
    migrated = load(py, "kernels_migrated")
    return {"original": original, "python": migrated,
            "transpiled": {n: transpile(getattr(migrated, n)) for n in ("mxm", "wdot",
                                                                          "smooth")}}


def test_matrix_product_round_trip(variants: dict[str, Any]) -> None:
    rng = np.random.default_rng()
    n, m, k = (int(x) for x in rng.integers(3, 30, size=3))
    a = np.asfortranarray(rng.normal(size=(n, k)))
    b = np.asfortranarray(rng.normal(size=(k, m)))
    want, got_py, got_tp = (np.zeros((n, m), order="F") for _ in range(3))
    variants["original"].mxm(a, b, want, n=n, m=m, k=k)
    variants["python"].mxm(a, b, got_py, n, m, k)
    variants["transpiled"]["mxm"](a, b, got_tp, n, m, k)
    assert np.allclose(want, a @ b, rtol=1e-12, atol=1e-12)
    assert np.array_equal(got_py, want) and np.array_equal(got_tp, want)


def test_function_with_a_goto_round_trip(variants: dict[str, Any]) -> None:
    rng = np.random.default_rng()
    n = int(rng.integers(5, 50))
    x, y = rng.normal(size=n), rng.normal(size=n)
    want = variants["original"].wdot(x, y, n=n)
    assert variants["python"].wdot(n, x, y) == want
    assert variants["transpiled"]["wdot"](n, x, y) == want
    assert want == pytest.approx(sum((i + 1) * x[i] * y[i] for i in range(n) if x[i] >= 0))


def test_stencil_round_trip(variants: dict[str, Any]) -> None:
    rng = np.random.default_rng()
    n, m, iters = int(rng.integers(4, 40)), int(rng.integers(4, 40)), int(rng.integers(1, 6))
    u0 = np.asfortranarray(rng.normal(size=(n, m)))
    results = []
    for call in (lambda u, v: variants["original"].smooth(u, v, iters, n=n, m=m),
                 lambda u, v: variants["python"].smooth(u, v, n, m, iters),
                 lambda u, v: variants["transpiled"]["smooth"](u, v, n, m, iters)):
        u, v = u0.copy(order="F"), u0.copy(order="F")
        call(u, v)
        results.append(u)
    assert not np.array_equal(results[0], u0) or n < 3 or m < 3
    assert np.array_equal(results[1], results[0]) and np.array_equal(results[2], results[0])


def test_goto_state_machines_round_trip(tmp_path: Path) -> None:
    """Random GOTO programs (irreducible ones too) -> Python -> @transpile -> Fortran: the
    compiled state machine agrees with the reference interpreter of the IR."""
    import random

    from tests.backends.test_python_gotos import L, interpret, random_program
    from transpyle.backends.python import emit_python
    from transpyle.ir import nodes as ir

    seed = random.randrange(2**32)
    rng = random.Random(seed)
    built = 0
    for case in range(30):
        if built == 3:
            break
        f = random_program(rng)
        text = emit_python(ir.Module("m", (f,), loc=L))
        if any(isinstance(n, ast.For) and n.orelse for n in ast.walk(ast.parse(text))):
            continue  # a for-else (EXIT, and the variable read after): not in the frontend
        path = tmp_path / f"goto_{case}.py"
        path.write_text(text)
        built += 1
        compiled = transpile(load(path, f"goto_{case}_{seed}").f)
        for a in range(-3, 5):
            for b in (-2, 3):
                assert compiled(a, b) == interpret(f, a, b), f"seed {seed}, program {case}"
    assert built == 3, f"seed {seed}: too few programs without a for-else"
