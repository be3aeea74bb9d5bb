"""Source text fixes before fparser reads it; the line count stays the same, so locations
still point at the user's lines.

- Hollerith edit descriptors in FORMAT statements: fparser 0.2 rejects
  `FORMAT (1H1, 5HTOTAL, I5)`, which F77 programs are full of (`1H ` is carriage control).
  Each `nH` plus its n characters becomes the quoted string it means.
- Fixed form columns, as gfortran reads them: columns 73-80 are a sequence field, not code
  (cut off); a TAB in the label field (columns 1-6) moves to column 7, and a TAB followed by
  a nonzero digit marks a continuation line (the DEC convention gfortran follows).
- A fixed-form header whose first line holds only its prefix (`RECURSIVE`, `PURE`,
  `ELEMENTAL`) and continues on the next: fparser joins the lines without a blank
  (`RECURSIVEINTEGER FUNCTION`) and cannot read it; the continuation gets a leading blank.
- A free-form declaration without `::` whose kind selector starts with a blank,
  `real( c_double) x(n)`: fparser 0.2 fails inside (an InternalError); the blank goes.
- Fortran 2008's list of bindings in one statement, `procedure, private :: a, b => c`,
  which fparser 0.2 does not read: one statement each, on the same line (`;`).
"""

from __future__ import annotations

import re

_FORMAT_LINE = re.compile(r"^[ \t]*\d*[ \t]*format[ \t]*\(", re.IGNORECASE)
_AFTER = "(,/"  # a Hollerith descriptor starts a FORMAT item


_FIXED_WIDTH = 72
_COMMENT = "cC*!"


_KIND_BLANK = re.compile(r"^([ \t]*(?:integer|real|complex|logical)[ \t]*\()[ \t]+(?=[a-z_])",
                         re.IGNORECASE | re.MULTILINE)


_BINDINGS = re.compile(r"^([ \t]*procedure\b[^:!'\"=\n]*::)([^!'\"&\n]*,[^!'\"&\n]*)$",
                       re.IGNORECASE | re.MULTILINE)


def _split_bindings(m: re.Match[str]) -> str:
    head, names = m.group(1), m.group(2)
    parts, depth, start = [], 0, 0
    for k, c in enumerate(names):
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            parts.append(names[start:k])
            start = k + 1
    parts.append(names[start:])
    return "; ".join(f"{head} {p.strip()}" for p in parts)


def prepare_source(source: str, free: bool) -> str:
    """`source` as fparser should read it (see the module's text)."""
    if free:
        source = _BINDINGS.sub(_split_bindings, _string_continuations(source))
        return fix_holleriths(_KIND_BLANK.sub(r"\1", source), free)
    lines = fixed_tabs(source).split("\n")
    cut = [line if _is_comment(line) else line[:_FIXED_WIDTH] for line in lines]
    return fix_holleriths("\n".join(_prefix_breaks(cut)), free)


def _string_continuations(source: str) -> str:
    """A continuation line that does not start with `&` goes on at its first non-blank
    character, as gfortran reads it (in a character constant a GNU extension, where the
    standard's column 1 would keep the blanks; elsewhere `'a'&` then `'b'` is `'a''b'`):
    the `&` is written in the last blank."""
    lines = source.split("\n")
    quote, continued = "", False
    for k, line in enumerate(lines):
        stripped = line.lstrip()
        if continued and (not stripped or stripped.startswith("!")) and not quote:
            continue  # comment lines between a line and its continuation
        if continued and not stripped.startswith("&") and \
                not stripped.lower().startswith(("#", "include")):
            n = len(line) - len(stripped)
            lines[k] = line = line[:n - 1] + "&" + line[n:] if n else "&" + line
        start = line.index("&") + 1 if continued and line.lstrip().startswith("&") else 0
        if not continued:
            quote = ""
        end = len(line)
        for j in range(start, len(line)):
            c = line[j]
            if quote:
                quote = "" if c == quote else quote  # '' and "" re-open at once
            elif c in "'\"":
                quote = c
            elif c == "!":
                end = j
                break
        continued = line[:end].rstrip().endswith("&")
    return "\n".join(lines)


_PREFIX_ONLY = re.compile(r"^ {6}\s*((RECURSIVE|PURE|ELEMENTAL|IMPURE)\s*)+$", re.IGNORECASE)


def _prefix_breaks(lines: list[str]) -> list[str]:
    """A blank at the start of the continuation of a line that holds only a header's
    prefix words (blanks are not significant in fixed form, so the text means the same)."""
    out = list(lines)
    for k in range(len(out) - 1):
        if _PREFIX_ONLY.match(out[k]):
            nxt = k + 1
            while nxt < len(out) and _is_comment(out[nxt]):
                nxt += 1
            line = out[nxt] if nxt < len(out) else ""
            if len(line) > 6 and line[5] not in " 0" and not line[:5].strip():
                out[nxt] = line[:6] + " " + line[6:]
    return out


def fixed_tabs(source: str) -> str:
    """Fixed-form `source` with the TABs of its label fields expanded to columns."""
    if "\t" not in source:
        return source
    lines = source.split("\n")
    for k, line in enumerate(lines):
        tab = line.find("\t", 0, 6)
        if tab < 0 or _is_comment(line) or line[:tab].strip(" ") not in ("", *_digits(line)):
            continue
        rest = line[tab + 1:]
        if rest[:1].isdigit() and rest[:1] != "0":
            lines[k] = line[:tab].ljust(5) + rest  # a continuation: the digit in column 6
        else:
            lines[k] = line[:tab].ljust(6) + rest
    return "\n".join(lines)


def _digits(line: str) -> tuple[str, ...]:
    label = line[:line.find("\t")].strip(" ")
    return (label,) if label.isdigit() else ()


def _is_comment(line: str) -> bool:
    return not line.strip() or line[0] in _COMMENT or (
        line.lstrip(" \t")[:1] == "!" and len(line) - len(line.lstrip(" \t")) != 5)


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
