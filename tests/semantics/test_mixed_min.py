"""A documented difference (docs/DIFFERENCES.md): builtin `min`/`max` of a NumPy scalar and a
Python float return one of the two objects, so whether later operations on the result follow
NumPy's rules (`% 0.0` is nan) or Python's (raises) depends on the values; compiled code takes
NumPy's. The value itself is exact either way."""

from __future__ import annotations

from tests.conftest import needs_gfortran
from tests.isolated import run_both

SOURCE = '''
from transpyle import transpile

@transpile
def smallest_mod(a: 'float[:]', x: float, y: float) -> float:
    s = min(a[0], x)
    return s % y
'''


def test_documented_difference_min_of_numpy_and_python_scalars(tmp_path) -> None:
    needs_gfortran()
    calls = ["smallest_mod(np.array([5.0]), 2.5, 0.0)",   # min is x: CPython raises
             "smallest_mod(np.array([1.0]), 2.5, 0.0)",   # min is a[0]: nan in both
             "smallest_mod(np.array([5.0]), 2.5, 2.0)"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert python[0][:2] == ["raise", "ZeroDivisionError"]
    assert compiled[0][0] == "ok" and "nan" in compiled[0][1]  # NumPy's rule: the row
    assert compiled[1][0] == python[1][0] == "ok"
    assert compiled[2] == python[2]
