"""NumPy's own BLAS, for the compiled matrix products (backends/fortran_blas.py).

NumPy's wheels bundle OpenBLAS as `numpy.libs/libscipy_openblas64_-<hash>.so`, whose CBLAS
symbols are `scipy_cblas_<name>64_` with 64-bit integers: that is what `a @ b` calls. A module
that calls it is linked against that very file, which NumPy has already loaded into the
process, so both run the same code (and the same kernel for this CPU).
"""

from __future__ import annotations

import functools
from pathlib import Path

from transpyle.errors import TranspileError

PREFIX, SUFFIX = "scipy_cblas_", "64_"


def cblas_symbol(name: str) -> str:
    """The symbol of CBLAS routine `name` ("dgemm") in NumPy's OpenBLAS."""
    return f"{PREFIX}{name}{SUFFIX}"


def uses_blas(fortran: str) -> bool:
    return f'name="{PREFIX}' in fortran


@functools.cache
def numpy_blas() -> Path:
    """The OpenBLAS library file that NumPy calls."""
    import numpy

    here = Path(numpy.__file__).resolve().parent
    for folder in (here.parent / "numpy.libs", here / ".libs", here.parent / "numpy" / ".dylibs"):
        found = sorted(folder.glob("libscipy_openblas64_*")) if folder.is_dir() else []
        if found:
            return found[0]
    raise TranspileError(None, "NumPy's bundled OpenBLAS (libscipy_openblas64_) was not "
                         "found: matrix products are compiled to call it",
                         hint="install NumPy's wheel from PyPI (pip install numpy)",
                         code="E-build")


def link_flags() -> tuple[str, ...]:
    lib = numpy_blas()
    return (f"-L{lib.parent}", f"-l:{lib.name}", f"-Wl,-rpath,{lib.parent}")
