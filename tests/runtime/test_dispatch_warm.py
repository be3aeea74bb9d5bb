"""Warm start (runtime/warm.py): a new process loads a built entry without translating, and
`import transpyle` loads none of the compiler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import needs_gfortran

MODULE = '''
import numpy as np
from transpyle import transpile

N = 3


@transpile
def scaled(x: np.ndarray, k: int) -> float:
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * (k // N)
    return s


@transpile
def quot(a: int, b: int) -> int:
    return a // b
'''

DRIVER = '''
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import case_warm as m
x = np.array(json.loads(sys.argv[2]))
out = [m.scaled(x, 17).hex(), m.quot(-7, 2)]
try:
    m.quot(1, 0)
except ZeroDivisionError as err:
    out.append(str(err))
compiler = ("transpyle.frontends", "transpyle.passes", "transpyle.backends", "transpyle.ir",
            "numpy.f2py", "subprocess", "transpyle.runtime.mpi_split")  # a warm start runs no
# program and splits no MPI function
out.append(sorted({n for n in sys.modules for c in compiler if n == c or n.startswith(c + ".")}))
print(json.dumps(out))
'''


def _run(tmp: Path, x: list[float], **env: str) -> list:
    proc = subprocess.run([sys.executable, str(tmp / "driver.py"), str(tmp), json.dumps(x)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TRANSPYLE_CACHE_DIR": str(tmp / "cache"), **env})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.fixture
def case(tmp_path: Path) -> Path:
    needs_gfortran()
    (tmp_path / "case_warm.py").write_text(MODULE)
    (tmp_path / "driver.py").write_text(DRIVER)
    return tmp_path


def _want(x: list[float], n: int) -> list:
    s = 0.0
    for v in x:
        s += v * (17 // n)
    return [s.hex(), -7 // 2, "integer division or modulo by zero"]


def test_second_process_translates_nothing(case: Path, rng) -> None:
    x = [float(v) for v in rng.normal(size=int(rng.integers(1, 20)))]
    first = _run(case, x)
    assert first[:-1] == _want(x, 3) and "transpyle.frontends.python" in first[-1]
    assert len(list((case / "cache" / "index").glob("*.json"))) == 2
    second = _run(case, x)
    assert second == [*_want(x, 3), []]  # nothing of the compiler imported, nor subprocess
    (case / "case_warm.py").write_text(MODULE.replace("N = 3", "N = 5"))
    other = _run(case, x)  # the module's constant differs: another source
    assert other[:-1] == _want(x, 5) and "transpyle.frontends.python" in other[-1]


@pytest.mark.parametrize("harm", ["entry", "record-mode", "record-text"])
def test_a_damaged_entry_or_record_is_not_trusted(case: Path, rng, harm: str) -> None:
    x = [float(v) for v in rng.normal(size=5)]
    _run(case, x)
    cache = case / "cache"
    if harm == "entry":
        for so in cache.glob("*/tp_*.so"):
            so.write_bytes(so.read_bytes()[:-16] + b"\0" * 16)
    for record in (cache / "index").glob("*.json"):
        if harm == "record-mode":
            record.chmod(0o666)
        elif harm == "record-text":
            record.write_text("{not json")
    again = _run(case, x)
    assert again[:-1] == _want(x, 3)
    assert "transpyle.frontends.python" in again[-1]  # translated again


def test_import_transpyle_loads_only_the_package() -> None:
    code = ("import sys, transpyle; print(sorted(m for m in sys.modules if "
            "m.startswith(('transpyle', 'numpy'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['transpyle']"
    code = "import transpyle; print(transpyle.TranspileError.__module__, transpyle.transpile)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("transpyle.errors <function transpile")


def test_cache_clear_removes_the_index_and_the_dispatcher(case: Path, rng) -> None:
    x = [float(v) for v in rng.normal(size=3)]
    _run(case, x)
    cache = case / "cache"
    assert list((cache / "index").glob("*.json")) and list((cache / "support").glob("dispatch-*"))
    script = Path(sys.executable).parent / "transpyle"  # the installed console script
    proc = subprocess.run([str(script), "cache", "clear", "--cache-dir", str(cache)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in cache.iterdir()) == [".transpyle.gate", ".transpyle.lock",
                                                       "CACHEDIR.TAG"]
    assert _run(case, x)[:-1] == _want(x, 3)  # and it builds again


def test_migrated_runtime_imports_what_a_program_calls() -> None:
    """fortran_io's re-exports load at their first use (PEP 562): a migrated program that only
    PRINTs imports neither fortranformat nor the READ, NAMELIST, math and system modules; a
    name reached through `fio.` is the defining module's object, and a wrong name is still an
    AttributeError."""
    code = ("import sys, io, contextlib\n"
            "from transpyle.runtime import fortran_io as fio\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    fio.write('*', 3, -2.5, 'x')\n"
            "lazy = ('fortranformat', 'transpyle.runtime.fortran_format',\n"
            "        'transpyle.runtime.fortran_read', 'transpyle.runtime.fortran_namelist',\n"
            "        'transpyle.runtime.fortran_math', 'transpyle.runtime.fortran_system')\n"
            "print(sorted(m for m in lazy if m in sys.modules))\n"
            "print(repr(out.getvalue()))\n"
            "from transpyle.runtime import fortran_math\n"
            "print(fio.ipow is fortran_math.ipow, fio.ipow(-3, 3), 'ipow' in dir(fio))\n"
            "from transpyle.runtime.fortran_io import IoError\n"
            "from transpyle.runtime.fortran_files import IoError as E\n"
            "print(IoError is E)\n"
            "try:\n"
            "    fio.no_such_name\n"
            "except AttributeError as err:\n"
            "    print(err)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "[]", repr("           3  -2.5000000000000000      x\n"), "True -27 True", "True",
        "module 'transpyle.runtime.fortran_io' has no attribute 'no_such_name'"]
