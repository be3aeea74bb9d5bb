"""Start-up of a new process, two trees side by side (issue 17 and 18): what a migrated program
pays to import transpyle's runtime, and what a warm @transpile call pays before it returns.

Each probe runs in fresh interpreters, the trees taking turns (`--before DIR` is another
checkout of transpyle put first on PYTHONPATH, e.g. `git archive main | tar -x -C DIR`; without
it only this tree is measured). The figure is the median CPU time (user + system) of the whole
process, which leaves out the time the OS gives to other processes on a shared machine, and
the median wall time beside it; `python -X importtime` gives the modules behind a figure.

- `numpy`: `import numpy`, the floor every probe stands on.
- `migrated runtime`: `from transpyle.runtime import fortran_io, fortran_mpi`, the imports of a
  migrated MPI program (benchmarks/mpi_io.py), then one list-directed PRINT and one formatted
  internal WRITE, as that program does.
- `warm @transpile`: `from transpyle import transpile` and the first call of `add(a: int,
  b: int)` with its cache warm (built by an earlier process).

    python -m benchmarks.startup [--before DIR] [--starts 21] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.machine import cpu_name

RESULTS = Path(__file__).parent / "results" / "startup.json"

PROBES = {
    "numpy": "import numpy",
    "migrated runtime": (
        "import io, contextlib\n"
        "from transpyle.runtime import fortran_io as fio\n"
        "from transpyle.runtime import fortran_mpi as fmpi\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    fio.write('*', 3, 2.5, 'x')\n"
        "name = fio.write_internal(32, '(a,i4.4,a)', 'rank_', 3, '.bin')\n"),
    "warm @transpile": (
        "import sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from probe_add import add\n"
        "assert add(3, 4) == 7\n"),
    "warm @transpile, subprocess imported": (
        "import sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from probe_add import add\n"
        "assert add(3, 4) == 7\n"
        "assert 'subprocess' not in sys.modules, 'subprocess imported'\n"),
}
ADD = '''from transpyle import transpile


@transpile
def add(a: int, b: int) -> int:
    return a + b
'''


def _run(code: str, env: dict[str, str], folder: Path) -> tuple[float, float, bool]:
    """(CPU seconds, wall seconds, exited 0) of one fresh interpreter running `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(folder)], env=env, cwd=folder,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, proc.returncode == 0


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--before", type=Path, help="another transpyle checkout to compare with")
    p.add_argument("--starts", type=int, default=21)
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    here = Path(__file__).resolve().parent.parent
    trees = {"after": here} | ({"before": args.before.resolve()} if args.before else {})
    with tempfile.TemporaryDirectory(prefix="tp-startup-") as tmp:
        folder = Path(tmp)
        (folder / "probe_add.py").write_text(ADD)
        envs = {}
        for name, tree in trees.items():
            envs[name] = {**os.environ, "PYTHONPATH": str(tree),
                          "TRANSPYLE_CACHE_DIR": str(folder / f"cache-{name}")}
            subprocess.run([sys.executable, "-c", PROBES["warm @transpile"], str(folder)],
                           env=envs[name], cwd=folder, check=True)  # builds into the cache
        samples: dict[str, dict[str, list[tuple[float, float, bool]]]] = {
            probe: {t: [] for t in trees} for probe in PROBES}
        for _ in range(args.starts):
            for probe, code in PROBES.items():
                for name in trees:  # the trees take turns
                    samples[probe][name].append(_run(code, envs[name], folder))
    results = {probe: {name: {"cpu_median_s": round(statistics.median(s[0] for s in v), 4),
                              "wall_median_s": round(statistics.median(s[1] for s in v), 4),
                              "passed": all(s[2] for s in v)}
                       for name, v in by_tree.items()}
               for probe, by_tree in samples.items()}
    out = {"machine": {"cpu": cpu_name(), "cores": os.cpu_count(),
                       "python": platform.python_version(),
                       "load_average_at_end": os.getloadavg()[0]},
           "starts": args.starts, "trees": {k: str(v) for k, v in trees.items()},
           "results": results,
           "note": "median CPU time (user + system) and wall time of fresh interpreters, the "
                   "trees taking turns; `passed` false on the subprocess probe means the warm "
                   "path imported subprocess"}
    for probe, by_tree in results.items():
        print(probe, json.dumps(by_tree))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
