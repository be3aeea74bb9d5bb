"""The Python -> Fortran differential fuzzer, bounded: random typed functions (tests/fuzz/
python_programs.py, the features that pass today) run in CPython and compiled, in subprocesses,
and must agree bit for bit: values (floats by .hex()), exceptions by class, and the arrays passed
in. A difference that is a row of docs/DIFFERENCES.md (the sign bit of a NaN, say) is within
the contract and passes. Fresh seed each run (printed, and in the failure message); the long
run with every feature is `python -m tests.fuzz.python_long --count 10000 --out DIR`
(`make fuzz`)."""

from __future__ import annotations

import random
import secrets
from pathlib import Path

from tests.conftest import needs_gfortran
from tests.fuzz.python_long import batch, batch_seed
from tests.fuzz.python_programs import (
    ALL,
    FEATURES,
    SAFE,
    generate,
    shrunk,
    size,
    without_unused,
)
from tests.fuzz.python_run import Case, compare, mismatch, run_cases

PROGRAMS = 120  # two batches: two f2py builds
INPUTS = 2


def test_compiled_programs_agree_with_cpython(tmp_path: Path) -> None:
    needs_gfortran()
    seed = secrets.randbits(30)
    print(f"seed {seed}")
    for b in range(2):
        programs, cases = batch(batch_seed(seed, b), PROGRAMS // 2, SAFE, INPUTS, b * PROGRAMS // 2)
        results = compare(cases, tmp_path / f"b{b}")
        bad = [(c, r) for c, r in zip(cases, results, strict=True)
               if r[0] and not r[0].startswith("documented: ")]
        assert not bad, "\n".join(
            f"{r[0]}:\n{c.source}inputs {c.specs}\nCPython   {r[1]}\ncompiled  {r[2]}"
            for c, r in bad[:3]) + (f"\n(replay: python -m tests.fuzz."
                                    f"python_long --seed {seed} --features safe --count "
                                    f"{PROGRAMS} --batch {PROGRAMS // 2} --inputs {INPUTS} "
                                    "--out DIR)")


def test_the_comparison_sees_each_kind_of_difference(tmp_path: Path) -> None:
    """The instrument can fail: a wrong value, a missed exception, a changed array, a crash
    (the driver dies; the call is reported as a crash and the calls after it still run)."""
    ok = ["ok", ["float", "0x1.0p+0"], ["00"]]
    assert mismatch(ok, ok) is None
    assert mismatch(ok, ["ok", ["float", "0x1.0000000000001p+0"], ["00"]]) == "value"
    assert mismatch(ok, ["ok", ["int", 1], ["00"]]) == "value"
    assert mismatch(ok, ["ok", ok[1], ["01"]]) == "array"
    assert mismatch(["raise", "ZeroDivisionError", "x", []], ok) == "missed ZeroDivisionError"
    assert mismatch(ok, ["raise", "ValueError", "x", []]) == "spurious ValueError"
    assert mismatch(["raise", "ZeroDivisionError", "a", []],
                    ["raise", "ZeroDivisionError", "b", []]) is None
    assert mismatch(ok, ["crash", "exit -11"]) == "crash"
    # a difference that cannot go away (2**80 does not fit an int64) is seen end to end
    source = "@transpile\ndef square(n: int) -> int:\n    return n * n\n"
    (got,) = compare([Case("square", source, [["i", 2**40]])], tmp_path)
    assert got[1] == ["ok", ["int", 2**80], []] and got[0] is not None, got
    boom = ("@transpile\ndef boom(n: int) -> int:\n    if n == 0:\n        import os\n"
            "        os.abort()\n    return n\n")
    calls = [Case("boom", boom, [["i", k]]) for k in (1, 0, 2)]
    first, crashed, after = run_cases(calls, tmp_path / "crash", "python")
    assert first == ["ok", ["int", 1], []] and after == ["ok", ["int", 2], []]
    assert crashed[0] == "crash", crashed


def test_programs_are_reproducible_and_use_their_features() -> None:
    def texts(features: frozenset[str], seed: int = 3) -> str:
        rng = random.Random(seed)
        return "\n".join(generate(rng, f"p{k}", features).source() for k in range(60))
    assert texts(ALL) == texts(ALL) and texts(ALL) != texts(ALL, 4)
    assert SAFE <= ALL == set(FEATURES)
    text = texts(ALL)
    for needle in ("for k", "while w", "break", "continue", "elif", "range(", ", -1)", " // ",
                   " % ", " ** ", "min(", "max(", "int(", "math.", "np.zeros", "b = a",
                   "d = ", " if ", " and ", "m[", " / "):
        assert needle in text, needle
    for needle in (" >> ", " << ", " ^ ", "(~", "9223372036854775807", "2 ** 31", "1e300 * 1e300",
                   "math.hypot(", "math.floor(", "-> tuple[float, int]", "p0, q0 = ",
                   "v = a[", "row = m[", "np.sum(a[", "L = [", " for i in range(", "axis=",
                   "e = ", "scale=", "q1: float = 1.5"):
        assert needle in text, needle
    safe = texts(SAFE)
    for needle in ("math.log", "** -", " / ", "float // "):
        assert needle not in safe, needle


def test_programs_with_defaults_leave_arguments_out() -> None:
    """A function with default parameters is called with and without them (both ways seen)."""
    rng = random.Random(11)
    p = generate(rng, "p0", ALL)
    counts = {len(p.inputs(rng)) for _ in range(40)}
    assert counts == {len(p.params) - 2, len(p.params) - 1, len(p.params)}, counts


def test_the_minimiser_only_shrinks() -> None:
    rng = random.Random(5)
    p = generate(rng, "p0", ALL)
    smaller = shrunk(p)
    assert smaller and all(size(q) <= size(p) and q.source() != p.source() for q in smaller)
    assert any(size(q) < size(p) for q in smaller)
    assert len(without_unused(p).prelude) <= len(p.prelude)
