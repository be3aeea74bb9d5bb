"""Polymorphic derived-type objects and POINTERs in migrated code: a CLASS(t) variable is one
Python object of the dataclass of its dynamic type. ALLOCATE(dog :: a) changes the object's
class in place (so a dummy argument's caller sees it), SELECT TYPE's guards test the class by
the Fortran type's name, SAME_TYPE_AS and EXTENDS_TYPE_OF compare classes. A POINTER is a
reference (None disassociated): ASSOCIATED(p, t) compares objects, or arrays' elements; a
record's POINTER components are shared by intrinsic assignment, the others copied."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np


def allocate_as(target: Any, new: Any) -> None:
    """`allocate(dog :: a)`: `target` becomes `new` (its class and components), in place."""
    target.__class__ = type(new)
    target.__dict__.clear()
    target.__dict__.update(new.__dict__)


def assign_polymorphic(target: Any, value: Any, static: str = "") -> None:
    """`a = v` of a CLASS(t), ALLOCATABLE `a`: a copy of `v`, of `v`'s dynamic type (of
    type `static` where `v` is not polymorphic: `c%parent` is a parent part), in place (the
    identity a dummy argument's caller holds is kept)."""
    if target is value and not static:
        return
    new = copy.deepcopy(value)
    if static and type(new).__name__ != static:  # the parent part alone
        cls = next(c for c in type(new).__mro__ if c.__name__ == static)
        part = cls()
        for k in vars(part):
            setattr(part, k, getattr(new, k))
        new = part
    target.__class__ = type(new)
    target.__dict__.clear()
    target.__dict__.update(new.__dict__)


def type_is(obj: Any, name: str) -> bool:
    """TYPE IS (name): the dynamic type is `name` itself."""
    return type(obj).__name__ == name


def class_is(obj: Any, name: str) -> bool:
    """CLASS IS (name): the dynamic type is `name` or extends it."""
    return any(c.__name__ == name for c in type(obj).__mro__)


def same_type_as(a: Any, b: Any) -> bool:
    return type(a) is type(b)


def extends_type_of(a: Any, mold: Any) -> bool:
    return isinstance(a, type(mold))


def associated(p: Any, t: Any) -> bool:
    """ASSOCIATED(p, t): `p` is associated with `t` itself (for arrays: the same elements in
    the same order, and not of size zero)."""
    if p is None or t is None:
        return False
    if isinstance(p, np.ndarray) and isinstance(t, np.ndarray):
        return p.size > 0 and p.shape == t.shape and p.strides == t.strides and \
            p.__array_interface__["data"][0] == t.__array_interface__["data"][0]
    return p is t


def copy_record(obj: Any, memo: dict[int, Any], pointers: tuple[str, ...]) -> Any:
    """A deep copy of a derived-type value whose POINTER components (`pointers`) keep their
    targets, as Fortran's intrinsic assignment copies a pointer's association."""
    new = object.__new__(type(obj))
    memo[id(obj)] = new
    for k, v in vars(obj).items():
        new.__dict__[k] = v if k in pointers else copy.deepcopy(v, memo)
    return new
