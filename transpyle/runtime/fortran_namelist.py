"""NAMELIST I/O for migrated programs, as gfortran writes and reads it.

`write_namelist(unit, "run:i,x,k(1)", i, x, k)` writes `&RUN`, one ` NAME=value,...` line per
object (array elements in array element order, equal neighbours as `r*value`, each value as
gfortran lays it out: integers left-justified in their list-directed width, reals as in
list-directed output, logicals T/F, characters quoted with `"`), and ` /`.

`read_namelist(unit, spec)` skips records up to the one that starts `&RUN` (any case), and
reads `name=values` pairs up to `/`: values as list-directed input (`r*value`, `r*` and empty
values leave their items alone), an array filled from its first element or from the element
or section a designator names (`k(2)=9`, `k(2:3)=1,2`); an object the input does not name
keeps its value (`_r.value('i', i, 'i4')`, `_r.fill('k', k, 'i4')`).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from transpyle.runtime.fortran_files import BAD_READ, IoError, stream
from transpyle.runtime.fortran_read import ListReader, _records, _value


def _group(spec: str) -> tuple[str, dict[str, tuple[int, ...]]]:
    """("run", {"i": (), "k": (1,)}) from "run:i,k(1)"."""
    group, _, objects = spec.partition(":")
    out: dict[str, tuple[int, ...]] = {}
    for m in re.finditer(r"(\w+)(?:\(([-\d,]*)\))?", objects):
        out[m.group(1)] = tuple(int(v) for v in m.group(2).split(",")) if m.group(2) else ()
    return group, out


def _text(v: Any, repeated: bool) -> str:
    from transpyle.runtime.fortran_io import list_item
    if isinstance(v, str | np.str_):
        return '"' + str(v).replace('"', '""') + '"'
    if isinstance(v, bool | np.bool_):
        return "T" if v else "F"
    item = list_item(v)
    if isinstance(v, complex | np.complexfloating):
        return item.strip()
    if isinstance(v, int | np.integer) or repeated:
        return item.strip().ljust(len(item) - 1)
    return item[1:]


def namelist_text(spec: str, *values: Any) -> str:
    """gfortran's layout: each object on a new record (` NAME=`), values each followed by a
    comma; a new record after the 5th value of an object and then after every 6th."""
    group, objects = _group(spec)
    out = [f"&{group.upper()}"]
    for name, v in zip(objects, values, strict=True):
        items = list(np.ravel(v, order="F")) if isinstance(v, np.ndarray) else [v]
        items = [x.item() if isinstance(x, np.bool_) else x for x in items]
        texts = [_text(x, False) for x in items]
        out.append(f"\n {name.upper()}=")
        k, count = 0, 1
        while k < len(items):
            run = k + 1
            while run < len(items) and texts[run] == texts[k]:
                run += 1
            out.append(f" {run - k}*{_text(items[k], True)}," if run - k > 1 else
                       f"{texts[k]},")
            k, count = run, count + 1
            if count > 5:
                out.append("\n ")
                count = 0
    out.append("\n /")
    return "".join(out)


def write_namelist(unit: Any, spec: str, *values: Any) -> None:
    print(namelist_text(spec, *values), file=stream(unit))


_DESIGNATOR = re.compile(r"\s*([A-Za-z]\w*)\s*(\([^)]*\))?\s*=")
_VALUE = re.compile(r"""\s*(?:('(?:[^']|'')*'|"(?:[^"]|"")*")|(\([^)]*\))|([^\s,/='"(]+))""")


class NamelistReader:
    """The values one NAMELIST READ found, by object."""

    def __init__(self, text: str, objects: dict[str, tuple[int, ...]], group: str) -> None:
        self.found: list[tuple[str, str | None, list[str | None]]] = []
        self.objects = objects
        self.group = group
        self.parse(text)

    def parse(self, text: str) -> None:
        pos = 0
        while True:
            m = _DESIGNATOR.match(text, pos)
            if m is None:
                if text[pos:].strip(" ,"):
                    raise IoError(BAD_READ, f"Cannot match namelist object name "
                                  f"{text[pos:].split()[0]}")
                return
            name = m.group(1).lower()
            if name not in self.objects:
                raise IoError(BAD_READ, f"Cannot match namelist object name {name}")
            values, pos = self.values(text, m.end())
            self.found.append((name, m.group(2), values))

    @staticmethod
    def values(text: str, pos: int) -> tuple[list[str | None], int]:
        out: list[str | None] = []
        pending = True  # no value since the last separator
        while pos < len(text):
            if _DESIGNATOR.match(text, pos):
                break
            c = text[pos]
            if c in " \t\n":
                pos += 1
                continue
            if c == ",":
                if pending:
                    out.append(None)
                pending, pos = True, pos + 1
                continue
            m = _VALUE.match(text, pos)
            if m is None or m.end() == pos:
                raise IoError(BAD_READ, f"Bad namelist input near {text[pos:pos + 20]!r}")
            token = m.group(0).strip()
            star = re.fullmatch(r"(\d+)\*(.*)", token)
            if star and not token.startswith(("'", '"')):
                rest = star.group(2)
                if not rest:  # `r*` nulls, or `r*` followed by a quoted/parenthesised value
                    m2 = _VALUE.match(text, m.end())
                    if m2 is not None and text[m.end():m.end() + 1] in "'\"(":
                        rest, pos = m2.group(0).strip(), m2.end()
                    else:
                        pos = m.end()
                else:
                    pos = m.end()
                out += [rest or None] * int(star.group(1))
            else:
                out.append(token)
                pos = m.end()
            pending = False
        return out, pos

    def value(self, name: str, current: Any, code: str) -> Any:
        for found, _, values in self.found:
            if found == name and values and values[0] is not None:
                current = _converted(values[0], code)
        return current

    def fill(self, name: str, target: np.ndarray, code: str) -> None:
        lower = self.objects[name]
        for found, subs, values in self.found:
            if found != name:
                continue
            flat = target.reshape(-1, order="F")  # a view: migrated arrays are contiguous
            places = range(target.size) if subs is None else \
                self.section(subs, lower, target.shape)
            for k, v in zip(places, values, strict=False):
                if v is not None:
                    flat[k] = _converted(v, code)

    @staticmethod
    def section(subs: str, lower: tuple[int, ...], shape: tuple[int, ...]) -> list[int]:
        """The column-major positions `k(2:3)` names; an element `g(2,1)` stands for the
        section from it to the end of every dimension (`g(2:,1:)`), as gfortran reads it."""
        parts = subs.strip("()").split(",")
        if len(parts) != len(shape):
            raise IoError(BAD_READ, f"Wrong number of subscripts in namelist input {subs}")
        element = all(":" not in p for p in parts)
        ranges = []
        for part, lo, n in zip(parts, lower, shape, strict=True):
            first, colon, last = part.partition(":")
            a = int(first) - lo if first.strip() else 0
            b = n - 1 if element or colon and not last.strip() else \
                int(last) - lo if colon else a
            if not (0 <= a < n and 0 <= b < n):
                raise IoError(BAD_READ, f"Index out of range in namelist input {subs}")
            ranges.append(range(a, b + 1))
        index = np.ravel_multi_index(np.ix_(*ranges), shape, order="F")
        return [int(i) for i in np.ravel(index.transpose(), order="C")] if len(shape) > 1 \
            else [int(i) for i in np.ravel(index)]

    def finish(self) -> None:
        pass


def read_namelist(unit: Any, spec: str) -> NamelistReader:
    group, objects = _group(spec)
    lines = _records(unit)
    start = re.compile(rf"\s*[&$]{re.escape(group)}(?:\s|$)", re.IGNORECASE)
    rec = lines()
    while not start.match(rec):
        rec = lines()
    text = start.sub("", rec, count=1)
    body = []
    while True:
        text = _uncommented(text)
        end = _end(text)
        if end is not None:
            body.append(text[:end])
            break
        body.append(text)
        text = lines()
    return NamelistReader("\n".join(body), objects, group)


def _uncommented(text: str) -> str:
    """A record of namelist input without its comment (`!` to the end, outside quotes)."""
    quote = None
    for k, c in enumerate(text):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "!":
            return text[:k]
    return text


def _end(text: str) -> int | None:
    """Where `/` (or `&end`) ends the group in `text`, outside quotes; None: not here."""
    quote = None
    for k, c in enumerate(text):
        if quote:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "/":
            return k
        elif c in "&$" and text[k + 1:k + 4].lower() == "end":
            return k
    return None


def _converted(text: str, code: str) -> Any:
    """A namelist value read as the object's type; a bad one is gfortran's error 5010."""
    try:
        return _value(code, ListReader.convert(text, code))
    except (ValueError, IndexError, ZeroDivisionError):
        raise IoError(BAD_READ, f"Bad value {text!r} in namelist input") from None
