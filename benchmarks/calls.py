"""Call and start-up probes (issue 17): what one call of a compiled function costs, and what a
new process pays before its first call returns.

- call of `f(int, int) -> int` and of `f(float64[:])` writing one element, in ns per call:
  transpyle (its C dispatcher), transpyle's Python path (TRANSPYLE_DISPATCH=python, what every
  call did before the dispatcher), the f2py entry called directly, Numba and Pyccel where the
  `[bench]` extra installed them. The tools take turns in each repeat; medians (and minima)
  over the repeats.
- `import transpyle`, and the first call in a new process with a warm cache, import included
  (median over fresh processes).

Writes benchmarks/results/calls.json with the machine named.

    python -m benchmarks.calls [--repeat 31] [--number 20000] [--starts 15] [--out PATH]
                               [--no-peers]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.machine import cpu_name

RESULTS = Path(__file__).parent / "results" / "calls.json"

PROBES = '''
import numpy as np
from transpyle import transpile


def add(a: int, b: int) -> int:
    return a + b


def poke(x: 'float[:]') -> None:
    x[0] = 1.0


t_add = transpile(add)
t_poke = transpile(poke)
'''

WARM = '''
import time
t0 = time.perf_counter()
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import calls_probes as m
m.t_add(1, 2)
m.t_poke(np.zeros(4))
print(time.perf_counter() - t0)
'''

IMPORT = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"


def _load(folder: Path) -> Any:
    path = folder / "calls_probes.py"
    path.write_text(PROBES)
    spec = importlib.util.spec_from_file_location("calls_probes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["calls_probes"] = module
    spec.loader.exec_module(module)
    return module


def _contenders(m: Any, peers: bool) -> dict[str, dict[str, Callable[..., Any]]]:
    """For each probe, the callables to time (each checked to compute the right thing)."""
    import numpy as np

    x = np.zeros(4)
    m.t_add(1, 2), m.t_poke(x)
    tools: dict[str, dict[str, Callable[..., Any]]] = {
        "add": {"transpyle": m.t_add, "f2py direct": next(iter(m.t_add.entries.values()))},
        "poke": {"transpyle": m.t_poke,
                 "f2py direct": _f2py_direct(next(iter(m.t_poke.entries.values())))},
    }
    os.environ["TRANSPYLE_DISPATCH"] = "python"
    try:
        from transpyle import transpile

        slow_add, slow_poke = transpile(m.add), transpile(m.poke)
    finally:
        del os.environ["TRANSPYLE_DISPATCH"]
    tools["add"]["transpyle (Python path)"] = slow_add
    tools["poke"]["transpyle (Python path)"] = slow_poke
    try:
        if not peers:
            raise ImportError("--no-peers")
        import numba

        tools["add"]["numba"] = numba.njit(m.add)
        tools["poke"]["numba"] = numba.njit(m.poke)
    except ImportError:
        pass
    try:
        if not peers:
            raise ImportError("--no-peers")
        from pyccel import epyccel

        tools["add"]["pyccel"] = epyccel(m.add, language="fortran")
        tools["poke"]["pyccel"] = epyccel(m.poke, language="fortran")
    except ImportError:
        pass
    for name, f in tools["add"].items():
        assert f(20, 22) == 42, name
    for name, f in tools["poke"].items():
        y = np.zeros(4)
        f(y)
        assert y.tolist() == [1.0, 0.0, 0.0, 0.0], name
    return tools


def _f2py_direct(bound: Any) -> Callable[..., Any]:
    """The f2py entry itself (a 1-d array needs no transpose; poke cannot raise)."""
    assert bound.tp_status is None and not bound.tp_plan.transposed
    return bound.tp_target  # type: ignore[no-any-return]


def time_calls(tools: dict[str, dict[str, Callable[..., Any]]], repeat: int,
               number: int) -> dict[str, dict[str, dict[str, float]]]:
    import numpy as np

    x = np.zeros(4)
    samples: dict[str, dict[str, list[float]]] = {p: {t: [] for t in ts} for p, ts in tools.items()}
    for _ in range(repeat):  # the tools take turns: the machine's load falls on each alike
        for probe, ts in tools.items():
            for name, f in ts.items():
                stmt = "f(1, 2)" if probe == "add" else "f(x)"
                t = timeit.timeit(stmt, globals={"f": f, "x": x}, number=number)
                samples[probe][name].append(t / number * 1e9)
    return {p: {t: {"median_ns": statistics.median(v), "min_ns": min(v)} for t, v in ts.items()}
            for p, ts in samples.items()}


def _fresh(code: list[str], env: dict[str, str], starts: int) -> dict[str, float]:
    times = []
    for _ in range(starts):
        out = subprocess.run([sys.executable, *code], capture_output=True, text=True,
                             env=env, check=True).stdout
        times.append(float(out.split()[-1]))
    return {"median_s": statistics.median(times), "min_s": min(times)}


def time_starts(folder: Path, starts: int, peers: bool) -> dict[str, dict[str, float]]:
    env = {**os.environ, "TRANSPYLE_CACHE_DIR": str(folder / "cache")}
    (folder / "warm.py").write_text(WARM)
    warm = [str(folder / "warm.py"), str(folder)]
    subprocess.run([sys.executable, *warm], check=True, env=env, capture_output=True)  # builds
    out = {"import transpyle": _fresh(["-c", IMPORT.format("transpyle")], env, starts),
           "import numpy": _fresh(["-c", IMPORT.format("numpy")], env, starts),
           "first call, warm cache, new process (incl. import)": _fresh(warm, env, starts)}
    for other in ("numba", "pyccel") if peers else ():
        if importlib.util.find_spec(other) is not None:
            out[f"import {other}"] = _fresh(["-c", IMPORT.format(other)], env, starts)
    return out


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("numpy", "numba", "pyccel"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.calls", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=31)
    p.add_argument("--number", type=int, default=20000)
    p.add_argument("--starts", type=int, default=15)
    p.add_argument("--out", type=Path, default=RESULTS)
    p.add_argument("--no-peers", action="store_true", help="leave Numba and Pyccel out")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tp-calls-") as tmp:
        folder = Path(tmp)
        os.environ["TRANSPYLE_CACHE_DIR"] = str(folder / "cache")
        m = _load(folder)
        calls = time_calls(_contenders(m, not args.no_peers), args.repeat, args.number)
        starts = time_starts(folder, args.starts, not args.no_peers)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    result = {"machine": cpu_name(), "cores": os.cpu_count(), "python": platform.python_version(),
              "versions": _versions(),
              "load_average": load, "repeat": args.repeat, "number": args.number,
              "starts": args.starts, "when": time.strftime("%Y-%m-%d %H:%M:%S"),
              "calls": calls, "starts_s": starts}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for probe, ts in calls.items():
        for name, v in ts.items():
            print(f"{probe:5s} {name:26s} median {v['median_ns']:8.0f} ns  "
                  f"min {v['min_ns']:8.0f} ns")
    for name, v in starts.items():
        print(f"{name:52s} median {v['median_s']:.3f} s  min {v['min_s']:.3f} s")


if __name__ == "__main__":
    main()
