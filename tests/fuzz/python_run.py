"""Running random programs in CPython and compiled, in subprocesses, and comparing the outcomes.

A batch is one module of many functions. In "batch" mode the driver builds all of them as ONE
Fortran module (the path @transpile takes for one function: parse, `passes.typed`,
`passes.for_fortran`, emit, build, bind), so one f2py build covers the batch; a function the
translator refuses, or whose Fortran does not build, is found by translating each alone and by
bisecting the build. "jit" mode calls the `@transpile` objects themselves (one build each): the
minimiser's last word is confirmed that way. "python" mode runs the plain functions.
A crash or a hang of the compiled side costs one call: the driver reports each call as it ends,
and the parent starts it again after the culprit.

    python -m tests.fuzz.python_run JOB.json   # the driver; writes "R <json>" lines
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HEADER = "import math\nimport numpy as np\nfrom transpyle import transpile\n\n\n"
CALL_TIMEOUT_S = 60


# ---- the driver (runs in the subprocess) ----------------------------------------------------

def _args(specs: list[list[Any]]) -> list[Any]:
    import numpy as np
    out: list[Any] = []
    for s in specs:
        kind = s[0]
        if kind == "i":
            out.append(int(s[1]))
        elif kind == "f":
            out.append(float.fromhex(s[1]))
        elif kind == "fa":
            out.append(np.array([float.fromhex(v) for v in s[1]], dtype=np.float64))
        elif kind == "ia":
            out.append(np.array(s[1], dtype=np.int64))
        else:
            out.append(np.array([float.fromhex(v) for v in s[3]]).reshape(s[1], s[2]))
    return out


def _value(v: Any) -> list[Any]:
    import numpy as np
    if isinstance(v, bool | np.bool_):
        return ["bool", bool(v)]
    if isinstance(v, int | np.integer):
        return ["int", int(v)]
    if isinstance(v, float | np.floating):
        return ["float", float(v).hex()]
    if isinstance(v, tuple):
        return ["tuple", [_value(x) for x in v]]
    return ["other", repr(v)]


def _call(fn: Any, specs: list[list[Any]]) -> list[Any]:
    import numpy as np
    args = _args(specs)
    try:
        out = ["ok", _value(fn(*args))]
    except Exception as err:  # noqa: BLE001 - the outcome is what is compared
        out = ["raise", type(err).__name__, str(err)[:200]]
    out.append([a.tobytes().hex() for a in args if isinstance(a, np.ndarray)])
    return out


def _translate(source: str, path: str, names: list[str]) -> tuple[Any, Any, str]:
    from transpyle import passes
    from transpyle.backends.fortran import emit_fortran
    from transpyle.frontends.python import parse_python
    from transpyle.runtime.jit import FORTRAN_MODULE
    module = parse_python(source, path, only=_with_callees(source, names),
                          module_name=FORTRAN_MODULE)
    typed = passes.typed(module)
    laid_out = passes.for_fortran(typed)
    return typed, laid_out, emit_fortran(laid_out)


def _with_callees(source: str, names: list[str]) -> set[str]:
    """`names` and the module functions they call, transitively (what @transpile translates
    with a function)."""
    import ast
    defs = {f.name: f for f in ast.parse(source).body if isinstance(f, ast.FunctionDef)}
    out, todo = set(names), list(names)
    while todo:
        for node in ast.walk(defs[todo.pop()]):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in defs and node.func.id not in out:
                out.add(node.func.id)
                todo.append(node.func.id)
    return out


def _first_line(err: BaseException) -> str:
    text = getattr(err, "message", None) or str(err) or type(err).__name__
    return f"{type(err).__name__}: {text.strip().splitlines()[0][:300]}"


def _build_batch(source: str, path: str, names: list[str]) -> tuple[dict[str, Any],
                                                                    dict[str, str]]:
    """Entry points of all `names` built as one module; what failed, with why (a group that
    fails to translate or build is halved until the culprits are alone)."""
    from transpyle.passes.raises import reachable_sites
    from transpyle.runtime.binding import bind
    from transpyle.runtime.build import BuildOptions
    from transpyle.runtime.cache import cache_key, load_module
    from transpyle.runtime.jit import FORTRAN_MODULE
    entries: dict[str, Any] = {}
    failed: dict[str, str] = {}

    def build(group: list[str]) -> None:
        try:
            typed, laid_out, fortran = _translate(source, path, group)
            options = BuildOptions()
            ext = load_module(fortran, f"tp_fuzz_{cache_key(fortran, options)[:12]}", options)
        except Exception as err:  # noqa: BLE001 - refused, or an internal error: both reported
            if len(group) == 1:
                failed[group[0]] = _first_line(err)
                return
            build(group[:len(group) // 2])
            build(group[len(group) // 2:])
            return
        for n in group:
            entries[n] = bind(ext, FORTRAN_MODULE, typed.functions()[n],
                              reachable_sites(laid_out, n))
    if names:
        build(names)
    return entries, failed


def _with_defaults(entry: Any, fn: Any) -> Any:
    import inspect
    signature = inspect.signature(fn)

    def call(*args: Any) -> Any:
        bound = signature.bind(*args)
        bound.apply_defaults()
        return entry(*bound.args)
    return call


def drive(job: dict[str, Any]) -> None:
    import importlib.util

    import transpyle
    path, mode = job["path"], job["mode"]
    if mode != "jit":
        transpyle.transpile = lambda fn=None, **kw: fn if fn is not None else (lambda f: f)
    spec = importlib.util.spec_from_file_location("fuzz_module", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_module"] = mod
    spec.loader.exec_module(mod)
    calls = job["calls"]
    entries: dict[str, Any] = {}
    failed: dict[str, str] = {}
    if mode == "batch":
        names = sorted({c[1] for c in calls})
        entries, failed = _build_batch(Path(path).read_text(), path, names)
    for index, name, specs in calls:
        if name in failed:
            out = ["refused", failed[name]]
        elif mode == "batch":  # defaults filled in as CPython binds them (the jit's way)
            out = _call(_with_defaults(entries[name], getattr(mod, name)), specs)
        else:
            out = _call(getattr(mod, name), specs)
        print("R " + json.dumps([index, out]), flush=True)


# ---- the parent -----------------------------------------------------------------------------

@dataclasses.dataclass
class Case:
    name: str
    source: str  # the function's text
    specs: list[list[Any]]  # one argument list


def run_cases(cases: list[Case], work: Path, mode: str) -> list[list[Any]]:
    """The outcome of each case in `mode`: ["ok", value, arrays] | ["raise", cls, msg, arrays]
    | ["refused", why] | ["crash", why] | ["hang", why]."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / "fuzz_module.py"
    seen: dict[str, str] = {}
    for c in cases:
        seen.setdefault(c.name, c.source)
    path.write_text(HEADER + "\n\n".join(seen.values()))
    results: dict[int, list[Any]] = {}
    pending = list(range(len(cases)))
    while pending:
        job = {"path": str(path), "mode": mode,
               "calls": [[k, cases[k].name, cases[k].specs] for k in pending]}
        job_path = work / f"job_{mode}.json"
        job_path.write_text(json.dumps(job))
        lines, rc, err = _run_driver(job_path, len(pending))
        for line in lines:
            k, out = json.loads(line[2:])
            results[k] = out
        pending = [k for k in pending if k not in results]
        if pending:  # the first call without an outcome took the process down
            culprit = pending.pop(0)
            results[culprit] = ["hang" if rc is None else "crash",
                                f"exit {rc}: {err.strip().splitlines()[-1:]}"]
    return [results[k] for k in range(len(cases))]


def _run_driver(job: Path, ncalls: int) -> tuple[list[str], int | None, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "tests.fuzz.python_run", str(job)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        out, err = proc.communicate(timeout=CALL_TIMEOUT_S + 2 * ncalls)
        rc: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        rc = None
    return [x for x in out.splitlines() if x.startswith("R ")], rc, err


# rows of docs/DIFFERENCES.md, recognised by the compiled side's message
DOCUMENTED = (("too large for a 64-bit integer", "int() of |x| >= 2**63 raises OverflowError"),
              ("fractional power is a complex", "float ** fractional of x < 0 raises"))


def mismatch(want: list[Any], got: list[Any]) -> str | None:
    """None where CPython's outcome and the compiled one agree; else the mismatch's kind
    ("documented: ..." where it is a row of docs/DIFFERENCES.md)."""
    kind = _mismatch(want, got)
    if kind and got[0] == "raise":
        for text, row in DOCUMENTED:
            if text in got[2]:
                return f"documented: {row}"
    if kind in ("value", "array") and _same_but_nan_signs(want, got):
        return "documented: the sign bit of a NaN"
    if kind == "array after raise" and _same_but_nan_signs(["ok", None, want[3]],
                                                           ["ok", None, got[3]]):
        return "documented: the sign bit of a NaN"
    return kind


def _same_but_nan_signs(want: list[Any], got: list[Any]) -> bool:
    """The outcomes differ only in the sign bits of NaNs (a row of docs/DIFFERENCES.md)."""
    def words(hexes: list[str]) -> list[int]:
        raw = bytes.fromhex("".join(hexes))
        return [int.from_bytes(raw[k:k + 8], "little") for k in range(0, len(raw) - 7, 8)]

    def nan_sign_only(a: int, b: int) -> bool:
        nan = (a >> 52) & 0x7FF == 0x7FF and a & ((1 << 52) - 1) != 0
        return a == b or (nan and a ^ b == 1 << 63)

    if want[1] != got[1] and not ("nan" in str(want[1]) and "nan" in str(got[1])):
        return False
    if [len(x) for x in want[2]] != [len(x) for x in got[2]] \
            or any(len(x) % 16 for x in want[2]):  # hex of whole 8-byte words only
        return False
    w, g = words(want[2]), words(got[2])
    return all(nan_sign_only(a, b) for a, b in zip(w, g, strict=True))


def _mismatch(want: list[Any], got: list[Any]) -> str | None:
    if got[0] in ("refused", "crash", "hang"):
        return got[0]
    if want[0] == "ok" and got[0] == "ok":
        if want[1] != got[1]:
            return "value"
        return "array" if want[2] != got[2] else None
    if want[0] == "raise" and got[0] == "ok":
        return f"missed {want[1]}"
    if want[0] == "ok" and got[0] == "raise":
        return f"spurious {got[1]}"
    if want[1] != got[1]:
        return f"{want[1]} became {got[1]}"
    return "array after raise" if want[3] != got[3] else None


def compare(cases: list[Case], work: Path, mode: str = "batch") -> list[tuple[str | None,
                                                                            list[Any],
                                                                            list[Any]]]:
    """(mismatch kind or None, CPython outcome, compiled outcome) of each case."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        python = pool.submit(run_cases, cases, work / "python", "python")
        got = run_cases(cases, work / mode, mode)
        want = python.result()
    return [(mismatch(w, g), w, g) for w, g in zip(want, got, strict=True)]


if __name__ == "__main__":
    drive(json.loads(Path(sys.argv[1]).read_text()))


# ---- minimising a mismatch ------------------------------------------------------------------

def minimise(p: Any, specs: list[list[Any]], kind: str, work: Path, rounds: int = 15) -> Any:
    """`p` (a python_programs.Program) made small while `specs` still give mismatch `kind`:
    each round builds every one-step-smaller program in one batch and keeps the smallest."""
    from tests.fuzz.python_programs import shrunk, size, without_unused
    for r in range(rounds):
        named = [dataclasses.replace(c, name=f"{p.name}_m{j}")
                 for j, c in enumerate(shrunk(p)[:80])]
        if not named:
            break
        res = compare([Case(c.name, c.source(), specs) for c in named], work / f"round{r}")
        keep = [c for c, (k, _, _) in zip(named, res, strict=True) if k == kind]
        if not keep:
            break
        p = dataclasses.replace(min(keep, key=lambda c: (size(c), len(c.source()))),
                                name=p.name)
    small = without_unused(p)
    res = compare([Case(small.name, small.source(), specs)], work / "unused")
    return small if res[0][0] == kind else p


TAGS = (("int //", r"[\w\)\]] // "), ("%", r" % "), ("**", r"\*\*"), ("min/max", r"\b(min|max)\("),
        ("int()", r"\bint\("), ("/", r"[^/]/ "), ("math", r"math\.\w+"), ("for", r"\bfor\b"),
        ("while", r"\bwhile\b"), ("break", r"\bbreak\b"), ("continue", r"\bcontinue\b"),
        ("alias b = a", r"\bb = a\b"), ("array expr", r"\bd = "), ("np.zeros", r"np\.zeros"),
        ("if-else expr", r" if .* else "), ("and/or", r"\b(and|or|not)\b"),
        ("2-D", r"\bm\["), ("return in body", r"^ {8,}return"))


def tags(source: str) -> list[str]:
    """The constructs a (minimised) program still uses: a label for its mismatch class."""
    import re
    lines = source.splitlines()
    body = "\n".join(x for x in lines[lines.index("@transpile") + 2:] if not re.match(r" {4}\w+ = \S+$", x)
                     or "np." in x or " = a" in x)
    return [t for t, rx in TAGS if re.search(rx, body, re.M)]
