"""GCC's gfortran.fortran-torture/execute programs through `transpyle migrate` (issue 15).

    python -m tests.corpora.torture_run DIR [--json FILE] [-k TEXT] [--timeout S]

DIR holds the .f/.f90 files of gcc/testsuite/gfortran.fortran-torture/execute (from GCC's
source, e.g. Debian's gcc-12_12.2.0.orig.tar.gz; they are not kept in this repository). Each
program is built by gfortran -O0 and run, migrated alone (a file is one program with its
modules), and its Python run; the outcome is one of:
  matched   the same standard output and error bytes and the same exit status
  refused   a located TranspileError, counted by construct (its message with names elided)
  internal  an internal error, or a refusal without a location ("unsupported construct (...")
  wrong     the outputs or the status differ (a Python exception where gfortran ran is wrong)
  timeout   the Python ran past the limit (gfortran's build did not)
  skipped   gfortran does not build it, or its build fails or times out (these programs call
            abort() on a failed check, so a failing gfortran run means nothing to compare)
The counts are printed, then the wrong ones with their first differing line.
Measured (GCC 12.2.0's 225 programs): 127 matched (56.4%), 27 wrong before issue 15's F77
work; 149 matched (66.2%), 66 refused, 4 internal errors, 6 wrong after (the 6 are Fortran 90:
derived-type initialisers, FORALL, WHERE, INQUIRE, a character array section, a
non-contiguous section passed to an assumed-size dummy); 161 matched (71.6%), 64 refused, 0
internal errors, 0 wrong after issue 15's corpus work (FORALL indices as construct entities,
direct-access records past '/', sections copied in and out, ENTRY in functions, ...).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SUFFIXES = (".f", ".f90", ".f95", ".f03", ".f08", ".F", ".F90")


def construct(message: str) -> str:
    """A refusal's message without its location and names: what construct it is."""
    text = re.sub(r"^.*?:\d+(:\d+)?: (error: )?", "", message.splitlines()[0])
    return re.sub(r"'[^']*'|\b(?<=CALL )\w+|\b\d+\b", "_", text)[:70]


def gfortran(src: Path, work: Path, timeout: float) -> subprocess.CompletedProcess[bytes] | None:
    exe = work / "a.exe"
    build = subprocess.run(["gfortran", "-w", "-O0", "-fno-backtrace", "-J", str(work),
                            str(src), "-o", str(exe)], capture_output=True, cwd=work)
    if build.returncode != 0:
        return None
    try:
        run = subprocess.run([str(exe)], capture_output=True, cwd=work, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return run if run.returncode == 0 else None


def one(src: Path, timeout: float) -> tuple[str, str]:
    """(outcome, detail) of one program."""
    from transpyle.migrate import migrate
    with tempfile.TemporaryDirectory(prefix="torture-") as tmp:
        work = Path(tmp)
        want = gfortran(src, work, timeout)
        if want is None:
            return "skipped", "gfortran"
        inp = work / "src"
        inp.mkdir()
        shutil.copy(src, inp / src.name)
        out = work / "py"
        try:
            results = migrate([str(inp)], out, progress=False)
        except Exception as err:  # noqa: BLE001 - the runner counts, it does not stop
            return "internal", f"{type(err).__name__}: {err}"[:200]
        bad = [r for r in results if r.status != "migrated"]
        if bad:
            msg = bad[0].message
            if "internal error" in msg or "unsupported construct (" in msg or \
                    not re.match(r".+:\d+:\d+: ", msg):
                return "internal", msg[:200]
            return "refused", construct(msg)
        script = next((Path(r.output) for r in results if r.output), None)
        if script is None:
            return "internal", "no output file"
        env = {"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        try:
            got = subprocess.run([sys.executable, "-W", "error", script.name],
                                 capture_output=True, cwd=script.parent, timeout=timeout,
                                 env=env)
        except subprocess.TimeoutExpired:
            return "timeout", ""
        if (got.stdout, got.stderr, got.returncode) == (want.stdout, want.stderr, 0):
            return "matched", ""
        if got.returncode != 0 and b"Traceback" in got.stderr:
            return "wrong", got.stderr.decode(errors="replace").strip().splitlines()[-1][:160]
        pairs = [(a, b) for a, b in zip(want.stdout.splitlines(), got.stdout.splitlines(),
                                        strict=False) if a != b]
        first = f"gfortran {pairs[0][0]!r} python {pairs[0][1]!r}" if pairs else \
            f"status {got.returncode}, stderr {got.stderr[-120:]!r}"
        return "wrong", first[:200]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("-k", default="")
    ap.add_argument("--timeout", type=float, default=30.0)
    args = ap.parse_args(argv)
    files = sorted(p for p in args.dir.iterdir() if p.suffix in SUFFIXES and args.k in p.name)
    outcome: dict[str, tuple[str, str]] = {}
    for k, src in enumerate(files):
        outcome[src.name] = one(src, args.timeout)
        print(f"[{k + 1}/{len(files)}] {src.name}: {outcome[src.name][0]}", file=sys.stderr)
    counts = collections.Counter(o for o, _ in outcome.values())
    ran = len(files) - counts["skipped"]
    print(f"{len(files)} programs, {ran} that gfortran builds and runs: "
          f"{counts['matched']} matched ({100 * counts['matched'] / max(ran, 1):.1f}%), "
          f"{counts['refused']} refused, {counts['internal']} internal errors, "
          f"{counts['wrong']} wrong, {counts['timeout']} timeouts, "
          f"{counts['skipped']} skipped")
    refused = collections.Counter(d for o, d in outcome.values() if o == "refused")
    for what, n in refused.most_common():
        print(f"{n:5}  {what}")
    for kind in ("wrong", "internal", "timeout"):
        for name, (o, d) in outcome.items():
            if o == kind:
                print(f"{kind}: {name}: {d}")
    if args.json:
        args.json.write_text(json.dumps(outcome, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
