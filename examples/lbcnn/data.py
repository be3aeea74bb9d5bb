"""Data: scikit-learn's bundled digits (no download) and an MNIST IDX reader.

Images come back as float32 ``(N, 1, H, W)`` in [0, 1], labels as int64.
"""

from __future__ import annotations

import gzip
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from transpyle.errors import TranspileError

_IDX_TYPES: dict[int, str] = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4",
                              0x0E: ">f8"}


@dataclass(frozen=True)
class Dataset:
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    name: str


def split(x: np.ndarray, y: np.ndarray, test_fraction: float, seed: int, name: str) -> Dataset:
    """A stratified split: the same fraction of every class goes to the test set."""
    rng = np.random.default_rng(seed)
    test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        test[idx[: int(round(test_fraction * len(idx)))]] = True
    return Dataset(x[~test], y[~test], x[test], y[test], name)


def load_digits(test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """scikit-learn's 1797 8x8 digits (values 0..16), scaled to [0, 1]. Where the environment
    variable LBCNN_DIGITS names a copy of scikit-learn's ``datasets/data/digits.csv.gz`` (the
    table it reads: 64 pixels and the label a row), that file is read instead, so that a
    machine without scikit-learn (the lent GPU) gets the same images."""
    path = os.environ.get("LBCNN_DIGITS")
    if path:
        table = np.loadtxt(path, delimiter=",")
        images, target = table[:, :-1].reshape(-1, 8, 8), table[:, -1]
    else:
        from sklearn.datasets import load_digits as sk_digits  # type: ignore[import-untyped]

        bunch = sk_digits()
        images, target = bunch.images, bunch.target
    x = (images / 16.0).astype(np.float32)[:, None]
    return split(x, target.astype(np.int64), test_fraction, seed, "digits")


def read_idx(path: str | Path) -> np.ndarray:
    """An IDX file (MNIST's format), plain or gzipped: magic 0 0 type ndim, big-endian
    uint32 sizes, then the data."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise TranspileError(None, f"{path} is not an IDX file (bad magic number)",
                             hint="MNIST files start with 0x00000801 or 0x00000803", code="D001")
    ndim = raw[3]
    dims = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    count = int(np.prod(dims))
    body = raw[4 + 4 * ndim:]
    if len(body) != count * dtype.itemsize:
        raise TranspileError(None, f"{path}: header says {dims} ({count * dtype.itemsize} "
                             f"bytes of data) but {len(body)} follow", code="D001")
    return np.frombuffer(body, dtype=dtype).reshape(dims).astype(dtype.newbyteorder("="))


def load_mnist(directory: str | Path, limit: int | None = None) -> Dataset:
    """MNIST from the four standard IDX files (``train-images-idx3-ubyte[.gz]``, ...)."""
    directory = Path(directory)

    def find(stem: str) -> Path:
        for candidate in (directory / stem, directory / f"{stem}.gz"):
            if candidate.exists():
                return candidate
        raise TranspileError(None, f"{directory} has no {stem} (or {stem}.gz)",
                             hint="download MNIST's four IDX files into that folder", code="D002")

    parts: list[np.ndarray] = []
    for prefix in ("train", "t10k"):
        images = read_idx(find(f"{prefix}-images-idx3-ubyte"))[:limit]
        labels = read_idx(find(f"{prefix}-labels-idx1-ubyte"))[:limit]
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise TranspileError(None, f"{prefix} images {images.shape} and labels "
                                 f"{labels.shape} do not match", code="D001")
        parts += [(images / 255.0).astype(np.float32)[:, None], labels.astype(np.int64)]
    return Dataset(parts[0], parts[1], parts[2], parts[3], name="mnist")
