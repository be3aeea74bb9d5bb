"""Python backend, layout: long statements wrapped the way a person would wrap them."""

from __future__ import annotations

MAX_LINE = 100


def wrap_line(line: str) -> list[str]:
    """A statement longer than MAX_LINE that ends in a call: its arguments packed onto
    continuation lines aligned after the call's parenthesis (strings are never split)."""
    if len(line) <= MAX_LINE or not line.endswith(")") or line.lstrip().startswith("#"):
        return [line]
    depth, quote, opening = 0, "", -1
    commas: list[int] = []
    ops: list[int] = []
    for k, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote and line[k - 1] != "\\" else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
            if depth == 1 and ch == "(" and opening < 0:
                opening = k
        elif ch in ")]}":
            depth -= 1
            if depth == 0 and k != len(line) - 1 and opening >= 0 and ch == ")":
                opening, commas, ops = -1, [], []  # not the last thing on the line
        elif ch == "," and depth == 1 and opening >= 0:
            commas.append(k)
        elif ch == " " and depth == 1 and opening >= 0 and line[k + 1:k + 3] in _OPS:
            ops.append(k)  # a break before a binary operator, inside the parentheses
    if opening < 0 or opening > MAX_LINE // 2:
        return [line]
    if not commas:
        return _wrap_at(line, opening, ops, before=True)
    return _wrap_at(line, opening, commas, before=False)


_OPS = ("+ ", "- ", "* ", "/ ", "an", "or")


def _wrap_at(line: str, opening: int, cuts: list[int], before: bool) -> list[str]:
    if not cuts:
        return [line]
    pad = " " * (opening + 1)
    out, start, current = [], opening + 1, line[: opening + 1]
    for cut in [*cuts, len(line) - 1]:
        end = cut if before else cut + 1
        piece = line[start:end].strip() if cut != len(line) - 1 else line[start:].strip()
        candidate = current + ("" if current.endswith("(") else " ") + piece
        if len(candidate) > MAX_LINE and not current.endswith("("):
            out.append(current)
            current = pad + piece
        else:
            current = candidate
        start = end
    return out + [current]
