"""Python's and NumPy's shifts, which Fortran's SHIFTL/SHIFTA leave undefined past the width.

CPython: a negative count raises ValueError; `a >> n` floors (-1 or 0 once n passes the width);
`a << n` is exact, so it leaves 64 bits: `overflow="raise"` raises OverflowError as it does for
`*`, and the default wraps modulo 2**64 as `*` does (0 once n reaches 64; DIFFERENCES.md).
NumPy (an array or NumPy-scalar operand): no exceptions; a count outside 0..bits-1 gives 0
(`<<`) or the sign (`>>`), in the operands' kind. A constant count in range needs no helper.
"""

from __future__ import annotations

from typing import Any

from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Integer

# one template per integer kind ({k} is s1 ... s8; {t}, {bits}: helpers.py's fields)
SHIFTS = '''

def tp_lshift_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0:
        raise ValueError("negative shift count")
    if b >= {bits}:
        return 0
    return a << b


def tp_clshift_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0:
        raise ValueError("negative shift count")
    if a == 0:
        return 0
    if b >= {bits}:
        raise OverflowError("integer overflow in <<: the result does not fit in {t}")
    r = a << b
    if r >> b != a:
        raise OverflowError("integer overflow in <<: the result does not fit in {t}")
    return r


def tp_rshift_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0:
        raise ValueError("negative shift count")
    if b >= {bits}:
        if a < 0:
            return -1
        return 0
    return a >> b


def tp_np_lshift_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0 or b >= {bits}:
        return 0
    return a << b


def tp_np_rshift_{k}(a: {t}, b: {t}) -> {t}:
    if b < 0 or b >= {bits}:
        if a < 0:
            return -1
        return 0
    return a >> b
'''


def shift(rewrite: Any, e: ir.Intrinsic, numpy: bool) -> ir.Expr:
    """`e` (an `lshift` or `rshift`, typed, operands rewritten) as CPython or NumPy computes
    it; `rewrite` is checked/'s rewriter (its `call`, `overflow`)."""
    t = e.type.elem if isinstance(e.type, Array) else e.type
    if not isinstance(t, Integer):
        return e
    bits = 8 * t.kind
    count = e.args[1]
    in_range = isinstance(count, ir.Const) and isinstance(count.value, int) \
        and 0 <= count.value < bits
    numpy = numpy or isinstance(e.type, Array)
    checked = e.name == "lshift" and rewrite.overflow == "raise" and not numpy
    if in_range and not checked:
        return e
    op = e.name.removesuffix("shift")  # "l" | "r"
    name = f"tp_np_{op}shift_s{t.kind}" if numpy else \
        f"tp_{'c' if checked else ''}{op}shift_s{t.kind}"
    return rewrite.call(name, e.args, e.type, e.loc)
