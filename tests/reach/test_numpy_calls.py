"""The NumPy people write (issue 14): reductions as functions and methods, with an axis,
np.mean, np.cumsum, np.sign, np.clip, np.arange, np.linspace, *_like, np.full, x.copy(),
x.fill(), x.T, dtypes given positionally or as x.dtype. Compiled against CPython on fresh
random data with NaN, -0.0, infinities, empty arrays and odd sizes: the same bits."""

from __future__ import annotations

import random

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError

SOURCE = '''
import numpy as np
from transpyle import transpile


@transpile
def sums(x: 'float[:]', y: 'float32[:]', k: 'int32[:]') -> float:
    return np.sum(x) * 3.0 + x.sum() + float(y.sum()) + float(np.sum(k)) + np.sum(x * 2.0)


@transpile
def complex_sums(z: 'complex[:]', w: 'complex64[:]', m: 'complex[:,:]',
                 out: 'complex[:]') -> None:
    out[0] = np.sum(z)
    out[1] = w.sum()
    out[2] = m.sum()


@transpile
def norms(x: 'float[:]', y: 'float32[:]', k: 'int32[:]') -> float:
    return np.linalg.norm(x) + float(np.linalg.norm(y)) * 3.0 + np.linalg.norm(k) * 5.0


@transpile
def extremes(x: 'float[:]', k: 'int16[:]', p: 'float[:]') -> float:
    return x.max() * 2.0 + x.min() + p.prod() + float(k.prod()) + float(k.sum())


@transpile
def spreads(x: 'float[:]', y: 'float32[:]', k: 'int32[:]', a: 'float[:,:]',
            b: 'float32[:,:](order=F)', d: int) -> float:
    return (x.var() + np.std(x) * 3.0 + float(y.var(ddof=d)) + float(np.std(y)) * 5.0
            + np.var(k) * 7.0 + k.std(ddof=1) + a.var() + np.std(a, ddof=d) + float(b.std()))


@transpile
def arg_extremes(x: 'float[:]', k: 'int32[:]', a: 'float[:,:]', b: 'float[:,:](order=F)',
                 out: 'int64[:]') -> None:
    out[0] = np.argmax(x)
    out[1] = x.argmin()
    out[2] = np.argmax(k)
    out[3] = k.argmin()
    out[4] = a.argmax()
    out[5] = np.argmin(b)


@transpile
def means(x: 'float[:]', y: 'float32[:]', k: 'int64[:]', a: 'float[:,:]') -> float:
    return x.mean() * 7.0 + float(np.mean(y)) + np.mean(k) * 0.5 + a.mean() + np.mean(a)


@transpile
def copies(b: 'float[:,:](order=F)') -> float:
    c = b.copy()  # C-ordered, as x.copy() is
    d = np.copy(b)  # F-ordered, as np.copy keeps the layout
    c[0, 0] = 1.0
    return np.sum(c) + np.sum(d) * 3.0 + np.sum(b) * 5.0


@transpile
def matrix_sum(a: 'float[:,:]', b: 'float[:,:](order=F)') -> float:
    d = b * a  # NumPy lays a C-F mix out in C order
    return (a.sum() + np.sum(b) * 0.25 + np.sum(b * 2.0) * 3.0 + np.sum(b * a) * 5.0
            + np.sum(d) * 7.0)


@transpile
def along(a: 'float[:,:]', b: 'float[:,:](order=F)', which: int, out: 'float[:]') -> None:
    if which == 0:
        r = np.sum(a, axis=0)
    elif which == 1:
        r = a.sum(1)
    elif which == 2:
        r = np.max(a, axis=0)
    elif which == 3:
        r = a.min(axis=-1)
    elif which == 4:
        r = np.prod(b, 0)
    elif which == 5:
        r = b.sum(axis=0)
    elif which == 6:
        r = np.sum(b, axis=1)
    elif which == 7:
        r = np.mean(a, axis=0)
    elif which == 8:
        r = b.mean(axis=1)
    elif which == 9:
        r = np.var(a, axis=0)
    elif which == 10:
        r = a.std(axis=1, ddof=1)
    elif which == 11:
        r = np.var(b, 0, ddof=2)
    else:
        r = b.std(axis=-1)
    out[: len(r)] = r


@transpile
def int_along(a: 'int32[:,:]', which: int, out: 'int64[:]') -> int:
    if which == 0:
        out[: a.shape[1]] = np.sum(a, axis=0)
    elif which == 1:
        out[: a.shape[0]] = a.prod(axis=1)
    elif which == 2:
        out[: a.shape[1]] = a.max(0)
    else:
        out[: a.shape[0]] = np.min(a, axis=1)
    return int(np.sum(a[0], axis=0)) + int(a[0].sum(-1))


@transpile
def operands(x: 'float[:]', n: int) -> float:
    y = 2.0 * np.cumsum(x) + np.sign(x)
    z = np.arange(n) * 3 + np.sum(np.linspace(-1.0, 1.0, n))
    return np.sum(y) + float(np.sum(z)) + np.sum(np.cumsum(x * 0.5))


@transpile
def cumulative(x: 'float[:]', k: 'int32[:]', out: 'float[:]', kout: 'int64[:]') -> None:
    c = np.cumsum(x)
    out[:] = c
    kout[:] = np.cumsum(k) * 2


@transpile
def signs(x: 'float[:]', out: 'float[:]', lo: float, hi: float) -> float:
    out[:] = np.sign(x) * 10.0 + np.clip(x, lo, hi)
    return float(np.sign(x[0]) + np.clip(x[0], -1.0, 1.0))


@transpile
def clip_both(x: 'float[:]', lo: 'float[:]', hi: 'float[:]', a: float, b: float,
              out: 'float[:]', out2: 'float[:]') -> None:
    out[:] = np.clip(x, lo, hi)  # NumPy's loop for array bounds
    out2[:] = np.clip(x, a, b) + np.sign(x) * 0.0  # and its loop for scalar bounds


@transpile
def int_signs(k: 'int64[:]', out: 'int64[:]') -> int:
    out[:] = np.sign(k) * 1000 + np.clip(k, -5, 7)
    return int(np.sign(k[0]))


@transpile
def ranges(n: int, start: float, step: float, out: 'float[:]', kout: 'int64[:]') -> int:
    a = np.arange(n)
    b = np.arange(-3, n, 2)
    c = np.arange(start, start + 10.0, step)
    d = np.linspace(start, 3.5, n)
    out[: len(c)] = c
    out[len(c): len(c) + len(d)] = d
    kout[: len(a)] = a
    kout[len(a): len(a) + len(b)] = b
    return len(a) * 1000000 + len(b) * 1000 + len(c)


@transpile
def makers(x: 'float[:]', a: 'int32[:,:]', v: float) -> float:
    z = np.zeros_like(x)
    o = np.ones_like(a)
    e = np.empty_like(x)
    e.fill(v)
    f = np.full_like(x, 2.5)
    g = np.full((3, 2), v)
    h = np.zeros((2, 3), np.int32)
    i = np.empty(len(x), dtype=x.dtype)
    i.fill(-1.0)
    c = x.copy()
    c[0] = 99.0
    s = np.ones(a.shape, dtype=x.dtype)
    t = np.zeros(x[1:].shape, np.int32)
    return (z.sum() + float(o.sum()) + e.sum() + f.sum() + g.sum() + float(h.sum())
            + i.sum() + c.sum() - x[0] + s.sum() * 3.0 + float(len(t)))


@transpile
def transposed(a: 'float[:,:]', out: 'float[:,:]') -> float:
    t = a.T
    out[:, :] = np.transpose(a) * 2.0 + a.T
    return float(t[0, 0]) + float(t.shape[0]) * 10.0
'''


def _floats(rng: random.Random, n: int) -> list[float]:
    specials = [0.0, -0.0, float("inf"), -float("inf"), 1e300, -1e-300]
    return [rng.choice(specials) if rng.random() < 0.05 else rng.uniform(-1e3, 1e3)
            for _ in range(n)]


def _array(values: list, dtype: str = "float64", shape: tuple[int, ...] | None = None) -> str:
    text = ", ".join("float('nan')" if v != v else repr(v) for v in values)
    out = f"np.array([{text}], dtype=np.{dtype})"
    return f"{out}.reshape({shape!r})" if shape else out


def _calls(rng: random.Random) -> list[str]:
    out = []
    for n in (0, 1, 3, 8, 9, 17, 127, 128, 129, rng.randint(130, 3000), 9000, 20000):
        x = _floats(rng, n)
        if n and rng.random() < 0.3:
            x[rng.randrange(n)] = float("nan")
        k = [rng.randint(-2**31, 2**31 - 1) for _ in range(n)]
        out += [f"sums({_array(x)}, {_array(x, 'float32')}, {_array(k, 'int32')})",
                f"norms({_array(x)}, {_array(x, 'float32')}, {_array(k, 'int32')})",
                f"run_complex_sums({_array(x)} + 1j * {_array(x[::-1])}, "
                f"{_array(x, 'complex64')} * (1 - 2j), {_array(x, 'complex128', (1, n))})",
                f"spreads({_array(x)}, {_array(x, 'float32')}, {_array(k, 'int32')}, "
                f"{_array(x, shape=(1, n))}, np.asfortranarray({_array(x, 'float32', (n, 1))}), "
                f"{rng.choice([0, 1, 2, n])})",
                f"run_arg_extremes({_array(x)}, {_array([v % 5 for v in k], 'int32')}, "
                f"{_array(x, shape=(1, n))}, np.asfortranarray({_array(x, shape=(n, 1))}))",
                f"extremes({_array(x)}, {_array([v % 7 - 3 for v in k], 'int16')}, "
                f"{_array(x[:7])})",
                f"means({_array(x)}, {_array(x, 'float32')}, {_array(k, 'int64')}, "
                f"{_array(x, shape=(1, n))})"]
        if n <= 3000:
            out += [f"run_cumulative({_array(x)}, {_array(k, 'int32')})",
                    f"run_signs({_array(x)}, {rng.uniform(-500, 0)!r}, {rng.uniform(0, 500)!r})",
                    f"run_int_signs({_array([v % 19 - 9 for v in k], 'int64')})",
                    f"makers({_array(x + [1.0])}, {_array(k[:6], 'int32', (2, len(k[:6]) // 2))}, "
                    f"{rng.uniform(-9, 9)!r})"]
    for _ in range(8):
        n, m = rng.choice([0, 1, 2, 7, 8, 9, 130]), rng.choice([1, 2, 3, 8, 9, 31, 200])
        a = _floats(rng, n * m)
        if a and rng.random() < 0.3:
            a[rng.randrange(len(a))] = float("nan")
        c, f = _array(a, shape=(n, m)), f"np.asfortranarray({_array(a, shape=(n, m))})"
        out += [f"matrix_sum({c}, {f})", f"matrix_sum({c}, np.asfortranarray({c} * -0.7))",
                f"run_along({c}, {f})", f"run_transposed({c})"]
        if a:
            out.append(f"copies({f})")
            ties = _array([float(round(v / 500)) if abs(v) < 1e9 else v for v in a], shape=(n, m))
            out.append(f"run_arg_extremes({_array(a)}, {_array([1] * len(a), 'int32')}, "
                       f"{ties}, np.asfortranarray({c}))")
        k = [rng.randint(-40, 40) for _ in range(n * m)]
        out += [f"run_int_along({_array(k, 'int32', (n, m))})"]
    for n in (1, 2, 9, 130, 1000):
        out.append(f"operands({_array(_floats(rng, n))}, {rng.randint(0, 300)})")
    for _ in range(6):
        out.append(f"run_ranges({rng.randint(0, 40)}, {rng.uniform(-50, 50)!r}, "
                   f"{rng.choice([0.1, 0.3, 1.7, -0.5, 2.0])!r})")
    out += ["run_ranges(-3, 0.0, 0.5)", "run_ranges(5, 0.0, 0.0)"]
    specials = ["0.0", "-0.0", "1.0", "-1.0", "float('nan')", "float('inf')"]
    out += [f"run_clip_both({a}, {b})" for a in specials for b in specials]
    return out


DRIVERS = '''

def run_cumulative(x, k):
    out, kout = np.zeros(len(x)), np.zeros(len(k), dtype=np.int64)
    cumulative(x, k, out, kout)
    return out.tobytes().hex(), kout.tobytes().hex()


def run_signs(x, lo, hi):
    out = np.zeros(len(x))
    r = signs(x, out, lo, hi) if len(x) else None
    return out.tobytes().hex(), r


SPECIALS = [0.0, -0.0, 1.0, -1.0, 2.5, float("inf"), -float("inf"), float("nan"), 5e-324]


def run_clip_both(a, b):
    import itertools
    x, lo, hi = (np.array(v) for v in zip(*itertools.product(SPECIALS, repeat=3)))
    out, out2 = np.zeros(len(x)), np.zeros(len(x))
    clip_both(x, lo, hi, a, b, out, out2)
    return out.tobytes().hex(), out2.tobytes().hex()


def run_arg_extremes(x, k, a, b):
    out = np.zeros(6, dtype=np.int64)
    arg_extremes(x, k, a, b, out)
    return out.tolist()


def run_complex_sums(z, w, m):
    out = np.zeros(3, dtype=complex)
    complex_sums(z, w, m, out)
    return out.tobytes().hex()


def run_int_signs(k):
    out = np.zeros(len(k), dtype=np.int64)
    r = int_signs(k, out) if len(k) else None
    return out.tobytes().hex(), r


def run_ranges(n, start, step):
    out, kout = np.zeros(200), np.zeros(200, dtype=np.int64)
    r = ranges(n, start, step, out, kout)
    return r, out.tobytes().hex(), kout.tobytes().hex()


def run_along(a, b):
    results = []
    for which in range(13):
        out = np.full(a.shape[0] + a.shape[1], 7.0)
        try:
            along(a, b, which, out)
            results.append(out.tobytes().hex())
        except ValueError as err:
            results.append(str(err))
    return results


def run_int_along(a):
    results = []
    for which in range(4):
        out = np.full(a.shape[0] + a.shape[1], 7, dtype=np.int64)
        try:
            r = int_along(a, which, out) if a.shape[0] else None
            results.append((out.tobytes().hex(), r))
        except ValueError as err:
            results.append(str(err))
    return results


def run_transposed(a):
    out = np.zeros(a.shape[::-1])
    r = transposed(a, out) if a.size else None
    return out.tobytes().hex(), r
'''


def test_numpy_calls_match_cpython(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE + DRIVERS, _calls(random.Random()))
    for c, p in zip(compiled, python, strict=True):
        assert c == p


@pytest.mark.parametrize("body, col, words", [
    ("return np.linalg.norm(a)", 12, "real vector"),
    ("return np.linalg.norm(x, 1)", 12, "ord="),
    ("return np.sum(x, dtype=np.float32)", 22, "keyword 'dtype'"),
    ("return np.sum(x, axis=n)", 27, "axis that is not an integer constant"),
    ("r = np.sum(a, axis=2)\n    return 0.0", 24, "out of bounds"),
    ("return float(np.mean(c).real)", 18, "complex"),
    ("return np.sum(a[1:, :])", 19, "matrix section"),
    ("r = np.cumsum(c)\n    return 0.0", 9, "np.cumsum of a"),
    ("y = np.clip(x, None, 1.0)\n    return y[0]", 9, "None"),
    ("t = a.T\n    a[0, 0] = 1.0\n    return t[0, 0]", 5, "view"),
    ("y = np.empty(3, np.float32, 'F')\n    return 0.0", 9, "positional"),
    ("return np.sum(x) if n > 0 else float(np.sum(np.arange(n)))", 49, "conditional"),
    ("while len(np.arange(n)) > 3:\n        n -= 1\n    return 0.0", 15, "loop header"),
    ("return np.sum(a.T * 2.0)", 19, "transpose"),
    ("u = a.T + 1.0\n    return np.sum(u)", (4, 19), "transpose"),
])
def test_what_is_not_translated_is_refused_where_written(body, col, words):
    source = ("import numpy as np\n"
              "def f(x: 'float[:]', a: 'float[:,:]', c: 'complex[:]', n: int) -> float:\n"
              f"    {body}\n")
    with pytest.raises(TranspileError) as err:
        compile_source(source, filename="f.py")
    text = f"{err.value.message} {err.value.hint}"
    line, col = col if isinstance(col, tuple) else (3, col)
    assert words in text and err.value.loc.line == line and err.value.loc.col == col, (
        text, err.value.loc)


VIEWS = '''
import numpy as np
from transpyle import transpile


@transpile
def total(a: 'float[:,:]', out: 'float[:]') -> float:
    out[:] = np.sum(a, axis=0)
    return np.sum(a) + np.var(a) * 0.0


def check(seed):
    rng = np.random.default_rng(seed)
    b = rng.uniform(-1e3, 1e3, (300, 130))
    out = []
    for view in (b, b.T, b[::2], b[::-1]):
        cols = np.zeros(view.shape[1])
        got = total(view, cols)
        copy = np.ascontiguousarray(view)
        out.append((bool(got == np.sum(copy)) and bool(np.array_equal(cols, copy.sum(0))),
                    bool(abs(got - np.sum(view)) <= 1e-9 * np.sum(abs(view)))
                    and bool(np.allclose(cols, view.sum(0), rtol=1e-12, atol=1e-9))))
    return out
'''


def test_documented_difference_matrix_sum_of_a_view_adds_the_c_ordered_copy(tmp_path):
    """np.sum of a float matrix parameter passed a transposed, strided or reversed view: NumPy
    adds in the view's memory order (in 8192-element buffers where it is not contiguous), the
    compiled function the C-ordered copy the binding makes: exact for that copy, and within
    rounding of NumPy's own order (a vector is exact either way)."""
    needs_gfortran()
    seed = random.randrange(2**32)
    compiled, python = run_both(tmp_path, VIEWS, [f"check({seed})"])
    assert compiled == [["ok", repr([(True, True)] * 4)]]
    assert python[0][0] == "ok"


EXTREMES = '''
import numpy as np
from transpyle import transpile


@transpile
def extreme(a: 'float[:,:]', which: int, out: 'float[:]') -> None:
    if which == 0:
        out[:] = np.max(a, axis=0)
    elif which == 1:
        out[:] = np.min(a, axis=0)
    elif which == 2:
        out[:] = a.max(axis=1)
    else:
        out[:] = a.min(axis=1)


def check(seed):
    rng = np.random.default_rng(seed)
    out = []
    for n, m in ((1, 5), (9, 3), (130, 17), (8, 1)):
        a = rng.choice([0.0, -0.0, -1.0, 1.0, np.nan, -np.inf], size=(n, m))
        for which, ref in enumerate((a.max(0), a.min(0), a.max(1), a.min(1))):
            got = np.full(ref.shape, 7.0)
            extreme(a, which, got)
            out.append(bool(np.array_equal(got, ref, equal_nan=True)))
    return out
'''


def test_documented_difference_axis_extremes_pick_a_zero_of_their_own(tmp_path):
    """np.max / np.min along an axis where the extreme is a zero of both signs: the zero
    NumPy's SIMD order picks in NumPy, the first found here; values and NaNs are NumPy's."""
    needs_gfortran()
    seed = random.randrange(2**32)
    compiled, _ = run_both(tmp_path, EXTREMES, [f"check({seed})"])
    assert compiled == [["ok", repr([True] * 16)]]


RETURNS = '''
import numpy as np
from transpyle import transpile


@transpile
def l2_norm(x: 'float64[:,:]'):
    return np.sqrt(np.sum(np.abs(x) ** 2, 1))


@transpile
def running(x: 'float64[:]'):
    return np.cumsum(x) * 0.5


@transpile
def spread(a: 'float64[:,:]'):
    return a.std(axis=0, ddof=1) + a.T.sum(axis=1)


@transpile
def mixed(a: 'float64[:,:]', b: 'float64[:,:](order=F)'):
    return b * a + 1.0


@transpile
def tsums(a: 'float64[:,:]', out: 'float64[:]') -> float:
    t = a.T
    out[:] = np.sum(a.T, axis=0) + t.var(axis=0)
    return np.sum(t) + np.mean(a.T) * 3.0 + float(np.std(t))


@transpile
def tprod(a: 'float64[:,:]', out: 'float64[:]') -> float:
    out[:] = np.prod(a.T, axis=0)
    return np.prod(a.T)


def run_tprod(seed, n, m):
    a = np.random.default_rng(seed).uniform(0.9, 1.1, (n, m))
    out = np.zeros(n)
    return tprod(a, out).hex(), out.tobytes().hex()


def run_tsums(seed, n, m):
    a = np.random.default_rng(seed).uniform(-1e3, 1e3, (n, m))
    out = np.zeros(n)
    r = tsums(a, out)
    return r.hex(), out.tobytes().hex()


def run(name, seed, n, m):
    rng = np.random.default_rng(seed)
    a = rng.uniform(-1e3, 1e3, (n, m))
    if name == "mixed":
        r = mixed(a, np.asfortranarray(a * 0.5))
    else:
        r = {"l2_norm": l2_norm, "spread": spread}[name](a) if name != "running" \
            else running(a[0])
    return r.dtype.str, r.shape, r.flags.c_contiguous, r.tobytes().hex()
'''


def test_numpy_array_results_returned_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = [f"run({name!r}, {rng.randrange(2**32)}, {n}, {m})"
             for name in ("l2_norm", "running", "spread", "mixed")
             for n, m in ((1, 1), (3, 7), (40, 300), (130, 9))]
    calls += [f"run_{name}({rng.randrange(2**32)}, {n}, {m})" for name in ("tsums", "tprod")
              for n, m in ((1, 1), (3, 7), (40, 300), (130, 9))]
    compiled, python = run_both(tmp_path, RETURNS, calls)
    assert compiled == python
