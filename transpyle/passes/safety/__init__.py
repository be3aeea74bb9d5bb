"""Passes that keep CPython's meaning where Fortran's differs, and keep every call safe.

In `passes.typed`: `aliases` (b = a[1:] is a view: uses of b become uses of a).
In `passes.for_fortran`, first: `loop_vars` (a for variable holds Python's values; `liveness`
says where it is read), `indices` (negative indices count from the end, slice bounds clip,
`boundscheck`; `ranges` proves indices non-negative), `shapes` (whole-array extents agree,
local arrays 0-based), `recursion` (RecursionError from a depth counter).
"""
