"""The C call path (runtime/dispatch.c) gives what the Python path and CPython give.

Each call is made three times in a row, so the later ones take the C path that the first
registered; the outcomes are compared with CPython's and with TRANSPYLE_DISPATCH=python.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both

MODULE = '''
import numpy as np
from transpyle import transpile

SCALE = 3


@transpile
def add(a: int, b: int) -> int:
    return a + b * SCALE


@transpile
def fdiv(a: int, b: int) -> int:
    return a // b


@transpile
def poke(x: np.ndarray, v: float) -> None:
    x[0] = v


@transpile
def total(m: np.ndarray) -> float:
    s = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            s += m[i, j] * (i + 1) - j
    return s


@transpile
def flip(b: np.ndarray) -> None:
    b[1] = not b[0]


@transpile
def positive(x: float) -> bool:
    return x > 0.0


@transpile
def letter(c: str, k: int) -> int:
    if c == 'N':
        return k
    return -k


@transpile
def at(x: np.ndarray, i: int) -> float:
    return x[i] * 2.0


@transpile
def lin(a: float, b: float = 2.5, c: int = 3) -> float:
    return a * b + c
'''


def _calls(seed: int) -> list[str]:
    import random

    r = random.Random(seed)
    a, b = r.randint(-10**6, 10**6), r.randint(1, 999)
    n, k = r.randint(2, 7), r.randint(1, 5)
    calls = []
    for _ in range(3):
        calls += [
            f"add({a}, {b})", f"add(True, {b})", f"add({a})", f"add({a}, b={b})",
            f"fdiv({a}, {b})", f"fdiv({a}, 0)", f"fdiv({a}, -{b})",
            f"(lambda x: (poke(x, {a / b!r}), x)[1])(np.zeros({n}))",
            "(lambda x: (poke(x[::2], 1.0), x)[1])(np.zeros(6))",
            "(lambda x: (poke(x, 1.0), x)[1])(np.zeros(4, dtype=np.float32))",
            f"total(np.arange({n * k}, dtype=np.float64).reshape({n}, {k}) / 7)",
            f"total(np.asfortranarray(np.arange({n * k}, dtype=np.float64).reshape({n}, {k})))",
            f"total(np.arange({n * 3}.0).reshape({n}, 3)[:, ::2])",
            f"total(np.arange({n * k}.0).reshape({n}, {k}).T)",
            "(lambda b: (flip(b), b)[1])(np.array([True, False, True]))",
            "(lambda b: (flip(b), b)[1])(np.array([False, False]))",
            f"positive({a / b!r})", f"positive(-{b}.5)", "positive(np.float64(2.0))",
            f"add(np.int32({b}), {a})", "positive(np.float32(-0.5))", f"add(np.int64({a}), 1)",
            f"at(np.arange({n}.0), {n - 1})", f"at(np.arange({n}.0), -1)",
            f"lin({a}.5)", f"lin({a}.5, {b}.0)", f"lin({a}.5, c={b})", f"lin({a}.5, 1.0, {b})",
            "lin()", "lin(1.0, 2.0, 3, 4)",
            f"letter('N', {a})", f"letter('n', {b})", f"letter('', {a})", f"letter('NN', {b})",
        ]
    calls.append("[type(f).__mro__[1].__name__ for f in (add, poke, total, flip)]")
    return calls


def test_c_path_gives_what_python_gives(tmp_path: Path, rng) -> None:
    needs_gfortran()
    calls = _calls(int(rng.integers(1 << 30)))
    env = {**os.environ, "TRANSPYLE_CACHE_DIR": str(tmp_path / "cache")}
    compiled, python = run_both(tmp_path, MODULE, calls, env=env)
    assert compiled[-1] == ["ok", repr(["Dispatcher"] * 4)]
    (tmp_path / "py").mkdir()
    env_py = {**env, "TRANSPYLE_DISPATCH": "python"}
    slow, _ = run_both(tmp_path / "py", MODULE, calls, env=env_py)
    assert slow[-1] == ["ok", repr(["object"] * 4)]  # Transpiled alone
    assert compiled[:-1] == slow[:-1]  # the same outcomes, errors and messages included
    for call, got, want in zip(calls[:-1], compiled, python, strict=False):
        if any(f"np.{t}(" in call for t in ("float64", "float32", "int32", "int64")):
            # NumPy's scalar rules in CPython (np.True_, np.int64(...)): DIFFERENCES
            continue
        if "[::2]" in call:  # written in place: refused, not a silent copy
            assert got[:2] == ["raise", "TypeError"] and want[0] == "ok", call
        elif got[0] == "raise" and want[0] == "raise":
            assert got[1] == want[1], call  # the same exception (messages may differ)
        else:
            assert got == want, call


SLOW_COUNT = '''
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import case_module as m
counts = {f.__name__: 0 for f in (m.add, m.poke, m.total, m.flip, m.at, m.lin, m.letter)}
cls = type(m.add)
assert all(type(f) is cls for f in (m.poke, m.total, m.flip, m.at))
original = cls._slow_call
def counting(self, *args):
    counts[self.__name__] += 1
    return original(self, *args)
cls._slow_call = counting
for _ in range(50):
    m.add(2, 5); m.add(np.int64(2), 5); m.poke(np.zeros(3), 1.0)
    m.total(np.ones((3, 2))); m.at(np.ones(4), 2); m.lin(1.0); m.lin(1.0, 2.0)
    m.flip(np.array([True, False]))
    assert m.letter('N', 3) == 3 and m.letter('TN', 4) == -4
try:  # a str the C path keyed, now not ASCII: the Python path refuses it, every time
    m.letter('\u00e9', 1)
    raise SystemExit("a non-ASCII str was accepted")
except TypeError:
    pass
x = np.zeros(3)
m.SCALE = 4  # a rebound constant: the Python path, once, then the C path again
for _ in range(5):
    assert m.add(2, 5) == 22
print(json.dumps(counts))
'''


def test_repeated_calls_stay_in_c(tmp_path: Path) -> None:
    """After the first call of a signature, calls do not enter Python (`_slow_call`)."""
    needs_gfortran()
    (tmp_path / "case_module.py").write_text(textwrap.dedent(MODULE))
    (tmp_path / "count.py").write_text(SLOW_COUNT)
    env = {**os.environ, "TRANSPYLE_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, str(tmp_path / "count.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    counts = json.loads(proc.stdout.splitlines()[-1])
    # one miss per signature (`add` has two: int and np.int64), and `add` one more for the
    # rebound constant (its entries dropped, built again)
    assert counts == {"add": 3, "poke": 1, "total": 1, "flip": 1, "at": 1, "lin": 1,
                      "letter": 2}  # its first call, and the non-ASCII str


def test_overflow_modes_and_small_extent_agree_with_the_passes() -> None:
    import numpy as np

    from transpyle.passes.checked import OVERFLOW_MODES
    from transpyle.passes.constant_extents import small_extent
    from transpyle.runtime import jit

    assert jit.OVERFLOW_MODES == OVERFLOW_MODES
    for shape in [(5,), (3, 2), (2, 5), (4, 4), (0, 3), (3, 0), (2, 3, 4), (7, 1)]:
        for order in "CF":
            a = np.zeros(shape, order=order)
            sig = jit.arg_signature(a)
            assert sig[3] == small_extent(a.shape, a.flags.fnc, jit.SMALL_EXTENT), (shape, order)


@pytest.mark.parametrize("damage", ["garbage", "truncate"])
def test_a_damaged_dispatcher_is_compiled_again(tmp_path: Path, damage: str) -> None:
    needs_gfortran()
    script = ("import sys\nfrom transpyle.runtime.dispatch import dispatcher_base\n"
              f"print(dispatcher_base(__import__('pathlib').Path({str(tmp_path)!r})).__name__)")
    for step in range(2):
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0 and proc.stdout.strip() == "Dispatcher", proc.stderr
        (so,) = tmp_path.glob("dispatch-*.so")
        if step == 0:
            first = so.read_bytes()
            so.write_bytes(b"\x7fELF not really" if damage == "garbage" else first[:100])
    assert so.read_bytes() == first  # compiled again, not loaded


def test_the_call_benchmark_runs_and_names_the_machine(tmp_path: Path) -> None:
    needs_gfortran()
    out = tmp_path / "calls.json"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.calls", "--repeat", "2",
                           "--number", "50", "--starts", "1", "--no-peers", "--out", str(out)],
                          capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parents[2])
    assert proc.returncode == 0, proc.stderr
    res = json.loads(out.read_text())
    assert res["machine"] and res["cores"] >= 1
    assert set(res["calls"]) == {"add", "poke"}
    for probe in res["calls"].values():
        assert set(probe) == {"transpyle", "transpyle (Python path)", "f2py direct"}
        assert all(0 < v["min_ns"] <= v["median_ns"] for v in probe.values())
    assert 0 < res["starts_s"]["import transpyle"]["median_s"]


FALLBACK = '''
import threading
import numpy as np
from transpyle import transpile

STEP = 2


@transpile(fallback="python")
def mix(a, b):
    try:  # not translated: every signature runs the Python function, through the C path
        return a * STEP + b
    finally:
        pass


def hammer():
    out = []

    def work():
        out.extend(repr(mix(v, 1)) for v in [1, 2.5, np.int8(3), np.arange(3.0)] * 200)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(set(out)), len(out)
'''

MANY = ["1", "2.5", "True", "1j", "np.int8(3)", "np.int16(-4)", "np.int32(5)", "np.int64(6)",
        "np.uint8(7)", "np.float32(0.5)", "np.float64(-1.5)", "np.complex64(2j)",
        "np.bool_(True)", "np.arange(3.0)", "np.arange(4)"]


def test_more_signatures_than_the_c_path_keeps(tmp_path: Path) -> None:
    """Past the dispatcher's 8 entries calls take the Python path; threads calling at once,
    and a rebound constant between calls, give what CPython gives."""
    needs_gfortran()
    calls = [f"repr(mix({a}, {b}))" for a in MANY for b in ("1", "np.float64(0.25)")]
    calls.append("mix._fast_count()")
    calls.append("__import__('case_module').__setattr__('STEP', 3)")
    calls += [f"repr(mix({a}, 1))" for a in MANY] + ["hammer()"]
    env = {**os.environ, "TRANSPYLE_CACHE_DIR": str(tmp_path / "cache")}
    compiled, python = run_both(tmp_path, FALLBACK, calls, env=env)
    n = len(MANY) * 2
    assert compiled[n] == ["ok", "8"]  # the C path's entries are full
    assert compiled[:n] == python[:n] and compiled[n + 1:] == python[n + 1:]
