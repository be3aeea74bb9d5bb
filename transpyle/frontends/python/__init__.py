"""Python frontend: the standard library's `ast` -> IR.

  module  modules, functions, statements and expressions   hints  type hints -> IR types
  calls   calls: builtins, math, NumPy, module functions    args   parameters and call binding
"""

from transpyle.frontends.python.module import parse_python

__all__ = ["parse_python"]
