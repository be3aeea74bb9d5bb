"""Python frontend: the standard library's `ast` -> IR.

  module  modules, functions, statements and expressions   hints  type hints -> IR types
  calls   calls: builtins, math, NumPy, module functions    args   parameters and call binding
  numpy_calls  NumPy's functions and array methods          lists  small lists, np.array([...])
  tuples  tuples returned, unpacked and held                loops  for over arrays, zip, enumerate
  spellings  np.shape(x) as x.shape, ...                    decorators  @transpile, Pyccel, Numba
"""

from transpyle.frontends.python.module import parse_python

__all__ = ["parse_python"]
