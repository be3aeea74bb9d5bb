"""DO loops in the Python target: Fortran's value of the variable after the loop, and loops
shifted to 0-based ranges (hand-built IR, run against the reference interpreter)."""

from __future__ import annotations

import pytest

from tests.backends.test_python_gotos import (
    INT,
    L,
    assign,
    binop,
    cmp,
    const,
    function,
    if_,
    interpret,
    name,
    run_emitted,
)
from transpyle.ir import nodes as ir
from transpyle.ir.types import Array, Real


def loop(var: str, start: ir.Expr, stop: ir.Expr, step: int, body: list[ir.Stmt]) -> ir.For:
    return ir.For(name(var), start, stop, const(step), tuple(body), loc=L)


@pytest.mark.parametrize("step", [1, 2, -1, -3])
def test_the_variable_after_a_loop_is_one_step_past_the_end(step: int) -> None:
    # do i = a, b, step: x = x + i; then return i * 100 + x  (zero trips included)
    body = [loop("i", name("a"), name("b"), step,
                 [assign("x", binop("+", name("x"), name("i")))]),
            ir.Return(binop("+", binop("*", name("i"), const(100)), name("x")), loc=L)]
    f = function(body, kind="function")
    inputs = [(a, b) for a in (-3, 0, 2, 7) for b in (-4, 1, 6)]
    text, got = run_emitted(f, inputs)
    assert got == [interpret(f, a, b) for a, b in inputs], text
    assert "# the value Fortran leaves after the loop" in text


@pytest.mark.parametrize("step", [1, -2])
def test_after_an_exit_the_variable_keeps_its_value(step: int) -> None:
    # do i = a, b, step: if (i == 3) exit; x = x + i  -> a for-else sets the final value
    body = [loop("i", name("a"), name("b"), step,
                 [if_(cmp("==", name("i"), const(3)), [ir.Break(loc=L)]),
                  assign("x", binop("+", name("x"), name("i")))]),
            ir.Return(binop("+", binop("*", name("i"), const(100)), name("x")), loc=L)]
    f = function(body, kind="function")
    inputs = [(a, b) for a in (-3, 0, 2, 7) for b in (-4, 1, 6)]
    text, got = run_emitted(f, inputs)
    assert got == [interpret(f, a, b) for a, b in inputs], text
    assert "else:" in text


def test_no_final_value_where_the_variable_is_assigned_again_first() -> None:
    body = [loop("i", const(1), name("a"), 1, [assign("x", binop("+", name("x"), name("i")))]),
            assign("i", const(0)),
            if_(cmp(">", name("x"), const(3)), [assign("i", const(5))]),
            ir.Return(binop("+", name("i"), name("x")), loc=L)]
    f = function(body, kind="function")
    text, got = run_emitted(f, [(4, 0), (0, 0)])
    assert got == [interpret(f, 4, 0), interpret(f, 0, 0)]
    assert "else:" not in text


def test_an_index_only_loop_runs_from_zero() -> None:
    arr = Array(Real(8), 1, "F", (1,))
    f = ir.FunctionDef("g", (ir.VarDecl("v", arr, intent="inout",
                                        shape=(ir.Dim(None, name("n"), loc=L),), loc=L),
                             ir.VarDecl("n", INT, intent="in", loc=L)),
                       Real(8), (loop("i", const(2), name("n"), 1, [
                           ir.Assign(ir.Subscript(ir.Name("v", type=arr, loc=L), (name("i"),),
                                                  type=Real(8), loc=L),
                                     ir.Subscript(ir.Name("v", type=arr, loc=L),
                                                  (binop("-", name("i"), const(1)),),
                                                  type=Real(8), loc=L), loc=L)]),
                                 ir.Return(ir.Subscript(ir.Name("v", type=arr, loc=L),
                                                        (name("n"),), type=Real(8), loc=L),
                                           loc=L)),
                       (ir.VarDecl("i", INT, loc=L),), kind="function", loc=L)
    import numpy as np

    from transpyle.backends.python import emit_python

    text = emit_python(ir.Module("m", (f,), loc=L))
    assert "for i in range(1, n):" in text and "v[i] = v[i - 1]" in text
    ns: dict[str, object] = {}
    exec(text, ns)  # noqa: S102 - our own output
    v = np.arange(1.0, 7.0)
    assert ns["g"](v, 6) == 1.0 and np.all(v == 1.0)  # type: ignore[operator]
