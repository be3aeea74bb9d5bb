"""Throughput of `transpyle migrate`'s stages on ~20k lines of generated legacy Fortran.

Times, over the same sources: fparser's parse alone; the IR lowering of the parsed trees; and
the Python emission (`emit_python`). Target (issue 4): lowering + emission cost less than the
parse. Writes benchmarks/results/migrate_throughput.json with the machine named.

    python -m benchmarks.migrate_throughput [--lines 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks.machine import cpu_name
from transpyle.frontends.fortran.file import _FileLowering, parse_tree

RESULTS = Path(__file__).parent / "results" / "migrate_throughput.json"

UNIT = """\
C     Unit {k}: a stencil sweep, a reduction and a formatted report
      SUBROUTINE SWEEP{k}(U, V, N, ALPHA)
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      DIMENSION U(0:N+1), V(0:N+1)
      COMMON /STAT{k}/ TOTAL, NSWEEP
      SAVE ICALL
      DATA ICALL /0/
      ICALL = ICALL + 1
      DO 10 I = 1, N
         V(I) = U(I) + ALPHA * (U(I-1) - 2.0D0 * U(I) + U(I+1))
         IF (V(I) .LT. {lo}D0) V(I) = {lo}D0
   10 CONTINUE
      TOTAL = 0.0D0
      DO 20 I = 1, N
         TOTAL = TOTAL + DABS(V(I)) * DSQRT(DBLE(I))
   20 CONTINUE
      NSWEEP = NSWEEP + 1
      IF (TOTAL - {hi}D0) 30, 30, 40
   30 WRITE (6, 100) {k}, TOTAL
      GO TO 50
   40 WRITE (6, 110) {k}, TOTAL, DMAX1(TOTAL, ALPHA)
   50 CONTINUE
  100 FORMAT (1X, 'UNIT', I5, ' TOTAL', F14.6)
  110 FORMAT (1X, 'UNIT', I5, ' LARGE', 2E16.8)
      RETURN
      END

      DOUBLE PRECISION FUNCTION NORM{k}(A, N)
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      DIMENSION A(N)
      S = 0.0D0
      K = 0
    5 K = K + 1
      IF (K .GT. N) GO TO 15
      S = S + A(K) ** 2
      GO TO 5
   15 NORM{k} = DSQRT(S) / DBLE(MAX0(N, 1))
      END

      SUBROUTINE CLASS{k}(M, ICLS)
      SELECT CASE (M)
      CASE (:-1)
         ICLS = -1
      CASE (0)
         ICLS = 0
      CASE (1:{hi_int})
         ICLS = 1
      CASE DEFAULT
         ICLS = 2
      END SELECT
      END

"""


def generate(lines: int, per_file: int, seed: int = 7) -> list[tuple[str, str]]:
    """Fortran sources of about `lines` lines in all, `per_file` units to a file."""
    rng = random.Random(seed)
    files: list[tuple[str, str]] = []
    body: list[str] = []
    total, k = 0, 0
    while total < lines:
        text = UNIT.format(k=k, lo=round(rng.uniform(-5, 0), 3),
                           hi=round(rng.uniform(1, 100), 3), hi_int=rng.randint(2, 99))
        body.append(text)
        total += text.count("\n")
        k += 1
        if len(body) == per_file:
            files.append((f"gen{len(files):03d}.f", "".join(body)))
            body = []
    if body:
        files.append((f"gen{len(files):03d}.f", "".join(body)))
    return files


def machine() -> dict[str, str]:
    return {"cpu": cpu_name(), "cpus": str(os.cpu_count()), "python": platform.python_version(),
            "system": platform.platform(), "fparser": version("fparser"),
            "load_average_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "note": "a shared machine: the CPU-time figures are the steadier ones"}


def measure(files: list[tuple[str, str]], clock: Any) -> dict[str, float]:
    """Seconds of each stage by `clock` (process CPU time is steadier on a shared machine)."""
    from transpyle.backends.python import emit_python

    t0 = clock()
    trees = [(name, src, parse_tree(src, name)) for name, src in files]
    t1 = clock()
    modules = [_FileLowering(name, src).lower(tree) for name, src, tree in trees]
    t2 = clock()
    texts = [emit_python(m) for m in modules]
    t3 = clock()
    assert all(texts)
    return {"parse_s": t1 - t0, "lower_s": t2 - t1, "emit_python_s": t3 - t2}


def summarise(runs: list[dict[str, float]], nlines: int) -> dict[str, Any]:
    best = {key: min(r[key] for r in runs) for key in runs[0]}
    after_parse = best["lower_s"] + best["emit_python_s"]
    return {
        "seconds_best": {k: round(v, 4) for k, v in best.items()},
        "lines_per_second": {
            "parse": round(nlines / best["parse_s"]),
            "lower": round(nlines / best["lower_s"]),
            "emit_python": round(nlines / best["emit_python_s"]),
            "migrate_total": round(nlines / (best["parse_s"] + after_parse)),
        },
        "lower_over_parse": round(best["lower_s"] / best["parse_s"], 3),
        "lower_plus_emit_over_parse": round(after_parse / best["parse_s"], 3),
        "target_met": after_parse < best["parse_s"],
        "runs": [{k: round(v, 4) for k, v in r.items()} for r in runs],
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--per-file", type=int, default=20, help="units per generated file")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    files = generate(args.lines, args.per_file)
    nlines = sum(src.count("\n") for _, src in files)
    cpu_runs, wall_runs = [], []
    for _ in range(args.repeat):
        cpu_runs.append(measure(files, time.process_time))
        wall_runs.append(measure(files, time.perf_counter))
    result = {
        "benchmark": "migrate_throughput",
        "machine": machine(),
        "input": {"files": len(files), "lines": nlines, "generator": "benchmarks/"
                  "migrate_throughput.py (F77 units: labelled DO, COMMON, DATA, SAVE, "
                  "arithmetic IF, GOTO loop, FORMAT, SELECT CASE)"},
        "repeat": args.repeat,
        "cpu_time": summarise(cpu_runs, nlines),
        "wall_time": summarise(wall_runs, nlines),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
