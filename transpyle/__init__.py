"""transpyle: a source-to-source compiler hub for scientific Python, Fortran and CUDA.

The names below are imported at first use (PEP 562), so `import transpyle` costs a few
milliseconds: a warm @transpile call needs none of the frontends, passes and backends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transpyle.compiler import compile_file, compile_source
    from transpyle.errors import TranspileError
    from transpyle.runtime.jit import transpile

__version__ = "0.1.0"
__all__ = ["TranspileError", "compile_file", "compile_source", "prange", "transpile",
           "__version__"]
prange = range  # `for i in prange(n)`: a parallel loop once compiled (with openmp=True)

_WHERE = {"compile_file": "transpyle.compiler", "compile_source": "transpyle.compiler",
          "TranspileError": "transpyle.errors", "transpile": "transpyle.runtime.jit"}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'transpyle' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
