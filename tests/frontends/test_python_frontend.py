"""The Python frontend: hints, comments, and the conversions to the IR's meanings."""

from __future__ import annotations

import pytest

from transpyle import TranspileError, compile_source
from transpyle.frontends.python import parse_python
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Complex, Integer, Logical, Real


def _params(src: str) -> list[ir.VarDecl]:
    f = next(iter(parse_python(src, "t.py").functions().values()))
    return list(f.params)


@pytest.mark.parametrize("hint,expected", [
    ("int", Integer(8)), ("float", Real(8)), ("complex", Complex(16)), ("bool", Logical(4)),
    ("np.float32", Real(4)), ("np.int32", Integer(4)), ("numpy.complex64", Complex(8)),
    ("NDArray[np.float64]", Array(Real(8), None, "C")),
    ("npt.NDArray[np.int16]", Array(Integer(2), None, "C")),
    ("'float[:,:]'", Array(Real(8), 2, "C")),
    ("'int32[:](order=F)'", Array(Integer(4), 1, "F")),
    ("'float32[:, :, :]'", Array(Real(4), 3, "C")),
    ("'complex'", Complex(16)),
    ("'NDArray[np.float32]'", Array(Real(4), None, "C")),
])
def test_hints(hint: str, expected: object) -> None:
    src = ("import numpy as np\nimport numpy\nimport numpy.typing as npt\n"
           f"from numpy.typing import NDArray\ndef f(x: {hint}) -> None:\n    pass\n")
    assert _params(src)[0].type == expected


def test_future_annotations_hints() -> None:
    src = ("from __future__ import annotations\nimport numpy as np\n"
           "from numpy.typing import NDArray\n"
           "def f(x: NDArray[np.float64], n: int) -> None:\n    x[n] = 1.0\n")
    assert [p.type for p in _params(src)] == [Array(Real(8), None, "C"), Integer(8)]


def test_comments_are_kept_in_order() -> None:
    src = ("# before\ndef f(x: int) -> int:\n    # first\n    y = x + 1  # trailing\n"
           "    # last\n    return y\n")
    fortran = compile_source(src)
    lines = [ln.strip() for ln in fortran.splitlines()]
    assert lines.index("! before") < lines.index("! first") < lines.index("! trailing") \
        < lines.index("y = x + 1") < lines.index("! last") < lines.index("res = y")


@pytest.mark.parametrize("rng,start,stop,step", [
    ("range(n)", "0", "n - 1", None),
    ("range(2, n)", "2", "n - 1", None),
    ("range(n, 0, -2)", "n", "1", "-2"),
    ("range(1, 10, 3)", "1", "9", "3"),
    ("range(a, n, s)", "a", "n - sign(1_8, s)", "s"),
])
def test_range_becomes_inclusive_do(rng: str, start: str, stop: str, step: str | None) -> None:
    src = f"def f(n: int, a: int, s: int) -> int:\n    t = 0\n    for i in {rng}:\n" \
          "        t += i\n    return t\n"
    do = next(ln.strip() for ln in compile_source(src).splitlines() if ln.strip().startswith("do"))
    assert do == f"do i = {start}, {stop}" + (f", {step}" if step else "")


def test_c_order_indices_are_reversed_and_f_order_kept() -> None:
    # i and j are loop variables, never negative: no wrapping of the indices (safety/indices)
    src = ("def f(a: 'float[:,:]', b: 'float[:,:](order=F)', n: int) -> float:\n"
           "    s = 0.0\n"
           "    for i in range(n):\n"
           "        for j in range(n):\n"
           "            s = a[i, j] + b[i, j]\n"
           "    return s + a.shape[0] + b.shape[0]\n")
    out = compile_source(src)
    assert "s = a(j, i) + b(i, j)" in out
    # a.shape[0] is the second Fortran extent of the reversed C-order array
    assert "res = s + real(a_n2, 8) + real(b_n1, 8)" in out


def test_negative_constant_index_counts_from_end() -> None:
    src = "def f(x: 'float[:]') -> float:\n    return x[-1]\n"
    assert "res = x(x_n1 - 1)" in compile_source(src)


def test_pyccel_user_kernel_without_numpy_import() -> None:
    src = "def f(x: 'float[:]', y: 'float[:]') -> None:\n    y[:] = 2.0 * x + y\n"
    out = compile_source(src)
    assert "real(8), intent(in) :: x(0:x_n1 - 1)" in out
    assert "real(8), intent(inout) :: y(0:y_n1 - 1)" in out
    assert "y(:) = 2.0d0 * x + y" in out


def test_float32_stays_float32_with_python_literals() -> None:
    src = "import numpy as np\ndef f(x: 'float32[:]') -> None:\n    x[0] = 2.0 * x[0] + 1\n"
    assert "x(0) = 2.0_4 * x(0) + 1" in compile_source(src)


def test_unsupported_decorator_is_named() -> None:
    src = "import functools\n@functools.lru_cache\ndef f(x: int) -> int:\n    return x\n"
    with pytest.raises(TranspileError, match="decorator 'functools.lru_cache' is not supported"):
        compile_source(src)
