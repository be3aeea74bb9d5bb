"""Fortran's array-building intrinsics for migrated code: RESHAPE, SPREAD, PACK, UNPACK,
CSHIFT, EOSHIFT, in array element order (column-major) whatever the arguments' memory order.

Results are new F-ordered arrays, never views of an argument (`a = cshift(a, 1)` reads all of
`a` before it is changed, as Fortran's does). `dim` is Fortran's (from 1); absent arguments
are None.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _flat(a: np.ndarray) -> np.ndarray:
    return a.ravel(order="F")


def shape_of(source: Any, kind: Any = None) -> np.ndarray:
    """SHAPE(SOURCE [, KIND]): the extents, an integer of KIND (default 4) each."""
    return np.array(np.shape(source), dtype=f"int{8 * (4 if kind is None else int(kind))}")


def reshape(source: Any, shape: Any, pad: Any = None, order: Any = None) -> np.ndarray:
    """RESHAPE(SOURCE, SHAPE [, PAD] [, ORDER]): SOURCE's elements (then PAD's, again and
    again) in array element order, placed in the subscript order ORDER gives."""
    src = np.asarray(source)
    extents = [int(s) for s in np.asarray(shape).ravel()]
    if any(e < 0 for e in extents):
        raise ValueError(f"RESHAPE: negative extent in SHAPE {extents}")
    n = int(np.prod(extents, dtype=np.int64))
    flat = _flat(src)
    if flat.size < n:
        if pad is None or np.asarray(pad).size == 0:
            raise ValueError(f"RESHAPE: SOURCE has {flat.size} elements, SHAPE {extents} "
                             f"needs {n} and no PAD is given")
        p = _flat(np.asarray(pad, dtype=src.dtype))
        reps = -(-(n - flat.size) // p.size)
        flat = np.concatenate([flat, np.tile(p, reps)])
    flat = flat[:n]
    if order is None:
        return np.array(flat.reshape(extents, order="F"), order="F")
    perm = [int(o) - 1 for o in np.asarray(order).ravel()]
    if sorted(perm) != list(range(len(extents))):
        raise ValueError(f"RESHAPE: ORDER {[p + 1 for p in perm]} is no permutation")
    placed = flat.reshape([extents[p] for p in perm], order="F")
    return np.array(np.transpose(placed, np.argsort(perm)), order="F")


def spread(source: Any, dim: Any, ncopies: Any) -> np.ndarray:
    """SPREAD(SOURCE, DIM, NCOPIES): NCOPIES copies (none where it is negative) along a new
    dimension DIM. DIM 0: SOURCE was a scalar, given as an array of one element."""
    src = np.asarray(source)
    n = max(int(ncopies), 0)
    if int(dim) == 0:
        return np.repeat(src.ravel(), n)
    axis = int(dim) - 1
    if not 0 <= axis <= src.ndim:
        raise ValueError(f"SPREAD: DIM={dim} out of range for an array of rank {src.ndim}")
    return np.array(np.repeat(np.expand_dims(src, axis), n, axis=axis), order="F")


def pack(array: Any, mask: Any, vector: Any = None) -> np.ndarray:
    """PACK(ARRAY, MASK [, VECTOR]): the elements MASK selects in array element order, then
    the rest of VECTOR."""
    a = np.asarray(array)
    m = np.broadcast_to(np.asarray(mask, dtype=np.bool_), a.shape)
    picked = _flat(a)[_flat(m)]
    if vector is None:
        return picked
    out = np.array(np.asarray(vector), dtype=a.dtype).ravel()
    if out.size < picked.size:
        raise ValueError(f"PACK: VECTOR has {out.size} elements, MASK selects {picked.size}")
    out[:picked.size] = picked
    return out


def unpack(vector: Any, mask: Any, field: Any) -> np.ndarray:
    """UNPACK(VECTOR, MASK, FIELD): VECTOR's elements, in order, where MASK is true (in array
    element order), FIELD's elsewhere."""
    v = np.asarray(vector)
    m = np.asarray(mask, dtype=np.bool_)
    out = np.array(np.broadcast_to(np.asarray(field).astype(v.dtype), m.shape), order="F")
    where = _flat(m)
    k = int(np.count_nonzero(where))
    if v.size < k:
        raise ValueError(f"UNPACK: VECTOR has {v.size} elements, MASK selects {k}")
    flat = out.reshape(-1, order="F")  # a view: `out` is F-contiguous
    flat[where] = v.ravel()[:k]
    return out


def _line_indices(a: np.ndarray, shift: Any, axis: int) -> np.ndarray:
    """Per element, its index along `axis` plus its line's SHIFT (a scalar or an array of
    rank one less)."""
    n = a.shape[axis]
    along = np.arange(n).reshape([n if k == axis else 1 for k in range(a.ndim)])
    s = np.asarray(shift, dtype=np.int64)
    if s.ndim:
        s = np.expand_dims(s, axis)
    return np.broadcast_to(along + s, a.shape)


def cshift(array: Any, shift: Any, dim: Any = None) -> np.ndarray:
    """CSHIFT(ARRAY, SHIFT [, DIM]): element i of each line is element 1 + MODULO(i - 1 +
    SHIFT, n) of it."""
    a = np.asarray(array)
    axis = 0 if dim is None else int(dim) - 1
    if a.size == 0:
        return np.array(a, order="F")
    index = _line_indices(a, shift, axis) % a.shape[axis]
    return np.array(np.take_along_axis(a, index, axis), order="F")


def eoshift(array: Any, shift: Any, boundary: Any = None, dim: Any = None) -> np.ndarray:
    """EOSHIFT(ARRAY, SHIFT [, BOUNDARY] [, DIM]): element i of each line is element
    i + SHIFT of it, BOUNDARY (zero, .false.) where that is outside the line."""
    a = np.asarray(array)
    axis = 0 if dim is None else int(dim) - 1
    if a.size == 0:
        return np.array(a, order="F")
    n = a.shape[axis]
    index = _line_indices(a, shift, axis)
    inside = (index >= 0) & (index < n)
    values = np.take_along_axis(a, np.clip(index, 0, n - 1), axis)
    edge = np.zeros((), dtype=a.dtype) if boundary is None else np.asarray(boundary)
    if edge.ndim:
        edge = np.expand_dims(edge, axis)
    return np.array(np.where(inside, values, edge).astype(a.dtype, copy=False), order="F")


def bounds(a: Any, dim: Any, upper: bool, *lowers: Any) -> Any:
    """LBOUND/UBOUND of `a`, whose declared lower bounds are `lowers` (the frontend knows
    them): a zero-extent dimension's are 1 and 0, as Fortran says; DIM None gives them all
    (a default integer vector)."""
    shape = np.shape(a)
    out = []
    for k, lo in enumerate(lowers):
        n = shape[k]
        lo = int(lo) if n > 0 else 1
        out.append(lo + n - 1 if upper else lo)
    if dim is None:
        return np.array(out, dtype=np.int32)
    d = int(dim)
    if not 1 <= d <= len(out):
        raise ValueError(f"DIM argument ({d}) out of range 1:{len(out)} in "
                         f"{'UBOUND' if upper else 'LBOUND'}")
    return out[d - 1]


def _scalar(v: Any) -> Any:
    """An array element as the scalar class migrated code holds (float for REAL(8), int for
    integers; np.float32 and np.complex64 stay)."""
    if isinstance(v, np.float64):
        return float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.complex128):
        return complex(v)
    return v


def elemental(f: Any, dtype: Any, *args: Any) -> np.ndarray:
    """An ELEMENTAL function called with array arguments: `f` of each element (scalars
    repeated), in array element order, the results an F-ordered array of `dtype`."""
    arrays = [a for a in args if isinstance(a, np.ndarray) and a.ndim]
    shape = arrays[0].shape
    for a in arrays[1:]:
        if a.shape != shape:
            raise ValueError(f"ELEMENTAL arguments of different shapes {shape} and {a.shape}")
    out = np.empty(shape, dtype=dtype, order="F")
    for index in np.ndindex(*shape[::-1]):
        k = index[::-1]
        out[k] = f(*(_scalar(a[k]) if isinstance(a, np.ndarray) and a.ndim else a
                     for a in args))
    return out


def outer_index(shape: tuple[int, ...], *indices: Any) -> tuple[Any, ...]:
    """A subscript with vector subscripts as Fortran reads it, `a(v, 2, :)`: the elements of
    every combination of the indices (their outer product), a scalar index dropping its
    dimension. NumPy broadcasts its array indices together instead, and moves them to the
    front where a slice separates them. Both a value and an assignment target."""
    picked = [i if isinstance(i, int | np.integer) else
              np.arange(*i.indices(n)) if isinstance(i, slice) else np.asarray(i)
              for i, n in zip(indices, shape, strict=False)]
    spread = [k for k, i in enumerate(picked) if isinstance(i, np.ndarray)]
    grid = np.ix_(*(picked[k] for k in spread))
    for k, g in zip(spread, grid, strict=True):
        picked[k] = g
    return tuple(picked)


def size_of(array: Any, dim: Any, kind: Any = None) -> int:
    """SIZE(ARRAY, DIM) with a DIM known at run time only (1-based; out of range an error)."""
    shape = np.shape(array)
    if dim is None:  # an absent OPTIONAL dummy passed as DIM: the whole size
        return int(np.prod(shape, dtype=np.int64))
    d = int(dim)
    if not 1 <= d <= len(shape):
        raise ValueError(f"DIM argument of SIZE ({d}) out of range 1..{len(shape)}")
    return int(shape[d - 1])
