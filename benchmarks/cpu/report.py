"""Writing a run's results: cpu.json, the markdown tables of RESULTS.md, and the bar plots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PEERS = ("transpyle", "numba", "pyccel", "numpy", "cpython")
COMPILED = ("transpyle", "numba", "pyccel")


def _ms(row: dict[str, Any]) -> str:
    if "median_s" not in row:
        return row.get("status", "-")
    return f"{row['median_s'] * 1e3:.3g} ({row['min_s'] * 1e3:.3g}-{row['max_s'] * 1e3:.3g})"


def _ratio(row: dict[str, Any] | None) -> str:
    if not row or "ratio_to_fortran" not in row:
        return "-" if not row else _short_status(row)
    return f"{row['ratio_to_fortran']:.2f}"


def _short_status(row: dict[str, Any]) -> str:
    status = row.get("status", "-")
    return "fails" if status.startswith("failed") else "mismatch" if "check" in status else "n/a"


TIE = 0.05  # a peer within 5% either way: inside the run-to-run variation


def verdicts(res: dict[str, Any]) -> dict[str, Any]:
    """The targets: within 1.10x of Fortran, >= 100x over CPython, faster than Numba and Pyccel.

    Against the peers a kernel is a win (faster than both), a loss (a peer more than 5% faster)
    or a tie (the faster peer within 5%).
    """
    within: list[bool] = []
    wins: list[str] = []
    ties: list[str] = []
    losses: list[str] = []
    speedups: dict[str, float] = {}
    for k in res["kernels"]:
        t = k["tools"]
        tp = t.get("transpyle", {})
        if "ratio_to_fortran" in tp:
            within.append(tp["ratio_to_fortran"] <= 1.10)
        if "median_s" in tp and "median_s" in t.get("cpython", {}):
            speedups[k["name"]] = t["cpython"]["median_s"] / tp["median_s"]
        peers = [t[p]["median_s"] for p in ("numba", "pyccel") if "median_s" in t.get(p, {})]
        if "median_s" in tp and peers:
            best = min(peers) / tp["median_s"]  # > 1: transpyle is faster than both
            (wins if best > 1 else ties if best >= 1 - TIE else losses).append(k["name"])
    compared = len(wins) + len(ties) + len(losses)
    return {"within_1_10_of_fortran": f"{sum(within)} of {len(within)}",
            "faster_than_numba_and_pyccel": f"{len(wins)} of {compared}",
            "tie_with_a_peer_within_5pct": ties, "loses_to_a_peer_by_over_5pct": losses,
            "speedup_over_cpython": speedups,
            "min_speedup_over_cpython": min(speedups.values()) if speedups else None}


def kernel_table(res: dict[str, Any]) -> str:
    lines = ["| kernel | kind | size | Fortran ms (min-max) | transpyle ms (min-max) | "
             "transpyle / Fortran | (wall) | Numba / Fortran | Pyccel / Fortran | "
             "NumPy / Fortran | CPython / transpyle |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for k in res["kernels"]:
        t = k["tools"]
        tp, py = t.get("transpyle", {}), t.get("cpython", {})
        speed = (f"{py['median_s'] / tp['median_s']:,.0f}x"
                 if "median_s" in tp and "median_s" in py else "-")
        fw = t.get("fortran", {}).get("wall_median_s")
        wall = f"{tp['wall_median_s'] / fw:.2f}" if fw and "wall_median_s" in tp else "-"
        lines.append(f"| {k['name']} | {k['kind']} | {k['size']} | {_ms(t.get('fortran', {}))} "
                     f"| {_ms(tp)} | {_ratio(tp)} | {wall} | {_ratio(t.get('numba'))} | "
                     f"{_ratio(t.get('pyccel'))} | {_ratio(t.get('numpy'))} | {speed} |")
    return "\n".join(lines)


def latency_table(res: dict[str, Any]) -> str:
    lines = ["| kernel | transpyle (cold cache) | Numba | Pyccel |", "|---|---|---|---|"]
    for k in res["kernels"]:
        cells = []
        for tool in COMPILED:
            row = k["tools"].get(tool, {})
            cells.append(f"{row['first_call_s']:.2f}" if "first_call_s" in row
                         else _short_status(row) if row else "-")
        lines.append(f"| {k['name']} | " + " | ".join(cells) + " |")
    if res.get("twins_build_s"):
        lines.append(f"| (all the Fortran twins: one f2py build) | {res['twins_build_s']:.2f} "
                     "(hand-written, f2py) | | |")
    return "\n".join(lines)


def overhead_table(res: dict[str, Any]) -> str:
    lines = ["| tool | ns per call, median (min-max) |", "|---|---|"]
    for tool, row in res["call_overhead"].items():
        name = "f2py module, called directly" if tool == "fortran" else tool
        lines.append(f"| {name} | {row['median_ns']:.0f} ({row['min_ns']:.0f}-"
                     f"{row['max_ns']:.0f}) |")
    return "\n".join(lines)


def startup_lines(res: dict[str, Any]) -> str:
    s = res.get("transpyle_startup") or {}
    if not s:
        return "(not measured in this run)"
    out = [f"- empty cache directory, in process, first call of `add(a: int, b: int)` "
           f"(f2py's support object is compiled too): {s['cold_first_call_add_s']:.2f} s",
           f"- then the 3-loop `matmul`, new key, support object built: "
           f"{s['new_key_first_call_matmul_s']:.2f} s"]
    for which in ("add", "matmul"):
        n = s[f"new_process_{which}"]
        out.append(f"- new process, warm cache, `{which}`: first call {n['warm_first_call_s']:.3f}"
                   f" s (after imports of {n['warm_imports_s']:.3f} s; whole process "
                   f"{n['warm_process_wall_s']:.2f} s; median of {n['warm_runs']})")
    return "\n".join(out)


def write_json(res: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    res = dict(res, verdicts=verdicts(res))
    path.write_text(json.dumps(res, indent=1, sort_keys=False) + "\n")


def plots(res: dict[str, Any], out_dir: Path) -> list[Path]:
    """Bar plots: time ratio to hand-written Fortran, and first-call latency, per kernel."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [k["name"] for k in res["kernels"]]
    made = []
    for fname, tools, key, ylabel, title in (
            ("cpu_ratios.png", ("transpyle", "numba", "pyccel", "numpy"), "ratio_to_fortran",
             "time / hand-written Fortran (log)", "Kernel time relative to hand-written "
             "Fortran (lower is better)"),
            ("cpu_compile.png", COMPILED, "first_call_s", "first call, s (log)",
             "First-call latency: translate + compile + load + one run")):
        fig, ax = plt.subplots(figsize=(max(8.0, 0.8 * len(names) + 2), 4.2))
        width = 0.8 / len(tools)
        for n, tool in enumerate(tools):
            xs, ys = [], []
            for i, k in enumerate(res["kernels"]):
                v = k["tools"].get(tool, {}).get(key)
                if v:
                    xs.append(i + (n - (len(tools) - 1) / 2) * width)
                    ys.append(v)
            ax.bar(xs, ys, width=width, label=tool)
        if key == "ratio_to_fortran":
            ax.axhline(1.0, color="black", lw=0.8)
            ax.axhline(1.1, color="red", lw=0.8, ls="--", label="1.10x target")
        ax.set_yscale("log")
        ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
        ax.set_ylabel(ylabel)
        ax.set_title(f"{title}\n{res['machine']['cpu']}, {res['machine']['cores']} cores",
                     fontsize=10)
        ax.legend(fontsize=8, ncol=len(tools) + 1)
        fig.tight_layout()
        path = out_dir / fname
        fig.savefig(path, dpi=110)
        plt.close(fig)
        made.append(path)
    return made


def markdown(res: dict[str, Any]) -> str:
    """The generated part of RESULTS.md."""
    m, v, w = res["machine"], res["versions"], verdicts(res)
    load = ", ".join(f"{x:.2f}" for x in m.get("load_average") or [])
    head = (f"Run {res['date_utc']} UTC, {res['mode']} mode, on {m['cpu']} ({m['cores']} cores, "
            f"load average at the end {load or 'unknown'}). Python {v['python']}, NumPy "
            f"{v['numpy']}, Numba {v['numba']}, Pyccel {v['pyccel']}, {v['gfortran']}. Flags: "
            f"{res['flags']['transpyle']} for transpyle, {res['flags']['fortran_twins']} for "
            "the twins; Pyccel "
            f"{res['flags']['pyccel']}; Numba {res['flags']['numba']}. Median of "
            f"{res['method']['reps']} runs after {res['method']['warmup']} warm-up, tools "
            "interleaved round-robin; times are the CPU time of the calling thread (the "
            "machine is shared; wall times are in cpu.json).")
    speed = w["min_speedup_over_cpython"]
    ties, losses = w["tie_with_a_peer_within_5pct"], w["loses_to_a_peer_by_over_5pct"]
    summary = (f"transpyle within 1.10x of hand-written Fortran on "
               f"{w['within_1_10_of_fortran']} kernels; faster than both Numba and Pyccel on "
               f"{w['faster_than_numba_and_pyccel']}, within 5% of the faster of them on "
               f"{len(ties)} ({', '.join(ties) or '-'}), behind by more on {len(losses)} "
               f"({', '.join(losses) or '-'}); slowest speed-up over CPython {speed:,.0f}x."
               if speed else "")
    return "\n\n".join([head, summary, "### Kernel time", kernel_table(res),
                        "### First-call latency (s)", latency_table(res),
                        "### Per-call overhead, `add(3, 4)`", overhead_table(res),
                        "### transpyle start-up", startup_lines(res)])


def headline(res: dict[str, Any]) -> str:
    """The README's short table: time relative to hand-written Fortran, per kernel and tool."""
    m, w = res["machine"], verdicts(res)
    lines = ["| kernel | transpyle | Numba | Pyccel | NumPy | CPython |",
             "|---|---|---|---|---|---|"]
    for k in res["kernels"]:
        t = k["tools"]
        cells = [_ratio(t.get(tool)) for tool in ("transpyle", "numba", "pyccel", "numpy")]
        py = t.get("cpython", {})
        cells.append(f"{py['ratio_to_fortran']:,.0f}" if "ratio_to_fortran" in py else "-")
        lines.append(f"| {k['name']} | " + " | ".join(cells) + " |")
    return (f"Time / hand-written Fortran (median of {res['method']['reps']} runs; lower is "
            f"better) on {m['cpu']}, {m['cores']} cores, {res['date_utc'][:10]}. transpyle is "
            f"within 1.10x of the hand-written Fortran on {w['within_1_10_of_fortran']} kernels "
            f"and faster than both Numba and Pyccel on {w['faster_than_numba_and_pyccel']} "
            f"(within 5% of the faster one on {len(w['tie_with_a_peer_within_5pct'])} more)."
            "\n\n"
            + "\n".join(lines))
