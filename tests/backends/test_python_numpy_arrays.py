"""Python emitted from typed Python that builds arrays from others (reshape, concatenate,
vstack, column_stack, broadcasting of ranks and new axes): the IR's array builders are spelled as
the NumPy calls that compute them (`np.reshape(x, (2, -1))`, not `np.reshape(x, 2, -1)`, which
failed). Run against the original in CPython on fresh random arrays."""

from __future__ import annotations

import numpy as np

from transpyle import compile_source

SOURCE = '''
import numpy as np

def f(x: 'float[:]', m: 'float[:,:]', v: 'float[:]') -> float:
    a = x.reshape(2, -1)
    b = np.concatenate((x, x))
    c = np.argmax(m, axis=1)
    e = np.vstack((x, x))
    g = np.column_stack((x, x))
    h = m + v
    o = x[:, None] * x[None, :]
    return a[1, 0] + b[len(b) - 1] * c[0] + e[1, 2] - g[2, 1] + h[1, 2] * o[2, 3] + np.sum(h)
'''


def _run(text: str) -> dict:
    space: dict = {}
    exec(compile(text, "<emitted>", "exec"), space)  # noqa: S102 - source written above
    return space


def test_array_builders_emit_as_numpy_calls() -> None:
    emitted = compile_source(SOURCE, "python")
    assert "np.reshape(x, (2, -1,))" in emitted and "np.concatenate((x, x,))" in emitted
    original, ours = _run(SOURCE)["f"], _run(emitted)["f"]
    rng = np.random.default_rng()
    for n in (4, 6, 10):
        x, v = rng.standard_normal(n), rng.standard_normal(n)
        m = rng.standard_normal((3, n))
        assert ours(x, m, v) == original(x, m, v)
