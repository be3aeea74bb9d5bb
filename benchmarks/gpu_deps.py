"""Copy transpyle's pure-Python dependencies into ``.gpu_deps/`` for the lent GPU machine.

That machine has CuPy, torch, NumPy, Jinja2 and pytest but not platformdirs, filelock, fparser,
fortranformat or tqdm (and no network): importing the LBCNN example there failed on
``import platformdirs``. Nor scikit-learn: its digits table (``digits.csv.gz``) is copied too,
and ``LBCNN_DIGITS`` names it there (examples.lbcnn.data.load_digits). Run this here (with the project's virtual environment), send the
folder with the device tool's ``carry=[".gpu_deps"]`` and put it on ``PYTHONPATH`` there:

    .venv/bin/python benchmarks/gpu_deps.py      # writes .gpu_deps/ (about 3 MB)
    PYTHONPATH=.gpu_deps python3 -m pytest -m gpu tests/examples ...   # on the device

The packages are pure Python, so the copy does not depend on the Python version's ABI.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

PACKAGES = ("platformdirs", "filelock", "fparser", "fortranformat", "tqdm")
ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    dest = ROOT / ".gpu_deps"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir()
    total = 0
    for name in PACKAGES:
        src = Path(importlib.import_module(name).__file__).parent
        shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        total += sum(f.stat().st_size for f in (dest / name).rglob("*") if f.is_file())
    # the digits of the LBCNN example: scikit-learn (compiled) is not on that machine either
    import sklearn

    shutil.copy(Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz", dest)
    print(f"copied {', '.join(PACKAGES)} and digits.csv.gz into {dest} "
          f"({total / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
