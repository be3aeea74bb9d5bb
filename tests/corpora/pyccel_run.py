"""Pyccel's typed test modules through @transpile, against CPython (issue 14's outside corpus).

    python -m tests.corpora.pyccel_run DIR [--seed N] [--calls K] [--json FILE] [-k TEXT]

DIR holds modules like pyccel's tests/epyccel/modules/*.py (they are not kept in this repository:
`pip download --no-deps --no-binary :all: pyccel` and unpack them to /tmp). Every module-level
function whose parameters all have hints Pyccel understands (pyccel_types.py) gives one
signature per combination of its union/TypeVar members; each gets K calls on fresh random
arguments (negatives, odd and even sizes, shapes that disagree, defaults left out on odd calls),
run once in CPython and once with `@transpile` on that function alone (its own copy of the
module; TRANSPYLE_BOUNDSCHECK=1). One process per module and mode; a process that dies is
restarted after the signature that killed it. Each signature is one of:
  matched   every call gave the same result, the same arguments after the call (bits of arrays,
            float.hex of floats, the exact type of scalars), or the same exception class
  refused   type: a hint transpyle does not take; construct: transpyle's TranspileError,
            counted by its message with names elided
  wrong     a call's outcome differs from CPython's (must be 0)
  documented  differs only as a docs/DIFFERENCES.md row the runner recognises (as pythran_run)
  crashed   internal error, build failure, the process died or timed out (must be 0)
  skipped   CPython cannot import the module or died
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from tests.corpora.pyccel_types import Signature, module_names, signatures
from tests.corpora.pythran_run import _DRIVER, Result, judge, report, simd_off
from tests.corpora.pythran_types import Export, Unsupported
from tests.corpora.pythran_types import arguments as draw

# The pythran driver's canon() and internal() and its call loop, over many jobs in one process.
_HEAD = _DRIVER.split("spec = importlib.util")[0].replace(
    "mode, path, name, inputs = sys.argv[1:5]", "mode, jobs_file, start = sys.argv[1:4]")
_LOOP = r'''
import importlib.util, signal

class CallTimeout(BaseException):
    pass

def alarm(signum, frame):
    raise CallTimeout()

signal.signal(signal.SIGALRM, alarm)
jobs = pickle.load(open(jobs_file, "rb"))
for index in range(int(start), len(jobs)):
    path, name, calls = jobs[index]
    print(f"START {index}", flush=True)
    out = []
    try:
        spec = importlib.util.spec_from_file_location(f"case_{index}", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
    except TranspileError as err:
        calls = []
        out.append(["refused", err.diagnostic.code, err.message.splitlines()[0][:300]])
    except Exception as err:
        calls = []
        out.append(["load", type(err).__name__, str(err)[:300]])
    for args in calls:
        args = copy.deepcopy(args)
        try:
            signal.alarm(10 if mode == "python" else 0)  # CPython's endless loops (n < 0)
            try:
                result = getattr(mod, name)(*args)
            finally:
                signal.alarm(0)
            out.append(["ok", canon(result), canon(list(args))])
        except CallTimeout:
            out.append(["timeout"])
            break
        except TranspileError as err:
            out.append(["refused", err.diagnostic.code, err.message.splitlines()[0][:300]])
            break
        except RecursionError as err:
            out.append(["raise", type(err).__name__, ""])
        except Exception as err:
            kind = "internal" if mode == "transpile" and internal(err) else "raise"
            out.append([kind, type(err).__name__, str(err)[:300]])
    print(f"JOB {index} " + json.dumps(out), flush=True)
'''
DRIVER = _HEAD + _LOOP


def decorated(tree: ast.Module, name: str) -> str:
    """The module with `@transpile` on its function `name` only."""
    tree = ast.parse(ast.unparse(tree))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            node.decorator_list.insert(0, ast.Name("transpile", ast.Load()))
    tree.body.insert(0, ast.ImportFrom("transpyle", [ast.alias("transpile")], 0))
    return ast.unparse(ast.fix_missing_locations(tree))


def call_args(sig: Signature, rng: np.random.Generator, k: int) -> list[Any]:
    """Call k's arguments; odd calls leave out the trailing parameters that have defaults."""
    drawn = draw([h for h in sig.hints if h is not None], rng, k % 3)
    it = iter(drawn)
    args = [None if h is None else next(it) for h in sig.hints]
    if k % 2 == 1 and sig.defaults:
        args = args[:len(args) - sig.defaults]
    return args


def run_jobs(work: Path, mode: str, jobs: list[Any], timeout: float,
             env: dict[str, str] | None = None) -> list[list[Any] | str]:
    """Each job's outcomes (a list), or why there are none (a string)."""
    (work / "driver.py").write_text(DRIVER)
    (work / "jobs.pkl").write_bytes(pickle.dumps(jobs))
    got: list[list[Any] | str] = []
    if mode == "transpile":
        env = {**os.environ, "TRANSPYLE_BOUNDSCHECK": "1"}
    while len(got) < len(jobs):
        cmd = [sys.executable, str(work / "driver.py"), mode, str(work / "jobs.pkl"),
               str(len(got))]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env,
                                  timeout=timeout * (len(jobs) - len(got)))
            stdout, why = proc.stdout, f"exit {proc.returncode}"
        except subprocess.TimeoutExpired as err:
            out = err.stdout or b""
            stdout = out.decode() if isinstance(out, bytes) else out
            why = "timed out"
        for line in stdout.splitlines():
            if line.startswith("JOB "):
                _, _, text = line.split(" ", 2)
                got.append(json.loads(text))
        if len(got) < len(jobs):
            got.append(f"{why} in this signature")
    return got


def run_module(path: Path, calls: int, seed: int, timeout: float) -> list[Result]:
    source = path.read_text()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [Result(path.name, "*", "skipped", "not Python 3 syntax")]
    names = module_names(tree)
    results: list[Result] = []
    todo: list[tuple[Export, Signature]] = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        try:
            sigs = signatures(node, names)
        except Unsupported as why:
            results.append(Result(path.name, node.name, "refused", f"type: {why}"))
            continue
        for sig in sigs:
            todo.append((Export(node.name, tuple(sig.label().split(", ")), node.lineno), sig))
    if not todo:
        return results
    with tempfile.TemporaryDirectory(prefix="pyccel_case_") as tmp:
        work = Path(tmp)
        (work / "plain.py").write_text(source)
        py_jobs, tr_jobs = [], []
        for k, (export, sig) in enumerate(todo):
            rng = np.random.default_rng([seed, export.line, k])
            inputs = [call_args(sig, rng, j) for j in range(calls)]
            copy_path = work / f"case_{k}.py"
            copy_path.write_text(decorated(tree, export.name))
            py_jobs.append((str(work / "plain.py"), export.name, inputs))
            tr_jobs.append((str(copy_path), export.name, inputs))
        python = run_jobs(work, "python", py_jobs, timeout)
        for k, got in enumerate(python):  # compiled: only the calls CPython finished
            if isinstance(got, list) and got and got[-1] == ["timeout"]:
                python[k] = got[:-1]
                tr_jobs[k] = (tr_jobs[k][0], tr_jobs[k][1], tr_jobs[k][2][:len(got) - 1])
        compiled = run_jobs(work, "transpile", tr_jobs, timeout)
        for k, (export, _) in enumerate(todo):
            r = judge(path.name, export, compiled[k], python[k])
            if r.status == "wrong":
                base = run_jobs(work, "python", [py_jobs[k]], timeout, env=simd_off())
                if judge(path.name, export, compiled[k], base[0]).status == "matched":
                    r.status, r.why = "documented", "NumPy's SIMD transcendental loops"
            results.append(r)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("modules", type=Path)
    ap.add_argument("--seed", type=int, default=None, help="default: fresh each run")
    ap.add_argument("--calls", type=int, default=6)
    ap.add_argument("--timeout", type=float, default=120.0, help="per signature")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("-k", default="", help="only files whose name contains this")
    ap.add_argument("--skip", action="append", default=[], help="leave out this file")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int(np.random.SeedSequence().entropy % 2**31)
    print(f"seed {seed}", flush=True)
    results: list[Result] = []
    for path in sorted(args.modules.glob("*.py")):
        if args.k not in path.name or path.name in ("__init__.py", *args.skip):
            continue
        for r in run_module(path, args.calls, seed, args.timeout):
            note = " (every call raises in CPython)" if r.status == "matched" \
                and not r.exercised else ""
            print(f"{r.file:28s} {r.status:8s} {r.export[:60]}  {r.why[:140]}{note}", flush=True)
            if r.status in ("wrong", "crashed") and r.detail:
                print(f"    compiled {str(r.detail[0])[:300]}")
                print(f"    cpython  {str(r.detail[1])[:300]}")
            results.append(r)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1))
    return 1 if any(r.status in ("wrong", "crashed") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
