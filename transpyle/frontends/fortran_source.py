"""Source text fixes before fparser reads it: Hollerith edit descriptors in FORMAT statements.

fparser 0.2 rejects `FORMAT (1H1, 5HTOTAL, I5)`, which F77 programs are full of (`1H ` is
carriage control). Each `nH` plus its n characters becomes the quoted string it means; the
line count stays the same, so locations still point at the user's lines.
"""

from __future__ import annotations

import re

_FORMAT_LINE = re.compile(r"^[ \t]*\d*[ \t]*format[ \t]*\(", re.IGNORECASE)
_AFTER = "(,/"  # a Hollerith descriptor starts a FORMAT item


def fix_holleriths(source: str, free: bool) -> str:
    """`source` with the Hollerith strings of its FORMAT statements quoted."""
    if "h" not in source.lower():
        return source
    lines = source.split("\n")
    in_format = False
    for k, line in enumerate(lines):
        continued = (not free and len(line) > 5 and line[5] not in " 0"
                     and line[:1] not in "cC*!")
        if _FORMAT_LINE.match(line if free else line[:72]) or (in_format and continued):
            lines[k] = _quote_holleriths(line, 6 if continued else 0)
            in_format = True
        elif line.strip() and not (in_format and continued):
            in_format = False
    return "\n".join(lines)


def _quote_holleriths(line: str, start: int) -> str:
    """Quote the Hollerith strings of a FORMAT line (a continuation line from column
    `start`, continuing the item list of the line before)."""
    out: list[str] = [line[:start], "," if start else ""]
    quote: str | None = None
    k = start
    while k < len(line):
        ch = line[k]
        if quote is not None:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch.isdigit() and _starts_item(out):
            digits = re.match(r"\d+", line[k:])
            assert digits is not None
            end = k + len(digits.group())
            if end < len(line) and line[end] in "hH":
                n = int(digits.group())
                text = line[end + 1:end + 1 + n].ljust(n)
                out.append("'" + text.replace("'", "''") + "'")
                k = end + 1 + n
                continue
            out.append(digits.group())
            k = end
            continue
        out.append(ch)
        k += 1
    return out[0] + "".join(out[2:])


def _starts_item(out: list[str]) -> bool:
    text = "".join(out).rstrip()
    return bool(text) and text[-1] in _AFTER
