"""Running a script in a fresh interpreter: call-time tests whose failure could kill the process.

`outcomes(module_source, calls)` writes `module_source` to a file, imports it in a subprocess
twice (once with `@transpile` active, once with it replaced by the identity, i.e. CPython), runs
each call in both, and returns both lists of outcomes: `("ok", repr(result))` or
`("raise", exception class name)`, plus each process's exit status. A test compares the two.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

_DRIVER = '''
import importlib.util, json, sys
import numpy as np
import transpyle
if sys.argv[2] == "python":
    transpyle.transpile = lambda fn=None, **kw: fn if fn is not None else (lambda f: f)
spec = importlib.util.spec_from_file_location("case_module", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
sys.modules["case_module"] = mod
spec.loader.exec_module(mod)
out = []
calls = sys.argv[3]
if calls.startswith("@"):  # a file of calls: argument lists have a length limit
    calls = open(calls[1:]).read()
for call in json.loads(calls):
    try:
        result = eval(call, {"np": np, **vars(mod)})
        if isinstance(result, np.ndarray):
            result = ("array", str(result.dtype), result.tobytes().hex())
        elif isinstance(result, float):
            result = ("float", result.hex())
        out.append(["ok", repr(result)])
    except Exception as err:  # noqa: BLE001 - the outcome is what is compared
        out.append(["raise", type(err).__name__, str(err)])
    sys.stdout.flush()
print("OUTCOMES " + json.dumps(out))
'''


def run_both(tmp: Path, module_source: str, calls: list[str],
             env: dict[str, str] | None = None) -> tuple[list[list[str]], list[list[str]]]:
    """Outcomes of `calls` (Python expressions over the module's names) compiled and in CPython."""
    path = tmp / "case_module.py"
    path.write_text(textwrap.dedent(module_source))
    driver = tmp / "driver.py"
    driver.write_text(_DRIVER)
    calls_file = tmp / "calls.json"
    calls_file.write_text(json.dumps(calls))
    results = []
    for mode in ("transpile", "python"):
        proc = subprocess.run([sys.executable, str(driver), str(path), mode, f"@{calls_file}"],
                              capture_output=True, text=True, timeout=600, env=env)
        lines = [x for x in proc.stdout.splitlines() if x.startswith("OUTCOMES ")]
        assert proc.returncode == 0 and lines, (
            f"{mode}: exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        results.append(json.loads(lines[-1].removeprefix("OUTCOMES ")))
    return results[0], results[1]
