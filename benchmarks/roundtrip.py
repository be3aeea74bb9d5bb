"""The legacy round trip: original Fortran (f2py) vs migrated Python (CPython) vs migrated Python
through @transpile, on a plain F77 matrix product and a 5-point Jacobi stencil (F90), and on two
multi-file libraries migrated as trees (benchmarks/library/: DGEMM with its four transposition
cases, LSAME and XERBLA in other files; a cubic spline whose evaluation calls a binary search
of the other file), where @transpile links the migrated modules into one build.

`python -m benchmarks.roundtrip [--quick] [--reps N] [--out FILE]`. The original is built with
the same compiler and flags that @transpile uses (transpyle's f2py route, -O3 -march=native
-ffp-contract=off), so the comparison is of the code, not of the flags. Every variant is
checked against the original's result on the same fresh random inputs before it is timed;
the report is the median CPU time of the calling thread over `reps` runs (the variants take
turns; `--ab narrow` adds @transpile built with each side of a code-generation choice of
benchmarks/variants.py, so a change is measured side by side in one run). Writes
benchmarks/results/roundtrip.json (a --quick run writes roundtrip_quick.json), with the machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from benchmarks.machine import cpu_name
from transpyle import transpile
from transpyle.compiler import compile_fortran
from transpyle.runtime.build import BuildOptions, build_extension, load_extension

HERE = Path(__file__).resolve().parent

MATMUL_F77 = """\
C     Plain F77 matrix product C = A * B
      SUBROUTINE MATMUL(A, B, C, N, M, K)
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
      RETURN
      END
"""

STENCIL_F90 = """\
! Jacobi sweeps of a 5-point stencil
subroutine stencil(u, v, n, m, iters)
  implicit none
  integer, intent(in) :: n, m, iters
  real(8), intent(inout) :: u(n, m), v(n, m)
  integer :: i, j, it
  do it = 1, iters
    do j = 2, m - 1
      do i = 2, n - 1
        v(i, j) = 0.25d0 * (u(i - 1, j) + u(i + 1, j) + u(i, j - 1) + u(i, j + 1))
      end do
    end do
    u(2:n-1, 2:m-1) = v(2:n-1, 2:m-1)
  end do
end subroutine stencil
"""


def load_python(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def params_of(source: str, func: str) -> list[str]:
    """The dummy argument names of `func` in `source` (lowercase, as f2py names them); the
    header may go on over fixed-form continuation lines."""
    head = re.search(rf"subroutine\s+{func}\s*\(([^)]*)\)", source, re.I | re.S)
    assert head is not None
    names = re.sub(r"\n\s{5}\S", " ", head.group(1))  # a continuation mark in column 6
    return [a.strip().lower() for a in names.split(",")]


def prepare(work: Path, name: str, filename: str, source: str, func: str
            ) -> dict[str, Callable[..., Any]]:
    """The three variants of one kernel: original (f2py), CPython, @transpile."""
    src = work / filename
    # f2py's generator keeps the case of F77 names while gfortran lowercases its symbols:
    # the original is built from its lowercased text (Fortran is case-insensitive)
    src.write_text(source.lower())
    ext = build_extension(src, f"orig_{name}", work, BuildOptions())
    wrapped = getattr(load_extension(ext, f"orig_{name}"), func)
    params = tuple(params_of(source, func))

    def original(*args: Any) -> Any:  # f2py moves extents last: pass by keyword
        return wrapped(**dict(zip(params, args, strict=True)))

    py = work / f"{name}_migrated.py"
    py.write_text(compile_fortran(source, "python", filename))
    migrated = getattr(load_python(py, f"{name}_migrated"), func)
    return {"original (f2py)": original, "migrated, CPython": migrated,
            "migrated, @transpile": transpile(migrated)}


def timed(fn: Callable[[], Any]) -> float:
    """The CPU time of the calling thread for `fn()` (the machine is shared: CPU time leaves
    out the time the OS gives to other processes; every variant runs on this thread)."""
    t0 = time.thread_time()
    fn()
    return time.thread_time() - t0


def with_choice(variants: dict[str, Callable[..., Any]], choice: str, work: Path,
                tag: str) -> dict[str, Callable[..., Any]]:
    """`variants` and, beside them, @transpile of the migrated function built once with each
    side of a code-generation choice (benchmarks/variants.py), each in a cache of its own."""
    from benchmarks.variants import CHOICES

    out = dict(variants)
    migrated = variants["migrated, CPython"]
    for k, (name, context) in enumerate(CHOICES[choice].items()):
        fn = transpile(migrated, cache_dir=str(work / f"ab-{tag}-{k}"))

        def first_under(*args: Any, fn: Any = fn, context: Any = context,
                        built: list[bool] = []) -> Any:  # noqa: B006 - one flag per variant
            if built:
                return fn(*args)
            with context():  # the build happens at the first call
                result = fn(*args)
            built.append(True)
            return result

        out[f"@transpile, {name}"] = first_under
    return out


def bench_matmul(variants: dict[str, Callable[..., Any]], n: int, reps: int,
                 rng: np.random.Generator) -> dict[str, Any]:
    a = np.asfortranarray(rng.normal(size=(n, n)))
    b = np.asfortranarray(rng.normal(size=(n, n)))
    outs = {k: np.zeros((n, n), order="F") for k in variants}
    for k, fn in variants.items():  # check (and warm up: the @transpile build happens here)
        fn(a, b, outs[k], n, n, n)
    ref = outs["original (f2py)"]
    assert np.allclose(ref, a @ b, rtol=1e-12, atol=1e-12)
    for k, out in outs.items():
        assert np.array_equal(out, ref), f"{k} differs from the original"
    times: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(reps):
        for k, fn in variants.items():
            reps_here = 1 if "CPython" in k else 20
            times[k].append(timed(lambda fn=fn, k=k, r=reps_here: [
                fn(a, b, outs[k], n, n, n) for _ in range(r)]) / reps_here)
    return {"size": f"{n}x{n} @ {n}x{n}", "seconds": {k: statistics.median(v)
                                                     for k, v in times.items()}}


def bench_stencil(variants: dict[str, Callable[..., Any]], n: int, iters: int, reps: int,
                  rng: np.random.Generator) -> dict[str, Any]:
    u0 = np.asfortranarray(rng.normal(size=(n, n)))
    results = {}
    for k, fn in variants.items():
        u, v = u0.copy(order="F"), u0.copy(order="F")
        fn(u, v, n, n, iters)
        results[k] = u
    for k, u in results.items():
        assert np.array_equal(u, results["original (f2py)"]), f"{k} differs from the original"
    times: dict[str, list[float]] = {k: [] for k in variants}
    for _ in range(reps):
        for k, fn in variants.items():
            u, v = u0.copy(order="F"), u0.copy(order="F")
            times[k].append(timed(lambda fn=fn, u=u, v=v: fn(u, v, n, n, iters)))
    return {"size": f"{n}x{n}, {iters} sweeps", "seconds": {k: statistics.median(v)
                                                           for k, v in times.items()}}


LIBRARY = HERE / "library"


def prepare_library(work: Path, lib: str, funcs: tuple[str, ...]
                    ) -> dict[str, dict[str, Callable[..., Any]]]:
    """The three variants of each of `funcs` of a library tree: the original (its files as one
    source, f2py), the tree migrated by `transpyle migrate` (CPython), and @transpile on it."""
    from transpyle.migrate import migrate

    text = "\n".join(p.read_text() for p in sorted((LIBRARY / lib).glob("*.f")))
    src = work / f"{lib}_all.f"
    src.write_text(text.lower())
    ext = load_extension(build_extension(src, f"orig_{lib}", work, BuildOptions()),
                         f"orig_{lib}")
    out = work / f"{lib}_py"
    results = migrate([str(LIBRARY / lib)], out, progress=False)
    assert all(r.status == "migrated" for r in results), results
    sys.path.insert(0, str(out))
    variants: dict[str, dict[str, Callable[..., Any]]] = {}
    for func in funcs:
        params = params_of(text, func)
        wrapped = getattr(ext, func)
        module = next(r.output for r in results if f"def {func}(" in Path(r.output).read_text())
        migrated = getattr(importlib.import_module(Path(module).stem), func)
        variants[func] = {
            "original (f2py)": lambda *a, w=wrapped, p=params: w(**dict(zip(p, a, strict=True))),
            "migrated, CPython": migrated, "migrated, @transpile": transpile(migrated)}
    return variants


def bench_dgemm(variants: dict[str, Callable[..., Any]], n: int, reps: int,
                rng: np.random.Generator) -> dict[str, Any]:
    """The four transposition cases of C := 1.5 op(A) op(B) + 0.5 C, n x n; each timed."""
    a = np.asfortranarray(rng.normal(size=(n, n)))
    b = np.asfortranarray(rng.normal(size=(n, n)))
    c0 = np.asfortranarray(rng.normal(size=(n, n)))
    cases = [(ta, tb) for ta in "NT" for tb in "NT"]

    def call(fn: Callable[..., Any], ta: str, tb: str, c: np.ndarray) -> None:
        fn(ta, tb, n, n, n, 1.5, a, n, b, n, 0.5, c, n)

    for ta, tb in cases:  # check (the @transpile build happens here)
        outs = {}
        for k, fn in variants.items():
            outs[k] = c0.copy(order="F")
            call(fn, ta, tb, outs[k])
        for k, out in outs.items():
            assert np.array_equal(out, outs["original (f2py)"]), f"{k} {ta}{tb} differs"
    per_case: dict[str, dict[str, float]] = {}
    for ta, tb in cases:
        times: dict[str, list[float]] = {k: [] for k in variants}
        for _ in range(reps):
            for k, fn in variants.items():
                r = 1 if "CPython" in k else 10
                c = c0.copy(order="F")
                times[k].append(timed(lambda fn=fn, c=c, r=r, ta=ta, tb=tb: [
                    call(fn, ta, tb, c) for _ in range(r)]) / r)
        per_case[ta + tb] = {k: statistics.median(v) for k, v in times.items()}
    total = {k: sum(case[k] for case in per_case.values()) for k in variants}
    return {"size": f"{n}x{n}, transpositions NN NT TN TT", "seconds": total,
            "seconds_per_case": per_case}


def bench_spline(fit: dict[str, Callable[..., Any]], evl: dict[str, Callable[..., Any]],
                 knots: int, points: int, reps: int, rng: np.random.Generator) -> dict[str, Any]:
    """Fit a natural cubic spline to `knots` points, evaluate it at `points` points."""
    x = np.cumsum(rng.uniform(0.01, 1.0, knots))
    y = rng.normal(size=knots)
    u = rng.uniform(x[0] - 1.0, x[-1] + 1.0, points)

    def run(k: str) -> np.ndarray:
        b, c, d, w = (np.zeros(knots) for _ in range(4))
        fit[k](knots, x, y, b, c, d, w)
        v = np.zeros(points)
        evl[k](knots, x, y, b, c, d, points, u, v)
        return np.concatenate([b, c, d, v])

    ref = run("original (f2py)")
    for k in fit:
        assert np.array_equal(run(k), ref), f"{k} differs from the original"
    times: dict[str, list[float]] = {k: [] for k in fit}
    for _ in range(reps):
        for k in fit:
            times[k].append(timed(lambda k=k: run(k)))
    return {"size": f"{knots} knots, {points} points", "seconds": {
        k: statistics.median(v) for k, v in times.items()}}


def summarise(name: str, res: dict[str, Any]) -> dict[str, Any]:
    s = res["seconds"]
    base = s["original (f2py)"]
    res["ratio_to_original"] = {k: v / base for k, v in s.items()}
    res["round_trip_within_1.10x"] = s["migrated, @transpile"] / base <= 1.10
    print(f"\n{name} ({res['size']})")
    for k, v in s.items():
        print(f"  {k:<22} {v * 1e3:10.3f} ms   {v / base:8.2f}x")
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.roundtrip", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small sizes (CI-sized run)")
    p.add_argument("--reps", type=int, default=7, help="timed runs per variant (median)")
    p.add_argument("--out", type=Path, help="JSON output (default benchmarks/results/...)")
    p.add_argument("--ab", help="also time @transpile built with each side of this choice of "
                                "benchmarks/variants.py (int, narrow), side by side")
    args = p.parse_args(argv)
    rng = np.random.default_rng()
    n_mm, n_st, iters = (40, 40, 5) if args.quick else (160, 200, 40)
    with tempfile.TemporaryDirectory(prefix="transpyle-roundtrip-") as tmp:
        work = Path(tmp)
        mm = prepare(work, "matmul", "matmul.f", MATMUL_F77, "matmul")
        st = prepare(work, "stencil", "stencil.f90", STENCIL_F90, "stencil")
        gemm = prepare_library(work, "gemm", ("dgemm",))["dgemm"]
        spline = prepare_library(work, "spline", ("splfit", "splevl"))
        if args.ab:
            mm, st, gemm = (with_choice(v, args.ab, work, t) for v, t in
                            ((mm, "mm"), (st, "st"), (gemm, "gemm")))
            spline = {f: with_choice(v, args.ab, work, f) for f, v in spline.items()}
        n_gemm, knots, points = (24, 50, 2000) if args.quick else (160, 1000, 400_000)
        results = {
            "matmul_f77": summarise("matmul (F77)", bench_matmul(mm, n_mm, args.reps, rng)),
            "stencil_f90": summarise("stencil (F90)",
                                     bench_stencil(st, n_st, iters, args.reps, rng)),
            "dgemm_library": summarise("DGEMM library (3 files)",
                                       bench_dgemm(gemm, n_gemm, args.reps, rng)),
            "spline_library": summarise("cubic spline library (2 files)",
                                        bench_spline(spline["splfit"], spline["splevl"], knots,
                                                     points, args.reps, rng)),
        }
    doc = {"machine": cpu_name(), "cpus": os.cpu_count(),
           "load_average_1min_at_end": round(os.getloadavg()[0], 2),
           "python": platform.python_version(),
           "numpy": np.__version__, "reps": args.reps, "quick": args.quick,
           "flags": " ".join(BuildOptions().fortran_flags()), "results": results,
           "ab": args.ab,
           "timing": "median CPU time of the calling thread (time.thread_time) over reps, "
                     "the variants taking turns"}
    out = args.out or HERE / "results" / ("roundtrip_quick.json" if args.quick
                                          else "roundtrip.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"\nwrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
