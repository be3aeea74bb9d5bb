"""Fortran frontend: fparser2's tree -> IR (the lowering of one file is in `file`)."""

from transpyle.frontends.fortran.file import (
    FIXED_SUFFIXES,
    FREE_SUFFIXES,
    is_free_form,
    parse_fortran,
    parse_tree,
)

__all__ = ["FIXED_SUFFIXES", "FREE_SUFFIXES", "is_free_form", "parse_fortran", "parse_tree"]
