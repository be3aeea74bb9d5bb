"""`python -m examples.legacy`: a legacy F77 program migrated to Python, and back to Fortran speed.

1. heat.f (COMMON, DATA, IMPLICIT DOUBLE PRECISION, a GOTO loop, FORMAT) is built with gfortran
   and run: that output is the reference.
2. `transpyle compile heat.f --to python` migrates it; the Python runs and must print the same
   text, byte for byte.
3. A migrated procedure goes through `@transpile`: Fortran speed again, same results.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from transpyle import compile_file, transpile

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "heat.f"


def reference_output(tmp: Path) -> str | None:
    if shutil.which("gfortran") is None:
        print("== gfortran is not installed: no reference run (`make demo` installs it)")
        return None
    exe = tmp / "heat"
    subprocess.run(["gfortran", "-w", str(SOURCE), "-o", str(exe)], check=True)
    return subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout


def main() -> None:
    python = compile_file(SOURCE, to="python")
    print("== legacy Fortran in:", SOURCE.relative_to(HERE.parent.parent))
    print("== readable Python out\n" + python)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        want = reference_output(tmp)
        migrated = tmp / "heat_migrated.py"
        migrated.write_text(python)
        got = subprocess.run([sys.executable, str(migrated)], capture_output=True, text=True,
                             check=True).stdout
        print("== the migrated program prints\n" + got)
        if want is not None:
            print(f"== identical to the gfortran build's output: {got == want}")
            if got != want:
                raise SystemExit("the migrated program's output differs from the original's")

        spec = importlib.util.spec_from_file_location("heat_migrated", migrated)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["heat_migrated"] = module
        spec.loader.exec_module(module)
        fast_total = transpile(module.total)  # @transpile reads the migrated module's source
        t = np.random.default_rng().uniform(0, 100, size=2_000_001)
        t0 = time.perf_counter()
        slow = float(module.total(t, t.size))
        t_py = time.perf_counter() - t0
        fast = fast_total(t, t.size)  # first call: translate, build, cache
        t0 = time.perf_counter()
        fast = fast_total(t, t.size)
        t_ft = time.perf_counter() - t0
        print(f"== migrated total() through @transpile: {fast!r} vs CPython {slow!r} "
              f"(identical: {fast == slow}); CPython {t_py * 1e3:.0f} ms, "
              f"Fortran {t_ft * 1e3:.2f} ms, {t_py / t_ft:.0f}x")
        if fast != slow:
            raise SystemExit("the round trip disagrees with the migrated Python")


if __name__ == "__main__":
    main()
