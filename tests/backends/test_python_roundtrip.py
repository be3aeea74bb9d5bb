"""Python -> IR -> Python: the emitted module runs and computes what the original computes.

Every function of every golden case is called on fresh random inputs (built from its hints),
in the original module and in the emitted one; return values and every array argument
afterwards must agree exactly (same operations, same order). An input on which the original
raises must make the emitted code raise the same exception type.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from transpyle.backends.python import emit_python
from transpyle.compiler import compile_source, python_to_ir
from transpyle.errors import TranspileError
from transpyle.frontends.python import parse_python

CASES = sorted((Path(__file__).parent.parent / "golden" / "cases").glob("*.py"))


def emitted(source: str, path: Path) -> str:
    """The Python the backend prints for `source`; a case it refuses (a function returning a
    tuple, or with a parameter that defaults to None: `--to python` refuses it at its
    location) is skipped, saying so."""
    try:
        return compile_source(source, "python", filename=str(path))
    except TranspileError as err:
        if "--to python does not translate" not in str(err):
            raise
        pytest.skip(f"{path.stem}: {str(err).splitlines()[0]}")


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def random_arg(t: Any, rng: np.random.Generator) -> Any:
    from transpyle.ir.types import Array, Complex, Integer, Logical, Real

    if isinstance(t, Array):
        shape = (7, 6, 5)[: t.rank or 1]
        e = t.elem
        if isinstance(e, Integer):
            data = rng.integers(-50, 50, size=shape).astype(f"int{e.kind * 8}")
        elif isinstance(e, Logical):
            data = rng.random(shape) < 0.5
        elif isinstance(e, Complex):
            data = (rng.normal(size=shape) + 1j * rng.normal(size=shape)).astype(
                f"complex{e.kind * 8}")
        else:
            data = rng.normal(size=shape).astype(f"float{e.kind * 8}")
        return np.asfortranarray(data) if t.order == "F" else np.ascontiguousarray(data)
    if isinstance(t, Integer):
        return int(rng.integers(1, 9)) * (1 if t.kind == 8 else 1)
    if isinstance(t, Real):
        value = float(rng.uniform(-2.0, 2.0))
        return np.float32(value) if t.kind == 4 else value
    if isinstance(t, Complex):
        return complex(rng.normal(), rng.normal())
    if isinstance(t, Logical):
        return bool(rng.random() < 0.5)
    raise AssertionError(f"no random value for {t}")


def call(fn: Any, args: list[Any]) -> tuple[Any, list[Any]]:
    copies = [a.copy(order="K") if isinstance(a, np.ndarray) else a for a in args]
    try:
        result = fn(*copies)
    except Exception as err:  # noqa: BLE001 - compared by type below
        return type(err), []
    return result, [a for a in copies if isinstance(a, np.ndarray)]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True) and \
            np.asarray(a).dtype == np.asarray(b).dtype
    if isinstance(a, float) and isinstance(b, float) and a != a:
        return b != b
    return a == b and type(a) is type(b)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_emitted_python_computes_the_same(case: Path, tmp_path: Path) -> None:
    source = case.read_text()
    text = emitted(source, case)
    out = tmp_path / f"rt_{case.stem}.py"
    out.write_text(text)
    original = load(case, f"orig_{case.stem}")
    migrated = load(out, f"rt_{case.stem}")
    hints = {f.name: f for f in parse_python(source, str(case)).functions().values()}
    typed = python_to_ir(source, str(case)).functions()
    rng = np.random.default_rng()
    checked = 0
    for name, f in typed.items():
        assert name in hints
        for _ in range(5):
            args = [random_arg(p.type, rng) for p in f.params]
            want, want_arrays = call(getattr(original, name), args)
            got, got_arrays = call(getattr(migrated, name), args)
            assert same(want, got) or (isinstance(want, float) and isinstance(got, float)
                                       and want == pytest.approx(got, rel=1e-15)), \
                f"{name}{tuple(args)}: {want!r} != {got!r}\n{text}"
            for w, g in zip(want_arrays, got_arrays, strict=True):
                assert same(w, g), f"{name}: arrays differ\n{w}\n{g}"
            checked += 1
    assert checked == 5 * len(typed)
    assert inspect.getsource(migrated)  # the module is real source on disk


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_emitted_python_reads_back_to_the_same_ir(case: Path) -> None:
    """The emitted module is inside the Python frontend's language: it translates again,
    and the second emission is a fixed point (what @transpile will compile)."""
    once = emitted(case.read_text(), case)
    twice = emit_python(python_to_ir(once, str(case)))
    assert once == twice


def test_a_parameter_defaulting_to_none_is_refused_for_python_at_its_line() -> None:
    source = "def f(n: int, x: int = None) -> int:\n    return n if x is None else x\n"
    with pytest.raises(TranspileError, match="optional parameter 'x'") as err:
        compile_source(source, "python", filename="opt.py")
    assert err.value.loc.line == 1 and err.value.loc.col == 15
