"""Shared fixtures: building translated modules once per test session."""

from __future__ import annotations

import importlib.util
import secrets
import shutil
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from transpyle import passes
from transpyle.backends.fortran import emit_fortran
from transpyle.frontends.python import parse_python
from transpyle.ir import nodes as ir
from transpyle.passes.raises import reachable_sites
from transpyle.runtime.binding import bind
from transpyle.runtime.build import build_extension, load_extension

ROOT = Path(__file__).parent
CASES = ROOT / "golden" / "cases"


def needs_gfortran() -> None:
    if shutil.which("gfortran") is None:
        pytest.skip("gfortran is not installed (`make test` installs it)")


def import_path(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"case_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Compiled:
    """A Python file translated, built with f2py, and bound function by function."""

    def __init__(self, path: Path, build_dir: Path, support_dir: Path) -> None:
        source = path.read_text()
        typed = passes.typed(parse_python(source, str(path)))
        laid_out = passes.for_fortran(typed)
        fortran = emit_fortran(laid_out)
        src = build_dir / f"{laid_out.name}.f90"
        src.write_text(fortran)
        ext_name = f"tp_{laid_out.name}"
        ext = load_extension(build_extension(src, ext_name, build_dir,
                                             support_dir=support_dir), ext_name)
        self.functions: dict[str, ir.FunctionDef] = typed.functions()
        self.entries = {name: bind(ext, laid_out.name, f, reachable_sites(laid_out, name))
                        for name, f in self.functions.items()}
        self.python = import_path(path)


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory):
    needs_gfortran()
    cache: dict[str, Compiled] = {}
    support = tmp_path_factory.mktemp("support")  # f2py's support object, compiled once

    def get(name: str) -> Compiled:
        if name not in cache:
            cache[name] = Compiled(CASES / f"{name}.py", tmp_path_factory.mktemp(name), support)
        return cache[name]

    return get


@pytest.fixture
def rng() -> np.random.Generator:
    """Fresh random data each run; the seed is in the test's name on failure."""
    seed = secrets.randbits(32)
    print(f"random seed: {seed}")
    return np.random.default_rng(seed)
