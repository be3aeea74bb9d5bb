"""LBCNN example: the digits split and the MNIST IDX reader, on small IDX files written here."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from examples.lbcnn.data import load_digits, load_mnist, read_idx
from transpyle.errors import TranspileError


def _write_idx(path: Path, data: np.ndarray, type_code: int, gz: bool = False) -> None:
    header = bytes([0, 0, type_code, data.ndim]) + struct.pack(f">{data.ndim}I", *data.shape)
    payload = header + data.tobytes()
    if gz:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(payload))
    else:
        path.write_bytes(payload)


@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_round_trips(tmp_path: Path, rng: np.random.Generator, gz: bool) -> None:
    images = rng.integers(0, 256, size=(5, 7, 6), dtype=np.uint8)
    floats = rng.normal(size=(4, 3)).astype(">f4")
    _write_idx(tmp_path / "a", images, 0x08, gz)
    _write_idx(tmp_path / "b", floats, 0x0D, gz)
    suffix = ".gz" if gz else ""
    np.testing.assert_array_equal(read_idx(tmp_path / f"a{suffix}"), images)
    got = read_idx(tmp_path / f"b{suffix}")
    assert got.dtype == np.float32 and got.dtype.isnative
    np.testing.assert_array_equal(got, floats.astype(np.float32))


def test_load_mnist_from_a_folder(tmp_path: Path, rng: np.random.Generator) -> None:
    sets = {}
    for prefix, n in (("train", 9), ("t10k", 4)):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        _write_idx(tmp_path / f"{prefix}-images-idx3-ubyte", images, 0x08, gz=prefix == "t10k")
        _write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte", labels, 0x08)
        sets[prefix] = (images, labels)
    data = load_mnist(tmp_path)
    assert data.x_train.shape == (9, 1, 28, 28) and data.x_train.dtype == np.float32
    np.testing.assert_allclose(data.x_train[:, 0], sets["train"][0] / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(data.y_test, sets["t10k"][1])
    assert load_mnist(tmp_path, limit=3).x_test.shape == (3, 1, 28, 28)


def test_idx_errors_are_clear(tmp_path: Path) -> None:
    (tmp_path / "bad").write_bytes(b"\x01\x02\x08\x01\x00\x00\x00\x01\x05")
    with pytest.raises(TranspileError, match="not an IDX file"):
        read_idx(tmp_path / "bad")
    (tmp_path / "short").write_bytes(bytes([0, 0, 8, 1]) + struct.pack(">I", 4) + b"\x01\x02")
    with pytest.raises(TranspileError, match="header says"):
        read_idx(tmp_path / "short")
    with pytest.raises(TranspileError, match="has no train-images-idx3-ubyte"):
        load_mnist(tmp_path)


def test_digits_split_is_stratified_and_disjoint() -> None:
    data = load_digits(test_fraction=0.2, seed=3)
    assert len(data.y_train) + len(data.y_test) == 1797
    assert data.x_train.shape[1:] == (1, 8, 8) and 0.0 <= data.x_train.min()
    assert data.x_train.max() == 1.0
    counts = np.bincount(data.y_test, minlength=10) / np.bincount(
        np.concatenate([data.y_train, data.y_test]), minlength=10)
    np.testing.assert_allclose(counts, 0.2, atol=0.01)
    train_rows = {row.tobytes() for row in data.x_train}
    overlap = sum(row.tobytes() in train_rows for row in data.x_test)
    assert overlap <= 2  # digits holds a few duplicate images, nothing more


def test_digits_from_the_csv_file_match_scikit_learn(monkeypatch: pytest.MonkeyPatch) -> None:
    """LBCNN_DIGITS (the lent GPU has no scikit-learn) gives scikit-learn's images and labels."""
    sklearn = pytest.importorskip("sklearn", reason="the reference is scikit-learn's loader")
    csv = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    ref = load_digits(seed=5)
    monkeypatch.setenv("LBCNN_DIGITS", str(csv))
    got = load_digits(seed=5)
    for a, b in zip((ref.x_train, ref.y_train, ref.x_test, ref.y_test),
                    (got.x_train, got.y_train, got.x_test, got.y_test), strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    monkeypatch.setenv("LBCNN_DIGITS", str(csv.with_name("missing.csv.gz")))
    with pytest.raises(FileNotFoundError):
        load_digits()
