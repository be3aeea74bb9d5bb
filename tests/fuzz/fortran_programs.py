"""Random self-checking Fortran programs for the Fortran -> Python differential fuzzer.

`generate(seed, features)` returns the free-form source of one PROGRAM (with external
procedures after it) that prints its state as it goes: gfortran's output is the reference,
the migrated Python must print the same bytes. Every value stays bounded (integers are reduced
with MOD before they could overflow, divisors are kept away from zero, square roots and real
powers take absolute values), so no program depends on overflow or on a trap.

Each construct sits behind a name in FEATURES; `SAFE` is what the bounded run in the test
suite uses (constructs refused or documented as differences are left out of it; see
KNOWN_BROKEN). The wider constructs (kinds, COMPLEX, intrinsics, sections, WHERE/FORALL,
SELECT CASE, module and internal procedures, derived types, CHARACTER, edit descriptors, STOP)
live in fortran_extra.py and fortran_extra2.py, each with its own variables; the program's
exit status and STOP's message are compared too (fortran_long.py).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from tests.fuzz import fortran_extra as extra

FEATURES = {
    "real4": "REAL (4-byte) variables, arithmetic and output",
    "double": "DOUBLE PRECISION variables, arithmetic and output",
    "parens": "parenthesised sub-expressions on associative operators: a*(b/c), a+(b+c)",
    "int_pow": "integer constant powers of reals and integers: x**2, x**3, i**2",
    "real_pow": "real powers: abs(x)**0.5, abs(x)**y",
    "intrinsics": "SQRT ABS MOD MAX MIN SIGN on reals",
    "real_mod": "MOD of REAL (4-byte) operands (else values are bounded with MIN/MAX)",
    "int_sign": "SIGN of integers, nested",
    "minmax_literal": "MIN and MAX of a REAL and a REAL literal: min(r, -0.5), "
                      "max(min(r, 10.0), -10.0) (else against REAL variables)",
    "literal_args": "constant expressions as the argument of an intrinsic or a power's "
                    "base: abs(0.5)**0.5, mod(0.1d0, 10.0d0)**4 (gfortran folds them)",
    "conversions": "DBLE REAL INT NINT between kinds",
    "mixed": "REAL and DOUBLE PRECISION (and INTEGER) operands in one expression",
    "int_div": "integer / (truncating) and MOD, on negative operands too",
    "loops": "DO loops with any step: positive, negative, empty",
    "loop_var_after": "a DO variable read after its loop",
    "if_else": "IF / ELSE IF / ELSE",
    "arrays": "arrays indexed in loops",
    "common": "a COMMON block shared by the program and a subroutine",
    "subroutine": "a subroutine changing its arguments",
    "function": "an external function",
    "fmt_es": "WRITE(*,'(ES24.16E3)')",
    "fmt_i0": "WRITE(*,'(I0)')",
    "fmt_f": "WRITE(*,'(F12.5)')",
    "list_directed": "PRINT * (list-directed output)",
    **extra.EXTRA,
}
ALL = frozenset(FEATURES)
# constructs out of the bounded run: refused at their location (forall_reads: a FORALL that
# reads other elements of the array it writes) or a documented row of docs/DIFFERENCES.md
# (matmul_real); int_sign, minmax_literal and literal_args have tests of their own in
# tests/migrate_semantics
KNOWN_BROKEN: frozenset[str] = frozenset({"forall_reads", "matmul_real"})
SAFE = ALL - KNOWN_BROKEN

_VARIABLE = re.compile(r"\b(i[123]|r[123]|d[123]|k[123]|ia|ra|da|cd|ci|lim10|lim1000)\b")
INTS = ("i1", "i2", "i3")
REALS = ("r1", "r2", "r3")
DOUBLES = ("d1", "d2", "d3")
LOOP_VARS = ("k1", "k2", "k3")
ASIZE = 8


@dataclass
class _Gen:
    rng: random.Random
    features: frozenset[str]
    lines: list[str] = field(default_factory=list)
    depth: int = 0
    busy_loops: list[str] = field(default_factory=list)  # DO variables in use (not assignable)

    def on(self, feature: str) -> bool:
        return feature in self.features

    # -- expressions: (text, type) where type is "i", "r" (REAL) or "d" (DOUBLE PRECISION)
    def literal(self, t: str) -> str:
        r = self.rng
        if t == "i":
            k = r.randint(-9, 12) if r.random() < 0.8 else r.randint(-30, -1)
            return str(k) if k >= 0 else f"({k})"
        mant = r.choice(("0.5", "1.5", "2.25", "0.1", "3.0", "0.3", "7.125", "1.1", "0.7"))
        text = f"{mant}d0" if t == "d" else mant
        return f"(-{text})" if r.random() < 0.2 else text

    def leaf(self, t: str) -> str:
        r = self.rng
        if r.random() < 0.3:
            return self.literal(t)
        pool = {"i": INTS, "r": REALS, "d": DOUBLES}[t]
        if r.random() < 0.25 and self.on("arrays"):
            a = {"i": "ia", "r": "ra", "d": "da"}[t]
            return f"{a}({self.index()})"
        if r.random() < 0.2 and self.on("common") and t in ("d", "i"):
            return "cd(2)" if t == "d" else "ci"
        return r.choice(pool)

    def index(self) -> str:
        k = self.rng.choice(self.busy_loops) if self.busy_loops else self.rng.choice(INTS)
        return f"1 + mod(abs({k}), {ASIZE})"

    def iexpr(self, depth: int = 2) -> str:
        """An integer expression of magnitude below 10**7."""
        r = self.rng
        if depth <= 0 or r.random() < 0.3:
            return self.leaf("i") if r.random() < 0.8 or not self.busy_loops else \
                r.choice(self.busy_loops)
        choice = r.random()
        a = self.iexpr(depth - 1)
        if choice < 0.3:
            return f"({a} {r.choice('+-')} {self.iexpr(depth - 1)})"
        if choice < 0.45:
            k = r.randint(-7, 9)
            return f"({a} * {k if k >= 0 else f'({k})'})"
        if choice < 0.6 and self.on("int_div"):
            return f"({a} / (abs({self.iexpr(depth - 1)}) + 1))" if r.random() < 0.5 else \
                f"({a} / ({r.choice((-3, -2, 2, 3, 5, 7))}))"
        if choice < 0.72 and self.on("int_div"):
            return f"mod({a}, {r.choice((-7, -3, 2, 3, 5, 11))})"
        if choice < 0.8 and self.on("int_pow"):
            return f"(mod({a}, 100)**{r.choice((2, 3))})"
        if choice < 0.9 and self.on("conversions"):
            ft = r.choice(self.float_types())
            return f"{r.choice(('int', 'nint'))}({self.bound(self.fexpr(ft, depth - 1), ft)})"
        if r.random() < 0.4 and self.on("int_sign"):
            return f"sign({a}, {self.iexpr(depth - 1)})"
        return f"{r.choice(('max', 'min'))}({a}, {self.iexpr(depth - 1)})"

    def arg(self, e: str, t: str) -> str:
        """`e` as an intrinsic's argument or a power's base: a constant expression only with
        'literal_args' (gfortran folds those at compile time, in their kind, correctly rounded;
        transpyle/passes/fortran_fold.py does the same)."""
        if not self.on("literal_args") and not _VARIABLE.search(e):
            return f"({e} + {self.rng.choice(REALS if t == 'r' else DOUBLES)})"
        return e

    def bound(self, e: str, t: str, limit: int = 1000) -> str:
        """`e` brought within +-limit: MOD, or MIN and MAX where REAL's MOD is off."""
        lit = f"{limit}.0{'d0' if t == 'd' else ''}"
        e = self.arg(e, t)
        if t == "d" or self.on("real_mod"):
            return f"mod({e}, {lit})"
        if self.on("minmax_literal"):
            return f"max(min({e}, {lit}), -{lit})"
        return f"max(min({e}, lim{limit}), -lim{limit})"  # REAL variables: MIN keeps the kind

    def float_types(self) -> list[str]:
        return [t for t, f in (("r", "real4"), ("d", "double")) if self.on(f)] or ["d"]

    def fexpr(self, t: str, depth: int = 3) -> str:
        """A float expression of type `t`; its value stays far from overflow."""
        r = self.rng
        if depth <= 0 or r.random() < 0.25:
            if r.random() < 0.1:
                return f"{'dble' if t == 'd' else 'real'}({self.leaf('i')})" \
                    if self.on("conversions") else self.leaf(t)
            if r.random() < 0.15 and self.on("mixed") and t == "d" and self.on("real4"):
                return f"({self.leaf(t)} + {self.leaf('r')})"
            return self.leaf(t)
        choice = r.random()
        a = self.fexpr(t, depth - 1)
        if choice < 0.35:
            b = self.fexpr(t, depth - 1)
            op = r.choice("+-*")
            if self.on("parens") and r.random() < 0.5:
                c = self.fexpr(t, depth - 2)
                inner = r.choice(("+", "-", "*", "/"))
                if inner == "/":
                    c = f"(abs({self.arg(c, t)}) + 0.5{'d0' if t == 'd' else ''})"
                return f"({a} {op} ({b} {inner} {c}))"
            return f"({a} {op} {b})"
        if choice < 0.45:
            half = "0.5d0" if t == "d" else "0.5"
            return f"({a} / (abs({self.arg(self.fexpr(t, depth - 1), t)}) + {half}))"
        a = self.arg(a, t)
        if choice < 0.55 and self.on("int_pow"):
            k = r.choice((2, 3, -1, 4))
            base = self.bound(a, t, 10) if k > 0 else \
                f"(abs({self.bound(a, t, 10)}) + 0.5{'d0' if t == 'd' else ''})"  # never 0**-1
            return f"({base}**{k if k > 0 else f'({k})'})" \
                if r.random() < 0.3 else f"({self.arg(self.leaf(t), t)}**{r.choice((2, 3, 2))})"
        if choice < 0.6 and self.on("real_pow"):
            y = r.choice(("0.5", "1.5", "0.25", "2.5"))
            return f"({self.bound(f'abs({a})', t, 10)}**{y}{'d0' if t == 'd' else ''})"
        if choice < 0.8 and self.on("intrinsics"):
            fn = r.choice(("sqrt", "abs", "mod", "max", "min", "sign"))
            a = self.arg(a, t)
            if fn == "sqrt":
                return f"sqrt(abs({a}))"
            if fn == "mod" and (t == "d" or self.on("real_mod")):
                return f"mod({a}, {r.choice(('1.5', '2.0', '0.7', '3.25'))}" \
                       f"{'d0' if t == 'd' else ''})"
            if fn in ("mod", "abs"):
                return f"abs({a})"
            b = self.fexpr(t, depth - 1)
            if t == "r" and fn in ("max", "min") and not self.on("minmax_literal") \
                    and not _VARIABLE.search(b):
                b = f"({b} + {r.choice(REALS)})"
            return f"{fn}({a}, {b})"
        if choice < 0.9 and self.on("conversions"):
            if t == "d" and self.on("real4"):
                return f"dble({self.fexpr('r', depth - 1)})"
            if t == "r" and self.on("double"):
                return f"real({self.fexpr('d', depth - 1)})"
        if self.on("mixed") and t == "d" and self.on("real4"):
            return f"({a} * {self.fexpr('r', depth - 1)})"
        return f"({a} + {self.literal(t)})"

    # -- statements
    def emit(self, text: str) -> None:
        self.lines += wrap("  " * (self.depth + 1) + text)

    def assign(self) -> None:
        r = self.rng
        kinds = ["i", *self.float_types()]
        t = r.choice(kinds)
        if t == "i":
            target = r.choice(INTS)
            if self.on("arrays") and r.random() < 0.3:
                target = f"ia({self.index()})"
            self.emit(f"{target} = mod({self.iexpr()}, 10007)")
            return
        pool = REALS if t == "r" else DOUBLES
        target = r.choice(pool)
        if self.on("arrays") and r.random() < 0.3:
            target = f"{'ra' if t == 'r' else 'da'}({self.index()})"
        value = self.fexpr(t)
        if self.busy_loops:  # keep values bounded however often the loop runs
            value = self.bound(value, t)
        self.emit(f"{target} = {value}")

    def output(self) -> None:
        r = self.rng
        forms = [f for f in ("fmt_es", "fmt_i0", "fmt_f", "list_directed") if self.on(f)]
        if not forms:
            return
        form = r.choice(forms)
        floats = [v for t in self.float_types() for v in (REALS if t == "r" else DOUBLES)]
        if form == "fmt_es":
            self.emit(f"write(*, '(ES24.16E3)') {r.choice(floats)}")
        elif form == "fmt_f":
            self.emit(f"write(*, '(F12.5)') {r.choice(floats)}")
        elif form == "fmt_i0":
            self.emit(f"write(*, '(I0)') {r.choice(INTS)}")
        else:
            values = r.sample([*INTS, *floats], k=r.randint(1, 3))
            self.emit(f"print *, {', '.join(values)}")

    def loop(self, budget: int) -> None:
        r = self.rng
        free = [k for k in LOOP_VARS if k not in self.busy_loops]
        if not free:
            return self.assign()
        k = free[0]
        start, step = r.randint(-4, 6), r.choice((1, 1, 2, 3, -1, -2))
        stop = start + step * r.randint(-1, 5)  # sometimes empty
        head = f"do {k} = {start}, {stop}" + (f", {step}" if step != 1 else "")
        self.emit(head)
        self.depth += 1
        self.busy_loops.append(k)
        self.block(max(1, budget))
        self.busy_loops.pop()
        self.depth -= 1
        self.emit("end do")
        if self.on("loop_var_after"):
            self.emit(f"write(*, '(I0)') {k}" if self.on("fmt_i0") else f"print *, {k}")

    def branch(self, budget: int) -> None:
        r = self.rng
        t = r.choice(self.float_types())
        self.emit(f"if ({self.fexpr(t, 2)} {r.choice(('<', '>', '<=', '>=', '/='))} "
                  f"{self.fexpr(t, 1)}) then")
        self.depth += 1
        self.block(budget)
        self.depth -= 1
        if r.random() < 0.3:
            self.emit(f"else if ({self.iexpr(1)} > {self.iexpr(1)}) then")
            self.depth += 1
            self.block(budget)
            self.depth -= 1
        if r.random() < 0.6:
            self.emit("else")
            self.depth += 1
            self.block(budget)
            self.depth -= 1
        self.emit("end if")

    def call(self) -> None:
        r = self.rng
        if self.on("subroutine"):
            x, y = r.sample(DOUBLES, 2)  # distinct: an argument aliased by another is not Fortran
            self.emit(f"call step({x}, {y}, {r.choice(INTS)})")
        if self.on("function"):
            self.emit(f"{r.choice(DOUBLES)} = mod(twice({r.choice(DOUBLES)}, "
                      f"{r.choice(INTS)}), 1000.0d0)")

    def statement(self, budget: int) -> None:
        r = self.rng
        choice = r.random()
        nested = self.depth < 3 and budget > 1
        if choice < 0.15 and self.on("loops") and nested:
            self.loop(budget // 2)
        elif choice < 0.27 and self.on("if_else") and nested:
            self.branch(budget // 2)
        elif choice < 0.35 and (self.on("subroutine") or self.on("function")):
            self.call()
        elif choice < 0.6 and self.extras():
            extra.STATEMENTS[r.choice(self.extras())](self)
        elif choice < 0.7:
            self.output()
        else:
            self.assign()

    def extras(self) -> list[str]:
        return [f for f in extra.EXTRA if f in self.features]

    def block(self, n: int) -> None:
        for _ in range(self.rng.randint(1, max(1, n))):
            self.statement(n - 1)


def wrap(line: str, width: int = 100) -> list[str]:
    """`line` with `&` continuations at spaces (the programs have no blanks in strings but
    in formats, which come first on their line)."""
    out = []
    while len(line) > width:
        cut = line.rfind(" ", 40, width)
        if cut < 0:
            break
        out.append(line[:cut] + " &")
        line = "      " + line[cut + 1:]
    return out + [line]


def _declarations(g: _Gen) -> list[str]:
    lines = [f"  integer :: {', '.join(INTS)}, {', '.join(LOOP_VARS)}"]
    if g.on("real4"):
        lines.append(f"  real :: {', '.join(REALS)}, lim10, lim1000")
    lines.append(f"  double precision :: {', '.join(DOUBLES)}")
    if g.on("arrays"):
        lines.append(f"  integer :: ia({ASIZE})")
        lines.append(f"  real :: ra({ASIZE})" if g.on("real4") else "")
        lines.append(f"  double precision :: da({ASIZE})")
    if g.on("common"):
        lines += ["  double precision :: cd(3)", "  integer :: ci", "  common /blk/ cd, ci"]
    if g.on("function"):
        lines.append("  double precision, external :: twice")
    return [x for x in lines + extra.declarations(g) if x]


def _initial_values(g: _Gen) -> list[str]:
    r = g.rng
    out = [f"  {v} = {r.randint(-20, 20)}" for v in (*INTS, *LOOP_VARS)]
    out += [f"  {v} = {g.literal('r')}" for v in REALS if g.on("real4")]
    out += ["  lim10 = 10.0", "  lim1000 = 1000.0"] if g.on("real4") else []
    out += [f"  {v} = {g.literal('d')}" for v in DOUBLES]
    if g.on("arrays"):
        out.append(f"  ia = [{', '.join(str(r.randint(-20, 20)) for _ in range(ASIZE))}]")
        if g.on("real4"):
            out.append(f"  ra = [{', '.join(g.literal('r') for _ in range(ASIZE))}]")
        out.append(f"  da = [{', '.join(g.literal('d') for _ in range(ASIZE))}]")
    if g.on("common"):
        out += ["  cd = [1.5d0, -2.25d0, 0.75d0]", f"  ci = {r.randint(-9, 9)}"]
    return out + extra.initial_values(g)


def _final_output(g: _Gen) -> list[str]:
    out = []
    floats = [*REALS] if g.on("real4") else []
    floats += DOUBLES
    for v in floats:
        out.append(f"  write(*, '(ES24.16E3)') {v}")
    out.append(f"  print *, {', '.join(INTS)}")
    if g.on("arrays"):
        out.append("  print *, ia")
        out.append("  write(*, '(4ES24.16E3)') da")
    if g.on("common"):
        out.append("  write(*, '(3ES24.16E3)') cd")
        out.append("  print *, ci")
    return out


def _procedures(g: _Gen) -> list[str]:
    out: list[str] = []
    if g.on("subroutine"):
        body = ["  y = mod(x * 0.5d0 + y - dble(n), 1000.0d0)", "  n = mod(n * 3 + 1, 10007)"]
        if g.on("common"):
            body += ["  cd(1) = mod(cd(1) + x, 100.0d0)", "  ci = mod(ci + n, 997)"]
        out += ["", "subroutine step(x, y, n)", "  implicit none",
                "  double precision, intent(in) :: x", "  double precision, intent(inout) :: y",
                "  integer, intent(inout) :: n"]
        if g.on("common"):
            out += ["  double precision :: cd(3)", "  integer :: ci", "  common /blk/ cd, ci"]
        out += [*body, "end subroutine step"]
    if g.on("function"):
        out += ["", "double precision function twice(x, n)", "  implicit none",
                "  double precision, intent(in) :: x", "  integer, intent(in) :: n",
                "  twice = 2.0d0 * x + dble(mod(n, 5))", "end function twice"]
    return out


def generate(seed: int, features: frozenset[str] = SAFE, size: int = 8) -> str:
    """The source of program number `seed`: the same seed and features give the same text."""
    g = _Gen(random.Random(seed), frozenset(features))
    for _ in range(size):
        g.statement(size // 2)
    head = [*extra.module(g), "program fuzz", *extra.uses(g), "  implicit none"]
    body = [*_declarations(g), *_initial_values(g), *g.lines, *_final_output(g)]
    return "\n".join([*head, *body, *extra.finals(g), *extra.internal(g), "end program fuzz",
                      *_procedures(g), ""])
