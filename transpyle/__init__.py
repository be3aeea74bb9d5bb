"""transpyle: a source-to-source compiler hub for scientific Python, Fortran and CUDA."""

from transpyle.compiler import compile_file, compile_source
from transpyle.errors import TranspileError
from transpyle.runtime.jit import transpile

__version__ = "0.1.0"
__all__ = ["TranspileError", "compile_file", "compile_source", "transpile", "__version__"]
