"""Storage association for migrated Fortran: what `transpyle migrate` emits calls.

- `common(*layouts)`: a COMMON block that program units lay out differently is ONE byte
  buffer; each layout (one unit's member list) sees it through NumPy views at the byte
  offsets gfortran gives the members (each aligned to its element size, as -falign-commons
  does). A layout is a namespace: an array member is a view (`ls.rls[k]`), a scalar member a
  property that reads and writes its bytes (`ls.a = 2.0`).
- `dummy(a, shape, dtype)`: an explicit-shape or assumed-size dummy array sees its actual
  argument's storage: reshaped in column-major order, and read as `dtype` where the actual
  holds another type (an INTEGER work array inside a REAL*8 one shares its bytes).
- `sequence(a, *index)`: an array element passed as the start of an array is the rest of the
  array's storage from that element on.
- `cell(value, dtype)`: a scalar passed to an array dummy: a one-element array.
Storage is never copied silently: where NumPy would have to copy (a non-contiguous actual),
these raise ValueError instead of letting writes be lost.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from transpyle.runtime.tail import TailView, tail_dummy

# Python's own types stand for the Fortran kinds that migrated code keeps as Python values
_SCALAR = {np.dtype(np.float64): float, np.dtype(np.int32): int, np.dtype(np.int64): int,
           np.dtype(np.complex128): complex, np.dtype(np.int16): int, np.dtype(np.int8): int}


def _member(spec: Any) -> tuple[np.dtype[Any], tuple[int, ...] | None]:
    """`np.float64` (a scalar) or `(np.float64, 218)` / `(np.float64, (3, 4))` (an array)."""
    if isinstance(spec, tuple):
        kind, shape = spec
        return np.dtype(kind), (shape,) if isinstance(shape, int) else tuple(shape)
    return np.dtype(spec), None


def _align(offset: int, dtype: np.dtype[Any]) -> int:
    """gfortran aligns a COMMON member to its element size (a complex to its part's)."""
    size = dtype.itemsize // 2 if dtype.kind == "c" else dtype.itemsize
    return -(-offset // size) * size


def offsets(layout: dict[str, Any]) -> tuple[dict[str, int], int]:
    """The byte offset of each member of one layout, and the layout's size in bytes."""
    out: dict[str, int] = {}
    end = 0
    for name, spec in layout.items():
        dtype, shape = _member(spec)
        start = _align(end, dtype)
        out[name] = start
        end = start + dtype.itemsize * int(np.prod(shape or ()))
    return out, end


class Layout:
    """One unit's view of a COMMON block (members as properties over the shared buffer)."""

    __slots__ = ("_views", "storage")

    def __init__(self, storage: np.ndarray, views: dict[str, np.ndarray]) -> None:
        self.storage = storage
        self._views = views

    def __repr__(self) -> str:
        return f"<COMMON layout {', '.join(self._views)} over {self.storage.size} bytes>"


def _array_property(name: str) -> property:
    def get(self: Layout) -> np.ndarray:
        return self._views[name]

    def put(self: Layout, value: Any) -> None:  # a whole-array assignment, never a rebind
        self._views[name][...] = value

    return property(get, put)


def _scalar_property(name: str, dtype: np.dtype[Any]) -> property:
    convert = _SCALAR.get(dtype)

    def get(self: Layout) -> Any:
        v = self._views[name][0]
        return convert(v) if convert is not None else v

    def put(self: Layout, value: Any) -> None:
        self._views[name][0] = value

    return property(get, put)


def common(*layouts: dict[str, Any]) -> tuple[Layout, ...]:
    """One zeroed buffer as long as the longest layout, and a namespace per layout."""
    placed = [offsets(layout) for layout in layouts]
    nbytes = max((end for _, end in placed), default=0)
    storage = np.zeros(-(-nbytes // 16) * 16, dtype=np.uint8)
    out: list[Layout] = []
    for layout, (where, _) in zip(layouts, placed, strict=True):
        views: dict[str, np.ndarray] = {}
        props: dict[str, Any] = {"__slots__": ()}
        for name, spec in layout.items():
            dtype, shape = _member(spec)
            count = int(np.prod(shape or ()))
            start = where[name]
            flat = storage[start:start + count * dtype.itemsize].view(dtype)
            views[name] = flat.reshape(shape, order="F") if shape is not None else flat
            props[name] = _array_property(name) if shape is not None \
                else _scalar_property(name, dtype)
        out.append(type("Layout", (Layout,), props)(storage, views))
    return tuple(out)


def _flat(a: np.ndarray) -> np.ndarray:
    """`a`'s storage as a 1-D column-major view; ValueError where that would be a copy."""
    flat = a.reshape(-1, order="F")
    if isinstance(flat, TailView):
        return flat.valid()
    if flat.size and not np.shares_memory(flat, a):
        raise ValueError("storage association needs a contiguous array (a copy would lose "
                         "the callee's writes)")
    return flat


def sequence(a: np.ndarray, *index: int) -> np.ndarray:
    """The array element `a[index]` (0-based) passed where an array is expected: the rest of
    `a` from that element on, in column-major order (a view)."""
    flat = _flat(a)
    offset = index[0] if len(index) == 1 else int(np.ravel_multi_index(index, a.shape,
                                                                        order="F"))
    return flat[offset:]


def contiguous(a: Any) -> Any:
    """An array section passed to an explicit-shape or assumed-size dummy: the section itself
    where its elements are one column-major block, else a column-major copy (gfortran's
    copy-in; `copy_back` is the copy-out after the call)."""
    if isinstance(a, np.ndarray) and not isinstance(a, TailView) and not a.flags.f_contiguous:
        return np.asfortranarray(a)
    return a


def copy_back(section: Any, passed: Any) -> None:
    """After the call: the callee's writes to a copy `contiguous` made, into the section."""
    if passed is not section:
        section[...] = passed


def dummy(a: Any, shape: tuple[int, ...], dtype: Any = None) -> np.ndarray:
    """A dummy array with the dummy's `shape` (column-major; -1 last for assumed size) and
    element type over the actual argument's storage, a view."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"an array argument is expected here, not {type(a).__name__}")
    dtype = a.dtype if dtype is None else np.dtype(dtype)
    if a.shape == shape and a.dtype == dtype:
        return a
    flat = _flat(a)
    if flat.dtype != dtype:
        whole = flat.nbytes // dtype.itemsize * dtype.itemsize  # bytes that fill elements
        flat = flat[: whole // flat.itemsize].view(dtype)
    if shape and shape[-1] == -1:
        inner = max(int(np.prod(shape[:-1])), 1)
        shape = (*shape[:-1], -(-flat.size // inner))
        if flat.size % inner:  # the last column in part: a(lda, *) over wn(col+1, col+1)
            return tail_dummy(flat, shape)
    count = int(np.prod(shape))
    if count > flat.size:  # declared longer than the actual (ODRPACK's IFIXB(NP) over
        return tail_dummy(flat, shape)  # IFIXB(1)): the elements past it raise IndexError
    return flat[:count].reshape(shape, order="F")


def cell(value: Any, dtype: Any) -> np.ndarray:
    """A scalar passed where an array is expected: a one-element array holding it (the
    caller reads element 0 back after the call)."""
    return np.array([value], dtype=dtype)


def allocatable(target: np.ndarray | None, value: Any, dtype: Any) -> np.ndarray:
    """`a = value` of an ALLOCATABLE array (Fortran 2003): assigned in place where `a` is
    allocated with the value's shape (or the value is a scalar), else `a` is (re)allocated
    with the value's shape, column-major."""
    if target is not None and (np.ndim(value) == 0 or np.shape(value) == target.shape):
        target[...] = value
        return target
    if target is None and np.ndim(value) == 0:
        raise ValueError("a scalar is assigned to an unallocated array")
    return np.array(value, dtype=dtype, order="F")


def copied(value: Any) -> Any:
    """A derived-type value (or an array of them, or an array component) as Fortran's
    intrinsic assignment gives it: a copy sharing nothing with `value`."""
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            out = np.empty(value.shape, dtype=object, order="F")
            for index in np.ndindex(value.shape):
                out[index] = copy.deepcopy(value[index])
            return out
        return value.copy(order="F")
    return copy.deepcopy(value)


def assign(target: Any, value: Any) -> None:
    """`target = value` of derived type, in place (a dummy argument, an array element or a
    component keeps its identity): every component copied from `value`; for an array of
    derived-type values, element by element (a scalar value to every element)."""
    if isinstance(target, np.ndarray):  # the values copied first: they may be the target's
        values = np.broadcast_to(copy.deepcopy(np.asarray(value, dtype=object)), target.shape)
        for index in np.ndindex(target.shape):
            vars(target[index]).update(vars(copy.deepcopy(values[index])))
        return
    if target is value:
        return
    vars(target).update(vars(copy.deepcopy(value)))


def reallocated_records(target: Any, value: Any) -> np.ndarray:
    """`a = v` of an ALLOCATABLE array of derived type: in place where `a` is allocated with
    `v`'s shape, else a new array of copies of `v`'s elements (Fortran 2003's reallocation)."""
    values = np.asarray(value, dtype=object)
    if target is not None and target.shape == values.shape:
        assign(target, values)
        return target
    out = np.empty(values.shape, dtype=object)
    for index in np.ndindex(values.shape):
        out[index] = copy.deepcopy(values[index])
    return out


def component(records: np.ndarray, name: str, dtype: Any) -> np.ndarray:
    """`w%x` of an array of derived-type values: a new array of each element's `x`."""
    out = np.empty(records.shape, dtype=dtype, order="F")
    for index in np.ndindex(records.shape):
        out[index] = getattr(records[index], name)
    return out


def set_component(records: np.ndarray, name: str, value: Any) -> None:
    """`w%x = value`: each element's `x` from the conforming array (or the scalar) `value`."""
    values = np.broadcast_to(np.asarray(value, dtype=object), records.shape)
    for index in np.ndindex(records.shape):
        kind = type(getattr(records[index], name))
        setattr(records[index], name, kind(values[index]))


def equivalence(**members: tuple[Any, Any, int]) -> Layout:
    """An EQUIVALENCE group: one zeroed buffer and a namespace whose members, `name=(dtype,
    shape or None, byte offset)`, are views into it (a scalar member a property that reads
    and writes its bytes, an array member a column-major view)."""
    nbytes = max(off + np.dtype(k).itemsize * int(np.prod(() if s is None else s))
                 for k, s, off in members.values())
    storage = np.zeros(-(-nbytes // 16) * 16, dtype=np.uint8)
    views: dict[str, np.ndarray] = {}
    props: dict[str, Any] = {"__slots__": ()}
    for name, (kind, shape, offset) in members.items():
        dtype = np.dtype(kind)
        dims = None if shape is None else (shape,) if isinstance(shape, int) else tuple(shape)
        count = int(np.prod(dims or ()))
        flat = storage[offset:offset + count * dtype.itemsize].view(dtype)
        views[name] = flat.reshape(dims, order="F") if dims is not None else flat
        props[name] = _array_property(name) if dims is not None else \
            _scalar_property(name, dtype)
    return type("Equivalence", (Layout,), props)(storage, views)
