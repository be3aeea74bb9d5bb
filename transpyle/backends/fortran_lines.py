"""Free-form Fortran lines of at most MAX_LINE characters: `&` continuations for code, several
comments for a comment, `!$omp ... &` for a directive (the Fortran printer's last step)."""

from __future__ import annotations

MAX_LINE = 100  # what we aim for; Fortran's limit is 132


def wrap_line(line: str) -> list[str]:
    """Split a line longer than MAX_LINE: code with `&` continuations, at a space outside
    string literals where there is one, else anywhere (the next line then starts with `&`,
    which continues a split token or string exactly); a comment into several comments; an
    OpenMP directive with `&` and its sentinel again."""
    if len(line) <= MAX_LINE:
        return [line]
    body = line.lstrip()
    margin = line[: len(line) - len(body)]
    if body.startswith("!$"):
        sentinel = body.split(" ", 1)[0]
        parts = _split_words(body[len(sentinel):].strip(), MAX_LINE - len(margin)
                             - len(sentinel) - 3)
        return [f"{margin}{sentinel} {p}" + (" &" if k < len(parts) - 1 else "")
                for k, p in enumerate(parts)]
    if body.startswith("!"):
        parts = _split_words(body[1:].strip(), MAX_LINE - len(margin) - 2)
        return [f"{margin}! {p}".rstrip() for p in parts]
    indent = margin + " " * 4
    out: list[str] = []
    quote: str | None = None  # the string literal open where the line was split
    while len(line) > MAX_LINE:
        cut, at_space, quote = _cut(line, len(indent), quote)
        if at_space:
            out.append(line[:cut] + " &")
            line = indent + line[cut + 1:]
        else:
            out.append(line[:cut] + "&")
            line = indent + "&" + line[cut:]
    return out + [line]


def _cut(line: str, indent: int, quote: str | None) -> tuple[int, bool, str | None]:
    """Where to split `line` (which starts inside a string literal opened by `quote`, if
    not None): the last space outside a string literal that leaves room for ` &`, else a
    point where no quote is split off its neighbour (a split token); and the literal open
    there."""
    space, states = -1, []
    for k, ch in enumerate(line[:MAX_LINE]):
        states.append(quote)
        if ch in "'\"":
            quote = None if quote == ch else (ch if quote is None else quote)
        elif ch == " " and quote is None and indent < k < MAX_LINE - 2:
            space = k
    if space > 0:
        return space, True, None
    cut = MAX_LINE - 1
    while line[cut - 1] in "'\"" or line[cut] in "'\"":
        cut -= 1
    return cut, False, states[cut]


def _split_words(text: str, width: int) -> list[str]:
    """`text` in pieces of at most `width` characters, at spaces where possible."""
    width = max(width, 20)
    parts: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        cut = cut if cut > 0 else width
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return parts + [text]
