"""Passes that keep CPython's meaning where Fortran's differs, and keep every call safe.

`loop_vars`: a `for` variable holds Python's values after and during its loop.
`liveness`: whether a variable is read after a statement (used by `loop_vars`).
"""
