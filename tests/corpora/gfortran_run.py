"""GCC's gfortran testsuite of self-checking programs, migrated to Python (issue 15's outside corpus).

    python -m tests.corpora.gfortran_run [DIR] [--n 300] [--seed 15] [--json FILE] [-k TEXT] [-v]

DIR is gcc/testsuite/gfortran.dg of a GCC source tree (default /tmp/gcc-testsuite; it is not kept
in this repository: extract it from Debian's gcc-12_12.2.0.orig.tar.gz). The candidates are the
single-file `{ dg-do run }` programs: no dg-additional-sources, no dg-shouldfail (a test of a
run-time error message), no target selector, no module files of other tests, and only
dg-options the migration honours (optimisation, warnings, standard conformance, checks that do
not change a correct program's output). N of them are sampled by the seed. Each one is built
with gfortran (-O0, the test's options) and run; then migrated with transpyle in this process
and the Python run. Each program is one of:
  matched   the same standard output bytes and the same exit status
  refused   a TranspileError (a located diagnostic), counted by its message with names elided
  internal  transpyle raised anything else: a crash in the compiler (must be 0)
  wrong     a different standard output or exit status (must be 0); `wrong (crash)` when the
            migrated Python died with a traceback
  runtime-refused  the migrated Python raised NotImplementedError: the runtime's refusal of
            a case it does not model (an edit descriptor, say), loud but not at migrate time
  timeout   the migrated Python (or the migration) ran past its time limit
  skipped   gfortran did not build it, or its build timed out or died (not counted)
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SUFFIXES = (".f90", ".f95", ".f03", ".f08", ".f")
_OK_OPTION = re.compile(
    r"-O[0-3sg]?$|-W.*|-w$|-g$|-std=(f95|f2003|f2008|f2018|gnu|legacy)$|-pedantic(-errors)?$"
    r"|-fdump-.*|-f(no-)?frontend-optimize$|-fbounds-check$|-fcheck=.*|-ffree-line-length-.*"
    r"|-fmax-errors=.*|-fno-inline$|-finline.*|-funroll-loops$|-ftree-.*|-fno-tree-.*"
    r"|-fopt-info.*|-fno-ipa.*|-fipa.*|-fwhole-program$|-flto$|-fdiagnostics.*|-ffixed-form$"
    r"|-ffree-form$|-fimplicit-none$")


def directives(text: str, name: str) -> list[str]:
    return re.findall(r"\{\s*" + name + r"\s+(.*?)\}\s*$", text, flags=re.M)


def options(text: str) -> list[str] | None:
    """The test's dg-options as a list, or None where one is not honoured."""
    out: list[str] = []
    for raw in re.findall(r"\{\s*dg-options\s+(.*)$", text, flags=re.M):
        body = raw.strip()
        m = re.match(r'"([^"]*)"\s*(.*)', body)
        if m:
            opts, rest = m.group(1), m.group(2)
        else:
            opts, _, rest = body.partition(" ")
            rest = rest.strip()
        if rest.strip() not in ("}", ""):
            return None          # a target selector
        for opt in opts.split():
            if not _OK_OPTION.match(opt):
                return None
            out.append(opt)
    return out


def candidates(root: Path) -> list[Path]:
    picked = []
    for path in sorted(root.iterdir()):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        runs = directives(text, "dg-do")
        if not runs or runs[0].strip() != "run":
            continue
        if re.search(r"dg-(additional-sources|shouldfail|additional-files|extra-files|compile-aux"
                     r"|require|skip-if|xfail|set-target-env|env-var)", text):
            continue
        if options(text) is None:
            continue
        picked.append(path)
    return picked


def _elide(message: str) -> str:
    message = message.split("\n")[0]
    message = re.sub(r"'[^']*'", "'X'", message)
    message = re.sub(r"`[^`]*`", "`X`", message)
    return re.sub(r"\d+", "N", message)[:110]


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout


def run_one(path: Path, work: Path, timeout: int) -> tuple[str, str]:
    """(class, detail) for one program."""
    from transpyle.compiler import compile_fortran
    from transpyle.errors import TranspileError
    text = path.read_text()
    shutil.copy(path, work / path.name)
    exe = work / "prog.exe"
    try:
        build = subprocess.run(["gfortran", "-w", "-O0", "-fno-backtrace", *options(text),
                                path.name, "-o", str(exe)], capture_output=True, text=True,
                               cwd=work, timeout=120)
    except subprocess.TimeoutExpired:
        return "skipped", "gfortran build timed out"
    if build.returncode != 0:
        return "skipped", "gfortran: " + build.stderr.strip().splitlines()[-1][:100]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        want = subprocess.run([str(exe)], capture_output=True, cwd=work, timeout=timeout,
                              env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "skipped", "gfortran build ran past the time limit"
    for f in work.iterdir():        # files the program wrote: the Python starts afresh
        if f.name not in (path.name, "prog.exe"):
            f.unlink() if f.is_file() else shutil.rmtree(f, ignore_errors=True)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    try:
        python = compile_fortran(text, "python", filename=path.name)
    except TranspileError as err:
        if err.message.startswith("unsupported construct ("):  # a crash, caught and wrapped
            return "internal", _elide(err.message)
        return "refused", _elide(err.message)
    except _Timeout:
        return "timeout", "migration"
    except Exception as err:  # noqa: BLE001 - a crash in the compiler is what this counts
        tb = traceback.extract_tb(err.__traceback__)[-1]
        return "internal", f"{type(err).__name__}: {str(err)[:80]} ({Path(tb.filename).name}:{tb.lineno})"
    finally:
        signal.alarm(0)
    script = work / "prog_py.py"
    script.write_text(python)
    try:
        got = subprocess.run([sys.executable, script.name], capture_output=True, cwd=work,
                             timeout=timeout * 3, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "timeout", "run"
    if got.stdout == want.stdout and got.returncode == want.returncode:
        return "matched", ""
    detail = f"status {want.returncode} vs {got.returncode}"
    if b"Traceback" in got.stderr:
        last = got.stderr.decode(errors="replace").strip().splitlines()[-1]
        if last.startswith("NotImplementedError"):  # loud: the runtime's own refusal
            return "runtime-refused", last[:120]
        return "wrong (crash)", f"{detail}: {last[:120]}"
    if got.stdout != want.stdout:
        a, b = want.stdout.splitlines(), got.stdout.splitlines()
        for x, y in zip(a + [b""] * len(b), b + [b""] * len(a)):
            if x != y:
                detail += f"; gfortran {x[:70]!r} python {y[:70]!r}"
                break
    return "wrong", detail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default="/tmp/gcc-testsuite")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--timeout", type=int, default=20)
    ap.add_argument("--json")
    ap.add_argument("-k", help="only the sampled programs whose name contains this")
    ap.add_argument("-v", action="store_true", help="print each program's class as it runs")
    args = ap.parse_args(argv)
    root = Path(args.dir)
    if not root.is_dir():
        print(f"{root}: not a directory (extract gcc/testsuite/gfortran.dg there)")
        return 2
    pool = candidates(root)
    sample = random.Random(args.seed).sample(pool, min(args.n, len(pool)))
    if args.k:
        sample = [p for p in sample if args.k in p.name]
    results: dict[str, tuple[str, str]] = {}
    for path in sample:
        with tempfile.TemporaryDirectory(prefix="gfrun-") as tmp:
            results[path.name] = run_one(path, Path(tmp), args.timeout)
        if args.v:
            print(f"{path.name}: {results[path.name][0]} {results[path.name][1]}", flush=True)
    counts = collections.Counter(c.split(" ")[0] for c, _ in results.values())
    total = sum(v for k, v in counts.items() if k != "skipped")
    print(f"{len(pool)} candidates, {len(sample)} sampled (seed {args.seed}), "
          f"{counts['skipped']} skipped, {total} counted")
    for cls in ("matched", "refused", "runtime-refused", "wrong", "internal", "timeout"):
        pct = 100.0 * counts[cls] / total if total else 0.0
        print(f"  {cls:15s} {counts[cls]:4d}  {pct:5.1f}%")
    refusals = collections.Counter(d for c, d in results.values() if c == "refused")
    print("refusals by construct:")
    for msg, n in refusals.most_common(30):
        print(f"  {n:4d}  {msg}")
    for cls in ("runtime-refused", "wrong", "internal", "timeout"):
        names = [(k, c, d) for k, (c, d) in results.items() if c.startswith(cls)]
        if names:
            print(f"{cls}:")
            for k, c, d in names:
                print(f"  {k}: {c} {d}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
