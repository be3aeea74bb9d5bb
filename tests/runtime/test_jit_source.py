"""@transpile translates the code Python imported, and module constants as Python sees them."""

from __future__ import annotations

import importlib
import re
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import needs_gfortran
from transpyle import TranspileError
from transpyle.runtime.jit_source import Captured

KERNEL = """\
from transpyle import transpile

SCALE = 2.0
N = 3
N += 1  # Python's N is 4: the literal above is not what the function reads
UNUSED = 7


@transpile
def affine(x: float) -> float:
    return helper(x) * SCALE + N


def helper(x: float) -> float:
    return x + 1.0


@transpile
def plain(x: float) -> float:
    return x * 3.0
"""


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request) -> ModuleType:
    needs_gfortran()
    monkeypatch.setenv("TRANSPYLE_CACHE_DIR", str(tmp_path / "cache"))
    name = "jit_source_" + re.sub(r"\W", "_", request.node.name)
    (tmp_path / f"{name}.py").write_text(KERNEL)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module(name)
    yield module
    sys.modules.pop(name, None)


def test_an_edit_after_the_import_is_not_translated(kernel: ModuleType, rng) -> None:
    path = Path(kernel.__file__)
    path.write_text(KERNEL.replace("x + 1.0", "x - 100.0").replace("x * 3.0", "x * 5.0"))
    for x in rng.uniform(-10, 10, 5):
        assert kernel.affine(float(x)) == kernel.affine.fn(float(x)) == (x + 1.0) * 2.0 + 4
        assert kernel.plain(float(x)) == float(x) * 3.0


def test_a_source_that_is_not_the_imported_code_is_refused(kernel: ModuleType) -> None:
    changed = KERNEL.replace("x + 1.0", "x - 100.0")
    kernel.affine.captured = Captured(changed, kernel.__file__)
    with pytest.raises(TranspileError, match="'helper' in .* is not the code Python imported"):
        kernel.affine(1.0)


def test_module_constants_are_read_when_built_and_rebinding_rebuilds(kernel: ModuleType,
                                                                     rng) -> None:
    x = float(rng.uniform(-10, 10))
    assert kernel.affine(x) == (x + 1.0) * 2.0 + 4  # N += 1 at module level is seen
    kernel.SCALE = float(rng.uniform(0.1, 3.0))
    assert kernel.affine(x) == kernel.affine.fn(x)
    frozen = kernel.affine.frozen
    assert frozen is not None and sorted(n for n, _ in frozen.values) == ["N", "SCALE"]
    kernel.N = 9
    assert kernel.affine(x) == kernel.affine.fn(x) == (x + 1.0) * kernel.SCALE + 9
    entry = next(iter(kernel.affine.entries.values()))
    kernel.SCALE = float(str(kernel.SCALE))  # an equal value, another object: no rebuild
    kernel.UNUSED = 1  # a constant the function does not read: no rebuild
    assert kernel.affine(x) == kernel.affine.fn(x)
    assert next(iter(kernel.affine.entries.values())) is entry


@pytest.mark.parametrize("value", [-1.5, [1.0], float("nan")])
def test_a_constant_rebound_to_what_fortran_cannot_hold_is_refused(kernel: ModuleType,
                                                                   value: object) -> None:
    kernel.SCALE = value
    with pytest.raises(TranspileError, match="module constant 'SCALE' is now"):
        kernel.affine(1.0)


def test_the_constant_check_costs_little(kernel: ModuleType) -> None:
    kernel.affine(1.0), kernel.plain(1.0)
    sig = next(iter(kernel.affine.entries))
    entry = kernel.affine.entries[sig]
    calls = 20000

    def per_call(f) -> float:
        best = float("inf")
        for _ in range(7):
            t0 = time.perf_counter()
            for _ in range(calls):
                f(1.0)
            best = min(best, (time.perf_counter() - t0) / calls)
        return best

    kernel.affine.frozen, frozen = None, kernel.affine.frozen
    unchecked = per_call(kernel.affine)
    kernel.affine.frozen = frozen
    checked, raw = per_call(kernel.affine), per_call(entry)
    print(f"affine (reads 2 constants): {raw * 1e9:.0f} ns the compiled entry, "
          f"{unchecked * 1e9:.0f} ns through @transpile without the check, "
          f"{checked * 1e9:.0f} ns with it ({(checked - unchecked) * 1e9:.0f} ns)")
    assert checked - unchecked < 0.5 * unchecked  # relative: the suite shares its cores
