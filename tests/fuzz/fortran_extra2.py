"""The second half of the fuzzer's wider constructs (tests/fuzz/fortran_extra.py holds the
table and the declarations): transcendental functions, long reductions, more edit
descriptors, more bit and CHARACTER intrinsics. Arrays xa(37), xs(37) stay within [0.5, 1.5]
(every update maps them back), so products and sums of them are far from overflow."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.fuzz.fortran_programs import _Gen

_D = ("d1", "d2", "d3")
_I = ("i1", "i2", "i3")


def s_transcendental(g: _Gen) -> None:
    r = g.rng
    fn = r.choice(("sin", "cos", "exp", "log", "tanh", "atan2", "sqrt", "atan"))
    c = r.random()

    def arg(x: str) -> str:
        return {"exp": f"mod({x}, 20.0d0)", "log": f"(abs({x}) + 0.5d0)",
                "sqrt": f"abs({x})"}.get(fn, x)

    if c < 0.4:
        x = r.choice(_D)
        call = f"atan2({x}, {r.choice(_D)})" if fn == "atan2" else f"{fn}({arg(x)})"
        g.emit(f"{r.choice(_D)} = {call}")
    elif c < 0.6 and g.on("real4"):
        x = r.choice(("r1", "r2", "r3"))
        a = {"exp": f"mod({x}, 20.0)", "log": f"(abs({x}) + 0.5)",
             "sqrt": f"abs({x})"}.get(fn, x)
        call = f"atan2({x}, {r.choice(('r1', 'r2', 'r3'))})" if fn == "atan2" else f"{fn}({a})"
        g.emit(f"{r.choice(('r1', 'r2', 'r3'))} = {call}")
    elif c < 0.8:  # whole arrays, mapped back into [0.5, 1.5]
        call = "atan2(xa, xa(37:1:-1))" if fn == "atan2" else \
            f"{fn}(xa)"
        g.emit(f"xa = 1.0d0 + 0.5d0 * tanh({call} - 1.0d0)")
    else:
        call = "atan2(xs, xs(37:1:-1))" if fn == "atan2" else f"{fn}(xs)"
        g.emit(f"xs = 1.0 + 0.5 * tanh({call} - 1.0)")


def s_big_reductions(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    arr = r.choice(("xa", "xs"))
    if c < 0.2:
        g.emit(f"write(*, '(ES24.16E3)') sum({arr})" if arr == "xa" else f"print *, sum(xs)")
    elif c < 0.35:
        g.emit(f"write(*, '(ES24.16E3)') product({arr})" if arr == "xa" else
               "print *, product(xs)")
    elif c < 0.5:
        g.emit(f"print *, dot_product({arr}, {arr}(37:1:-1))")
    elif c < 0.6:
        g.emit(f"print *, maxloc({arr}), minloc({arr}), maxval({arr}), minval({arr})")
    elif c < 0.8:
        g.emit(f"print *, sum({arr}, mask={arr} > 1.0), sum({arr}(2:37:3))")
    else:
        g.emit(f"{arr} = 1.0 + mod({arr} * {r.choice(('1.7', '3.1', '0.9'))} + "
               f"{r.choice(('0.25', '0.5'))}, 0.5)")


def s_matmul_real(g: _Gen) -> None:
    """MATMUL of reals: libgfortran's blocked kernel (FMA where the CPU has it) is not NumPy's
    BLAS; docs/DIFFERENCES.md has the row, so this stays out of the bounded run."""
    if g.rng.random() < 0.5:
        g.emit("write(*, '(3ES24.16E3)') matmul(dm, transpose(dm))")
    else:
        g.emit("write(*, '(4ES24.16E3)') matmul(xm, xn)")


def s_fmt_more(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    i, d = r.choice(_I), r.choice(_D)
    if c < 0.15:
        g.emit(f"write(*, '({r.choice(('B0', 'O0', 'Z0', 'B12', 'O8.3', 'Z8.8'))})') "
               f"abs({i})")
    elif c < 0.3:
        g.emit(f"write(*, '(SP, I6, 1X, F10.3, SS, 1X, I4)') {i}, {d}, {r.choice(_I)}")
    elif c < 0.45:
        g.emit(f"write(*, '(I4, T12, F8.3, TL4, I3, TR2, I2)') {i}, {d}, {r.choice(_I)}, "
               f"mod({r.choice(_I)}, 50)")
    elif c < 0.55:
        g.emit(f"write(*, '(I5.3, /, EN14.4, /, 2X, F7.2)') {i}, {d}, {r.choice(_D)}")
    elif c < 0.75:  # reversion: more items than descriptors
        g.emit(f"write(*, '(2I6)') {', '.join(r.choice(_I) for _ in range(r.randint(3, 5)))}")
    elif c < 0.85:
        g.emit(f"write(*, '(\"[\", 3(I0, :, \",\"), \"]\")') "
               f"{', '.join(r.choice(_I) for _ in range(r.randint(1, 3)))}")
    else:
        g.emit(f"write(*, '(F{r.choice(('0.0', '0.1', '5.0', '9.4'))}, 1X, "
               f"E{r.choice(('10.3', '9.2E1', '12.4E4'))})') {d}, {r.choice(_D)}")


def s_bits_more(g: _Gen) -> None:
    r = g.rng
    a = g.iexpr(1)
    t = r.choice(_I)
    fn = r.choice(("ibset", "ibclr", "ibits", "popcnt", "leadz", "trailz", "ishftc", "not"))
    if fn in ("ibset", "ibclr"):
        g.emit(f"{t} = mod({fn}({a}, {r.randint(0, 30)}), 10007)")
    elif fn == "ibits":
        g.emit(f"{t} = ibits({a}, {r.randint(0, 8)}, {r.randint(1, 12)})")
    elif fn == "ishftc":
        g.emit(f"{t} = mod(ishftc({a}, {r.randint(-5, 5)}, {r.randint(6, 12)}), 10007)")
    elif fn == "not":
        g.emit(f"{t} = mod(not({a}), 10007)")
    else:
        g.emit(f"{t} = {fn}({a})")


def s_strings_more(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    s = r.choice(("s1", "s2"))
    if c < 0.2:
        g.emit(f"s3 = repeat(trim({s}), {r.randint(0, 3)}) // achar({r.randint(65, 90)})")
    elif c < 0.35:
        g.emit(f"{r.choice(_I)} = iachar({s}(1:1)) + scan(s3, '{r.choice(('ab', 'z', 'lo'))}'"
               f"{r.choice(('', ', .true.'))})")
    elif c < 0.5:
        g.emit(f"{r.choice(_I)} = verify(s3, '{r.choice(('ab', 'xyz ', 'Helo'))}')")
    elif c < 0.65:
        g.emit(f"s3 = adjustr({s})")
        g.emit("write(*, '(\"<\", A, \">\")') s3")
    elif c < 0.85:
        op = r.choice(("<", ">", "==", "/=", "<=", ">="))
        g.emit(f"lg = {s} {op} {r.choice(('s3', 's1', chr(39) + 'ab' + chr(39)))}")
        g.emit("print *, lg, lge(s1, s2), llt(s3, s1)")
    else:
        g.emit(f"print *, len(trim({s})), '{{' // {s}(2:4) // '}}'")
