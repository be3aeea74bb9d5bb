"""Fortran's CHARACTER intrinsics for migrated code: ADJUSTL, ADJUSTR, INDEX, SCAN, VERIFY,
REPEAT, ACHAR, IACHAR, LGE/LGT/LLE/LLT, as gfortran computes them (positions 1-based, 0 where
nothing is found). Strings are Python `str` of their Fortran length; each function is
elemental: an array argument gives a NumPy array of the results, element by element."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def _elemental(f: Callable[..., Any], otype: Any) -> Callable[..., Any]:
    """`f` of scalars, applied element by element where an argument is an array."""
    vec = np.vectorize(f, otypes=[otype])

    def call(*args: Any) -> Any:
        if any(isinstance(a, np.ndarray) and a.ndim for a in args):
            return np.asfortranarray(vec(*args))
        return f(*args)
    call.__doc__ = f.__doc__
    return call


def _adjustl(s: str) -> str:
    """ADJUSTL: leading blanks moved to the end."""
    t = s.lstrip(" ")
    return t + " " * (len(s) - len(t))


def _adjustr(s: str) -> str:
    """ADJUSTR: trailing blanks moved to the front."""
    t = s.rstrip(" ")
    return " " * (len(s) - len(t)) + t


def _index(s: str, sub: str, back: Any = None) -> int:
    """INDEX(string, substring, back): the first (last) position of `sub`, 0 if none."""
    if back:
        return s.rfind(sub) + 1 if len(sub) <= len(s) else 0
    return s.find(sub) + 1


def _scan(s: str, chars: str, back: Any = None) -> int:
    """SCAN: the first (last) position of a character of `chars`, 0 if none."""
    found = [k for k, c in enumerate(s) if c in chars]
    if not found:
        return 0
    return (found[-1] if back else found[0]) + 1


def _verify(s: str, chars: str, back: Any = None) -> int:
    """VERIFY: the first (last) position of a character not in `chars`, 0 if none."""
    found = [k for k, c in enumerate(s) if c not in chars]
    if not found:
        return 0
    return (found[-1] if back else found[0]) + 1


def _achar(i: Any) -> str:
    """ACHAR/CHAR: the character of code `i` (gfortran takes the code modulo 256)."""
    return chr(int(i) % 256)


def _iachar(c: str) -> int:
    """IACHAR/ICHAR: the code of the character (gfortran's are 0..255)."""
    return ord(c[0]) if c else 0


def _lge(a: str, b: str) -> bool:
    return _compare(a, b) >= 0


def _lgt(a: str, b: str) -> bool:
    return _compare(a, b) > 0


def _lle(a: str, b: str) -> bool:
    return _compare(a, b) <= 0


def _llt(a: str, b: str) -> bool:
    return _compare(a, b) < 0


def _compare(a: str, b: str) -> int:
    """ASCII order of `a` and `b`, the shorter padded with blanks."""
    n = max(len(a), len(b))
    a, b = a.ljust(n), b.ljust(n)
    return (a > b) - (a < b)


adjustl = _elemental(_adjustl, object)
adjustr = _elemental(_adjustr, object)
fit_chars = _elemental(lambda s, n: s.ljust(n)[:n], object)  # assigned to CHARACTER(n)


_ORDERS = {"==": lambda c: c == 0, "!=": lambda c: c != 0, "<": lambda c: c < 0,
           "<=": lambda c: c <= 0, ">": lambda c: c > 0, ">=": lambda c: c >= 0}


def char_compare(a: Any, b: Any, op: str) -> Any:
    """`a op b` of CHARACTER values, arrays elementwise, the shorter of each pair padded with
    blanks as Fortran compares them."""
    test = _ORDERS[op]
    return _elemental(lambda x, y: test(_compare(x, y)), np.bool_)(a, b)


def fit_to(value: Any, target: np.ndarray) -> Any:
    """`value` for the CHARACTER array `target` of assumed length: fitted to its elements'."""
    return fit_chars(value, len(target.flat[0])) if target.size else value


len_trim = _elemental(lambda s: len(s.rstrip(" ")), np.int32)
index = _elemental(_index, np.int32)
scan = _elemental(_scan, np.int32)
verify = _elemental(_verify, np.int32)
achar = _elemental(_achar, object)
iachar = _elemental(_iachar, np.int32)
lge = _elemental(_lge, np.bool_)
lgt = _elemental(_lgt, np.bool_)
lle = _elemental(_lle, np.bool_)
llt = _elemental(_llt, np.bool_)


def length(a: Any) -> int:
    """LEN of a CHARACTER array: its elements' length."""
    if isinstance(a, np.ndarray):
        if not a.size:  # the length is the declaration's, which migrated code has not kept
            raise NotImplementedError("LEN of a zero-sized CHARACTER array of assumed length "
                                      "is not known to migrated code")
        return len(a.flat[0])
    return len(a)


def repeat(s: str, n: int) -> str:
    """REPEAT: `n` copies of `s` (a negative count is an error, as in gfortran)."""
    if n < 0:
        raise ValueError(f"Argument NCOPIES of REPEAT intrinsic is negative (its value is {n})")
    return s * n
