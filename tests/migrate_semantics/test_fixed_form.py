"""Fixed form as gfortran reads it: columns 73-80 are a sequence field (here `+ 5.0D0` and
sequence numbers, which must change nothing), a TAB in the label field moves to column 7,
and a TAB followed by a nonzero digit continues the line before. Fresh values each run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, f64, needs_gfortran


def card(text: str, seq: str) -> str:
    """A fixed-form line: the statement in columns 1-72, `seq` from column 73."""
    assert len(text) <= 72
    return text.ljust(72) + seq


def program(rng: np.random.Generator) -> str:
    a, b = rng.normal(size=2)
    n = int(rng.integers(2, 9))
    lines = [
        "C     a deck with sequence numbers",
        card("      PROGRAM DECK", "DECK0010"),
        card("      DOUBLE PRECISION X, Y", "DECK0020"),
        card("      INTEGER I, N", "DECK0030"),
        card(f"      X = {f64(a)}", "+ 5.0D0"),
        card(f"      Y = {f64(b)}", "*2.0D0"),
        card(f"      N = {n}", "0"),
        card("      DO 10 I = 1, N", "DECK0060"),
        card("         X = X * 1.5D0 + Y", "-X"),
        card("   10 CONTINUE", "DECK0080"),
        "\tY = Y - 1.0D0",
        "20\tY = Y * 3.0D0",
        "\tWRITE (*, '(2ES25.17E3)') X,",
        "\t1 Y",
        card("      WRITE (*, '(ES25.17E3)') X +", "  Y"),
        card("     1   Y", "DECK0120"),
        card("      END", "DECK0130"),
        "",
    ]
    return "\n".join(lines)


@needs_gfortran
def test_sequence_field_and_tabs(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()), name="deck.f")
