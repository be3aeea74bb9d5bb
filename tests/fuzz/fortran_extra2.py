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
        g.emit(f"write(*, '(ES24.16E3)') sum({arr})" if arr == "xa" else "print *, sum(xs)")
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


# -- features with variables of their own (declared, set and printed here)
EXTRA2 = {
    "magnitudes": "values from 1e-300 to 1e23, negative zero and REAL overflow to Infinity, "
                  "printed list-directed and under G F E ES EN",
    "internal_io": "WRITE to and READ from a CHARACTER variable (formatted and list-directed)",
    "alloc": "ALLOCATABLE arrays: ALLOCATE, SIZE, ALLOCATED, DEALLOCATE, reallocation on "
             "assignment",
    "shifts": "CSHIFT EOSHIFT SPREAD and MAXLOC/MINLOC with DIM",
    "optional_save": "internal procedures with OPTIONAL arguments and PRESENT, a SAVE counter "
                     "and a RECURSIVE function",
}
_BIG = ("1.234567d-7", "6.02214076d23", "(-0.0d0)", "1.0d9", "9.99999999d8", "0.1d0",
        "0.0999999d0", "123456789.0d0", "1.0d-300", "2.5d15", "1.0d16", "(-3.5d-5)", "1.0d0")
_EDITS = ("G14.6", "G0", "F0.3", "E15.6", "ES12.4", "EN15.5", "G10.3E3", "F20.4", "G25.17")


def s_magnitudes(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    e = r.choice(("e1", "e2"))
    if c < 0.3:
        g.emit(f"{e} = {r.choice(_BIG)}")
    elif c < 0.45:
        g.emit(f"{e} = e1 {r.choice('*/')} {r.choice(('e2', '3.0d0', '7.0d-3'))}")
    elif c < 0.6 and g.on("real4"):
        g.emit(f"f1 = real({e})" if r.random() < 0.6 else
               f"f1 = {r.choice(('1.0e-7', '3.4e30', '(-0.0)', '1.0e9', '99999.99', '0.1'))}")
        g.emit("print *, f1")
    elif c < 0.8:
        g.emit(f"print *, {e}, -{e}")
    else:
        g.emit(f"write(*, '({r.choice(_EDITS)}, 1X, {r.choice(_EDITS)})') {e}, "
               f"{r.choice(('e1', 'e2'))}")


def s_internal_io(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    if c < 0.3:
        g.emit(f"write(buf, '(I5, F9.3)') {r.choice(_I)}, mod({r.choice(_D)}, 1000.0d0)")
        g.emit("print *, '<', trim(buf), '>'")
    elif c < 0.55:
        g.emit(f"write(buf, *) {r.choice(_I)}")
        g.emit(f"read(buf, *) {r.choice(_I)}")
        g.emit("print *, len_trim(buf), buf")
    elif c < 0.8:
        g.emit(f"write(buf, '(ES14.6)') {r.choice(_D)}")
        g.emit(f"read(buf, *) {r.choice(_D)}")
        g.emit("write(*, '(A)') buf")
    else:
        g.emit(f"write(buf, '(I0, A, I0)') {r.choice(_I)}, '/', {r.choice(_I)}")
        g.emit("print *, adjustl(buf)")


def s_alloc(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    if c < 0.35:
        g.emit("if (allocated(va)) deallocate(va)")
        g.emit(f"allocate(va(1 + mod(abs({r.choice(_I)}), 6)))")
        g.emit(f"va = [(dble(k4) * {r.choice(_D)}, k4 = 1, size(va))]")
    elif c < 0.55:
        g.emit("if (allocated(va)) print *, size(va), sum(va)")
    elif c < 0.75:
        g.emit(f"if (allocated(va)) va = [va, mod({r.choice(_D)}, 100.0d0)]")
        g.emit("if (allocated(va)) va = va(size(va):1:-1)")
    else:
        g.emit("if (allocated(va)) write(*, '(3ES24.16E3)') va")
        g.emit("print *, allocated(va)")


def s_shifts(g: _Gen) -> None:
    r = g.rng
    if not g.on("arrays"):
        return
    c = r.random()
    k = r.randint(-3, 3)
    if c < 0.3:
        g.emit(f"ia = cshift(ia, {k})")
    elif c < 0.5:
        g.emit(f"print *, eoshift(ia, {k}{r.choice(('', ', boundary=-1'))})")
    elif c < 0.7:
        g.emit(f"print *, spread(ia(1:3), {r.randint(1, 2)}, 2)")
    elif c < 0.85:
        g.emit(f"print *, maxloc(ia), minloc(da), maxloc(ia, dim=1), "
               f"minloc(ia, mask=ia > {r.randint(-5, 5)})")
    else:
        g.emit(f"da = cshift(da, {k}) * 0.5d0 + eoshift(da, {-k}, boundary=1.0d0)")


def s_optional_save(g: _Gen) -> None:
    r = g.rng
    c = r.random()
    d = r.choice(_D)
    if c < 0.35:
        g.emit(f"call opt({d}{r.choice(('', ', ' + r.choice(_I)))})")
    elif c < 0.6:
        g.emit(f"{r.choice(_I)} = counter() + {r.choice(_I)} / 7")
    else:
        g.emit(f"{r.choice(_I)} = fact(mod(abs({r.choice(_I)}), 9))")


def declarations2(g: _Gen) -> list[str]:
    out = []
    if g.on("magnitudes"):
        out += ["  double precision :: e1, e2", "  real :: f1"]
    if g.on("internal_io"):
        out += ["  character(len=24) :: buf"]
    if g.on("alloc"):
        out += ["  double precision, allocatable :: va(:)"]
    return out


def initial_values2(g: _Gen) -> list[str]:
    out = []
    if g.on("magnitudes"):
        out += [f"  e1 = {g.rng.choice(_BIG)}", f"  e2 = {g.rng.choice(_BIG)}", "  f1 = 0.5"]
    if g.on("internal_io"):
        out += ["  buf = ''"]
    return out


def finals2(g: _Gen) -> list[str]:
    out = []
    if g.on("magnitudes"):
        out += ["  print *, e1, e2, f1", "  write(*, '(2G25.17)') e1, e2"]
    if g.on("alloc"):
        out += ["  print *, allocated(va)"]
    return out


def internal2(g: _Gen) -> list[str]:
    if not g.on("optional_save"):
        return []
    return ["  subroutine opt(x, n)", "    double precision, intent(inout) :: x",
            "    integer, intent(in), optional :: n",
            "    if (present(n)) then", "      x = mod(x + dble(n), 100.0d0)", "    else",
            "      x = -x", "    end if", "  end subroutine opt",
            "  integer function counter()", "    integer, save :: c = 0", "    c = c + 1",
            "    counter = c", "  end function counter",
            "  recursive integer function fact(n) result(f)", "    integer, intent(in) :: n",
            "    if (n <= 1) then", "      f = 1", "    else", "      f = n * fact(n - 1)",
            "    end if", "  end function fact"]
