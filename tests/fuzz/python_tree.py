"""The random programs' tree: statements (`Line`, `Block`) that a minimiser can delete, the
`Program` (its parameters, module functions it calls, how it renders) and random argument values
(NaN, inf, -0.0, huge and tiny floats, negative ints, zeros)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

CLAMP = 10**6
SPECIAL_FLOATS = (math.nan, math.inf, -math.inf, -0.0, 0.0, 1e308, -1e308, 5e-324, -1e-310,
                  1e-300, 1.0, -1.0, 0.5, 2.0, 3.0, 1e16, -7.25)
SPECIAL_INTS = (0, 0, 1, -1, 2, -2, 3, 7, -7, 10, CLAMP, -CLAMP)
HINTS = {"int": "int", "float": "float", "tuple": "tuple[float, int]"}


@dataclass
class Line:
    text: str
    protected: bool = False  # never deleted (a while loop's counter increment)


@dataclass
class Block:
    header: str  # "for i in range(...):", "while ...:", "if ...:"
    body: list[Stmt]
    orelse: list[tuple[str, list[Stmt]]] = field(default_factory=list)  # ("elif c:", body)
    loop: bool = False


Stmt = Line | Block


@dataclass
class Program:
    name: str
    params: list[tuple[str, str]]  # (name, hint); a hint "float = 1.5" has a default
    returns: str  # "int" | "float" | "tuple"
    prelude: list[str]
    body: list[Stmt]
    ret: str  # the final return expression
    features: frozenset[str]
    helpers: list[str] = field(default_factory=list)  # module functions it calls, as text

    def source(self) -> str:
        hints = ", ".join(f"{n}: {h}" for n, h in self.params)
        out = list(self.helpers)
        out += ["@transpile", f"def {self.name}({hints}) -> {HINTS[self.returns]}:"]
        out += [f"    {x}" for x in self.prelude]
        _render(self.body, 1, out)
        out.append(f"    return {self.ret}")
        return "\n".join(out) + "\n"

    def inputs(self, rng: random.Random) -> list[tuple]:
        """Argument specs: ("i", v), ("f", hex), ("fa", [hex]), ("ia", [v]), ("fm", r, c, [hex]);
        trailing parameters with defaults are left out at random."""
        n, r, c = rng.randint(1, 7), rng.randint(1, 4), rng.randint(1, 4)
        specs: list[tuple] = []
        for _, hint in self.params:
            hint = hint.split(" = ")[0]
            if hint == "int":
                specs.append(("i", _int(rng)))
            elif hint == "float":
                specs.append(("f", _float(rng).hex()))
            elif hint == "'float[:]'":
                specs.append(("fa", [_float(rng).hex() for _ in range(n)]))
            elif hint == "'int[:]'":
                specs.append(("ia", [_int(rng) for _ in range(n)]))
            else:
                specs.append(("fm", r, c, [_float(rng).hex() for _ in range(r * c)]))
        defaults = sum(" = " in h for _, h in self.params)
        return specs[:len(specs) - rng.randint(0, defaults)] if defaults else specs


def _render(stmts: list[Stmt], depth: int, out: list[str]) -> None:
    pad = "    " * depth
    for s in stmts:
        if isinstance(s, Line):
            out.append(pad + s.text)
            continue
        out.append(pad + s.header)
        _render(s.body or [Line("pass")], depth + 1, out)
        for head, body in s.orelse:
            out.append(pad + head)
            _render(body or [Line("pass")], depth + 1, out)


def _int(rng: random.Random) -> int:
    return rng.choice(SPECIAL_INTS) if rng.random() < 0.4 else rng.randint(-1000, 1000)


def _float(rng: random.Random) -> float:
    p = rng.random()
    if p < 0.35:
        return rng.choice(SPECIAL_FLOATS)
    if p < 0.7:
        return round(rng.uniform(-20, 20), rng.randint(0, 3))
    return rng.uniform(-1, 1) * 10.0 ** rng.randint(-30, 30)
