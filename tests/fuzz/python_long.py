"""The long run of the Python -> Fortran fuzzer: random programs through @transpile's path and
CPython, compared bit for bit; prints programs, mismatches by class and time, and writes each
failing program (the first few of each class minimised) to the output directory.

    python -m tests.fuzz.python_long --count 10000 --out DIR [--features all|safe|f1,f2]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import random
import time
from pathlib import Path
from typing import Any

from tests.fuzz.python_programs import ALL, FEATURES, SAFE, Program, generate
from tests.fuzz.python_run import Case, compare, minimise, run_cases, tags


def batch_seed(seed: int, b: int) -> int:
    """The generator's seed for batch `b` of a run seeded `seed`."""
    return seed * 100003 + b


def batch(seed: int, count: int, features: frozenset[str], inputs: int,
          first: int) -> tuple[list[Program], list[Case]]:
    rng = random.Random(seed)
    programs = [generate(rng, f"p{first + k}", features) for k in range(count)]
    cases = [Case(p.name, p.source(), [list(x) for x in p.inputs(rng)])
             for p in programs for _ in range(inputs)]
    return programs, cases


def _features(text: str) -> frozenset[str]:
    if text in ("all", "safe"):
        return ALL if text == "all" else SAFE
    chosen = frozenset(x for x in text.split(",") if x)
    unknown = chosen - ALL
    if unknown:
        raise SystemExit(f"unknown features: {sorted(unknown)}; known: {sorted(FEATURES)}")
    return chosen


def _report(path: Path, p: Program, specs: list[Any], kind: str, want: Any, got: Any,
            confirmed: Any = None) -> None:
    head = [f"# mismatch: {kind}", f"# inputs: {json.dumps(specs)}",
            f"# CPython:   {json.dumps(want)[:600]}", f"# transpyle: {json.dumps(got)[:600]}"]
    if confirmed is not None:
        head.append(f"# @transpile itself: {json.dumps(confirmed)[:600]}")
    path.write_text("\n".join(head) + "\nimport math\nimport numpy as np\n"
                    "from transpyle import transpile\n\n\n" + p.source())


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--features", default="all")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--inputs", type=int, default=3, help="argument sets per program")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--minimise", type=int, default=3, help="programs minimised per class")
    args = ap.parse_args(argv)
    features = _features(args.features)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**9)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TRANSPYLE_CACHE_DIR", str(out / "cache"))  # the drivers inherit it
    start = time.time()
    nbatches = -(-args.count // args.batch)

    def one(b: int) -> tuple[list[Program], list[Case], list[Any]]:
        n = min(args.batch, args.count - b * args.batch)
        programs, cases = batch(batch_seed(seed, b), n, features, args.inputs, b * args.batch)
        return programs, cases, compare(cases, out / "work" / f"b{b}")

    kinds: collections.Counter[str] = collections.Counter()
    failing: dict[str, list[tuple[Program, Case, Any, Any]]] = collections.defaultdict(list)
    bad_programs: set[str] = set()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for done, (programs, cases, res) in enumerate(pool.map(one, range(nbatches)), 1):
            by_name = {p.name: p for p in programs}
            for case, (kind, want, got) in zip(cases, res, strict=True):
                if kind and case.name not in bad_programs:  # one count per program
                    bad_programs.add(case.name)
                    kinds[kind] += 1
                    failing[kind].append((by_name[case.name], case, want, got))
            print(f"batch {done}/{nbatches}: {len(bad_programs)} mismatching programs, "
                  f"{time.time() - start:.0f} s", flush=True)
    run_s = time.time() - start
    print(f"run: {args.count} programs in {run_s:.0f} s; by class (before minimising): "
          f"{json.dumps(dict(kinds.most_common()))}", flush=True)
    examples = []
    for kind, items in sorted(failing.items()):
        folder = out / kind.replace(" ", "_")
        folder.mkdir(exist_ok=True)
        for p, case, want, got in items[:20]:
            _report(folder / f"{p.name}.py", p, case.specs, kind, want, got)
        listed = kind == "refused" or kind.startswith("documented: ")  # nothing to reduce
        for p, case, want, got in items[:0 if listed else args.minimise]:
            small = minimise(p, case.specs, kind, out / "work" / f"min_{p.name}")
            (res,) = compare([Case(small.name, small.source(), case.specs)],
                             out / "work" / f"final_{p.name}")
            (jit,) = run_cases([Case(small.name, small.source(), case.specs)],
                               out / "work" / f"jit_{p.name}", "jit")
            _report(folder / f"{p.name}_min.py", small, case.specs, kind, res[1], res[2], jit)
            examples.append({"kind": kind, "tags": tags(small.source()), "file":
                             str(folder / f"{p.name}_min.py"), "cpython": res[1],
                             "transpyle": res[2], "jit": jit})
    summary = {"seed": seed, "programs": args.count, "features": sorted(features),
               "calls": args.count * args.inputs, "mismatching_programs": len(bad_programs),
               "by_class": dict(kinds.most_common()), "run_s": round(run_s, 1),
               "total_s": round(time.time() - start, 1), "examples": examples}
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    print(f"programs: {args.count} ({args.count * args.inputs} calls), seed {seed}, "
          f"features: {args.features}")
    print(f"mismatching programs: {len(bad_programs)}; by class:")
    for kind, n in kinds.most_common():
        print(f"  {n:6d}  {kind}")
    for e in examples:
        print(f"  example [{e['kind']}] {', '.join(e['tags'])}: {e['file']}")
    print(f"time: {run_s:.0f} s run, {time.time() - start:.0f} s with minimising")
    return summary


if __name__ == "__main__":
    raise SystemExit(1 if main()["mismatching_programs"] else 0)
