"""Formatted output prints gfortran's bytes: the minimal-width descriptors (I0, I0.m, B0, O0,
Z0, F0.d, G0, G0.d) that fortranformat lacks, and F editing of exact ties (2.5 under F3.0 is
"2.", rounded to even as gfortran rounds the binary value). Fresh random values each run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.migrate_semantics.harness import assert_same_stdout, f32, f64, needs_gfortran

FORMATS = [
    ("i", "(A, I0)", "'i=', {}"), ("i", "(I0.3)", "{}"), ("i", "(I0, 1X, I0)", "{}, -{}"),
    ("u", "(B0)", "{}"), ("u", "(O0)", "{}"), ("i", "(Z0)", "{}"), ("u", "(Z0.8)", "{}"),
    ("i", "(G0)", "{}"), ("i", "(G0.4)", "{}"), ("i", '(9(I0,:,"|"))', "{}, 1, 2, {}"),
    ("d", "(F0.3)", "{}"), ("d", "(F0.0)", "{}"), ("d", "(G0)", "{}"), ("d", "(G0.5)", "{}"),
    ("d", "(F8.0, F8.1, F8.2)", "{0}, {0}, {0}"), ("d", "(2F10.3)", "{}, -{}"),
    ("d", "(G12.3)", "{}"), ("s", "(G0)", "{}"), ("s", "(F0.2, 1X, G0)", "{0}, {0}"),
    ("d", "(G0, 1X, G0, 1X, G0)", "{}, .true., 'txt'"),
]


def literal(kind: str, rng: np.random.Generator) -> str:
    if kind == "i":
        return str(int(rng.integers(-10**6, 10**6)))
    if kind == "u":
        return str(int(rng.integers(0, 10**6)))
    ties = rng.integers(-400, 400) / 8.0  # exact binary ties of the decimal places shown
    x = ties if rng.random() < 0.5 else rng.normal() * 10.0 ** rng.integers(-6, 20)
    return f64(x) if kind == "d" else f32(x)


def program(rng: np.random.Generator, rounds: int = 6) -> str:
    lines = ["program formats", "  implicit none"]
    for _ in range(rounds):
        for kind, fmt, items in FORMATS:
            values = [literal(kind, rng) for _ in range(items.count("{"))]
            text = items.format(*values)
            lines.append(f"  write(*,'{fmt}') {text.replace('--', '')}")
    lines += ["  write(*,'(I0, 1X, I0.0, 1X, Z0, 1X, G0)') 0, 0, -1, 0.0d0",
              "  write(*,'(F0.3, 1X, G0, 1X, G0)') 0.0d0, -0.0d0, 1d300",
              "  write(*,'(G12.3, G12.3, G10.4E2)') 0.0d0, -0.0d0, 0.0d0",  # F form of zero
              "end program formats", ""]
    return "\n".join(lines)


@needs_gfortran
def test_formatted_output_is_gfortrans(tmp_path: Path) -> None:
    assert_same_stdout(tmp_path, program(np.random.default_rng()))
