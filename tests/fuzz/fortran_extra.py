"""The wider constructs of the Fortran fuzzer (tests/fuzz/fortran_programs.py): integer and
complex kinds, bit and rounding intrinsics, array reductions and sections, WHERE/FORALL,
SELECT CASE, EXIT/CYCLE, module and internal procedures, derived types, CHARACTER, edit
descriptors and STOP codes. Each sits behind a name in EXTRA; each has its own variables,
declared, set and printed only when its feature is on, so the features combine freely.

Values stay bounded as in the base generator: INTEGER(1) within +-60 (a sum of two fits),
INTEGER(2) within +-300, INTEGER(8) below 10**12 before a product with a default integer,
complex parts reduced with MOD after every assignment, divisors kept away from zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.fuzz import fortran_extra2 as extra2

if TYPE_CHECKING:
    from tests.fuzz.fortran_programs import _Gen

EXTRA = {
    "int_kinds": "INTEGER(1), (2), (8) variables, kind conversions INT(x, k), mixed-kind "
                 "arithmetic and MIN/MAX of mixed kinds",
    "complex": "COMPLEX and COMPLEX(8): + - * /, CMPLX REAL AIMAG CONJG ABS, kind conversion",
    "int_bits": "MODULO DIM IAND IOR IEOR ISHFT BTEST on integers",
    "rounding": "ANINT AINT FLOOR CEILING NINT DIM MODULO SIGN on reals",
    "reductions": "SUM PRODUCT MAXVAL MINVAL COUNT ANY ALL with DIM and MASK on a 2-D array",
    "matrix": "MATMUL DOT_PRODUCT TRANSPOSE RESHAPE PACK MERGE",
    "sections": "array sections with strides (negative too), WHERE/ELSEWHERE, FORALL",
    "exit_cycle": "DO loops with variable steps, EXIT and CYCLE, DO WHILE",
    "select_case": "SELECT CASE on integers (ranges, lists, DEFAULT) and on CHARACTER",
    "module_procs": "a module's subroutine and function with INTENT(IN/OUT/INOUT), and an "
                    "internal function reading a host variable",
    "derived": "a derived type with scalar, array and CHARACTER components; copies",
    "strings": "CHARACTER variables: substrings, //, TRIM ADJUSTL LEN_TRIM INDEX LEN",
    "edit_descriptors": "formatted WRITE with I F E ES G A L X edit descriptors and repeat counts",
    "list_all": "list-directed PRINT of every kind (LOGICAL, INTEGER(1/2/8), COMPLEX, CHARACTER)",
    "stop_code": "the program ends with STOP n or ERROR STOP n (exit status and message)",
    "forall_reads": "FORALL assignments that read other elements of the array they write",
    "transcendental": "SIN COS EXP LOG TANH ATAN2 of REAL and DOUBLE PRECISION, scalars and "
                      "whole arrays",
    "big_reductions": "SUM PRODUCT DOT_PRODUCT MAXLOC MINLOC MAXVAL MINVAL of 37-element "
                      "arrays, with MASK and strided sections",
    "matmul_real": "MATMUL of DOUBLE PRECISION matrices (3x4 by 4x3, 5x6 by 6x4)",
    "fmt_more": "B O Z SP SS T TR TL / Iw.m EN edit descriptors, format reversion, ':'",
    "bits_more": "IBSET IBCLR IBITS POPCNT LEADZ TRAILZ ISHFTC NOT",
    "strings_more": "REPEAT ACHAR IACHAR SCAN VERIFY ADJUSTR and lexical comparisons",
    **extra2.EXTRA2,
}

BYTES = ("b1", "b2")
SHORTS = ("h1", "h2")
LONGS = ("j1", "j2")
CPLX = ("z1", "z2")
CPLX8 = ("w1", "w2")
WORDS = ("'ab'", "'xyz'", "'Hello'", "'q'", "'fortran'", "'a-b'", "''", "'zz9'")


def _signed(k: int) -> str:
    return str(k) if k >= 0 else f"({k})"


def _iv(g: _Gen) -> str:
    """A default-integer leaf or small expression of the base generator."""
    return g.iexpr(1)


def _dv(g: _Gen) -> str:
    return g.bound(g.fexpr("d", 2), "d", 100)


# -- statements, one function a feature: each emits one statement or a short group
def s_int_kinds(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    if c < 0.25:
        g.emit(f"{r.choice(BYTES)} = int(mod({_iv(g)}, 61), 1)")
    elif c < 0.4:
        a, b = r.choice(BYTES), r.choice(BYTES)
        g.emit(f"{r.choice(BYTES)} = int(mod({a} {r.choice('+-')} {b}, 61), 1)")
    elif c < 0.55:
        g.emit(f"{r.choice(SHORTS)} = int(mod({_iv(g)} + {r.choice(BYTES)} * "
               f"{r.choice(SHORTS)}, 300), 2)")
    elif c < 0.7:
        j = r.choice(LONGS)
        g.emit(f"{j} = mod({r.choice(LONGS)} * int({r.choice(g_ints())}, 8) + "
               f"{r.choice(('1234567890123_8', '(-987654321_8)', '3_8', '2147483647_8'))}, "
               f"999999999989_8)")
    elif c < 0.8:
        g.emit(f"{r.choice(g_ints())} = int(mod({r.choice(LONGS)}, 100000_8)) + "
               f"{r.choice(BYTES)} - {r.choice(SHORTS)}")
    elif c < 0.9:
        g.emit(f"{r.choice(g_ints())} = {r.choice(('max', 'min'))}({r.choice(BYTES)}, "
               f"{r.choice(SHORTS)}, {r.choice(g_ints())})")
    elif c < 0.92:
        g.emit(f"write(*, '(I22, 1X, SP, I21.19, SS)') {r.choice(LONGS)} * 9973_8, "
               f"{r.choice(LONGS)}")
    elif c < 0.96 or not g.on("real4"):
        g.emit(f"{r.choice(('d1', 'd2', 'd3'))} = dble({r.choice(LONGS)}) / 7.0d0 + "
               f"real({r.choice(SHORTS)}, 8)")
    else:  # past 2**53: one rounding to REAL(4)
        j = f"({r.choice(LONGS)} * {r.choice(('4099_8', '8191_8', '(-65537_8)'))} + " \
            f"9007199254740993_8)"
        g.emit(f"{r.choice(('r1', 'r2', 'r3'))} = {r.choice(('real', 'cmplx'))}({j})"
               if r.random() < 0.5 else f"r{r.randint(1, 3)} = r{r.randint(1, 3)} * 0.0 + {j}")


def g_ints() -> tuple[str, ...]:
    return ("i1", "i2", "i3")


def _cexpr(g: _Gen, kind: int, depth: int = 2) -> str:
    r = g.rng
    pool = CPLX8 if kind == 8 else CPLX
    d = "d0" if kind == 8 else ""
    if depth <= 0 or r.random() < 0.3:
        c = r.random()
        if c < 0.6:
            return r.choice(pool)
        if c < 0.8:
            return f"({r.choice(('1.5', '-0.5', '0.25', '2.0'))}{d}, " \
                   f"{r.choice(('0.5', '-1.25', '3.0', '0.1'))}{d})"
        if kind == 8:
            return f"cmplx({_dv(g)}, {r.choice(('d1', 'd2', 'd3'))}, 8)"
        return f"cmplx({r.choice(g_ints())}, 2)" if r.random() < 0.5 else \
            f"cmplx({r.choice(('z1', 'z2'))})"
    a = _cexpr(g, kind, depth - 1)
    c = r.random()
    if c < 0.4:
        return f"({a} {r.choice('+-*')} {_cexpr(g, kind, depth - 1)})"
    if c < 0.55:
        b = _cexpr(g, kind, depth - 1)
        return f"({a} / cmplx(abs(real({b})) + 1.0{d}, aimag({b}), {kind}))"
    if c < 0.65:
        return f"conjg({a})"
    if c < 0.75:
        return f"({a} * {r.choice(('2', '(-3)', 'i1'))})"
    if c < 0.85:
        other = _cexpr(g, 4 if kind == 8 else 8, depth - 1)
        return f"({a} + {other})"  # mixed kinds: the wider one
    return f"({a} * {r.choice(('0.5', '2.0', '1.5'))}{d})"


def s_complex(g: _Gen) -> None:
    r = g.rng
    kind = r.choice((4, 8))
    pool = CPLX8 if kind == 8 else CPLX
    d = "d0" if kind == 8 else ""
    c = r.random()
    if c < 0.7:
        e = _cexpr(g, kind)
        g.emit(f"ztmp{kind} = {e}")
        g.emit(f"{r.choice(pool)} = cmplx(mod(real(ztmp{kind}), 100.0{d}), "
               f"mod(aimag(ztmp{kind}), 100.0{d}), {kind})")
    elif c < 0.85:
        target = r.choice(("d1", "d2", "d3"))
        fn = r.choice(("abs", "real", "aimag"))
        g.emit(f"{target} = {fn}({r.choice((*CPLX, *CPLX8))})")
    else:
        g.emit(f"{r.choice(pool)} = {r.choice(CPLX if kind == 8 else CPLX8)}")


def s_int_bits(g: _Gen) -> None:
    r = g.rng
    a, b = _iv(g), _iv(g)
    fn = r.choice(("modulo", "dim", "iand", "ior", "ieor", "ishft", "btest", "mod"))
    t = r.choice(g_ints())
    if fn in ("modulo", "mod"):
        g.emit(f"{t} = {fn}({a}, {r.choice(('7', '(-3)', '5', '(-11)'))})")
    elif fn == "dim":
        g.emit(f"{t} = dim({a}, {b})")
    elif fn == "ishft":
        g.emit(f"{t} = mod(ishft({a}, {r.randint(-6, 6)}), 10007)")
    elif fn == "btest":
        g.emit(f"if (btest({a}, {r.randint(0, 8)})) {t} = {t} + 1")
    else:
        g.emit(f"{t} = {fn}({a}, {b})")


def s_rounding(g: _Gen) -> None:
    r = g.rng
    x = _dv(g)
    fn = r.choice(("anint", "aint", "floor", "ceiling", "nint", "dim", "modulo", "sign"))
    if fn in ("floor", "ceiling", "nint"):
        g.emit(f"{r.choice(g_ints())} = {fn}({x})")
    elif fn in ("anint", "aint"):
        g.emit(f"{r.choice(('d1', 'd2', 'd3'))} = {fn}({x})")
    elif fn == "modulo":
        g.emit(f"{r.choice(('d1', 'd2', 'd3'))} = modulo({x}, "
               f"{r.choice(('1.5d0', '-2.0d0', '0.7d0'))})")
    else:
        g.emit(f"{r.choice(('d1', 'd2', 'd3'))} = {fn}({x}, {_dv(g)})")
    if g.on("real4") and r.random() < 0.4:
        g.emit(f"r{r.randint(1, 3)} = {r.choice(('anint', 'aint'))}(r{r.randint(1, 3)} * 2.5)")


_RED = ("sum", "product", "maxval", "minval")


def s_reductions(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    arr = r.choice(("m", "dm"))
    mask = r.choice(("", f", mask={arr} > 0", f", mask=m /= {r.randint(-3, 3)}"))
    if c < 0.35:
        fn = r.choice(_RED)
        src = "m(1:2, :)" if fn == "product" and arr == "m" else arr
        if mask and src != arr:
            mask = f", mask=m(1:2, :) > {r.randint(-2, 2)}"
        g.emit(f"print *, {fn}({src}, dim={r.randint(1, 2)}{mask})")
    elif c < 0.55:
        fn = r.choice(("sum", "maxval", "minval"))
        g.emit(f"print *, {fn}({arr}{mask})")
    elif c < 0.75:
        fn = r.choice(("count", "any", "all"))
        dim = r.choice(("", ", dim=1", ", dim=2"))
        g.emit(f"print *, {fn}({arr} > {r.randint(-2, 2)}{dim})")
    elif c < 0.9:
        k = r.randint(1, 3)
        g.emit(f"m({k}, :) = mod(m({k}, :) * {_signed(r.randint(-3, 3))} + "
               f"{r.choice(g_ints())}, 10)")
    else:
        k = r.randint(1, 4)
        g.emit(f"dm(:, {k}) = mod(dm(:, {k}) * 1.5d0 + {r.choice(('d1', 'd2', 'd3'))}, "
               f"10.0d0)")


def s_matrix(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    if c < 0.2:
        g.emit("print *, matmul(m, transpose(m))")
    elif c < 0.5:
        g.emit(f"{r.choice(('d1', 'd2', 'd3'))} = mod(dot_product(dm(:, {r.randint(1, 4)}), "
               f"dm(:, {r.randint(1, 4)})), 1000.0d0)")
    elif c < 0.65:
        g.emit(f"m = reshape([({r.choice(g_ints())} + k4 * {_signed(r.randint(-2, 3))}, "
               f"k4 = 1, 12)], "
               f"[3, 4]) / 3")
        g.emit("m = mod(m, 10)")
    elif c < 0.8:
        g.emit(f"print *, pack(m, m > {r.randint(-3, 3)})")
    elif c < 0.9:
        g.emit(f"{r.choice(g_ints())} = merge({_iv(g)}, {_iv(g)}, "
               f"{r.choice(('d1', 'd2'))} > {r.choice(('d2', 'd3'))})")
    elif r.random() < 0.5:
        g.emit(f"print *, merge(m, -m, m > {r.randint(-2, 2)})")
    else:
        g.emit(f"print *, merge(1, 0, m > {r.randint(-2, 2)}), merge(1.5, -0.5, dm > 0.0d0)")


def s_sections(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    if not g.on("arrays"):
        return
    if c < 0.3:
        lo, hi = r.randint(1, 4), r.randint(5, 8)
        st = r.choice((1, 2, 3))
        n = len(range(lo, hi + 1, st))
        hi2 = r.randint(n, 8)
        src = f"ia({hi2}:{hi2 - n + 1}:-1)"
        g.emit(f"ia({lo}:{hi}:{st}) = mod({src} * {_signed(r.randint(-3, 3))} + 1, 1000)")
    elif c < 0.5:
        g.emit(f"print *, ia({r.randint(6, 8)}:{r.randint(1, 3)}:-{r.randint(1, 2)})")
    elif c < 0.7:
        g.emit(f"where (da > {r.choice(('0.0d0', 'd1', '1.5d0'))})")
        g.emit("  da = mod(da * 0.5d0 + d2, 100.0d0)")
        if r.random() < 0.6:
            g.emit("elsewhere")
            g.emit(f"  da = da + {r.choice(('1.0d0', 'd3', '(-0.25d0)'))}")
        g.emit("end where")
    elif c < 0.85:
        g.emit(f"forall (k4 = 1:{ASIZE}) ia(k4) = mod(ia(k4) * k4 + {r.choice(g_ints())}, 1000)")
    else:
        g.emit(f"forall (k4 = 1:{ASIZE}:2, ia(k4) > {r.randint(-3, 3)}) ia(k4) = -ia(k4)")


def s_forall_reads(g: _Gen) -> None:
    r = g.rng
    if not g.on("arrays"):
        return
    if r.random() < 0.5:
        g.emit(f"forall (k4 = 1:{ASIZE}) ia(k4) = mod(ia({ASIZE} + 1 - k4) + k4, 1000)")
    else:
        g.emit(f"forall (k4 = 2:{ASIZE}, da(k4 - 1) > 0.0d0) da(k4) = mod(da(k4 - 1) * 1.5d0 + "
               f"da(k4), 100.0d0)")


ASIZE = 8


def s_exit_cycle(g: _Gen) -> None:
    r = g.rng
    if r.random() < 0.7:
        g.emit(f"k5 = sign(1 + mod(abs({r.choice(g_ints())}), 3), {r.choice(g_ints())})")
        g.emit(f"do k4 = {r.choice(g_ints())}, {r.randint(-8, 8)} + i2, k5")
        t = r.choice(g_ints())
        g.emit(f"  if (mod(k4, {r.randint(2, 4)}) == 0) cycle")
        g.emit(f"  {t} = mod({t} + k4 * 3, 10007)")
        g.emit(f"  if ({t} > {r.randint(0, 50)}) exit")
        g.emit("end do")
        g.emit("print *, k4, " + t)
    else:
        g.emit(f"k4 = {r.randint(0, 5)}")
        g.emit(f"do while (k4 < {r.randint(3, 12)})")
        g.emit(f"  k4 = k4 + {r.randint(1, 3)}")
        g.emit("  d1 = mod(d1 * 1.25d0 + dble(k4), 1000.0d0)")
        g.emit("end do")
        g.emit("print *, k4, d1")


def s_select_case(g: _Gen) -> None:
    r = g.rng
    if g.on("strings") and r.random() < 0.3:
        g.emit("select case (trim(s1))")
        g.emit("case ('ab', 'xyz')")
        g.emit("  i1 = i1 + 1")
        g.emit("case ('b':'h')")
        g.emit("  i2 = i2 - 1")
        g.emit("case default")
        g.emit("  i3 = mod(i3 * 2, 10007)")
        g.emit("end select")
        return
    g.emit(f"select case (mod({_iv(g)}, 9))")
    g.emit(f"case (:{r.randint(-6, -1)})")
    g.emit(f"  i1 = mod(i1 + {r.randint(1, 9)}, 10007)")
    g.emit(f"case (0, {r.randint(1, 2)})")
    g.emit("  i2 = mod(i2 * 2 - 1, 10007)")
    g.emit(f"case ({r.randint(3, 4)}:{r.randint(5, 6)})")
    g.emit("  d1 = mod(d1 + 0.5d0, 100.0d0)")
    if r.random() < 0.7:
        g.emit("case default")
        g.emit("  i3 = i3 - 1")
    g.emit("end select")


def s_module_procs(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    if c < 0.4:
        a, b = r.sample(("d1", "d2", "d3"), 2)
        g.emit(f"call mstep({_dv(g)}, {a}, {b}, {r.choice(g_ints())})")
    elif c < 0.7:
        g.emit(f"{r.choice(('d1', 'd2', 'd3'))} = mscale({_dv(g)}, {r.randint(-3, 3)})")
    else:
        g.emit(f"{r.choice(g_ints())} = mod(inner({_iv(g)}), 10007)")


def s_derived(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    if c < 0.25:
        g.emit(f"p%n = mod(p%n * 3 + {_iv(g)}, 10007)")
    elif c < 0.5:
        g.emit(f"p%x({r.randint(1, 3)}) = {_dv(g)}")
    elif c < 0.6:
        g.emit(f"p%tag = {r.choice(WORDS)}")
    elif c < 0.8:
        g.emit("q = p")
        g.emit("p%x = p%x + 1.0d0")
        g.emit("p%n = p%n + 1")
    else:
        g.emit(f"{r.choice(('d1', 'd2', 'd3'))} = mod(q%x({r.randint(1, 3)}) * dble(q%n), "
               f"1000.0d0)")


def s_strings(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    s = r.choice(("s1", "s2"))
    if c < 0.2:
        g.emit(f"{s} = {r.choice(WORDS)}")
    elif c < 0.35:
        g.emit(f"s3 = trim({r.choice(('s1', 's2'))}) // {r.choice(WORDS)} // "
               f"{r.choice(('s1', 's2'))}")
    elif c < 0.5:
        a = r.randint(1, 6)
        g.emit(f"{s} = s3({a}:{a + r.randint(-1, 6)})")
    elif c < 0.6:
        a = r.randint(1, 7)
        g.emit(f"{s}({a}:{a + r.randint(0, 1)}) = {r.choice(WORDS)}")
    elif c < 0.75:
        fn = r.choice(("index", "len_trim", "len"))
        arg = f"s3, {r.choice(WORDS)}" if fn == "index" else r.choice(("s1", "s2", "s3"))
        if fn == "index" and r.random() < 0.3:
            arg += ", .true."
        g.emit(f"{r.choice(g_ints())} = {fn}({arg})")
    elif c < 0.85:
        g.emit(f"s3 = adjustl('  ' // {s})")
        g.emit("write(*, '(A, \"|\")') s3")
    else:
        g.emit(f"print *, {s}, '|', trim(s3), len_trim(s3)")


def _edit(g: _Gen, kind: str) -> str:
    r = g.rng
    if kind == "i":
        return r.choice(("I0", "I6", "I3", "I8.4", "I1"))
    if kind == "d":
        return r.choice(("F12.5", "F0.3", "F8.2", "E14.6", "E12.4E3", "ES14.6", "ES10.2",
                         "G14.6", "G12.4E2", "G0", "F6.1", "EN14.4", "D16.8", "ES12.3E0",
                         "E9.3E0"))
    if kind == "l":
        return r.choice(("L1", "L3"))
    return r.choice(("A", "A3", "A12"))


def s_edit_descriptors(g: _Gen) -> None:
    r = g.rng
    items: list[tuple[str, str]] = []
    for _ in range(r.randint(1, 4)):
        k = r.choice(("i", "d", "d", "l", "a") if g.on("strings") else ("i", "d", "d", "l"))
        v = {"i": r.choice(g_ints()), "d": r.choice(("d1", "d2", "d3")),
             "l": f"{r.choice(('d1', 'd2'))} > {r.choice(('d3', '0.0d0'))}",
             "a": r.choice(("s1", "s2", "trim(s3)"))}[k]
        items.append((_edit(g, k), v))
    if r.random() < 0.3:  # a repeat count over an array
        e = _edit(g, "i")
        g.emit(f"write(*, '({ASIZE}{e})') ia" if g.on("arrays") else
               f"write(*, '(3{e})') i1, i2, i3")
        return
    if r.random() < 0.3:
        e = _edit(g, "d")
        g.emit(f"write(*, '(2(1X, {e}), 1X, I0)') d1, d2, i1")
        return
    fmt = ", 1X, ".join(e for e, _ in items)
    g.emit(f"write(*, '({fmt})') {', '.join(v for _, v in items)}")


def s_list_all(g: _Gen) -> None:
    r = g.rng
    pool = ["i1", "d1", "lg"]
    if g.on("real4"):
        pool.append("r1")
    if g.on("int_kinds"):
        pool += ["b1", "h1", "j1"]
    if g.on("complex"):
        pool += ["z1", "w1"]
    if g.on("strings"):
        pool += ["s1", "trim(s2)"]
    g.emit(f"lg = {r.choice(('d1', 'd2'))} < {r.choice(('d3', '0.5d0'))}")
    g.emit(f"print *, {', '.join(r.sample(pool, k=r.randint(1, min(4, len(pool)))))}")


def s_stop_code(g: _Gen) -> None:
    """A conditional STOP in the middle of the program (the final one is in finals())."""
    if g.rng.random() < 0.2 and not g.busy_loops:
        g.emit(f"if ({g.iexpr(1)} > 9999) stop {g.rng.randint(1, 9)}")


# one statement function a feature: here (s_<name>) or in the second half (fortran_extra2)
STATEMENTS = {name: globals().get(f"s_{name}") or getattr(extra2, f"s_{name}")
              for name in EXTRA}


# -- declarations, initial values, final output and procedures
def declarations(g: _Gen) -> list[str]:
    out = []
    if g.on("int_kinds"):
        out += [f"  integer(1) :: {', '.join(BYTES)}", f"  integer(2) :: {', '.join(SHORTS)}",
                f"  integer(8) :: {', '.join(LONGS)}"]
    if g.on("complex"):
        out += [f"  complex :: {', '.join(CPLX)}, ztmp4",
                f"  complex(8) :: {', '.join(CPLX8)}, ztmp8"]
    if g.on("reductions") or g.on("matrix") or g.on("matmul_real"):
        out += ["  integer :: m(3, 4)", "  double precision :: dm(3, 4)"]
    if g.on("strings") or g.on("edit_descriptors") or g.on("list_all") or \
            g.on("strings_more") or g.on("select_case"):
        out += ["  character(len=8) :: s1, s2", "  character(len=16) :: s3"]
    if g.on("derived"):
        out += ["  type(rec) :: p, q"]
    if g.on("transcendental") or g.on("big_reductions") or g.on("matmul_real"):
        out += ["  double precision :: xa(37), xm(5, 6), xn(6, 4)", "  real :: xs(37)"]
    out += ["  logical :: lg", "  integer :: k4, k5"]
    return out + extra2.declarations2(g)


def initial_values(g: _Gen) -> list[str]:
    r = g.rng
    out = ["  lg = .false.", "  k4 = 0", "  k5 = 1"]
    if g.on("int_kinds"):
        out += [f"  {v} = {r.randint(-60, 60)}" for v in BYTES]
        out += [f"  {v} = {r.randint(-300, 300)}" for v in SHORTS]
        out += [f"  {v} = {r.randint(-10**11, 10**11)}_8" for v in LONGS]
    if g.on("complex"):
        out += [f"  {v} = cmplx({g.literal('r')}, {g.literal('r')})" for v in CPLX]
        out += [f"  {v} = cmplx({g.literal('d')}, {g.literal('d')}, 8)" for v in CPLX8]
    if g.on("reductions") or g.on("matrix") or g.on("matmul_real"):
        out.append(f"  m = reshape([{', '.join(str(r.randint(-9, 9)) for _ in range(12))}], "
                   "[3, 4])")
        out.append(f"  dm = reshape([{', '.join(g.literal('d') for _ in range(12))}], [3, 4])")
    if g.on("strings") or g.on("edit_descriptors") or g.on("list_all") or \
            g.on("strings_more") or g.on("select_case"):
        out += [f"  s1 = {r.choice(WORDS)}", f"  s2 = {r.choice(WORDS)}", "  s3 = s1 // s2"]
    if g.on("derived"):
        out += [f"  p%n = {r.randint(-9, 9)}", f"  p%x = [{g.literal('d')}, 1.0d0, -2.0d0]",
                f"  p%tag = {r.choice(WORDS)}", "  q = p"]
    if g.on("transcendental") or g.on("big_reductions") or g.on("matmul_real"):
        out += ["  xa = [(1.0d0 + 0.01d0 * dble(mod(k4 * 37 + " + str(r.randint(0, 99)) +
                ", 101) - 50), k4 = 1, 37)]",
                "  xs = [(0.5 + 0.03 * real(mod(k4 * 11 + " + str(r.randint(0, 50)) +
                ", 51)), k4 = 1, 37)]",
                "  xm = reshape(xa(1:30), [5, 6]) - 1.0d0", "  xn = reshape(xa(7:30), [6, 4])"]
    from tests.fuzz.fortran_programs import wrap

    return [part for line in out + extra2.initial_values2(g) for part in wrap(line)]


def finals(g: _Gen) -> list[str]:
    out = []
    if g.on("int_kinds"):
        out += [f"  print *, {', '.join((*BYTES, *SHORTS, *LONGS))}"]
    if g.on("complex"):
        out += [f"  write(*, '(2ES24.16E3)') {v}" for v in (*CPLX, *CPLX8)]
        out += [f"  print *, {', '.join((*CPLX, *CPLX8))}"]
    if g.on("reductions") or g.on("matrix") or g.on("matmul_real"):
        out += ["  print *, m", "  write(*, '(3ES24.16E3)') dm"]
    if g.on("strings"):
        out += ["  print *, '[', s1, '][', s2, '][', s3, ']'"]
    if g.on("derived"):
        out += ["  print *, p%n, q%n, p%tag, q%tag", "  write(*, '(3ES24.16E3)') p%x, q%x"]
    if g.on("transcendental") or g.on("big_reductions") or g.on("matmul_real"):
        out += ["  write(*, '(4ES24.16E3)') xa", "  write(*, '(4ES16.8E2)') xs"]
    out += extra2.finals2(g)
    if g.on("stop_code"):
        c = g.rng.random()
        out += ["  stop 3" if c < 0.4 else "  error stop 2" if c < 0.7 else
                "  stop 'done'" if c < 0.85 else "  stop"]
    return out


def module(g: _Gen) -> list[str]:
    """The module before the program (derived type, module procedures), or nothing."""
    if not (g.on("derived") or g.on("module_procs")):
        return []
    out = ["module fzmod", "  implicit none"]
    if g.on("derived"):
        out += ["  type rec", "    integer :: n", "    double precision :: x(3)",
                "    character(len=6) :: tag", "  end type rec"]
    if g.on("module_procs"):
        out += ["contains", "  subroutine mstep(a, b, c, n)",
                "    double precision, intent(in) :: a",
                "    double precision, intent(out) :: b",
                "    double precision, intent(inout) :: c", "    integer, intent(in) :: n",
                "    b = mod(a * 0.75d0 + dble(n), 1000.0d0)",
                "    c = mod(c - a + b, 1000.0d0)", "  end subroutine mstep",
                "  double precision function mscale(x, k)",
                "    double precision, intent(in) :: x", "    integer, intent(in) :: k",
                "    mscale = mod(x * dble(k) + 0.5d0, 1000.0d0)",
                "  end function mscale"]
    return out + ["end module fzmod", ""]


def uses(g: _Gen) -> list[str]:
    return ["  use fzmod"] if g.on("derived") or g.on("module_procs") else []


def internal(g: _Gen) -> list[str]:
    """The program's CONTAINS part (an internal function reading the host's i3)."""
    out = extra2.internal2(g)
    if g.on("module_procs"):
        out += ["  integer function inner(n)", "    integer, intent(in) :: n",
                "    inner = mod(n * 7 + i3, 10007)", "  end function inner"]
    return ["contains", *out] if out else []
