"""The Fortran -> Python differential fuzzer, bounded: random programs (tests/fuzz/
fortran_programs.py) built by gfortran and migrated by transpyle print the same bytes.

Fresh seeds each run (printed, and in the failure message); the long run is
`python -m tests.fuzz.fortran_long --count 10000` (`make fuzz`)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from tests.conftest import needs_gfortran
from tests.fuzz.fortran_long import run_many
from tests.fuzz.fortran_programs import ALL, FEATURES, KNOWN_BROKEN, SAFE, generate

# 24 programs of ~200 lines (every feature of SAFE) take what 40 of ~85 lines took (measured
# 51 s for 40 of each size against 30 s, this machine under load)
COUNT = 24


def test_migrated_programs_print_what_gfortran_prints(tmp_path: Path) -> None:
    needs_gfortran()
    start = secrets.randbits(30)
    print(f"seeds {start}..{start + COUNT - 1}")
    outcomes = run_many(range(start, start + COUNT), SAFE, jobs=2, work=tmp_path)
    bad = [o for o in outcomes if o.status != "same"]
    assert not bad, "\n".join(f"seed {o.seed} ({o.status}): {o.detail}" for o in bad[:5]) + \
        f"\n(replay: python -m tests.fuzz.fortran_long --start {bad[0].seed} --count 1)"


def test_programs_are_reproducible_and_use_their_features() -> None:
    assert generate(7) == generate(7) and generate(7) != generate(8)
    assert set(KNOWN_BROKEN) <= set(FEATURES) and SAFE == ALL - KNOWN_BROKEN
    text = "\n".join(generate(s, ALL) for s in range(40))
    for needle in ("common /blk/", "call step(", "twice(", "do k1 = ", ", -", "else",
                   "'(ES24.16E3)'", "'(I0)'", "'(F12.5)'", "print *,", "**2", "sqrt(abs(",
                   "mod(", "dble(", "nint(", "sign(", "real ::", "double precision ::"):
        assert needle in text, needle
    text = "\n".join(generate(s, ALL) for s in range(300))  # the wider constructs are rarer
    for needle in ("integer(1) ::", "complex(8) ::", "ishft(", "modulo(", "sum(", "maxval(",
                   "matmul(", "reshape(", "pack(", "merge(", "where (", "forall (", "exit",
                   "cycle", "select case", "call mstep(", "type(rec)", "s3(", "trim(",
                   "index(", "stop", "cshift(", "allocate(", "present(", "write(buf",
                   "'(SP,", "E0"):
        assert needle in text, needle
    assert all(len(line) <= 132 for line in text.splitlines())
    for name in KNOWN_BROKEN:  # each left out of SAFE for a reason the generator names
        assert name in FEATURES
    without = "\n".join(generate(s, ALL - {"common", "int_pow"}) for s in range(40))
    assert "common" not in without and not re.search(r"\*\*\(?-?\d+\)?(?![.\d])", without)
