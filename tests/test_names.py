"""Names Fortran or f2py cannot take as Python spells them, and lines past Fortran's limit:
each built through @transpile and compared with CPython on fresh random inputs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import import_path, needs_gfortran
from transpyle import compile_source
from transpyle.backends.fortran_lines import wrap_line

LONG = "a_variable_name_that_goes_on_and_on_well_past_what_fortran_allows_in_a_name"
KERNELS = f'''
from transpyle import transpile


def f(x: float) -> float:
    return x + 1.0


def F(x: float) -> float:
    return x * 2.0


def function(n: int) -> int:
    end = n + 1
    real = end * 3
    module = real - 2
    result = module // 2
    size = result % 7
    merge = size + end
    type = merge * 2
    return type


def total(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def pick(n: int, c: bool) -> int:
    return n if c else 4 * 2


def pickf(x: float, c: bool) -> float:
    return x if c else 3


def pickc(x: float, c: bool) -> complex:
    return x * 1j if c else 2 + 3j


def {LONG}(x: float) -> float:
    {LONG}_too = x * 0.5
    return {LONG}_too


@transpile
def do(x: float, n: int, c: bool) -> float:
    s = f(x) + F(x) + function(n) + total(n) + pick(n, c) + pickf(x, c)
    z = pickc(x, c)
    return s + z.real + z.imag + {LONG}(x)


@transpile
def wrap(x: 'float[:]', k: int) -> float:
    return x[k] * 2.0 - k


@transpile
def long_lines(first_argument_with_a_long_name: float, second_argument_with_a_long_name: float,
               third_argument_with_a_long_name: float, fourth_argument_with_a_long_name: float,
               transpyle_jit: float) -> float:
    return (first_argument_with_a_long_name * second_argument_with_a_long_name
            + third_argument_with_a_long_name * fourth_argument_with_a_long_name
            - first_argument_with_a_long_name / (second_argument_with_a_long_name + 7.0)
            + third_argument_with_a_long_name * (fourth_argument_with_a_long_name - 1.5)
            * (first_argument_with_a_long_name + second_argument_with_a_long_name) * transpyle_jit)
'''


@pytest.fixture(scope="module")
def kernels(tmp_path_factory: pytest.TempPathFactory):
    needs_gfortran()
    root = tmp_path_factory.mktemp("names")
    path = root / "names_kernels.py"
    path.write_text(KERNELS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRANSPYLE_CACHE_DIR", str(root / "cache"))
        yield import_path(path)


def test_reserved_and_case_clashing_names_build_and_agree(kernels, rng) -> None:
    for _ in range(20):
        x, n, c = float(rng.uniform(-9, 9)), int(rng.integers(-50, 50)), bool(rng.integers(2))
        assert kernels.do(x, n, c) == kernels.do.fn(x, n, c), (x, n, c)
    assert kernels.do.__name__ == "do"


def test_an_entry_named_wrap_agrees(kernels, rng) -> None:
    # f2py's wrapper of a module procedure `wrap` returned 0.0 (or crashed): renamed
    x = rng.uniform(-9, 9, 7)
    for k in range(7):
        assert kernels.wrap(x, k) == kernels.wrap.fn(x, k)


def test_long_lines_build_and_agree(kernels, rng) -> None:
    for _ in range(10):
        args = [float(v) for v in rng.uniform(-3, 3, 5)]
        assert kernels.long_lines(*args) == kernels.long_lines.fn(*args)


def test_procedures_and_variables_are_renamed_on_the_fortran_side() -> None:
    fortran = compile_source(KERNELS.replace("@transpile\n", ""), filename="k.py",
                             module_name="k")
    assert "function F_1(x)" in fortran and "function f(x)" in fortran
    assert "function do_1(x, n, c)" in fortran and "function function_1(n)" in fortran
    assert "total_1 = 0" in fortran and "end_1 = n + 1" in fortran
    assert max(len(line) for line in fortran.splitlines()) <= 100


A63 = "a" * 63  # the longest Fortran name
STATEMENTS = [
    f"    x = {A63} + {A63} * 2.0d0 - {A63}",  # one name past the half of the limit
    "    s = '" + "hello world " * 20 + "'",  # a string with spaces
    "    s = '" + "it''s" * 40 + "' // 'abc'" + " // 'n'" * 10,  # doubled quotes, then more
    "    s = '" + "x" * 300 + "'",  # a single token longer than the limit
    "    x = " + "+".join(["y"] * 80),  # no space at all
    "    print *, " + ", ".join(f"verylongname{i}" for i in range(30)),
]


def test_wrapped_lines_keep_their_meaning(tmp_path: Path) -> None:
    needs_gfortran()
    src = ["program p", "  implicit none", "  character(len=2000) :: s",
           f"  real(8) :: {A63}, y, x", *(f"  integer :: verylongname{i}" for i in range(30)),
           "  y = 1.0d0", f"  {A63} = 2.0d0", *(f"  verylongname{i} = {i}" for i in range(30))]
    for line in STATEMENTS:
        src += [line, "  print '(a)', trim(s)" if line.lstrip().startswith("s =") else
                "  print *, x"]
    src.append("end program p")
    wrapped = [part for line in src for part in wrap_line(line)]
    assert len(wrapped) > len(src) and max(map(len, wrapped)) <= 100
    expected = run_fortran(tmp_path, "long", "\n".join(src), ["-ffree-line-length-none"])
    assert run_fortran(tmp_path, "wrapped", "\n".join(wrapped), ["-Wall", "-Werror"]) == expected
    assert ("hello world " * 20).strip() in expected and "it's" * 40 + "abcnnnnnnnnnn" in expected
    assert "x" * 300 in expected


def run_fortran(tmp_path: Path, name: str, text: str, flags: list[str]) -> str:
    src = tmp_path / f"{name}.f90"
    src.write_text(text + "\n")
    exe = tmp_path / name
    built = subprocess.run(["gfortran", *flags, "-o", str(exe), str(src)], capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stderr
    return subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout


def test_comments_and_directives_wrap_under_the_limit() -> None:
    comment = wrap_line("    ! " + "word " * 50)
    assert len(comment) == 3 and all(c.startswith("    ! ") and len(c) <= 100 for c in comment)
    omp = wrap_line("    !$omp parallel do " + "reduction(+:s) " * 12)
    assert all(o.startswith("    !$omp ") and len(o) <= 100 for o in omp)
    assert all(o.endswith(" &") for o in omp[:-1])


def test_a_numpy_array_of_results_is_unchanged(kernels) -> None:
    # the renamed entry point is still found through the Python-visible name
    xs = np.linspace(-2, 2, 5)
    got = [kernels.do(float(x), 3, True) for x in xs]
    assert got == [kernels.do.fn(float(x), 3, True) for x in xs]
