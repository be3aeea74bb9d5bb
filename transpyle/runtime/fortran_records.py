"""Polymorphic derived-type objects in migrated code: a CLASS(t) variable is one Python
object of the dataclass of its dynamic type. ALLOCATE(dog :: a) changes the object's class in
place (so a dummy argument's caller sees it), SELECT TYPE's guards test the class by the
Fortran type's name, SAME_TYPE_AS and EXTENDS_TYPE_OF compare classes."""

from __future__ import annotations

from typing import Any


def allocate_as(target: Any, new: Any) -> None:
    """`allocate(dog :: a)`: `target` becomes `new` (its class and components), in place."""
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
