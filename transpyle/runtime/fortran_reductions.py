"""Fortran's array reductions with DIM= and MASK= for migrated code, computed as gfortran's
library computes them.

MAXLOC/MINLOC: the first extreme in array element order (the last with BACK=.true.), NaNs
passed over; where every element left is a NaN, the first element MASK leaves (BACK or not);
where MASK leaves none, or the array is empty, zeros. Positions count from 1 whatever the
array's lower bounds. MAXVAL/MINVAL: NaNs passed over, a NaN where all are NaNs, -HUGE (+HUGE)
where none is left. SUM/PRODUCT: added (multiplied) one by one along the dimension, in the
array's kind. `dim` is Fortran's (from 1); absent arguments are None.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _flat(a: np.ndarray) -> np.ndarray:
    return a.ravel(order="F")


def _mask(a: np.ndarray, mask: Any) -> np.ndarray:
    if mask is None:
        return np.ones(a.shape, dtype=np.bool_)
    return np.broadcast_to(np.asarray(mask, dtype=np.bool_), a.shape)


def _integer(values: Any, kind: int) -> Any:
    out = np.asarray(values).astype(f"int{8 * kind}")
    return int(out) if out.ndim == 0 else out


def _fill(dtype: np.dtype, largest: bool) -> Any:
    """The value no element beats: the start of gfortran's search."""
    if dtype.kind == "f":
        return dtype.type(-np.inf if largest else np.inf)
    if dtype.kind == "b":
        return not largest
    info = np.iinfo(dtype)
    return dtype.type(info.min if largest else info.max)


def _loc_axis(a: np.ndarray, axis: int, mask: np.ndarray, back: bool,
              largest: bool) -> np.ndarray:
    """1-based positions of the extremes along `axis` (0 where MASK leaves none)."""
    n = a.shape[axis]
    if n == 0:
        return np.zeros(np.delete(a.shape, axis), dtype=np.int64)
    valid = mask & ~np.isnan(a) if a.dtype.kind == "f" else mask
    fill = _fill(a.dtype, largest)
    values, seen = np.where(valid, a, fill), valid
    if back:
        values, seen = np.flip(values, axis), np.flip(valid, axis)
    pick = np.argmax if largest else np.argmin
    idx = pick(values, axis=axis)
    best = np.take_along_axis(values, np.expand_dims(idx, axis), axis).squeeze(axis)
    # the extreme equals the start value: every valid element is that value, take the first
    idx = np.where(best == fill, np.argmax(seen, axis=axis), idx)
    pos = n - idx if back else idx + 1
    pos = np.where(valid.any(axis=axis), pos, np.argmax(mask, axis=axis) + 1)
    return np.where(mask.any(axis=axis), pos, 0)


def _pick(values: list[str], valid: list[bool], back: bool, largest: bool) -> int:
    """The 1-based position of the first (BACK: last) extreme of CHARACTER values (equal
    lengths: Python's order is Fortran's), 0 where none is valid."""
    best, pos = None, 0
    for k, (v, ok) in enumerate(zip(values, valid, strict=True)):
        if not ok:
            continue
        if best is None or (v > best if largest else v < best) or back and v == best:
            best, pos = v, k + 1
    return pos


def _char_loc(a: np.ndarray, dim: Any, m: np.ndarray, kind: int, back: bool,
              largest: bool) -> Any:
    if dim is None:
        k = _pick(list(_flat(a)), list(_flat(m)), back, largest)
        if k == 0:
            return np.zeros(a.ndim, dtype=f"int{8 * kind}")
        return np.array(np.unravel_index(k - 1, a.shape, order="F"),
                        dtype=f"int{8 * kind}") + 1
    axis = int(dim) - 1
    rest = np.delete(a.shape, axis)
    out = np.zeros(rest, dtype=np.int64)
    for index in np.ndindex(*rest):
        full = (*index[:axis], slice(None), *index[axis:])
        out[index] = _pick(list(a[full]), list(m[full]), back, largest)
    return _integer(out, kind)


def _loc(array: Any, dim: Any, mask: Any, kind: Any, back: Any, largest: bool) -> Any:
    a = np.asarray(array)
    if a.dtype == object and all(isinstance(v, str) for v in a.flat):
        return _char_loc(a, dim, _mask(a, mask), 4 if kind is None else int(kind),
                         bool(back), largest)
    if a.dtype.kind not in "iuf":
        raise TypeError("MAXLOC/MINLOC of a non-numeric array")
    m = _mask(a, mask)
    kind = 4 if kind is None else int(kind)
    if dim is not None:
        return _integer(_loc_axis(a, int(dim) - 1, m, bool(back), largest), kind)
    flat = _flat(a)
    if mask is None and not back and flat.size:  # NumPy's first extreme, unless it is a NaN
        k = int((np.argmax if largest else np.argmin)(flat)) + 1
        if a.dtype.kind == "f" and np.isnan(flat[k - 1]):
            k = int(_loc_axis(flat, 0, _flat(m), False, largest))
    else:
        k = int(_loc_axis(flat, 0, _flat(m), bool(back), largest))
    if k == 0:
        return np.zeros(a.ndim, dtype=f"int{8 * kind}")
    return np.array(np.unravel_index(k - 1, a.shape, order="F"), dtype=f"int{8 * kind}") + 1


def maxloc(array: Any, dim: Any = None, mask: Any = None, kind: Any = None,
           back: Any = None) -> Any:
    """MAXLOC(ARRAY [, DIM] [, MASK] [, KIND] [, BACK])."""
    return _loc(array, dim, mask, kind, back, largest=True)


def minloc(array: Any, dim: Any = None, mask: Any = None, kind: Any = None,
           back: Any = None) -> Any:
    """MINLOC(ARRAY [, DIM] [, MASK] [, KIND] [, BACK])."""
    return _loc(array, dim, mask, kind, back, largest=False)


def findloc(array: Any, value: Any, dim: Any = None, mask: Any = None, kind: Any = None,
            back: Any = None) -> Any:
    """FINDLOC(ARRAY, VALUE [, DIM] [, MASK] [, KIND] [, BACK]): the first (last) element
    equal to VALUE (a NaN equals nothing), 0 where none is."""
    a = np.asarray(array)
    hit = (a == value) & _mask(a, mask)
    kind = 4 if kind is None else int(kind)
    if dim is not None:
        axis = int(dim) - 1
        n = a.shape[axis]
        if n == 0:
            return _integer(np.zeros(np.delete(a.shape, axis), dtype=np.int64), kind)
        pos = n - np.argmax(np.flip(hit, axis), axis=axis) if back else \
            np.argmax(hit, axis=axis) + 1
        return _integer(np.where(hit.any(axis=axis), pos, 0), kind)
    flat = _flat(hit)
    where = np.flatnonzero(flat)
    if where.size == 0:
        return np.zeros(a.ndim, dtype=f"int{8 * kind}")
    k = int(where[-1] if back else where[0])
    return np.array(np.unravel_index(k, a.shape, order="F"), dtype=f"int{8 * kind}") + 1


def _extreme(array: Any, dim: Any, mask: Any, largest: bool) -> Any:
    """The value at MAXLOC's (MINLOC's) position: the first of equal extremes, as gfortran
    keeps it (of +0.0 and -0.0, the first found), a NaN where all left are NaNs."""
    a = np.asarray(array)
    m = _mask(a, mask)
    axis = 0 if dim is None else int(dim) - 1
    if dim is None:
        a, m = _flat(a), _flat(m) if mask is not None else np.ones(a.size, dtype=np.bool_)
    if a.dtype.kind == "f":
        empty = a.dtype.type(-np.finfo(a.dtype).max if largest else np.finfo(a.dtype).max)
    else:
        empty = _fill(a.dtype, largest)
    if a.shape[axis] == 0:
        return _scalar(np.full(np.delete(a.shape, axis), empty, dtype=a.dtype))
    if mask is None:  # NumPy's extreme where it is the only candidate: no NaN, no zero
        out = (np.max if largest else np.min)(a, axis=axis)
        if a.dtype.kind != "f" or not np.any((out == 0) | np.isnan(out)):
            return _scalar(np.asarray(out))
    pos = _loc_axis(a, axis, m, False, largest)
    found = np.take_along_axis(a, np.expand_dims(np.maximum(pos - 1, 0), axis), axis)
    return _scalar(np.where(pos > 0, found.squeeze(axis), empty).astype(a.dtype))


def _scalar(out: np.ndarray) -> Any:
    """A rank-0 result as migrated code holds scalars: Python ints, NumPy floats."""
    if out.ndim:
        return out
    if out.dtype.kind in "iu":
        return int(out)
    if out.dtype.kind == "b":
        return bool(out)
    return out[()]


def maxval(array: Any, dim: Any = None, mask: Any = None) -> Any:
    """MAXVAL(ARRAY [, DIM] [, MASK])."""
    return _extreme(array, dim, mask, largest=True)


def minval(array: Any, dim: Any = None, mask: Any = None) -> Any:
    """MINVAL(ARRAY [, DIM] [, MASK])."""
    return _extreme(array, dim, mask, largest=False)


def _in_order(array: Any, dim: Any, mask: Any, unit: int, accumulate: Any) -> Any:
    a = np.asarray(array)
    if mask is not None:  # x + 0 and x * 1 are x exactly (a running sum from +0 is never -0)
        a = np.where(_mask(a, mask), a, a.dtype.type(unit))
    if dim is None:
        a, axis = _flat(a), 0
    else:
        axis = int(dim) - 1
    if a.shape[axis] == 0:
        return _scalar(np.full(np.delete(a.shape, axis), unit, dtype=a.dtype))
    out = np.take(accumulate(a, axis=axis, dtype=a.dtype), -1, axis=axis)
    if unit == 0:  # gfortran's sum starts from +0: a sum of -0.0 alone is +0.0
        out = out + a.dtype.type(0)
    return _scalar(np.asarray(out))


def sum_of(array: Any, dim: Any = None, mask: Any = None) -> Any:
    """SUM(ARRAY [, DIM] [, MASK]): added one by one in element order along DIM."""
    return _in_order(array, dim, mask, 0, np.cumsum)


def product_of(array: Any, dim: Any = None, mask: Any = None) -> Any:
    """PRODUCT(ARRAY [, DIM] [, MASK]): multiplied one by one along DIM."""
    return _in_order(array, dim, mask, 1, np.cumprod)


def _bitwise(array: Any, dim: Any, mask: Any, ufunc: Any, unit: int) -> Any:
    a = np.asarray(array)
    if mask is not None:
        a = np.where(_mask(a, mask), a, a.dtype.type(unit))
    if dim is None:
        return _scalar(np.asarray(ufunc.reduce(_flat(a), initial=a.dtype.type(unit))))
    return _scalar(np.asarray(ufunc.reduce(a, axis=int(dim) - 1, initial=a.dtype.type(unit))))


def iall_of(array: Any, dim: Any = None, mask: Any = None) -> Any:
    """IALL(ARRAY [, DIM] [, MASK]): the bitwise AND (all bits set where no element is)."""
    return _bitwise(array, dim, mask, np.bitwise_and, -1)


def iany_of(array: Any, dim: Any = None, mask: Any = None) -> Any:
    """IANY(ARRAY [, DIM] [, MASK]): the bitwise OR."""
    return _bitwise(array, dim, mask, np.bitwise_or, 0)


def iparity_of(array: Any, dim: Any = None, mask: Any = None) -> Any:
    """IPARITY(ARRAY [, DIM] [, MASK]): the bitwise exclusive OR."""
    return _bitwise(array, dim, mask, np.bitwise_xor, 0)


def any_of(mask: Any, dim: Any = None) -> Any:
    """ANY(MASK [, DIM])."""
    return _scalar(np.asarray(np.any(mask, axis=None if dim is None else int(dim) - 1)))


def all_of(mask: Any, dim: Any = None) -> Any:
    """ALL(MASK [, DIM])."""
    return _scalar(np.asarray(np.all(mask, axis=None if dim is None else int(dim) - 1)))


def count(mask: Any, dim: Any = None, kind: Any = None) -> Any:
    """COUNT(MASK [, DIM] [, KIND])."""
    out = np.count_nonzero(mask, axis=None if dim is None else int(dim) - 1)
    return _integer(out, 4 if kind is None else int(kind))


def norm2_of(array: Any, dim: Any = None) -> Any:
    """NORM2(ARRAY [, DIM]) as gfortran computes it: scaled, one element at a time in element
    order along DIM (`scale` the largest magnitude so far but at least 1, `result` the sum of
    squares over scale**2, from 1 and 0, as libgfortran's norm2_r8; the norm
    scale * sqrt(result)); vectorised across the other dimensions."""
    a = np.asarray(array)
    if dim is None:
        a, axis = _flat(a), 0
    else:
        axis = int(dim) - 1
    lanes = np.moveaxis(a, axis, 0)
    one = a.dtype.type(1)
    scale = np.ones(lanes.shape[1:], dtype=a.dtype)
    result = np.zeros(lanes.shape[1:], dtype=a.dtype)
    with np.errstate(all="ignore"):
        for x in lanes:
            ax = np.abs(x)
            nonzero = x != 0
            bigger = nonzero & (scale < ax)
            smaller = nonzero & ~bigger
            val = scale / np.where(bigger, ax, one)
            result = np.where(bigger, one + result * val * val, result)
            val = ax / np.where(smaller, scale, one)
            result = np.where(smaller, result + val * val, result)
            scale = np.where(bigger, ax, scale)
        return _scalar(np.asarray(scale * np.sqrt(result)))

