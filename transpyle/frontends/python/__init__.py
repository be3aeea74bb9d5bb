"""Python frontend: the standard library's `ast` -> IR.

  module  modules: imports, constants, type aliases         hints  type hints -> IR types
  function  one function: parameters, comments, blocks      statements  assignments, loops, raise
  expressions  operators, comparisons, constants
  calls   calls: builtins, math, NumPy, module functions    args   parameters and call binding
  numpy_calls  NumPy's functions and array methods          lists  small lists, np.array([...])
  tuples  tuples returned, unpacked and held                loops  for over arrays, zip, enumerate
  spellings  np.shape(x) as x.shape, ...                    decorators  @transpile, Pyccel, Numba
"""

from transpyle.frontends.python.module import parse_python

__all__ = ["parse_python"]
