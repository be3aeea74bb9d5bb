"""The Fortran -> Python differential fuzzer: gfortran's output against the migrated Python's.

For each program (tests/fuzz/fortran_programs.py): build it with gfortran -O0
-ffp-contract=off and run it; translate it with transpyle (`compile --to python`) and run that
with this interpreter; compare the two standard outputs byte for byte. Programs run in a thread
pool (the work is in subprocesses). A mismatch, a translation failure or a crash of either side
is written to the output directory as the program, both outputs and the reason.

    python -m tests.fuzz.fortran_long --count 10000 [--features a,b] [--out DIR] [--jobs 2]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import io
import json
import os
import runpy
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz.fortran_programs import ALL, FEATURES, SAFE, generate

ROOT = Path(__file__).resolve().parents[2]
GFORTRAN = ("gfortran", "-O0", "-ffp-contract=off", "-w")
_TRANSLATE = threading.Lock()  # the Fortran parser keeps state of its own between calls


@dataclass(frozen=True)
class Outcome:
    seed: int
    status: str  # "same" | "mismatch" | "translate" | "python" | "gfortran"
    detail: str = ""
    fortran_out: bytes = b""
    python_out: bytes = b""


def translate(source: str, filename: str) -> str:
    from transpyle.compiler import compile_fortran

    with _TRANSLATE:
        return compile_fortran(source, to="python", filename=filename)


def run_one(seed: int, features: frozenset[str], work: Path, workers: Workers,
            timeout: float = 30) -> Outcome:
    source = generate(seed, features)
    d = work / f"p{seed}"
    d.mkdir(parents=True, exist_ok=True)
    src, exe, py = d / "prog.f90", d / "prog", d / "prog.py"
    src.write_text(source)
    built = subprocess.run([*GFORTRAN, "-o", str(exe), str(src)], capture_output=True,
                           timeout=timeout, cwd=d)  # the .mod of a module goes there
    if built.returncode:
        return Outcome(seed, "gfortran", built.stderr.decode(errors="replace")[-2000:])
    ref = subprocess.run([str(exe)], capture_output=True, timeout=timeout)
    ref_end = ending(ref.returncode, ref.stderr.decode(errors="replace"))
    if ref.returncode and not ref_end[1].startswith(("STOP", "ERROR STOP")):
        return Outcome(seed, "gfortran", f"exit {ref.returncode}", ref.stdout)
    try:
        py.write_text(translate(source, str(src)))
    except Exception as err:  # noqa: BLE001 - a translation failure is a finding
        return Outcome(seed, "translate", f"{type(err).__name__}: {err}"[-2000:], ref.stdout)
    ok, out, err, code = workers.get().run(py, timeout)
    if not ok and not err.startswith(("STOP", "ERROR STOP")):
        return Outcome(seed, "python", err[-2000:], ref.stdout, out)
    if out != ref.stdout:
        return Outcome(seed, "mismatch", first_difference(ref.stdout, out), ref.stdout, out)
    if ending(code, err) != ref_end:
        return Outcome(seed, "mismatch", f"ending: gfortran {ref_end} / python "
                       f"{ending(code, err)}", ref.stdout, out)
    return Outcome(seed, "same")


def ending(status: int, stderr: str) -> tuple[int, str]:
    """How a program ended: its exit status and the first line it wrote on standard error
    (STOP's message; gfortran's backtrace after ERROR STOP and its note on the floating-point
    exceptions signalling at a STOP are not compared: docs/DIFFERENCES.md)."""
    lines = [x for x in stderr.splitlines() if not x.startswith(_IEEE_NOTE)]
    return status, (lines or [""])[0]


_IEEE_NOTE = "Note: The following floating-point exceptions are signalling"


class _Worker:
    """A Python process that runs migrated programs one after another (starting Python with
    NumPy and transpyle's runtime for each program would cost a second a program)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> subprocess.Popen[bytes]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.fuzz.fortran_long", "--worker"], cwd=ROOT,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                env=dict(os.environ, PYTHONHASHSEED="0"))
        return self.proc

    def run(self, path: Path, timeout: float) -> tuple[bool, bytes, str, int]:
        proc = self.start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write((json.dumps(str(path)) + "\n").encode())
        proc.stdin.flush()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        line = proc.stdout.readline()
        timer.cancel()
        if not line:
            self.proc = None
            return False, b"", f"the Python worker died or ran past {timeout} s", -1
        reply = json.loads(line)
        return reply["ok"], reply["out"].encode(), reply["err"], reply["code"]


    def close(self) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self.proc.stdout.close()
            self.proc = None


class Workers:
    """One Python worker per thread of a run, closed at its end."""

    def __init__(self) -> None:
        self.local = threading.local()
        self.all: list[_Worker] = []
        self.lock = threading.Lock()

    def get(self) -> _Worker:
        if not hasattr(self.local, "w"):
            self.local.w = _Worker()
            with self.lock:
                self.all.append(self.local.w)
        w: _Worker = self.local.w
        return w

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for w in self.all:
            w.close()


def serve() -> None:
    """The worker's loop: a JSON path per line in, a JSON reply per line out."""
    real_out = sys.stdout
    for line in sys.stdin:
        path = json.loads(line)
        out, err = io.StringIO(), io.StringIO()
        ok, code = True, 0
        sys.stdout, sys.stderr = out, err
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
            ok = code == 0
        except BaseException:  # noqa: BLE001 - reported to the parent
            ok, code = False, 1
            err.write(traceback.format_exc())
        finally:
            sys.stdout, sys.stderr = real_out, sys.__stderr__
        real_out.write(json.dumps({"ok": ok, "out": out.getvalue(), "err": err.getvalue(),
                                   "code": code}) + "\n")
        real_out.flush()


def first_difference(a: bytes, b: bytes) -> str:
    la, lb = a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines()
    for k, (x, y) in enumerate(zip(la, lb, strict=False)):
        if x != y:
            return f"line {k + 1}: gfortran {x!r} / python {y!r}"
    return f"gfortran {len(la)} lines, python {len(lb)} lines"


def run_many(seeds: range | list[int], features: frozenset[str], jobs: int = 2,
             work: Path | None = None) -> list[Outcome]:
    with tempfile.TemporaryDirectory(prefix="fuzz_f_") as tmp:
        root = work or Path(tmp)
        with Workers() as workers, cf.ThreadPoolExecutor(jobs) as pool:
            return list(pool.map(lambda s: run_one(s, features, root, workers), seeds))


def save(outcome: Outcome, features: frozenset[str], out: Path) -> None:
    d = out / f"{outcome.status}_{outcome.seed}"
    d.mkdir(parents=True, exist_ok=True)
    (d / "prog.f90").write_text(generate(outcome.seed, features))
    (d / "gfortran.out").write_bytes(outcome.fortran_out)
    (d / "python.out").write_bytes(outcome.python_out)
    (d / "reason.txt").write_text(outcome.detail + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--start", type=int, default=0, help="first seed")
    ap.add_argument("--features", default="safe",
                    help="'safe', 'all', or a comma-separated list of: " + ", ".join(FEATURES))
    ap.add_argument("--out", type=Path, default=Path("fuzz-failures/fortran"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        serve()
        return 0
    features = {"safe": SAFE, "all": ALL}.get(args.features) or frozenset(
        args.features.split(","))
    if features - ALL:
        ap.error(f"unknown features: {', '.join(sorted(features - ALL))}")
    t0, counts = time.perf_counter(), Counter[str]()
    seeds = range(args.start, args.start + args.count)
    with tempfile.TemporaryDirectory(prefix="fuzz_f_") as tmp, Workers() as workers, \
            cf.ThreadPoolExecutor(args.jobs) as pool:
        runs = pool.map(lambda s: run_one(s, features, Path(tmp), workers), seeds)
        for k, o in enumerate(runs, 1):
            counts[o.status] += 1
            if o.status != "same":
                save(o, features, args.out)
                print(f"seed {o.seed}: {o.status}: {o.detail.splitlines()[-1] if o.detail else ''}",
                      flush=True)
            if k % 500 == 0:
                print(f"{k} programs, {dict(counts)}, {time.perf_counter() - t0:.0f} s",
                      flush=True)
    took = time.perf_counter() - t0
    print(f"{args.count} programs in {took:.0f} s: {dict(counts)}; failures under {args.out}")
    return 0 if counts["same"] == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
