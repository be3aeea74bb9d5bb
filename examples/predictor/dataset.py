"""The predictor's data: GPU specifications and (application, system) performance entries.

Two CSV files, both with ``#`` comment lines allowed:

- ``systems.csv``: one GPU a row, its published specifications (:data:`SPEC_COLUMNS`);
- ``gpu_perf.csv``: one (application, system) entry a row (:data:`PERF_COLUMNS`): where it comes
  from (``measured`` on a lent GPU, or ``modelled`` by :mod:`examples.predictor.generate`), the
  time of one run in seconds and the rates derived from it (``flops_per_s`` empty where the
  application does no floating-point work worth counting).

The loaders refuse a malformed file with a :class:`transpyle.errors.TranspileError` that names
the file, line and column and says what was expected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from transpyle.errors import SourceLoc, TranspileError

DATA_DIR = Path(__file__).resolve().parent / "data"
SPEC_COLUMNS = ("name", "generation", "year", "sm_count", "boost_mhz", "fp32_tflops",
                "fp64_tflops", "fp64_tensor_tflops", "fp16_tensor_tflops", "mem_gbs", "l2_mb")
SPEC_NUMERIC = SPEC_COLUMNS[3:]
APP_COLUMNS = ("app", "unit", "flops", "bytes", "working_set", "launches")
UNITS = ("fp32", "fp64", "fp64mm", "fp16", "none")
PERF_COLUMNS = ("app", "system", "source", "time_s", "flops_per_s", "bytes_per_s")
METRICS = ("flops_per_s", "bytes_per_s", "time_s")
SOURCES = ("measured", "modelled")


@dataclass(frozen=True)
class Systems:
    names: tuple[str, ...]
    generation: tuple[str, ...]
    specs: np.ndarray  # (n_systems, len(SPEC_NUMERIC)) as published

    def index(self) -> dict[str, int]:
        return {n: i for i, n in enumerate(self.names)}

    def features(self) -> np.ndarray:
        """log10 of the specifications, standardised over the table's systems."""
        logs = np.log10(self.specs)
        return (logs - logs.mean(axis=0)) / np.maximum(logs.std(axis=0), 1e-12)


@dataclass(frozen=True)
class Apps:
    """What each application does, counted from its code (the same on every GPU)."""

    names: tuple[str, ...]
    unit: tuple[str, ...]
    counts: np.ndarray  # (n_apps, 4): flops (0: none counted), bytes, working set, launches

    def features(self, order: tuple[str, ...]) -> np.ndarray:
        """Per application of ``order``: standardised log10 counts and a one-hot of the unit."""
        pos = {n: i for i, n in enumerate(self.names)}
        missing = [a for a in order if a not in pos]
        if missing:
            raise TranspileError(None, f"applications {missing} are not in the apps table",
                                 hint="regenerate the data set", code="P001")
        rows = [pos[a] for a in order]
        logs = np.log10(np.maximum(self.counts[rows], 1.0))
        logs = (logs - logs.mean(axis=0)) / np.maximum(logs.std(axis=0), 1e-12)
        onehot = np.array([[1.0 if self.unit[r] == u else 0.0 for u in UNITS] for r in rows])
        return np.hstack([logs, onehot])


UNIT_SPEC = {"fp32": "fp32_tflops", "fp64": "fp64_tflops", "fp64mm": "fp64_tensor_tflops",
             "fp16": "fp16_tensor_tflops", "none": "fp32_tflops"}


def unit_peaks(apps: Apps, order: tuple[str, ...], systems: Systems) -> np.ndarray:
    """(n_apps, n_systems): log10 of each system's peak rate for the unit that bounds each
    application of ``order``, centred (memory-only applications get the FP32 rate)."""
    pos = {n: i for i, n in enumerate(apps.names)}
    cols = [SPEC_NUMERIC.index(UNIT_SPEC[apps.unit[pos[a]]]) for a in order]
    logs = np.log10(systems.specs[:, cols]).T
    return logs - logs.mean()


@dataclass(frozen=True)
class Perf:
    apps: tuple[str, ...]
    systems: tuple[str, ...]
    app: np.ndarray  # (n_entries,) int64 indices into apps
    system: np.ndarray  # (n_entries,) int64 indices into systems
    measured: np.ndarray  # (n_entries,) bool
    values: dict[str, np.ndarray]  # metric -> (n_entries,) float64, NaN where undefined


def _error(path: Path, line_no: int, line: str, field: int, message: str,
           hint: str | None = None) -> TranspileError:
    col = 1 + sum(len(f) + 1 for f in line.split(",")[:field]) if field >= 0 else 1
    return TranspileError(SourceLoc(str(path), line_no, col), message, hint=hint, code="P001",
                          source=_read(path))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TranspileError(None, f"data file {path} does not exist",
                             hint="run `python -m examples.predictor.generate` to make it",
                             code="P001") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TranspileError(None, f"cannot read data file {path}: {exc}", code="P001") from None


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, str, list[str]]]:
    """(line number, line, fields) of each data row, after checking the header."""
    lines = _read(path).splitlines()
    body = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    if not body:
        raise TranspileError(SourceLoc(str(path), 1, 1), f"{path.name} has no header and no rows",
                             hint=f"the first line must be: {','.join(columns)}", code="P001")
    head_no, head = body[0]
    if tuple(f.strip() for f in head.split(",")) != columns:
        raise _error(path, head_no, head, -1, f"unexpected header in {path.name}",
                     hint=f"expected the columns {','.join(columns)}")
    rows = []
    for no, ln in body[1:]:
        fields = [f.strip() for f in ln.split(",")]
        if len(fields) != len(columns):
            raise _error(path, no, ln, -1, f"expected {len(columns)} fields, found {len(fields)}",
                         hint=f"columns: {','.join(columns)}")
        rows.append((no, ln, fields))
    if not rows:
        raise _error(path, head_no, head, -1, f"{path.name} has a header but no rows")
    return rows


def _number(path: Path, no: int, ln: str, fields: list[str], k: int, name: str,
            optional: bool = False) -> float:
    text = fields[k]
    if text == "" and optional:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise _error(path, no, ln, k, f"{name} is {text!r}, not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise _error(path, no, ln, k, f"{name} must be a positive finite number, got {text}")
    return value


def load_systems(path: Path = DATA_DIR / "systems.csv") -> Systems:
    names, gens, specs = [], [], []
    for no, ln, f in _rows(path, SPEC_COLUMNS):
        if not f[0]:
            raise _error(path, no, ln, 0, "a system needs a name")
        if f[0] in names:
            raise _error(path, no, ln, 0, f"system {f[0]!r} is listed twice")
        names.append(f[0])
        gens.append(f[1])
        specs.append([_number(path, no, ln, f, SPEC_COLUMNS.index(c), c) for c in SPEC_NUMERIC])
    return Systems(tuple(names), tuple(gens), np.array(specs, dtype=np.float64))


def load_apps(path: Path = DATA_DIR / "apps.csv") -> Apps:
    names, units, counts = [], [], []
    for no, ln, f in _rows(path, APP_COLUMNS):
        if not f[0] or f[0] in names:
            raise _error(path, no, ln, 0, f"application name {f[0]!r} is empty or repeated")
        if f[1] not in UNITS:
            raise _error(path, no, ln, 1, f"unit is {f[1]!r}; expected one of {', '.join(UNITS)}")
        flops = 0.0 if f[2] == "0" else _number(path, no, ln, f, 2, "flops")
        names.append(f[0])
        units.append(f[1])
        counts.append([flops] + [_number(path, no, ln, f, k, APP_COLUMNS[k]) for k in (3, 4, 5)])
    return Apps(tuple(names), tuple(units), np.array(counts, dtype=np.float64))


def write_apps(path: Path, rows: list[tuple[str, str, float, float, float, int]]) -> None:
    out = [",".join(APP_COLUMNS)]
    out += [f"{a},{u},{fl:.6e},{by:.6e},{ws:.6e},{la}" if fl > 0 else
            f"{a},{u},0,{by:.6e},{ws:.6e},{la}" for a, u, fl, by, ws, la in rows]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def load_perf(path: Path = DATA_DIR / "gpu_perf.csv",
              systems: Systems | None = None) -> Perf:
    """The entries; with ``systems``, every entry's system must be one of them (in their order)."""
    known = systems.index() if systems is not None else None
    apps: dict[str, int] = {}
    sys_idx: dict[str, int] = dict(known) if known is not None else {}
    seen: set[tuple[str, str]] = set()
    a_idx, s_idx, measured = [], [], []
    vals: dict[str, list[float]] = {m: [] for m in METRICS}
    for no, ln, f in _rows(path, PERF_COLUMNS):
        app, system, source = f[0], f[1], f[2]
        if not app:
            raise _error(path, no, ln, 0, "an entry needs an application name")
        if known is not None and system not in known:
            raise _error(path, no, ln, 1, f"system {system!r} is not in the systems table",
                         hint="add its specifications to systems.csv")
        if source not in SOURCES:
            raise _error(path, no, ln, 2, f"source is {source!r}; expected measured or modelled")
        if (app, system) in seen:
            raise _error(path, no, ln, 0, f"entry ({app}, {system}) appears twice")
        seen.add((app, system))
        for m in METRICS:
            vals[m].append(_number(path, no, ln, f, PERF_COLUMNS.index(m), m,
                                   optional=m == "flops_per_s"))
        a_idx.append(apps.setdefault(app, len(apps)))
        s_idx.append(sys_idx.setdefault(system, len(sys_idx)))
        measured.append(source == "measured")
    return Perf(tuple(apps), tuple(sys_idx), np.array(a_idx, dtype=np.int64),
                np.array(s_idx, dtype=np.int64), np.array(measured),
                {m: np.array(v) for m, v in vals.items()})


def write_perf(path: Path, rows: list[tuple[str, str, str, float, float | None, float]],
               header: str = "") -> None:
    """Write entries (app, system, source, time_s, flops_per_s or None, bytes_per_s)."""
    out = [f"# {line}" for line in header.splitlines()]
    out.append(",".join(PERF_COLUMNS))
    for app, system, source, t, fl, by in rows:
        fl_text = "" if fl is None else f"{fl:.6e}"
        out.append(f"{app},{system},{source},{t:.6e},{fl_text},{by:.6e}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
