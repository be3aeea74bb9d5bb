"""An assumed-size dummy whose last column the actual argument fills only in part.

LINPACK and L-BFGS-B pass `wn(col+1, col+1)` to `a(lda, *)` and use the leading `n` rows of
`n` columns: the last of them runs past the actual's storage, which Fortran allows as long as
the elements read and written lie inside it. A NumPy view needs whole columns, so the dummy
is a `TailView`: the whole columns over the actual's memory (the last one reaching past it),
where every indexing checks, before touching memory, that the elements it selects lie inside
the actual's storage, and raises IndexError where they do not (as a bounds-checked gfortran
build stops). Views taken from it are checked the same way; views wholly inside the storage
are plain arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided


def _bounds(v: np.ndarray) -> tuple[int, int]:
    """The first byte and one past the last byte that the elements of `v` occupy."""
    lo = hi = v.__array_interface__["data"][0]
    for n, s in zip(v.shape, v.strides, strict=True):
        if n == 0:
            return lo, lo
        if s >= 0:
            hi += (n - 1) * s
        else:
            lo += (n - 1) * s
    return lo, hi + v.itemsize


class TailView(np.ndarray):
    """A view whose elements past byte `_end` are not storage: indexing checks first."""

    _end: int

    def __array_finalize__(self, obj: Any) -> None:
        self._end = getattr(obj, "_end", 1 << 62)

    def _check(self, key: Any) -> tuple[np.ndarray | None, bool]:
        """The view that a basic `key` selects (None for vector subscripts), and whether
        `key` names one element; IndexError where the selection leaves the storage."""
        basic = key if isinstance(key, tuple) else (key,)
        plain = self.view(np.ndarray)
        if all(isinstance(k, (int, np.integer, slice)) or k is Ellipsis or k is None
               for k in basic):
            v: np.ndarray | None = np.ndarray.__getitem__(plain, (*basic, Ellipsis))
            lo, hi = _bounds(v)
            one = len(basic) == self.ndim and all(isinstance(k, (int, np.integer))
                                                  for k in basic)
        else:  # vector subscripts: the byte offsets of the elements they select
            offs = np.zeros(self.shape, dtype=np.int64)
            for axis, s in enumerate(self.strides):
                shape = [1] * self.ndim
                shape[axis] = self.shape[axis]
                offs = offs + (np.arange(self.shape[axis]) * s).reshape(shape)
            picked = offs[key]
            start = plain.__array_interface__["data"][0]
            lo = start + int(picked.min()) if picked.size else start
            hi = start + int(picked.max()) + self.itemsize if picked.size else start
            v, one = None, False
        if lo < hi and hi > self._end:
            raise IndexError(f"index {key!r} reaches past the actual argument's storage")
        return v, one

    def __getitem__(self, key: Any) -> Any:
        v, one = self._check(key)
        if v is None:
            return np.ndarray.__getitem__(self.view(np.ndarray), key)
        if one:
            return v[()]
        return v

    def __setitem__(self, key: Any, value: Any) -> None:
        v, _ = self._check(key)
        if v is None:
            np.ndarray.__setitem__(self.view(np.ndarray), key, value)
        else:
            v[...] = value

    def valid(self) -> np.ndarray:
        """A 1-D column-major view's elements that are storage, as a plain array."""
        flat = self.view(np.ndarray)
        count = (self._end - flat.__array_interface__["data"][0]) // flat.itemsize
        return flat[:max(count, 0)]


def _tail(a: np.ndarray, end: int) -> TailView:
    out = a.view(TailView)
    out._end = end
    return out


def tail_dummy(flat: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """`flat` (1-D, contiguous) as the column-major `shape` whose last column it fills only
    in part: a TailView over its memory, checked at each indexing."""
    end = _bounds(flat)[1] if flat.size else flat.__array_interface__["data"][0]
    strides = [flat.itemsize]
    for n in shape[:-1]:
        strides.append(strides[-1] * n)
    view = as_strided(flat, shape=shape, strides=tuple(strides), writeable=True)
    return _tail(view, end)
