"""Type extension as gfortran runs it, on fresh random values each run (tests/fortran_reach/
programs/*.f90, their `{X}` filled in): overridden bindings dispatched on the object's
dynamic type through CLASS(t) dummies (three levels, an override calling its parent's with
`self%base%show()`), ABSTRACT types with DEFERRED bindings, SELECT TYPE (TYPE IS, CLASS IS
taking the closest type, CLASS DEFAULT; with an associate name on a component),
ALLOCATE(t :: x) of CLASS allocatables (an INTENT(OUT) dummy too, and components of an array
of holders), SAME_TYPE_AS and EXTENDS_TYPE_OF, parent components (`l%mid%base%id`),
deferred-length CHARACTER components and results, GENERIC type-bound procedures, several
bindings in one statement (a generic's specific overridden in an extension), a generic
interface named as its type (a constructor function, not the structure constructor), and
intrinsic assignment to CLASS(t), ALLOCATABLE variables and components (the value's dynamic
type; a parent part `c%base` is of the parent's type)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.fortran_reach.harness import assert_same_run, needs_gfortran

pytestmark = needs_gfortran
PROGRAMS = Path(__file__).parent / "programs"


def _r(rng: np.random.Generator, lo: float = -50, hi: float = 50) -> str:
    return f"{rng.uniform(lo, hi):.4f}"


def values(rng: np.random.Generator, name: str) -> dict[str, str]:
    n = lambda lo, hi: str(int(rng.integers(lo, hi)))  # noqa: E731
    if name == "zoo":
        return {"B": n(-9, 9), "M": n(-99, 99), "L": n(0, 999), "W": _r(rng), "F": _r(rng),
                "A": n(-20, 20)}
    if name == "holders":
        return {"A": _r(rng, 0, 9), "B": _r(rng, 0, 9), "H": _r(rng, 0, 9)}
    if name == "counters":
        return {"S": n(-5, 5), "T": n(0, 9), "N": n(-999, 999)}
    if name in ("boxes", "generic_bindings"):
        return {"C": n(-99, 99), "B": n(-99, 99), "D": n(-99, 99), "W": _r(rng, 0, 9),
                "N": n(0, 50), "X": _r(rng, 0, 9)}
    kinds = ["dog", "cat"]
    return {"K1": str(rng.choice(kinds)), "K2": str(rng.choice(kinds))}


@pytest.mark.parametrize("name", ["zoo", "holders", "counters", "animals", "boxes",
                                  "generic_bindings"])
def test_polymorphic_programs_match_gfortran(tmp_path: Path, name: str) -> None:
    rng = np.random.default_rng()
    template = (PROGRAMS / f"{name}.f90").read_text()
    for k in range(2):
        (tmp_path / str(k)).mkdir()
        assert_same_run(tmp_path / str(k), template.format(**values(rng, name)))
