"""The CPU suite: transpyle vs hand-written Fortran, Numba, Pyccel, NumPy and CPython."""
