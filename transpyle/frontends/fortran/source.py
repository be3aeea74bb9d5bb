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
- Comment and blank lines inside DO loops that share one terminal statement
  (`DO 250 JB` ... `DO 250 J` ... `250 CONTINUE`, SLSQP's HFTI): fparser 0.2 cannot read
  the nest with them; each becomes a CONTINUE (the comment's text is lost).
- A main program without a PROGRAM statement in a file with other units (`MODULE M ...
  END MODULE` then `USE M`, or a FUNCTION after it): fparser 0.2 drops the other units
  without a word; the main program's first statement gets `PROGRAM MAIN; ` in front (the
  name migrate gives such a program).
- Blanks inside the names a fixed-form PARAMETER statement defines (`ER 1 = 0.13D-01`,
  DOP853's): blanks are not significant in fixed form; fparser reads `ER1`.
- F77's ASSIGN and assigned GO TO (deleted in Fortran 95; the old BLAS DNRM2 has them):
  `ASSIGN 30 TO NEXT` becomes `NEXT = 30`, `GO TO NEXT, (30, 50)` a chain of IFs on one
  line, `IF (NEXT == 30) GO TO 30; IF (NEXT == 50) GO TO 50` (without its list: the labels
  the unit ASSIGNs to that variable).
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


def prepare_source(source: str, free: bool, main: bool = True) -> str:
    """`source` as fparser should read it (see the module's text); `main`: with the
    PROGRAM statement put before an unnamed main program."""
    if free:
        source = _BINDINGS.sub(_split_bindings, _string_continuations(source))
        lines = assigned_gotos(source.split("\n"), free=True)
        source = "\n".join(unnamed_main(lines, 0) if main else lines)
        return fix_holleriths(_KIND_BLANK.sub(r"\1", source), free)
    lines = fixed_tabs(source).split("\n")
    cut = [line if _is_comment(line) else line[:_FIXED_WIDTH] for line in lines]
    cut = parameter_names(assigned_gotos(cut))
    cut = unnamed_main(cut, 6) if main else cut
    return fix_holleriths("\n".join(_shared_do_comments(_prefix_breaks(cut))), free)


_LABELLED_DO = re.compile(r"^\s*do\s*(\d+)\s*,?\s*[a-z]", re.IGNORECASE)


def _shared_do_comments(lines: list[str]) -> list[str]:
    """Comment and blank lines between the first DO of a nest that shares a terminal
    label and that label's statement: CONTINUE where no continuation line follows."""
    out = list(lines)
    opened: list[tuple[str, int]] = []  # (label, line) of the labelled DOs open
    for k, line in enumerate(lines):
        if _is_comment(line) or (len(line) > 5 and line[5] not in " 0"):
            continue
        label = line[:5].strip()
        if label.isdigit():
            label = str(int(label))
            shared = [at for lab, at in opened if lab == label]
            if len(shared) > 1:
                _comments_to_continue(out, shared[0] + 1, k)
            opened = [(lab, at) for lab, at in opened if lab != label]
        do = _LABELLED_DO.match(line[6:])
        if do:
            opened.append((str(int(do.group(1))), k))
    return out


def _comments_to_continue(out: list[str], start: int, stop: int) -> None:
    for k in range(start, stop):
        if not _is_comment(out[k]):
            continue
        nxt = k + 1
        while nxt < stop and _is_comment(out[nxt]):
            nxt += 1
        after = out[nxt] if nxt < len(out) else ""
        if not (len(after) > 5 and not _is_comment(after) and after[5] not in " 0"):
            out[k] = "      CONTINUE"


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


_IF = r"^(\s*(?:if\s*\(.*\)\s*)?)"  # the statement, or a logical IF's
_ASSIGN = re.compile(_IF + r"assign\s*(\d+)\s*to\s*([a-z]\w*)\s*$", re.IGNORECASE)
_ASSIGNED_GOTO = re.compile(_IF + r"go\s*to\s*([a-z]\w*)\s*(?:,?\s*\(([\d\s,]*)\))?\s*$",
                            re.IGNORECASE)


def assigned_gotos(lines: list[str], free: bool = False) -> list[str]:
    """ASSIGN and assigned GO TO as an integer assignment and IFs (see the module's text)."""
    if not any("assign" in line.lower() for line in lines):
        return lines
    at = 0 if free else 6
    out = list(lines)
    targets: dict[str, list[str]] = {}
    for k, line in enumerate(lines):
        m = None if not free and _is_comment(line) else _ASSIGN.match(line[at:])
        if m:
            targets.setdefault(m.group(3).lower(), []).append(str(int(m.group(2))))
            out[k] = f"{line[:at]}{m.group(1)}{m.group(3)} = {int(m.group(2))}"
    for k, line in enumerate(out):
        m = None if not free and _is_comment(line) else _ASSIGNED_GOTO.match(line[at:])
        if m and m.group(2).lower() in targets:
            var = m.group(2)
            labels = [str(int(x)) for x in m.group(3).replace(" ", "").split(",") if x] \
                if m.group(3) else list(dict.fromkeys(targets[var.lower()]))
            chain = "; ".join(f"IF ({var} == {lab}) GO TO {lab}" for lab in labels)
            if m.group(1).strip():  # IF (c) GO TO NEXT: a block IF on the one line
                chain = f"{m.group(1).strip()} THEN; {chain}; END IF"
            out[k] = f"{line[:at]}{m.group(1) if not m.group(1).strip() else ' '}{chain}"
    return out


_PARAMETER = re.compile(r"^\s*parameter\s*\(", re.IGNORECASE)
_SPLIT_NAME = re.compile(r"(?<![\w.'\"])([a-z][a-z0-9_]*)((?: +\d+)+)(?=\s*=)", re.IGNORECASE)


def parameter_names(lines: list[str]) -> list[str]:
    """Fixed-form PARAMETER statements with the blanks inside their names taken out."""
    out = list(lines)
    inside = False
    for k, line in enumerate(lines):
        if _is_comment(line):
            continue
        continued = len(line) > 5 and line[5] not in " 0"
        inside = (inside and continued) or (not continued and bool(_PARAMETER.match(line[6:])))
        if inside and "'" not in line and '"' not in line:
            out[k] = line[:6] + _SPLIT_NAME.sub(
                lambda m: m.group(1) + m.group(2).replace(" ", ""), line[6:])
    return out


_UNIT_START = re.compile(
    r"^\s*(?:(?:recursive|pure|elemental|impure|module|non_recursive)\s+)*"
    r"(?:(?:integer|real|double\s*precision|complex|logical|character|type\s*\(\s*\w+\s*\))"
    r"(?:\s*\*\s*(?:\d+|\([^)]*\))|\s*\([^)]*\))?\s*)?(?:subroutine|function)\s*\w"
    r"|^\s*(?:module(?!\s*procedure\b)|submodule|program|block\s*data)\b"
    r"|^\s*(?:(?:recursive|pure|elemental|impure|non_recursive)\s*)+&?\s*$",  # continued
    re.IGNORECASE)
_UNIT_END = re.compile(r"^\s*end\s*(?:(?:subroutine|function|module|submodule|program|"
                       r"block\s*data)\b.*)?(?:!.*)?$", re.IGNORECASE)


def unnamed_main(lines: list[str], at: int) -> list[str]:
    """`PROGRAM MAIN; ` before the first statement of a main program without a PROGRAM
    statement (see the module's text)."""
    if not any(_UNIT_START.match(line[at:]) for line in lines
               if line.strip() and not (at and _is_comment(line))):
        return lines  # the main program alone: fparser reads it as it is
    depth, units, continued = 0, 0, False
    for k, line in enumerate(lines):
        if (at and _is_comment(line)) or not line.strip() or line.lstrip().startswith("!"):
            continue
        follows = continued or (at and len(line) > 5 and line[5] not in " 0")
        continued = not at and line.split("!")[0].rstrip().endswith("&")
        if follows:
            continue
        code = line[at:]
        if _UNIT_START.match(code):
            depth += 1
        elif _UNIT_END.match(code):
            depth -= 1
            if depth == 0:
                units += 1
            depth = max(depth, 0)
        elif depth == 0 and not line[:at].strip() and not re.match(r"^\s*\d", code):
            lines = list(lines)
            indent = len(code) - len(code.lstrip())
            lines[k] = line[:at] + code[:indent] + "PROGRAM MAIN; " + code[indent:]
            return lines
        elif depth == 0:
            return lines
    return lines
