"""The CPU benchmark kernels (benchmarks/cpu), checked in quick mode on fresh random inputs.

For every kernel: @transpile and the hand-written Fortran twin must give CPython's results bit
for bit, and the NumPy version (where there is one) must agree to rounding. Numba and Pyccel,
which CI does not install, are left to `make bench`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.cpu import kernels as _kernels
from benchmarks.cpu.suite import KERNELS, Kernel, agree
from benchmarks.cpu.tools import build_twins, twin
from transpyle import transpile

kernels: Any = _kernels  # Pyccel-style string hints ('float[:]') mean nothing to mypy


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    module, _ = build_twins(Path(tmp_path_factory.mktemp("twins")))
    return module


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: k.name)
def test_kernel_versions_agree(kernel: Kernel, twins) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng()  # fresh inputs every run
    problem = kernel.setup(rng, True)
    work = problem.fresh_args()
    ref = problem.result(kernel.python(*work), work)
    versions = {"transpyle": (transpile(kernel.python), True),
                "fortran twin": (twin(twins, kernel.name), kernel.twin_exact)}
    if kernel.numpy is not None:
        versions["numpy"] = (kernel.numpy, False)
    for name, (fn, exact) in versions.items():
        work = problem.fresh_args()
        got = problem.result(fn(*work), work)
        assert agree(kernel, ref, got, exact) is None, f"{name}: {agree(kernel, ref, got, exact)}"
        # running again from the same inputs gives the same answer (in-place kernels reset)
        problem.reset(work)
        again = problem.result(fn(*work), work)
        assert agree(kernel, got, again, True) is None, f"{name} is not repeatable"


def test_reference_values() -> None:
    """Fixed cases with known answers, so a wrong reference cannot pass unnoticed."""
    assert kernels.fib(20) == 6765
    d = np.array([[0.0, 4.0, np.inf], [np.inf, 0.0, 1.0], [1.0, np.inf, 0.0]])
    kernels.floyd_warshall(d)
    assert d.tolist() == [[0.0, 4.0, 5.0], [2.0, 0.0, 1.0], [1.0, 5.0, 0.0]]
    indptr, indices = np.array([0, 2, 3, 3, 3]), np.array([1, 2, 3])
    dist, queue = np.zeros(4, np.int64), np.zeros(4, np.int64)
    assert kernels.bfs(indptr, indices, 0, dist, queue) == 4
    assert dist.tolist() == [0, 1, 1, 2]
    counts = np.zeros(4, np.int64)
    kernels.histogram(np.array([0.1, 0.3, 0.35, 0.99, 1.5, -0.2]), 0.0, 1.0, counts)
    assert counts.tolist() == [2, 2, 0, 1]  # -0.2 truncates to bin 0, as int() does
    a = np.arange(6.0).reshape(2, 3)
    c = np.zeros((2, 2))
    kernels.matmul(a, a.T.copy(), c)
    assert c.tolist() == (a @ a.T).tolist()


def test_extents_are_read_not_recomputed() -> None:
    """`a.shape` of an array parameter reads its extent argument rather than calling size():
    gfortran does not see through size() of an explicit-shape array, and the 3-loop matmul
    ran 1.2x slower than hand-written Fortran with it (benchmarks/RESULTS.md)."""
    from transpyle import compile_file

    fortran = compile_file(Path(kernels.__file__), to="fortran")
    matmul = fortran[fortran.index("subroutine matmul"):fortran.index("end subroutine matmul")]
    assert "n = a_n2" in matmul and "m = a_n1" in matmul and "p = b_n1" in matmul
    assert "size(" not in matmul


def test_kernel_calling_a_module_function() -> None:
    """rk4_vdp calls vdp_accel, translated with it; bit-for-bit CPython on fresh data."""
    rng = np.random.default_rng()
    n = int(rng.integers(5, 40))
    traj = np.zeros((n, 2))
    x0, v0 = (float(v) for v in rng.uniform(-2, 2, 2))
    ref = traj.copy()
    kernels.rk4_vdp(x0, v0, 1.5, 0.01, ref)
    transpile(kernels.rk4_vdp)(x0, v0, 1.5, 0.01, traj)
    assert np.array_equal(traj, ref)


def test_module_helpers_are_inlined(tmp_path: Path) -> None:
    """rotations calls rotate() 200 times a point; built with -fPIC, gfortran kept every call
    between two public procedures of the module a call (through the PLT) unless the flags say
    -fno-semantic-interposition: rotations ran 2.6x slower than Numba, rk4_vdp 1.35x
    (benchmarks/RESULTS.md). The built extension's rotations calls no rotate, and still gives
    CPython's results bit for bit."""
    import shutil
    import subprocess

    from transpyle import compile_file
    from transpyle.runtime.build import BuildOptions, build_extension, load_extension

    if shutil.which("objdump") is None or shutil.which("gfortran") is None:
        pytest.skip("objdump (binutils) or gfortran is not installed")
    fortran = compile_file(Path(kernels.__file__), to="fortran")
    src = tmp_path / "inlined_kernels.f90"
    src.write_text(fortran)
    so = build_extension(src, "inlined_kernels", tmp_path, BuildOptions(),
                         support_dir=tmp_path / "support")
    asm = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(so)], capture_output=True,
                         text=True, check=True).stdout
    for caller, helper in (("rotations", "rotate"), ("rk4_vdp", "vdp_accel")):
        start = asm.index(f"<__kernels_MOD_{caller}>:")
        body = asm[start:asm.index("\n\n", start)]
        calls = [line for line in body.splitlines() if "call" in line and helper in line]
        assert not calls, f"{caller} still calls {helper}: {calls[:2]}"
    rng = np.random.default_rng()
    n = int(rng.integers(3, 40))
    xy = rng.uniform(-2, 2, (n, 2))
    ref = xy.copy()
    c, s = float(np.cos(0.3)), float(np.sin(0.3))
    want = kernels.rotations(ref, c, s, 7)
    got = load_extension(so, "inlined_kernels").kernels.rotations(xy.T, c, s, 7)
    assert got == want and np.array_equal(xy, ref)


NAMES_SOURCE = '''
def names(n: int, _k: int, a: 'float[:]') -> int:
    N = 3
    total = 0
    for _i in range(n):
        total += N + _k
        a[_i] = a[_i] * N
    return total + n
'''


def test_names_fortran_cannot_spell(tmp_path: Path) -> None:
    """`_sweep` (the benchmark's unused loop variable) and `n` beside `N` compile and run:
    Fortran has no leading underscore and does not tell case apart."""
    import importlib.util
    import shutil
    import subprocess

    from transpyle import compile_source

    fortran = compile_source(NAMES_SOURCE, to="fortran")
    assert "u_k" in fortran and "u_i" in fortran and "N_1" in fortran
    if shutil.which("gfortran") is None:
        pytest.skip("gfortran is not installed (`make test` installs it)")
    src = tmp_path / "names_mod.f90"
    src.write_text(fortran)
    proc = subprocess.run(["gfortran", "-Wall", "-Werror", "-c", str(src), "-J", str(tmp_path),
                           "-o", str(tmp_path / "n.o")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "names_mod.py").write_text(NAMES_SOURCE)
    spec = importlib.util.spec_from_file_location("names_mod", tmp_path / "names_mod.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = np.random.default_rng()
    n, k = int(rng.integers(1, 50)), int(rng.integers(-9, 9))
    a, b = rng.random(n), np.zeros(n)
    b[:] = a
    assert transpile(module.names)(n, k, a) == module.names(n, k, b)
    assert np.array_equal(a, b)


def test_benchmark_command_quick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m benchmarks --quick --only fib` end to end: checks, timings, JSON, page, plots."""
    pytest.importorskip("matplotlib")
    import json

    from benchmarks.__main__ import main

    monkeypatch.setenv("TRANSPYLE_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["--quick", "--only", "fib", "--tools", "fortran,transpyle,cpython",
                 "--out-dir", str(tmp_path)]) == 0
    res = json.loads((tmp_path / "cpu_quick.json").read_text())
    (fib,) = res["kernels"]
    assert fib["name"] == "fib"
    for tool in ("fortran", "transpyle", "cpython"):
        row = fib["tools"][tool]
        assert row["status"] == "ok" and row["runs"] == 5 and len(row["samples_s"]) == 5
        assert 0 < row["min_s"] <= row["median_s"] <= row["max_s"]
    assert fib["tools"]["fortran"]["ratio_to_fortran"] == 1.0
    assert set(res["call_overhead"]) == {"fortran", "transpyle", "cpython"}
    assert res["transpyle_startup"]["new_process_add"]["warm_runs"] == 3
    page = (tmp_path / "RESULTS.md").read_text()
    assert "| fib | recursion |" in page
    assert (tmp_path / "cpu_ratios.png").stat().st_size > 0
