"""The numpy wheel's f2py test sources (numpy/f2py/tests/src) as a real legacy corpus.

Every file goes through `transpyle migrate`; each migrated module must import, and each of its
procedures is called on arguments built from its hints (arrays of 5 or 5x4 elements, scalars
from 1 to 4). A call counts as run when it returns without an exception. The numbers are
printed (pytest -s) and must not fall below what this version reached.
"""

from __future__ import annotations

import importlib.util
import inspect
import io
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from transpyle.migrate import migrate

CORPUS = Path(np.__file__).parent / "f2py" / "tests" / "src"
# an array hint as the Python backend writes it: `np.float32[:, :]` (`float[:]` before NumPy
# dtypes were spelled with their module)
HINT = re.compile(r"^(?:np\.)?(\w+)\[([:,\s]+)\](?:\(order='F'\))?$")


def value_for(hint: Any, rng: np.random.Generator) -> Any:
    text = hint if isinstance(hint, str) else getattr(hint, "__name__", str(hint))
    text = text.removesuffix(" | None")  # an OPTIONAL argument: passed
    m = HINT.match(text)
    if m:
        dtype = {"float": "float64", "int": "int64"}.get(m.group(1), m.group(1))
        shape = (5, 4, 3)[: m.group(2).count(":")]
        if dtype == "str":
            return np.array(["ab"] * int(np.prod(shape))).reshape(shape)
        data = rng.integers(1, 5, size=shape) if "int" in dtype else rng.random(shape)
        return np.asfortranarray(data.astype(dtype))
    if text in ("int", "np.int32"):
        return int(rng.integers(1, 5))
    if text in ("float", "float32", "np.float32"):
        return float(rng.random()) if text == "float" else np.float32(rng.random())
    if text in ("complex", "complex64", "np.complex64"):
        z = complex(rng.random(), rng.random())
        return z if text == "complex" else np.complex64(z)
    if text == "Callable":  # an EXTERNAL procedure argument
        return lambda *args: 1.0
    if text == "bool":
        return True
    if text == "str":
        return "abc"
    raise LookupError(text)


def run_module(path: Path, rng: np.random.Generator) -> tuple[int, int]:
    """(procedures called without an exception, procedures). The modules it imports are
    forgotten afterwards: files of one name in two folders (common/fortran_common.f and the
    module crackfortran/data_common.f uses) are two modules."""
    before = set(sys.modules)
    try:
        return _run_module(path, rng)
    finally:
        for name in set(sys.modules) - before:
            del sys.modules[name]


def _run_module(path: Path, rng: np.random.Generator) -> tuple[int, int]:
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    procs = [f for name, f in vars(module).items() if inspect.isfunction(f)
             and f.__module__ == path.stem and not name.startswith("_")]
    ran = 0
    for f in procs:
        try:
            args = [value_for(p.annotation, rng) for p in inspect.signature(f).parameters.values()]
            with redirect_stdout(io.StringIO()):
                f(*args)
            ran += 1
        except (Exception, SystemExit):  # noqa: BLE001, S110 - counted, not raised
            pass
    return ran, len(procs)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="numpy's f2py test sources are not installed")
def test_numpy_f2py_corpus_migrates_and_runs(tmp_path: Path) -> None:
    results = migrate([str(CORPUS)], tmp_path, progress=False)
    migrated = [r for r in results if r.status == "migrated"]
    for r in results:
        if r.status != "migrated":  # a failure names the file and the line
            assert re.match(r".+\.(f|f90|f77|f95|for):\d+(:\d+)?: |.+: internal error",
                            r.message), r.message
    rng = np.random.default_rng()
    imported, ran, procs = 0, 0, 0
    for r in migrated:
        assert r.output is not None
        try:
            k, n = run_module(Path(r.output), rng)
        except Exception:  # noqa: BLE001 - counted below
            continue
        imported += 1
        ran, procs = ran + k, procs + n
    print(f"\nnumpy f2py corpus: {len(results)} files, {len(migrated)} migrated, "
          f"{imported} import, {ran} of {procs} procedures ran on hint-built arguments")
    # measured at this version (NumPy 2.4's 86 files): 80 migrated, 80 import, 162 of 173 ran
    # (size/foo.f90's trans and flatten need extents that agree: random ones raise IndexError)
    assert len(results) >= 80
    assert len(migrated) >= 80
    assert imported == len(migrated)
    assert ran >= 0.93 * procs
