"""@transpile of a typed Python function that takes an mpi4py communicator: split at its MPI
calls (runtime/mpi_split.py). Under `mpirun -n 1/2/4` each rank runs the plain Python function
and the @transpile'd one on the same fresh random data and prints the results and the bytes
of every array: they must be the same, rank by rank. In-process tests (a stand-in communicator,
no MPI) check the split itself: which runs became kernels, their parameters and results, and
that a refusal points at the user's line."""

from __future__ import annotations

import importlib.util
import random
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.mpi.harness import _fresh, _launch, needs_mpi
from transpyle.errors import TranspileError

KERNELS = '''\
import hashlib
import sys

import numpy as np
from mpi4py import MPI

from transpyle import transpile


def halo(comm: MPI.Comm, u: np.ndarray, iters: int) -> float:
    """Jacobi on a px x py decomposition: rows sent as they are (contiguous), columns through
    a copy; the change reduced with MAX each step, the interior's sum with SUM at the end."""
    rank = comm.Get_rank()
    size = comm.Get_size()
    px = 1
    for p in range(1, size + 1):
        if size % p == 0 and p * p <= size:
            px = p
    ix = rank % px
    iy = rank // px
    py = size // px
    west = rank - 1 if ix > 0 else MPI.PROC_NULL
    east = rank + 1 if ix < px - 1 else MPI.PROC_NULL
    south = rank - px if iy > 0 else MPI.PROC_NULL
    north = rank + px if iy < py - 1 else MPI.PROC_NULL
    my = u.shape[0] - 2
    mx = u.shape[1] - 2
    new = np.empty((my, mx))
    send = np.empty(my)
    got = np.empty(my)
    change = np.zeros(1)
    biggest = np.zeros(1)
    state = 0.5
    for it in range(iters):
        comm.Sendrecv(u[my], north, 1, u[0], south, 1)
        comm.Sendrecv(u[1], south, 2, u[my + 1], north, 2)
        for j in range(my):
            send[j] = u[j + 1, mx]
        got[:] = u[1:my + 1, 0]
        comm.Sendrecv(send, east, 3, got, west, 3)
        for j in range(my):
            u[j + 1, 0] = got[j]
        c = 0.0
        for j in range(1, my + 1):
            for i in range(1, mx + 1):
                v = 0.25 * (u[j, i - 1] + u[j, i + 1] + u[j - 1, i] + u[j + 1, i])
                new[j - 1, i - 1] = v
                d = abs(v - u[j, i])
                if d > c:
                    c = d
        for j in range(1, my + 1):
            for i in range(1, mx + 1):
                u[j, i] = new[j - 1, i - 1] * state
        state = state * 1.25 - c  # carried from one step to the next by the kernel
        change[0] = c
        comm.Allreduce(change, biggest, op=MPI.MAX)
    local = np.zeros(1)
    for j in range(1, my + 1):
        for i in range(1, mx + 1):
            local[0] += u[j, i]
    total = np.zeros(1)
    comm.Allreduce(local, total, op=MPI.SUM)
    return float(total[0]) + float(biggest[0]) + float(state)


def integers(comm: MPI.Comm, a: np.ndarray, seed: int) -> int:
    """int64 loops with negatives (floored // and %), Bcast from the last rank, Reduce,
    Allgather, Allreduce MIN and a non-blocking ring (its request an MPI object)."""
    rank = comm.Get_rank()
    size = comm.Get_size()
    key = np.zeros(1, dtype=np.int64)
    if rank == size - 1:
        key[0] = seed
        for k in range(5):
            key[0] = (key[0] * 31 - 7) % 1000003 - 500001
    comm.Bcast(key, root=size - 1)
    n = a.shape[0]
    acc = 0
    for i in range(n):
        a[i] = (a[i] * key[0]) // 7 - (a[i] % 5)
        acc += a[i] % 11 - 5
    mine = np.array([acc], dtype=np.int64)
    every = np.zeros(size, dtype=np.int64)
    comm.Allgather(mine, every)
    low = np.zeros(1, dtype=np.int64)
    comm.Allreduce(mine, low, op=MPI.MIN)
    ring = np.zeros(1, dtype=np.int64)
    req = comm.Irecv(ring, source=(rank - 1) % size, tag=9)
    comm.Send(mine, dest=(rank + 1) % size, tag=9)
    req.Wait()
    weighted = 0
    for r in range(size):
        weighted = weighted + every[r] * (r - 2) - low[0]
    total = np.zeros(1, dtype=np.int64)
    comm.Reduce(np.array([weighted + ring[0]], dtype=np.int64), total, op=MPI.SUM, root=0)
    if rank == 0:
        for i in range(n):
            a[i] = a[i] - total[0]
    return int(weighted) + int(ring[0])


fast_halo = transpile(halo)
fast_integers = transpile(integers)


def digest(*arrays: np.ndarray) -> str:
    return hashlib.sha256(b"".join(x.tobytes() for x in arrays)).hexdigest()[:16]


if __name__ == "__main__":
    comm = MPI.COMM_WORLD
    shared = np.random.default_rng(int(sys.argv[1]))  # the sizes: one for every rank
    my, mx, n, iters = (int(shared.integers(lo, hi)) for lo, hi in ((3, 12), (3, 12), (1, 40),
                                                                     (1, 6)))
    seed = int(sys.argv[1]) + 1000 * comm.Get_rank()
    rng = np.random.default_rng(seed)  # the data: each rank's own
    u = rng.standard_normal((my + 2, mx + 2))
    a = rng.integers(-10**6, 10**6, size=n, dtype=np.int64)
    for name, plain, fast, args in (("halo", halo, fast_halo, (u, iters)),
                                    ("integers", integers, fast_integers, (a, seed))):
        arrays = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
        want = plain(comm, *arrays)
        print(name, "python", repr(want), digest(*(x for x in arrays
                                                   if isinstance(x, np.ndarray))))
        arrays = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
        got = fast(comm, *arrays)
        print(name, "split", repr(got), digest(*(x for x in arrays
                                                 if isinstance(x, np.ndarray))))
    print("kernels", len(fast_halo.kernels), len(fast_integers.kernels))
'''


@pytest.mark.parametrize("ranks", [1, 2, 4])
def test_split_function_is_the_python_function(tmp_path: Path, ranks: int) -> None:
    """Every rank's results and arrays, plain Python vs split @transpile, bit for bit, with
    fresh random sizes and data; the kernels are the runs of loops (4 in each)."""
    needs_mpi()
    script = tmp_path / "kernels.py"
    script.write_text(KERNELS)
    seed = random.randrange(10**6)
    run = _launch(_fresh(tmp_path, f"run{ranks}"), ranks,
                  [sys.executable, "-W", "error", "-m", "mpi4py", str(script), str(seed)])
    assert run.status == 0, run.launcher + "".join(e.decode() for _, e in run.ranks)
    for r, (out, err) in enumerate(run.ranks):
        lines = out.decode().splitlines()
        assert lines[-1] == "kernels 4 4", (r, out, err)
        rows = {tuple(line.split()[:2]): line.split()[2:] for line in lines[:-1]}
        for name in ("halo", "integers"):
            assert rows[name, "split"] == rows[name, "python"], (r, name, seed, out)


def _import(tmp_path: Path, source: str) -> ModuleType:
    path = tmp_path / f"split_{random.randrange(10**9)}.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class OneRank:
    """A stand-in for a one-rank communicator: what the driver calls, without MPI."""

    calls: list[str]

    def __init__(self) -> None:
        self.calls = []

    def Get_rank(self) -> int:  # noqa: N802 - mpi4py's names
        return 0

    def Allreduce(self, send: np.ndarray, recv: np.ndarray, op: object = None) -> None:  # noqa: N802
        self.calls.append("Allreduce")
        recv[...] = send


STANDIN = '''\
import numpy as np

from transpyle import transpile


@transpile
def step(comm: "MPI.Comm", x: np.ndarray, steps: int) -> float:
    rank = comm.Get_rank()
    n = x.shape[0]
    s = np.zeros(1)
    out = np.zeros(1)
    scale = 1.0 + rank
    w = 0.25
    for t in range(steps):
        acc = 0.0
        for i in range(n):
            x[i] = x[i] * 0.75 - scale * x[(i + 1) % n]
            acc += x[i]
        w = w * 0.5 + 0.01 * acc  # w: read at the next step only, by the kernel itself
        for i in range(n):
            x[i] = x[i] + w
        scale = scale * 0.5 + acc / n
        s[0] = acc
        comm.Allreduce(s, out)
    if n > 3:
        return float(out[0]) + float(scale)
    return float(scale)
'''


def test_split_kernels_parameters_and_results(tmp_path: Path) -> None:
    """One kernel (the loop of a step; the statements around it stay in the driver), the names
    it reads first as parameters, the sum it binds and a scalar it carries from one step to
    the next as its results; the same values as the plain function on
    random data of odd sizes and negatives, the communicator called at every step. (`scale`
    is a NumPy scalar in CPython after a step, a Python float from the kernel: the documented
    difference of a result that is NumPy's on some paths only; the function returns floats.)"""
    module = _import(tmp_path, STANDIN)
    rng = np.random.default_rng()
    for n in (1, 4, int(rng.integers(5, 50))):
        x = rng.standard_normal(n)
        steps = int(rng.integers(1, 6))
        want_comm, got_comm = OneRank(), OneRank()
        xw, xg = x.copy(), x.copy()
        want = module.step.fn(want_comm, xw, steps)
        got = module.step(got_comm, xg, steps)
        assert repr(got) == repr(want) and xg.tobytes() == xw.tobytes()
        assert got_comm.calls == want_comm.calls == ["Allreduce"] * steps
    assert module.step.kernel_names == [("n", "x", "scale", "acc", "w")]
    split = module.step.kernels[0]
    assert split.fn.__name__ == "step_k1"
    text = split.captured.text.splitlines()
    first = STANDIN.splitlines().index("        for i in range(n):")
    assert text[first - 1] == "def step_k1(n, x: np.ndarray, scale, acc, w):"  # above it
    assert text[first:first + 6] == STANDIN.splitlines()[first:first + 6]  # its own lines
    assert text[first + 6] == "        return acc, w"  # w: carried to the next step
    assert not any(line.strip() for line in text[first + 7:first + 12])  # the driver's


def test_split_refusal_points_at_the_users_line(tmp_path: Path) -> None:
    """A kernel that reads a name before any statement binds it is refused where the user
    wrote it (the kernel keeps the function's lines)."""
    module = _import(tmp_path, '''\
        import numpy as np

        from transpyle import transpile


        @transpile
        def bad(comm: "MPI.Comm", x: np.ndarray) -> None:
            s = np.zeros(1)
            for i in range(x.shape[0]):
                x[i] = x[i] + missing
            comm.Allreduce(s, s)
        ''')
    with pytest.raises(TranspileError) as err:
        module.bad(OneRank(), np.zeros(3))
    assert err.value.loc.line == 10 and "missing" in err.value.message
    assert err.value.loc.file.endswith(".py") and "split_" in err.value.loc.file


def test_a_function_without_communicator_is_not_split(tmp_path: Path) -> None:
    module = _import(tmp_path, '''\
        from transpyle import transpile


        @transpile
        def f(n: int) -> int:
            s = 0
            for i in range(n):
                s += i
            return s
        ''')
    assert type(module.f).__name__ == "Transpiled" and module.f(5) == 10


CONVERGE = '''\
import numpy as np

from transpyle import transpile

DAMP = 0.5


def relax(v: float, w: float) -> float:
    return DAMP * (v + w)


@transpile
def converge(comm: "MPI.Comm", x: np.ndarray, tol: float) -> int:
    n = x.shape[0]
    err = np.zeros(1)
    total = np.zeros(1)
    sweeps = 0
    while True:
        e = 0.0
        for i in range(1, n - 1):
            v = relax(x[i - 1], x[i + 1])
            if abs(v - x[i]) > e:
                e = abs(v - x[i])
            x[i] = v
        sweeps += 1
        err[0] = e
        comm.Allreduce(err, total, op=None)
        if total[0] < tol or sweeps >= 500:
            break
    return sweeps
'''


def test_split_with_module_constants_helpers_and_a_driver_break(tmp_path: Path) -> None:
    """A kernel that calls a module function reading a module constant, inside a `while`
    loop of the driver that a `break` ends after an MPI call: the same sweeps and array as
    the plain function on random data; rebinding the constant rebuilds the kernel."""
    module = _import(tmp_path, CONVERGE)
    rng = np.random.default_rng()
    x = rng.standard_normal(int(rng.integers(3, 40))) * 10
    for damp in (0.5, 0.25):
        module.DAMP = damp
        xw, xg = x.copy(), x.copy()
        want = module.converge.fn(OneRank(), xw, 1e-6)
        got = module.converge(OneRank(), xg, 1e-6)
        assert got == want and xg.tobytes() == xw.tobytes()
    assert module.converge.kernel_names == [("n", "x", "e")]


def test_split_refusal_with_python_fallback_warns_and_runs_python(tmp_path: Path) -> None:
    """fallback="python": a function the split refuses (`global`) runs as Python, with a
    warning that says why."""
    module = _import(tmp_path, '''\
        import numpy as np

        from transpyle import transpile

        COUNT = 0


        @transpile(fallback="python")
        def counted(comm: "MPI.Comm", x: np.ndarray) -> None:
            global COUNT
            for i in range(x.shape[0]):
                x[i] += 1.0
            COUNT += 1
            comm.Allreduce(x, x)
        ''')
    x = np.arange(4.0)
    with pytest.warns(RuntimeWarning, match="global"):
        module.counted(OneRank(), x)
    assert module.COUNT == 1 and x.tolist() == [1.0, 2.0, 3.0, 4.0]
