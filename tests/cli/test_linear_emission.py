"""Emission takes time linear in the size of an expression, in every backend that emits
expressions (the Fortran and Python emitters; the CUDA backend renders kernel descriptions
through templates and has no expression emitter). A visit of an operand twice per level made
a degree-12 Horner polynomial take minutes; a whole-operand check per level made a
10,000-term float32 sum quadratic. Times are CPU seconds of the emitter call alone, on the
typed IR (the passes are not timed here)."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

import numpy as np

from transpyle.backends.fortran import emit_fortran
from transpyle.backends.python import emit_python
from transpyle.compiler import call_deep, python_to_ir
from transpyle.frontends.fortran import parse_fortran
from transpyle.ir import nodes as ir

LIMIT_S = 1.0


def _timed(emit: Callable[[], str]) -> tuple[str, float]:
    start = time.process_time()
    text = emit()
    return text, time.process_time() - start


def _sum_source(n: int, hint: str, rng: random.Random) -> tuple[str, list[float]]:
    coeffs = [rng.uniform(-2, 2) for _ in range(n)]
    terms = " + ".join(f"x * {c!r}" if k % 2 else "x" for k, c in enumerate(coeffs))
    return (f"import numpy as np\n\ndef big(x: {hint}) -> {hint}:\n    return {terms}\n",
            coeffs)


def _horner_source(degree: int, rng: random.Random) -> tuple[str, list[float]]:
    coeffs = [rng.uniform(-1, 1) for _ in range(degree + 1)]
    text = repr(coeffs[0])
    for c in coeffs[1:]:
        text = f"({text}) * x + {c!r}"
    return f"def horner(x: float) -> float:\n    return {text}\n", coeffs


def _run_python(text: str, name: str) -> Callable[[float], float]:
    space: dict[str, object] = {}
    exec(compile(text, f"<{name}>", "exec"), space)  # noqa: S102 - our own emitted code
    return space[name]  # type: ignore[return-value]


def _joined(fortran: str) -> str:
    """Fortran text with its continuation lines joined."""
    return re.sub(r"\s*&\s*\n\s*", " ", fortran)


def _deep(fn: Callable[[], None]) -> None:
    call_deep(fn)  # deep expressions need the command line's stack


def test_python_origin_10000_terms_both_backends() -> None:
    rng = random.Random()

    def work() -> None:
        for hint in ("float", "np.float32"):
            source, _ = _sum_source(10_000, hint, rng)
            module = python_to_ir(source, "big.py")
            fortran, t_f = _timed(lambda: emit_fortran(module))
            python, t_p = _timed(lambda: emit_python(module))
            if max(t_f, t_p) >= LIMIT_S:  # a loaded machine: linear time is what must hold
                small = python_to_ir(_sum_source(2_500, hint, rng)[0], "small.py")
                s_f = _timed(lambda: emit_fortran(small))[1]
                s_p = _timed(lambda: emit_python(small))[1]
                # 4x the terms: 4x the time when linear, 16x when quadratic
                assert t_f < 8 * s_f + 0.05 and t_p < 8 * s_p + 0.05, (hint, t_f, s_f, t_p, s_p)
                assert max(t_f, t_p) < 3 * LIMIT_S, (hint, t_f, t_p)
            assert _joined(fortran).count("x *") == 5_000 and python.count("x *") == 5_000
            x = rng.uniform(-3, 3) if hint == "float" else np.float32(rng.uniform(-3, 3))
            want = _run_python(source, "big")(x)
            assert _run_python(python, "big")(x) == want  # bit for bit, in CPython
    _deep(work)


def test_degree_40_horner_both_backends() -> None:
    rng = random.Random()
    source, coeffs = _horner_source(40, rng)
    module = python_to_ir(source, "horner.py")
    fortran, t_f = _timed(lambda: emit_fortran(module))
    python, t_p = _timed(lambda: emit_python(module))
    assert t_f < LIMIT_S and t_p < LIMIT_S, (t_f, t_p)
    assert _joined(fortran).count(" * x + ") == 40 and python.count(" * x + ") == 40
    x = rng.uniform(-1.5, 1.5)
    want = _run_python(source, "horner")(x)  # the original, evaluated by CPython
    assert _run_python(python, "horner")(x) == want


def test_fortran_origin_float32_sum_and_nested_array_mod_to_python() -> None:
    rng = random.Random()
    terms = " + ".join(f"x * {rng.uniform(0.5, 2):.6f}" for _ in range(900))  # 1,799 ops
    mods = "a"
    for _ in range(40):  # each level visited its operands twice: 2**40 visits
        mods = f"mod({mods}, b)"
    source = (f"subroutine s(x, y, a, b, c)\n  real :: x, y\n  real :: a(8), b(8), c(8)\n"
              f"  y = {terms}\n  c = {mods}\nend subroutine s\n")

    def work() -> None:
        module = parse_fortran(source, "s.f90")
        python, t_p = _timed(lambda: emit_python(module))
        assert t_p < LIMIT_S, t_p
        assert python.count("fio.rmod(") == 40  # MOD(x, 0.0) is NaN, as gfortran
        assert isinstance(module.functions()["s"], ir.FunctionDef)
    _deep(work)
