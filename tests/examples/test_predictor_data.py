"""The predictor's data: loaders refuse malformed files clearly; the shipped data set is what
the README says; the generator reproduces the measured GPU; the workloads run on the CPU."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from examples.predictor import dataset, generate
from examples.predictor import measure_gpu as mg
from transpyle.errors import TranspileError

SYSTEMS_HEAD = ",".join(dataset.SPEC_COLUMNS)
PERF_HEAD = ",".join(dataset.PERF_COLUMNS)
GOOD_SYSTEM = "GPU A,Volta,2017,80,1530,15.7,7.8,7.8,125,900,6"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def systems(tmp_path: Path) -> dataset.Systems:
    body = f"{SYSTEMS_HEAD}\n{GOOD_SYSTEM}\n{GOOD_SYSTEM.replace('GPU A', 'GPU B')}\n"
    return dataset.load_systems(write(tmp_path, "systems.csv", body))


@pytest.mark.parametrize(("body", "line", "col", "message"), [
    ("app,system,time_s\n", 1, 1, "unexpected header"),
    (f"{PERF_HEAD}\nk,GPU A,measured,1e-3,2e9\n", 2, 1, "expected 6 fields, found 5"),
    (f"{PERF_HEAD}\nk,GPU A,measured,fast,2e9,3e9\n", 2, 18, "time_s is 'fast', not a number"),
    (f"{PERF_HEAD}\nk,GPU A,measured,-1e-3,2e9,3e9\n", 2, 18, "must be a positive finite"),
    (f"{PERF_HEAD}\nk,GPU A,measured,1e-3,2e9,inf\n", 2, 27, "must be a positive finite"),
    (f"{PERF_HEAD}\nk,GPU A,guessed,1e-3,2e9,3e9\n", 2, 9, "expected measured or modelled"),
    (f"{PERF_HEAD}\nk,GPU Z,measured,1e-3,2e9,3e9\n", 2, 3, "'GPU Z' is not in the systems"),
    (f"{PERF_HEAD}\nk,GPU A,measured,1e-3,2e9,3e9\n# note\nk,GPU A,modelled,1e-3,,3e9\n",
     4, 1, "entry (k, GPU A) appears twice"),
    (f"# only a comment\n{PERF_HEAD}\n", 2, 1, "has a header but no rows"),
    ("", 1, 1, "has no header and no rows"),
])
def test_loader_refuses_malformed_perf_files(tmp_path: Path, body: str, line: int, col: int,
                                             message: str) -> None:
    path = write(tmp_path, "perf.csv", body)
    with pytest.raises(TranspileError) as info:
        dataset.load_perf(path, systems=systems(tmp_path))
    diag = info.value.diagnostic
    assert message in diag.message
    assert (diag.loc.file, diag.loc.line, diag.loc.col) == (str(path), line, col)
    assert diag.code == "P001"
    assert str(info.value).startswith(f"{path}:{line}:{col}: error: ")


def test_loader_accepts_a_good_file_and_an_empty_flops_field(tmp_path: Path) -> None:
    body = f"{PERF_HEAD}\nk,GPU B,measured,1e-3,,3e9\nk,GPU A,modelled,2e-3,1e9,1.5e9\n"
    perf = dataset.load_perf(write(tmp_path, "perf.csv", body), systems=systems(tmp_path))
    assert perf.apps == ("k",)
    assert perf.systems == ("GPU A", "GPU B")  # the systems table's order
    assert perf.system.tolist() == [1, 0]
    assert perf.measured.tolist() == [True, False]
    assert np.isnan(perf.values["flops_per_s"][0])
    assert perf.values["time_s"].tolist() == [1e-3, 2e-3]


def test_loader_refuses_missing_file_and_bad_tables(tmp_path: Path) -> None:
    with pytest.raises(TranspileError, match="does not exist"):
        dataset.load_perf(tmp_path / "nope.csv")
    twice = f"{SYSTEMS_HEAD}\n{GOOD_SYSTEM}\n{GOOD_SYSTEM}\n"
    with pytest.raises(TranspileError, match="'GPU A' is listed twice"):
        dataset.load_systems(write(tmp_path, "s.csv", twice))
    zero_sm = f"{SYSTEMS_HEAD}\n{GOOD_SYSTEM.replace(',80,', ',0,')}\n"
    with pytest.raises(TranspileError, match="sm_count must be a positive"):
        dataset.load_systems(write(tmp_path, "s.csv", zero_sm))
    apps = f"{','.join(dataset.APP_COLUMNS)}\nk,fp8,1e9,1e9,1e9,1\n"
    with pytest.raises(TranspileError, match="unit is 'fp8'"):
        dataset.load_apps(write(tmp_path, "a.csv", apps))


def test_shipped_data_set() -> None:
    sys_table = dataset.load_systems()
    perf = dataset.load_perf(systems=sys_table)
    apps = dataset.load_apps()
    assert len(perf.apps) >= 25 and set(perf.apps) == set(apps.names)
    gens = set(sys_table.generation) - {"Hopper"}
    assert len(gens) >= 8
    measured = {perf.systems[s] for s in perf.system[perf.measured]}
    assert measured == {"NVIDIA H100 80GB HBM3", "NVIDIA H200"}  # two real GPUs
    assert perf.measured.sum() == 2 * len(perf.apps)
    assert perf.app.shape[0] == len(perf.apps) * len(perf.systems)  # a full matrix
    t, f, b = (perf.values[m] for m in ("time_s", "flops_per_s", "bytes_per_s"))
    pos = {n: i for i, n in enumerate(apps.names)}
    counts = apps.counts[[pos[perf.apps[a]] for a in perf.app]]
    np.testing.assert_allclose(b * t, counts[:, 1], rtol=1e-5)
    has_flops = counts[:, 0] > 0
    np.testing.assert_allclose(f[has_flops] * t[has_flops], counts[has_flops, 0], rtol=1e-5)
    assert np.isnan(f[~has_flops]).all()


def test_generator_reproduces_the_measured_gpu_and_scales_with_bandwidth() -> None:
    paths = sorted(dataset.DATA_DIR.glob("measured_*.json"))
    rows = generate.load_measured(paths)
    sys_table = dataset.load_systems()
    idx = sys_table.index()
    m = idx[rows[0]["system"]]
    for r in rows:
        eff = generate.efficiency(r, sys_table, m)
        if 0.01 < eff < 1.5 and r["time_s"] > 5 * generate.launch_s(sys_table, m):
            assert generate.model_time(r, eff, sys_table, m) == pytest.approx(r["time_s"])
    copy = next(r for r in rows if r["app"] == "copy_1gib")
    eff = generate.efficiency(copy, sys_table, m)
    h200 = generate.model_time(copy, eff, sys_table, idx["NVIDIA H200"])
    assert h200 == pytest.approx(copy["time_s"] * 3350 / 4800, rel=0.02)


def test_measurement_logic_runs_on_the_cpu(tmp_path: Path) -> None:
    """The harness's dry run (NumPy, tiny sizes): checks pass and rates follow from counts."""
    cat = mg.catalogue(gpu=False)
    assert len(cat) + 9 >= 25  # plus transpyle's nine kernels on a GPU
    out = tmp_path / "dry.json"
    assert mg.main(["--dry-run", "--reps", "2", "--only", "saxpy,stencil3d_f64,sort_i32",
                    "--out", str(out)]) == 0
    rows = json.loads(out.read_text())["rows"]
    assert [r["app"] for r in rows] == ["saxpy", "stencil3d_f64", "sort_i32"]
    for r in rows:
        assert r["check_ok"], r
        assert r["bytes_per_s"] == pytest.approx(r["bytes"] / r["time_s"])
    assert rows[2]["flops_per_s"] is None


@pytest.mark.gpu
def test_measurement_on_the_gpu(tmp_path: Path) -> None:
    from transpyle.runtime import gpu

    reason = gpu.unavailable_reason()
    if reason is not None:
        pytest.skip(f"needs a CUDA GPU and CuPy: {reason}")
    out = tmp_path / "gpu.json"
    mg.main(["--reps", "2", "--only", "tp_conv2d_3x3_2048,stencil2d_f32,nbody_f32",
             "--out", str(out)])
    rows = json.loads(out.read_text())["rows"]
    assert all(r.get("check_ok") for r in rows), rows
