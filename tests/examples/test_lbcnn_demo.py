"""LBCNN example: parameter counts, a short training run, and the demo's command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from examples.lbcnn.__main__ import main
from examples.lbcnn.data import load_digits
from examples.lbcnn.model import ModelConfig, build_model, shift_images, train
from examples.lbcnn.ops import LoopOps
from tests.conftest import needs_gfortran


def _expected(kind: str, c: tuple[int, int], m: int) -> int:
    """Learnable parameters by hand: 3x3 filters or 1x1 weights over M anchors, batch norm's
    gamma and beta, the dense layer."""
    ins = (1, c[0], c[0], c[1])
    outs = (c[0], c[0], c[1], c[1])
    total = 0
    for index, (ci, co) in enumerate(zip(ins, outs, strict=True)):
        lbc = kind == "lbcnn" or (kind == "half" and index % 2 == 1)
        total += (m * co if lbc else 9 * ci * co) + 2 * co
    return total + 10 * c[1] + 10


@pytest.mark.parametrize("kind", ["cnn", "lbcnn", "half"])
@pytest.mark.parametrize("channels,anchors", [((16, 32), 16), ((8, 24), 12)])
def test_learnable_parameter_counts(kind: str, channels: tuple[int, int], anchors: int) -> None:
    model = build_model(ModelConfig(kind=kind, channels=channels, n_anchors=anchors))
    assert model.n_learnable() == _expected(kind, channels, anchors)


def test_default_lbcnn_has_five_times_fewer_parameters() -> None:
    counts = {k: build_model(ModelConfig(kind=k)).n_learnable() for k in ("cnn", "lbcnn")}
    assert counts == {"cnn": 16794, "lbcnn": 2058}
    assert counts["cnn"] / counts["lbcnn"] >= 5


def test_lbcnn_learns_digits_with_transpiled_loops() -> None:
    needs_gfortran()
    data = load_digits(seed=0)
    model = build_model(ModelConfig(kind="lbcnn", seed=1))
    model.bind(LoopOps(compiled=True), np.float32)
    hist = train(model, data, epochs=3, lr=0.05, seed=1)
    assert hist.train_loss[-1] < 0.5 * hist.train_loss[0]
    assert hist.test_acc[-1] > 0.85  # chance is 0.10


def test_demo_writes_table_plot_and_json(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["--epochs", "2", "--backend", "numpy", "--channels", "4,8", "--anchors", "4",
                 "--out", str(tmp_path), "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert "LBCNN" in out and "half-LBC" in out and "learnable" in out
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = json.loads((tmp_path / "results.json").read_text())
    rows = {r["model"]: r for r in summary["results"]}
    assert set(rows) == {"cnn", "lbcnn", "half"}
    assert rows["cnn"]["learnable_parameters"] == _expected("cnn", (4, 8), 4)
    assert all(len(r["history"]["test_acc"]) == 2 for r in rows.values())
    assert len(summary["verdicts"]) == 2


def test_shift_images_moves_each_image_by_at_most_one_pixel(rng: np.random.Generator) -> None:
    x = rng.random((20, 2, 6, 7))
    moved = shift_images(x, rng)
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    for n in range(len(x)):
        matches = [(dr, dc) for dr in range(3) for dc in range(3)
                   if np.array_equal(moved[n], padded[n, :, dr:dr + 6, dc:dc + 7])]
        assert len(matches) == 1
