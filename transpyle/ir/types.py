"""IR types: immutable, hashable values.

Scalars carry their size in bytes (`Real(8)` is a double, `Complex(16)` a pair of doubles).
`Array` carries element type, rank, memory order and lower bounds; its extents live in the
declaration (`VarDecl.shape`), so that the type stays a plain value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Order = Literal["C", "F"]


@dataclass(frozen=True, slots=True)
class Integer:
    kind: int = 8

    def __str__(self) -> str:
        return f"int{self.kind * 8}"


@dataclass(frozen=True, slots=True)
class Real:
    kind: int = 8

    def __str__(self) -> str:
        return f"float{self.kind * 8}"


@dataclass(frozen=True, slots=True)
class Complex:
    kind: int = 16  # bytes of the pair: Complex(16) is complex128

    def __str__(self) -> str:
        return f"complex{self.kind * 8}"


@dataclass(frozen=True, slots=True)
class Logical:
    kind: int = 4

    def __str__(self) -> str:
        return "bool" if self.kind == 4 else f"bool{self.kind * 8}"


@dataclass(frozen=True, slots=True)
class Character:
    length: int | None = None  # None: assumed length (*)

    def __str__(self) -> str:
        return f"str[{self.length if self.length is not None else '*'}]"


@dataclass(frozen=True, slots=True)
class Void:
    def __str__(self) -> str:
        return "void"


@dataclass(frozen=True, slots=True)
class Record:
    """A derived type (Fortran TYPE), declared by a `TypeDef` of the same name."""

    name: str

    def __str__(self) -> str:
        return f"type({self.name})"


@dataclass(frozen=True, slots=True)
class Procedure:
    """A dummy procedure (an EXTERNAL argument); `returns` Void for a subroutine."""

    returns: Type | None = None

    def __str__(self) -> str:
        return f"procedure->{self.returns}"


Scalar = Integer | Real | Complex | Logical | Character | Record


@dataclass(frozen=True, slots=True)
class Array:
    """An array type. `rank` None means "not yet known" (an NDArray hint before inference)."""

    elem: Scalar
    rank: int | None
    order: Order = "C"
    lower: tuple[int, ...] | None = None  # per dimension in source order; None: all zero
    pylist: bool = False  # a Python list of numbers (frontends/python/lists.py): 1-D

    def lower_bounds(self) -> tuple[int, ...]:
        assert self.rank is not None
        return self.lower if self.lower is not None else (0,) * self.rank

    def __str__(self) -> str:
        if self.pylist:
            return f"list[{self.elem}]"
        dims = ",".join(":" for _ in range(self.rank or 0)) if self.rank else "?"
        return f"{self.elem}[{dims}](order={self.order})"


Type = Integer | Real | Complex | Logical | Character | Void | Array | Record | Procedure

INT64 = Integer(8)
FLOAT64 = Real(8)
BOOL = Logical(4)
COMPLEX128 = Complex(16)

NUMERIC_RANK = {Logical: 0, Integer: 1, Real: 2, Complex: 3}


def is_numeric(t: Type | None) -> bool:
    return isinstance(t, Integer | Real | Complex)


def element(t: Type) -> Type:
    return t.elem if isinstance(t, Array) else t


def promote(a: Type, b: Type) -> Type:
    """The result type of arithmetic between two scalar types, NumPy style for equal categories."""
    ra, rb = NUMERIC_RANK.get(type(a), -1), NUMERIC_RANK.get(type(b), -1)
    if ra < 0 or rb < 0:
        raise TypeError(f"no arithmetic between {a} and {b}")
    if isinstance(a, Logical) and isinstance(b, Logical):
        return INT64
    if ra == rb:
        return a if a.kind >= b.kind else b  # type: ignore[union-attr]
    hi, lo = (a, b) if ra > rb else (b, a)
    if isinstance(hi, Complex) and isinstance(lo, Real) and lo.kind * 2 > hi.kind:
        return Complex(lo.kind * 2)
    if isinstance(hi, Logical | Integer):
        return hi
    return hi


NUMPY_DTYPES: dict[str, Type] = {
    "int8": Integer(1), "int16": Integer(2), "int32": Integer(4), "int64": Integer(8),
    "float32": Real(4), "float64": Real(8), "double": Real(8), "single": Real(4),
    "complex64": Complex(8), "complex128": Complex(16), "bool": Logical(1), "bool_": Logical(1),
    "intc": Integer(4), "int_": Integer(8), "intp": Integer(8),
}


def numpy_name(t: Type) -> str:
    """The NumPy dtype name of a scalar type."""
    if isinstance(t, Logical):
        return "bool"
    if isinstance(t, Integer):
        return f"int{t.kind * 8}"
    if isinstance(t, Real):
        return f"float{t.kind * 8}"
    if isinstance(t, Complex):
        return f"complex{t.kind * 8}"
    raise TypeError(f"{t} has no NumPy dtype")
