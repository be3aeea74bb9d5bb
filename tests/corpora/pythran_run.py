"""Pythran's test cases through @transpile, against CPython (issue 14's outside corpus).

    python -m tests.corpora.pythran_run DIR [--seed N] [--calls K] [--json FILE] [-k TEXT]

DIR holds case files of serge-sans-paille/pythran's pythran/tests/cases (they are not kept in
this repository). Each `#pythran export f(types)` line becomes one signature: its types become
hints (pythran_types.py), the function gets `@transpile` and those hints, and K calls on fresh
random arguments run in two subprocesses, compiled and in CPython (a crash kills only its
subprocess; the compiled one with TRANSPYLE_BOUNDSCHECK=1, so that an index out of range raises
IndexError as in CPython: unchecked, it is a documented difference). Each signature is one of:
  matched   every call gave the same outcome: the same result and the same arguments after the
            call (bits of arrays, float.hex of floats), or the same exception class
  refused   type: a Pythran type transpyle does not take (list, dict, str, tuple, ...);
            construct: transpyle's TranspileError, counted by its message with names elided
  wrong     a call's outcome differs from CPython's
  documented  a call differs in one of docs/DIFFERENCES.md's rows that the runner recognises:
            a length-1 axis that NumPy broadcasts (ValueError compiled), or NumPy's own SIMD
            transcendental loops (the compiled result is what CPython gives with NumPy's SIMD
            dispatch off, NPY_DISABLE_CPU_FEATURES)
  crashed   the compiled process died or timed out, the build failed (E-build), or the compiler
            raised an internal error
  skipped   the file is not Python 3 (xrange is read as range; print statements are not), or
            CPython itself died or timed out
"""

from __future__ import annotations

import argparse
import ast
import collections
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tests.corpora.pythran_types import Export, Hint, Unsupported, arguments, exports, hint

_DRIVER = r'''
import copy, importlib.util, json, pickle, sys, traceback
import numpy as np
import transpyle
mode, path, name, inputs = sys.argv[1:5]
if mode == "python":
    transpyle.transpile = lambda fn=None, **kw: fn if fn is not None else (lambda f: f)
from transpyle.errors import TranspileError

def canon(x):
    if isinstance(x, np.ndarray):
        return ["array", str(x.dtype), list(x.shape), np.ascontiguousarray(x).tobytes().hex()]
    if isinstance(x, (bool, np.bool_)):
        return ["bool", bool(x)]
    if isinstance(x, (int, np.integer)) and type(x) in (int, np.int64):
        return ["int", int(x)]
    if isinstance(x, (float, np.float64)) and type(x) in (float, np.float64):
        return ["float", float(x).hex()]
    if isinstance(x, (complex, np.complex128)) and type(x) in (complex, np.complex128):
        return ["complex", x.real.hex(), x.imag.hex()]
    if isinstance(x, np.generic):
        return [type(x).__name__, x.tobytes().hex()]
    if isinstance(x, (tuple, list)):
        return [type(x).__name__, [canon(v) for v in x]]
    if x is None:
        return ["None"]
    return ["repr", repr(x)]

def internal(err):
    frames = traceback.extract_tb(err.__traceback__)
    return any("/transpyle/" in f.filename and "/transpyle/runtime/" not in f.filename
               for f in frames[-1:])

spec = importlib.util.spec_from_file_location("case_module", path)
mod = importlib.util.module_from_spec(spec)
sys.modules["case_module"] = mod
out = []
try:
    spec.loader.exec_module(mod)
    calls = pickle.load(open(inputs, "rb"))
except Exception as err:
    calls = []
    out.append(["load", type(err).__name__, str(err)[:300]])
for args in calls:
    args = copy.deepcopy(args)
    try:
        result = getattr(mod, name)(*args)
        out.append(["ok", canon(result), canon(list(args))])
    except TranspileError as err:
        out.append(["refused", err.diagnostic.code, err.message.splitlines()[0][:300]])
        break
    except RecursionError as err:
        out.append(["raise", type(err).__name__, ""])
    except Exception as err:
        kind = "internal" if mode == "transpile" and internal(err) else "raise"
        out.append([kind, type(err).__name__, str(err)[:300]])
    sys.stdout.flush()
print("OUTCOMES " + json.dumps(out))
'''


@dataclass
class Result:
    file: str
    export: str
    status: str  # matched | refused | wrong | crashed | skipped
    why: str = ""
    exercised: bool = False  # a call returned normally in CPython
    detail: list[Any] = field(default_factory=list)


def message_class(message: str) -> str:
    """A refusal message with its names and numbers elided: 'x' -> '_', 12 -> N."""
    text = re.sub(r"'[^']*'", "'_'", message)
    text = re.sub(r"\b\d+\b", "N", text)
    return text.split(":")[0] if "is not supported" not in text else text


def prepare(source: str, export: Export, hints: list[Hint]) -> str | None:
    """The case module with `@transpile` and hints on the exported function; None if it is
    not Python 3 or the function is not a module-level def."""
    source = re.sub(r"\bxrange\b", "range", source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == export.name:
            params = node.args.posonlyargs + node.args.args
            if len(params) < len(hints):
                return None
            for param, h in zip(params, hints, strict=False):
                param.annotation = ast.Constant(h.text())
            node.decorator_list.insert(0, ast.Name("transpile", ast.Load()))
            tree.body.insert(0, ast.ImportFrom("transpyle", [ast.alias("transpile")], 0))
            return ast.unparse(ast.fix_missing_locations(tree))
    return None


def simd_off() -> dict[str, str]:
    """The environment that turns NumPy's SIMD dispatch off (its baseline loops only)."""
    from numpy._core import _multiarray_umath as umath

    found = umath.__cpu_features__
    names = [f for f in umath.__cpu_dispatch__ if found.get(f)
             and f not in umath.__cpu_baseline__]
    return {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(names)}


def run_mode(work: Path, mode: str, name: str, timeout: float,
             env: dict[str, str] | None = None) -> list[Any] | str:
    driver = work / "driver.py"
    cmd = [sys.executable, str(driver), mode, str(work / "case_module.py"), name,
           str(work / "inputs.pkl")]
    try:
        if mode == "transpile":
            env = {**os.environ, "TRANSPYLE_BOUNDSCHECK": "1"}
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s"
    lines = [x for x in proc.stdout.splitlines() if x.startswith("OUTCOMES ")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
        return f"exit {proc.returncode}: {tail[0][:200]}"
    outcomes: list[Any] = json.loads(lines[-1].removeprefix("OUTCOMES "))
    return outcomes


def _same(a: list[Any], b: list[Any]) -> bool:
    if a[0] == "raise" and b[0] == "raise":
        return a[1] == b[1]
    return a == b


def _broadcast(got: list[Any], want: list[Any]) -> bool:
    """The compiled call raised the documented ValueError of a length-1 axis NumPy stretches."""
    return (got[0] == "raise" and got[1] == "ValueError" and want[0] == "ok"
            and ("could not be broadcast" in got[2]
                 or "could not broadcast input array from shape" in got[2])
            and re.search(r"\((?:\d+,)*1[,)]", got[2]) is not None)


def judge(file: str, export: Export, compiled: list[Any] | str,
          python: list[Any] | str) -> Result:
    label = f"{export.name}({', '.join(export.types)})"
    res = Result(file, label, "matched")
    if isinstance(python, str):
        return Result(file, label, "skipped", f"CPython {python}")
    if python and python[0][0] == "load":
        return Result(file, label, "skipped", f"CPython cannot import it: {python[0][1]}")
    res.exercised = any(o[0] == "ok" for o in python)
    if isinstance(compiled, str):
        return Result(file, label, "crashed", compiled)
    for got, want in zip(compiled, python, strict=False):
        if got[0] == "refused":
            if got[1] == "E-build":
                return Result(file, label, "crashed", f"build: {got[2]}")
            return Result(file, label, "refused", message_class(got[2]), detail=got)
        if got[0] == "internal" and not _same(["raise", got[1]], want):
            return Result(file, label, "crashed", f"internal {got[1]}: {got[2]}")
        if not _same(got, want):
            if _broadcast(got, want):
                return Result(file, label, "documented", "a length-1 axis NumPy broadcasts")
            return Result(file, label, "wrong", "differs from CPython", detail=[got, want])
    if len(compiled) != len(python):
        return Result(file, label, "wrong", "a different number of outcomes")
    return res


def run_export(path: Path, source: str, export: Export, calls: int, seed: int,
               timeout: float) -> Result:
    label = f"{export.name}({', '.join(export.types)})"
    try:
        hints = [hint(t) for t in export.types]
    except Unsupported as why:
        return Result(path.name, label, "refused", f"type: {why}")
    module = prepare(source, export, hints)
    if module is None:
        return Result(path.name, label, "skipped", "not Python 3, or no module-level def")
    rng = np.random.default_rng([seed, export.line, len(export.types)])
    inputs = [arguments(hints, rng, k % 3) for k in range(calls)]
    with tempfile.TemporaryDirectory(prefix="pythran_case_") as tmp:
        work = Path(tmp)
        (work / "driver.py").write_text(_DRIVER)
        (work / "case_module.py").write_text(module)
        (work / "inputs.pkl").write_bytes(pickle.dumps(inputs))
        python = run_mode(work, "python", export.name, timeout)
        compiled = run_mode(work, "transpile", export.name, timeout)
        result = judge(path.name, export, compiled, python)
        if result.status == "wrong":  # NumPy's SIMD loops, or transpyle's bug?
            baseline = run_mode(work, "python", export.name, timeout, env=simd_off())
            if judge(path.name, export, compiled, baseline).status in ("matched", "documented"):
                result.status, result.why = "documented", "NumPy's SIMD transcendental loops"
    return result


def report(results: list[Result]) -> str:
    lines: list[str] = []
    count = collections.Counter(r.status for r in results)
    translated = sum(r.status in ("matched", "wrong", "documented") for r in results)
    exercised = sum(r.status == "matched" and r.exercised for r in results)
    lines.append("")
    lines.append(f"signatures {len(results)} in {len({r.file for r in results})} files: "
                 f"translated {translated}, matched {count['matched']} (of which {exercised} "
                 f"returned normally on some call), refused {count['refused']}, "
                 f"documented difference {count['documented']}, "
                 f"wrong {count['wrong']}, crashed {count['crashed']}, "
                 f"skipped {count['skipped']}")
    classes = collections.Counter(r.why for r in results if r.status == "refused")
    lines.append("refused by class:")
    lines.extend(f"  {n:4d}  {why}" for why, n in classes.most_common())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases", type=Path)
    ap.add_argument("--seed", type=int, default=None, help="default: fresh each run")
    ap.add_argument("--calls", type=int, default=6)
    ap.add_argument("--timeout", type=float, default=240.0)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("-k", default="", help="only files whose name contains this")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int(np.random.SeedSequence().entropy % 2**31)
    print(f"seed {seed}", flush=True)
    results: list[Result] = []
    for path in sorted(args.cases.glob("*.py")):
        if args.k not in path.name:
            continue
        source = path.read_text()
        for export in exports(source):
            r = run_export(path, source, export, args.calls, seed, args.timeout)
            note = " (every call raises in CPython)" if r.status == "matched" \
                and not r.exercised else ""
            print(f"{r.file:32s} {r.status:8s} {r.export[:60]}  {r.why[:140]}{note}", flush=True)
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
