"""The Fortran frontend: what each construct lowers to in the IR (exact nodes, types, lines)."""

from __future__ import annotations

import textwrap

import pytest

from transpyle.errors import TranspileError
from transpyle.frontends.fortran import is_free_form, parse_fortran
from transpyle.frontends.fortran.source import fix_holleriths
from transpyle.ir import nodes as ir
from transpyle.ir.dump import dump
from transpyle.ir.types import (
    Array,
    Character,
    Complex,
    Integer,
    Logical,
    Procedure,
    Real,
    Record,
    Void,
)
from transpyle.ir.visitor import walk


def fixed(src: str) -> str:
    """Fixed-form source from loosely indented lines: labels go to columns 1-5, statements
    to column 7, `C` comments to column 1."""
    out = []
    for line in src.strip("\n").splitlines():
        text = line.strip()
        label = text.split()[0] if text[:1].isdigit() else ""
        if text.startswith("C "):
            out.append(text)
        else:
            out.append(f"{label:<5} {text[len(label):].strip()}")
    return "\n".join(out) + "\n"


def unit(src: str, name: str | None = None, filename: str = "t.f90") -> ir.FunctionDef:
    m = parse_fortran(textwrap.dedent(src), filename)
    funcs = m.functions()
    return funcs[name] if name else next(iter(funcs.values()))


def decls(f: ir.FunctionDef) -> dict[str, ir.VarDecl]:
    return {d.name: d for d in (*f.params, *f.locals)}


def nodes(f: ir.FunctionDef, kind: type) -> list:
    return [n for n in walk(f) if isinstance(n, kind)]


def test_default_implicit_rule() -> None:
    f = unit(fixed("""
        SUBROUTINE S(X, N)
        DIMENSION X(N)
        DO 10 I = 1, N
           KOUNT = I
           X(I) = ALPHA * I
   10   CONTINUE
        END
    """), filename="t.f")
    d = decls(f)
    assert d["i"].type == d["n"].type == d["kount"].type == Integer(4)
    assert d["alpha"].type == Real(4)
    assert d["x"].type == Array(Real(4), 1, "F", (1,))
    assert f.kind == "subroutine" and f.returns == Void()


def test_implicit_double_precision_and_none() -> None:
    f = unit(fixed("""
        SUBROUTINE S(A)
        IMPLICIT DOUBLE PRECISION (A-H,O-Z)
        B = A * 2
        N = 1
        END
    """), filename="t.f")
    assert decls(f)["a"].type == decls(f)["b"].type == Real(8)
    assert decls(f)["n"].type == Integer(4)
    with pytest.raises(TranspileError) as err:
        unit("subroutine s()\n  implicit none\n  integer :: i\n  i = 1\n  x = 2\nend\n")
    assert (err.value.loc.file, err.value.loc.line) == ("t.f90", 5)
    assert "'x' has no type" in err.value.message


def test_form_detection() -> None:
    src = fixed("""
        PROGRAM P
        X = 1.0
        END
    """)
    assert not is_free_form(src, "p.f")
    assert is_free_form("program p\n  x = 1.0 + &\n  2.0\nend program\n", "p.f")
    assert is_free_form("program p\nend program\n", "p.f90")


def test_function_result_and_kind() -> None:
    m = parse_fortran(textwrap.dedent("""
        double precision function sq(a)
          double precision a
          sq = a * a
        end
        function cube(a) result(r)
          real(8), intent(in) :: a
          real(8) :: r
          r = a**3
          return
        end function
    """), "t.f90")
    sq, cube = m.functions()["sq"], m.functions()["cube"]
    assert sq.kind == cube.kind == "function"
    assert sq.returns == cube.returns == Real(8)
    assert decls(sq)["result"].type == Real(8)  # the name of the function is renamed
    assert sq.body[-1] == ir.Return(ir.Name("result", loc=sq.loc), loc=sq.loc) or \
        isinstance(sq.body[-1], ir.Return) and sq.body[-1].value.id == "result"
    returns = nodes(cube, ir.Return)
    assert len(returns) == 1 and returns[0].value.id == "r"
    assert cube.params[0].intent == "in"


def test_program_module_and_use() -> None:
    m = parse_fortran(textwrap.dedent("""
        module consts
          integer, parameter :: dp = kind(1.0d0)
          real(dp), parameter :: g = 9.81_dp
          real(dp) :: total = 0
        end module consts
        program main
          use consts
          use other_lib, only: helper
          real(dp) :: v
          v = g * 2
          total = v
        end program
    """), "t.f90")
    assert m.name == "t" and m.uses == ("other_lib",)
    mod = {d.name: d for d in m.decls}
    assert mod["dp"].constant and mod["dp"].init.value == 8
    assert mod["g"].type == Real(8) and mod["total"].saved
    main = m.functions()["main"]
    assert main.kind == "program" and decls(main)["v"].type == Real(8)
    assert "total" not in decls(main)


def test_parameter_data_save_common() -> None:
    f = unit(fixed("""
        SUBROUTINE S
        PARAMETER (N = 3)
        INTEGER K(N), M(2, 2)
        REAL Z
        COMMON /BLK/ A, B(N)
        COMMON C
        SAVE Z
        DATA K /3*7/, Z /0.5/
        DATA M(1,1), M(2,1), M(1,2), M(2,2) /1, 2, 3, 4/
        END
    """), filename="t.f")
    d = decls(f)
    assert d["n"].constant and d["n"].init.value == 3
    assert [e.value for e in d["k"].init.elements] == [7, 7, 7] and d["k"].saved
    assert [e.value for e in d["m"].init.elements] == [1, 2, 3, 4]  # memory (column) order
    assert d["z"].saved and d["z"].init.value == 0.5
    assert [(x.name, x.common) for x in f.locals if x.common is not None] == \
        [("a", "blk"), ("b", "blk"), ("c", "")]
    assert d["b"].type == Array(Real(4), 1, "F", (1,))


def test_data_partial_array_leaves_zeros() -> None:
    """gfortran's static storage: elements DATA leaves out are zero bytes (the byte-exact
    check against gfortran is tests/migrate_semantics/test_data_elemental.py)."""
    k = decls(unit("subroutine s\n  integer k(3)\n  data k(2) /1/\nend\n"))["k"]
    assert isinstance(k.init, ir.ArrayLiteral)
    assert [e.value for e in k.init.elements] == [0, 1, 0]  # type: ignore[attr-defined]


def test_external_procedure_arguments() -> None:
    m = parse_fortran(fixed("""
        SUBROUTINE APPLY(F, G, X)
        EXTERNAL F, G
        DOUBLE PRECISION F, X
        X = F(X)
        CALL G(X)
        END
        SUBROUTINE USE
        DOUBLE PRECISION SQ, Y
        EXTERNAL SQ, SHOW
        CALL APPLY(SQ, SHOW, Y)
        END
        SUBROUTINE SHOW(V)
        DOUBLE PRECISION V
        PRINT *, V
        END
    """), "t.f")
    apply = m.functions()["apply"]
    assert [p.type for p in apply.params] == [Procedure(Real(8)), Procedure(Void()), Real(8)]
    call = nodes(m.functions()["use"], ir.CallStmt)[0]
    assert [a.type for a in call.args[:2]] == [Procedure(Real(8)), Procedure(Void())]


def test_array_bounds_in_types() -> None:
    f = unit("""
        subroutine s(a, b, c, n)
          integer :: n
          real(8) :: a(0:n, -1:2), b(n, *), c(0:)
          real(8), allocatable :: w(:, :)
          allocate(w(0:n, 5))
          w(0, 1) = a(0, -1) + b(1, 1) + c(0)
        end subroutine
    """)
    d = decls(f)
    assert d["a"].type == Array(Real(8), 2, "F", (0, -1))
    assert d["b"].shape[1].upper is None and d["b"].type.lower == (1, 1)
    assert d["c"].type == Array(Real(8), 1, "F", (0,)) and d["c"].shape is None
    assert d["w"].type == Array(Real(8), 2, "F", (0, 1)) and d["w"].allocatable
    alloc = nodes(f, ir.Allocate)[0]
    assert alloc.name == "w" and alloc.shape[0].lower.value == 0


def test_labelled_do_shared_termination_and_cycle() -> None:
    f = unit(fixed("""
        SUBROUTINE S(N)
        DO 10 I = 1, N
        DO 10 J = 1, N, 2
        IF (J .EQ. 3) GO TO 10
        K = I + J
   10   CONTINUE
        DO 20 I = N, 1, -1
   20   K = K - I
        END
    """), filename="t.f")
    outer, second = (s for s in f.body if isinstance(s, ir.For))
    inner = outer.body[0]
    assert isinstance(inner, ir.For) and inner.var.id == "j" and inner.step.value == 2
    assert isinstance(inner.body[0], ir.If) and inner.body[0].body == (ir.Continue(loc=f.loc),)
    assert not nodes(f, ir.Label) and not nodes(f, ir.Goto)
    assert second.step.value == -1 and isinstance(second.body[0], ir.Assign)


def test_do_while_exit_cycle() -> None:
    f = unit("""
        subroutine s(n)
          integer :: n, i
          i = 0
          do while (i < n)
            i = i + 1
            if (i == 2) cycle
            if (i > 5) exit
          end do
          do
            exit
          end do
        end
    """)
    loops = [s for s in f.body if isinstance(s, ir.While)]
    assert isinstance(loops[0].test, ir.Compare) and loops[0].test.op == "<"
    assert [type(s.body[0]).__name__ for s in loops[0].body[1:]] == ["Continue", "Break"]
    assert loops[1].test.value is True


def test_gotos() -> None:
    f = unit(fixed("""
        SUBROUTINE S(X, K)
        GO TO (10, 20, 10), K
        IF (X) 10, 20, 30
   10   X = 1
        GO TO 30
   20   X = 2
   30   CONTINUE
        END
    """), filename="t.f")
    select = f.body[0]
    assert isinstance(select, ir.Select) and select.subject.id == "k"
    assert [(c.values[0].value, c.body[0].label) for c in select.cases] == \
        [(1, "10"), (2, "20"), (3, "10")]
    arith = f.body[1]
    assert isinstance(arith, ir.If) and arith.test.op == "<"
    assert arith.body[0].label == "10"
    inner = arith.orelse[0]
    assert inner.test.op == "==" and inner.body[0].label == "20" and \
        inner.orelse[0].label == "30"
    assert [s.label for s in f.body if isinstance(s, ir.Label)] == ["10", "20", "30"]


def test_goto_missing_label() -> None:
    with pytest.raises(TranspileError) as err:
        unit(fixed("""
            SUBROUTINE S
            GO TO 99
            END
        """), filename="t.f")
    assert err.value.loc.line == 2 and "GOTO 99" in err.value.message


def test_select_case_ranges() -> None:
    f = unit("""
        integer function cls(k)
          integer :: k
          select case (k)
          case (:-1)
            cls = -1
          case (1:9, 100)
            cls = 1
          case (10:)
            cls = 2
          case default
            cls = 0
          end select
        end
    """)
    sel = f.body[0]
    v = [c.values for c in sel.cases]
    assert v[0][0].lower is None and v[0][0].upper.value == -1
    assert (v[1][0].lower.value, v[1][0].upper.value, v[1][1].value) == (1, 9, 100)
    assert v[2][0].upper is None and v[3] == ()


def test_where_and_sections() -> None:
    f = unit("""
        subroutine s(a, b)
          real :: a(10), b(10)
          where (a > 0.0)
            b = a
          elsewhere (a < -1.0)
            b = -a
          elsewhere
            b = 0.0
          end where
          where (b > 5.0) b = 5.0
          a(2:10:2) = b(1:5) * 2
        end
    """)
    w = f.body[0]
    assert isinstance(w, ir.Where) and w.test.type == Array(Logical(4), 1, "F", (1,))
    assert isinstance(w.orelse[0], ir.Where) and isinstance(w.orelse[0].orelse[0], ir.Assign)
    assert isinstance(f.body[1], ir.Where)
    sec = f.body[2].target
    assert isinstance(sec.indices[0], ir.Slice) and sec.indices[0].step.value == 2
    assert sec.type == Array(Real(4), 1, "F", (1,))


def test_print_write_formats() -> None:
    f = unit(fixed("""
        SUBROUTINE S(X, N)
        WRITE (6, 100) X, N
  100   FORMAT (1X, 'X =', F8.3, I5)
        WRITE (*, '(A, I3)') 'N', N
        PRINT *, 'LIST', X
        PRINT 100, X, N
        WRITE (7, *) (I, I = 1, N)
        END
    """), filename="t.f")
    prints = nodes(f, ir.Print)
    assert prints[0].fmt == "(1X, 'X =', F8.3, I5)" and prints[0].unit is None
    assert prints[1].fmt == "(A, I3)"
    assert prints[2].fmt is None and prints[2].values[0].value == "LIST"
    assert prints[3].fmt == prints[0].fmt
    assert prints[4].unit.value == 7 and isinstance(prints[4].values[0], ir.ImpliedDo)


def test_legacy_intrinsic_names() -> None:
    f = unit(fixed("""
        SUBROUTINE S(X, I)
        DOUBLE PRECISION X, Y
        Y = DSQRT(X) + DABS(X) + DMAX1(X, 1D0) + DBLE(I) + DSIGN(X, -1D0)
        Y = Y + FLOAT(I) + MOD(I, 3) + DMOD(X, 2D0) + ATAN2(X, Y) + IABS(I)
        I = INT(X) + NINT(X) + MAX0(I, 2)
        END
    """), filename="t.f")
    names = [n.name for n in nodes(f, ir.Intrinsic)]
    assert names == ["sqrt", "abs", "max", "sign", "atan2", "abs", "nint", "max"]
    casts = [(n.value.type, n.type) for n in nodes(f, ir.Cast)]
    assert (Integer(4), Real(8)) in casts and (Integer(4), Real(4)) in casts
    assert (Real(8), Integer(4)) in casts
    assert [n.op for n in nodes(f, ir.BinOp) if n.op == "mod"] == ["mod", "mod"]


def test_types_follow_fortran_rules() -> None:
    f = unit("""
        subroutine s(i, j, x, z)
          integer :: i, j
          real :: x
          complex(8) :: z
          real(8) :: y
          i = i / j
          y = x * 2 + 1.0d0
          y = 0.1
          z = z * x
        end
    """)
    a = [s for s in f.body if isinstance(s, ir.Assign)]
    assert a[0].value.type == Integer(4) and a[0].value.op == "/"
    assert a[1].value.type == Real(8)
    assert a[2].value.value == pytest.approx(0.10000000149011612, abs=0)  # single 0.1 widened
    assert a[3].value.type == Complex(16)


def test_single_precision_literals_widen_like_fortran() -> None:
    f = unit("subroutine s(d)\n  real(8) :: d\n  d = d * 0.1\n  if (d > 0.3) d = 0.5\nend\n")
    assign, cond = f.body
    assert assign.value.right == ir.Const(0.10000000149011612, type=Real(8), loc=f.loc)
    assert cond.test.right.value == 0.30000001192092896 and cond.test.right.type == Real(8)
    assert cond.body[0].value.value == 0.5


def test_derived_types() -> None:
    m = parse_fortran(textwrap.dedent("""
        module shapes
          type :: point
            real(8) :: x, y
            real(8) :: w(3)
          end type point
        contains
          real(8) function norm(p, ps)
            type(point) :: p, ps(4)
            norm = p%x**2 + ps(2)%w(3)
          end function
        end module
    """), "t.f90")
    (t,) = m.types
    assert t.name == "point" and [(f.name, f.type) for f in t.fields] == [
        ("x", Real(8)), ("y", Real(8)), ("w", Array(Real(8), 1, "F", (1,)))]
    f = m.functions()["norm"]
    assert decls(f)["p"].type == Record("point")
    fields = nodes(f, ir.Field)
    assert [(x.name, x.type) for x in fields] == [("x", Real(8)), ("w", fields[1].type)]
    sub = next(n for n in nodes(f, ir.Subscript) if isinstance(n.value, ir.Field))
    assert sub.type == Real(8) and isinstance(sub.value.value, ir.Subscript)


def test_comments_and_locations() -> None:
    m = parse_fortran(fixed("""
C     header comment
        SUBROUTINE S(X)
C     set it
        X = 1.0
        END
    """), "t.f")
    assert isinstance(m.body[0], ir.Comment) and m.body[0].text == "header comment"
    f = m.functions()["s"]
    assert f.body[0] == ir.Comment("set it", loc=f.loc)
    assert f.body[1].loc.line == 4 and f.body[1].loc.col == 7
    assert "Comment text='set it'" in dump(m)


def test_character_types() -> None:
    f = unit("""
        subroutine s(name)
          character(len=*) :: name
          character(len=10) :: a
          character*4 :: b
          a = 'x' // name
        end
    """)
    d = decls(f)
    assert (d["name"].type, d["a"].type, d["b"].type) == \
        (Character(None), Character(10), Character(4))
    assert f.body[0].value.op == "concat"


@pytest.mark.parametrize("src,line,message", [
    ("subroutine s\n  read(*, *, advance='no') x\nend\n", 2, "ADVANCE= needs an explicit"),
    ("subroutine s\n  real :: a(3)\n  character :: c\n  equivalence (a(1), c)\nend\n", 4,
     "EQUIVALENCE"),
    ("subroutine s\n  x = 1 +\nend\n", 2, "syntax error"),
    ("subroutine s(n)\n  real, allocatable :: a(:)\n  allocate(a(n:5))\nend\n", 3,
     "lower bound that is not a constant"),
])
def test_unsupported_constructs_name_file_and_line(src: str, line: int, message: str) -> None:
    with pytest.raises(TranspileError) as err:
        parse_fortran(src, "bad.f90")
    assert err.value.loc.file == "bad.f90" and err.value.loc.line == line
    assert message in err.value.message
    assert f"bad.f90:{line}:" in err.value.render()


def test_substrings_implied_do_data_and_intrinsic_named_arrays() -> None:
    f = unit(fixed("""
        SUBROUTINE S(K)
        REAL A(4), SUM(3), B(2, 3)
        CHARACTER*10 NAME
        DATA (A(I), I = 1, 4) /4*0.5/, ((B(I, J), J = 1, 3), I = 1, 2) /1, 2, 3, 4, 5, 6/
        X = SUM(2)
        NAME(2:4) = 'ABC'
        K = ICHAR(NAME(1:1))
        END
    """), filename="t.f")
    d = decls(f)
    assert [e.value for e in d["a"].init.elements] == [0.5] * 4
    assert [e.value for e in d["b"].init.elements] == [1, 4, 2, 5, 3, 6]  # column order
    assert isinstance(f.body[0].value, ir.Subscript) and f.body[0].value.value.id == "sum"
    sub = f.body[1].target
    assert isinstance(sub, ir.Subscript) and sub.type == Character(3)
    assert isinstance(f.body[2].value, ir.Intrinsic) and f.body[2].value.name == "ichar"


def test_statement_functions_are_expanded() -> None:
    f = unit(fixed("""
        SUBROUTINE S(Y, N)
        DIMENSION Y(N)
        DOUBLE PRECISION DSQ, Z
        SQ(X) = X * X + 1.0
        DSQ(Z, W) = Z * W + SQ(W)
        DO 10 I = 1, N
   10   Y(I) = DSQ(2D0, Y(I))
        END
    """), filename="t.f")
    assert "sq" not in decls(f) and "dsq" not in decls(f)
    (loop,) = f.body
    value = loop.body[0].value  # real(4) <- real(8): 2d0 * y(i) + (y(i) * y(i) + 1.0)
    assert isinstance(value, ir.Cast) and value.type == Real(4)
    total = value.value
    assert total.type == Real(8) and total.op == "+"
    assert total.left.op == "*" and total.left.left.value == 2.0
    assert total.right.type == Real(4) and total.right.right.value == 1.0
    assert total.right.left.left == ir.Subscript(
        ir.Name("y", loc=f.loc), (ir.Name("i", loc=f.loc),), loc=f.loc) or \
        total.right.left.left.value.id == "y"


def test_include_is_read_from_the_source_folder(tmp_path) -> None:
    (tmp_path / "consts.inc").write_text("      PARAMETER (NMAX = 7)\n")
    src = tmp_path / "main.f"
    src.write_text(fixed("""
        SUBROUTINE S(K)
        INCLUDE 'consts.inc'
        K = NMAX
        END
    """))
    f = parse_fortran(src.read_text(), str(src)).functions()["s"]
    assert decls(f)["nmax"].init.value == 7


def test_run_time_lower_bounds_are_rebased() -> None:
    f = unit("""
        subroutine s(n0, n1, a)
          integer :: n0, n1
          real :: a(n0:n1, 2)
          a(n0, 1) = a(n1, 2)
        end
    """)
    a = decls(f)["a"]
    assert a.type == Array(Real(4), 2, "F", (1, 1))
    extent = a.shape[0].upper  # n1 - n0 + 1
    assert (extent.op, extent.left.op, extent.left.left.id, extent.left.right.id) == \
        ("+", "-", "n1", "n0")
    target = f.body[0].target.indices[0]  # n0 - n0 + 1
    assert (target.op, target.left.left.id, target.left.right.id, target.right.value) == \
        ("+", "n0", "n0", 1)


def test_use_of_a_module_from_another_file() -> None:
    lib = parse_fortran(textwrap.dedent("""
        module kinds
          integer, parameter :: rk = selected_real_kind(15)
          real(rk) :: scale = 2
          type :: pair
            real(rk) :: a, b
          end type
        contains
          real(rk) function twice(x)
            real(rk) :: x
            twice = scale * x
          end function
        end module
    """), "kinds.f90")
    assert lib.name == "kinds"
    src = textwrap.dedent("""
        subroutine s(x, p)
          use kinds
          implicit none
          real(rk) :: x
          type(pair) :: p
          x = twice(x) + scale + p%a
        end
    """)
    f = parse_fortran(src, "user.f90", modules={"kinds": lib})
    s = f.functions()["s"]
    assert f.uses == ("kinds",) and f.types == ()
    assert decls(s)["x"].type == Real(8) and "scale" not in decls(s)
    call = next(n for n in walk(s) if isinstance(n, ir.Call))
    assert call.func == "twice" and call.type == Real(8)
    assert next(n for n in walk(s) if isinstance(n, ir.Field)).type == Real(8)
    with pytest.raises(TranspileError, match="'rk' has no type"):
        parse_fortran(src, "user.f90")


def test_hollerith_formats() -> None:
    src = ("      PRINT 10, 7\n"
           "   10 FORMAT (1H ,5HN IS ,I2,\n"
           "     &  3H OK, 'NOT 2HXX')\n"
           "      END\n")
    assert fix_holleriths(src, free=False).splitlines()[1:3] == [
        "   10 FORMAT (' ','N IS ',I2,", "     &  ' OK', 'NOT 2HXX')"]
    (p,) = nodes(parse_fortran(src, "t.f").functions()["main"], ir.Print)
    assert p.fmt == "(' ', 'N IS ', I2, ' OK', 'NOT 2HXX')"


def test_explicit_interfaces_declare_procedures() -> None:
    f = unit("""
        subroutine integrate(f, a, s)
          interface
            function f(x) result(y)
              integer, parameter :: dp = kind(1d0)
              real(dp), intent(in) :: x
              real(dp) :: y
            end function f
            subroutine report(v)
              real(8) :: v
            end subroutine
          end interface
          real(8) :: a, s
          s = f(a)
          call report(s)
        end subroutine
    """)
    d = decls(f)
    assert d["f"].type == Procedure(Real(8)) and d["report"].type == Procedure(Void())
    assert f.body[0].value.type == Real(8) and "x" not in d and "y" not in d
    m = parse_fortran("module m\n  abstract interface\n    subroutine op()\n"
                      "    end subroutine\n  end interface\nend module\n", "t.f90")
    assert m.functions() == {} and m.decls == ()  # an abstract interface names no procedure


def test_labels_on_end_do_and_end_if() -> None:
    f = unit(fixed("""
        SUBROUTINE S(K)
        DO I = 1, 6
        IF (MOD(I, 2) .EQ. 0) GO TO 10
        K = K + I
   10   END DO
        IF (K .GT. 5) THEN
        IF (K .GT. 8) GO TO 20
        K = -K
   20   END IF
        END
    """), filename="t.f")
    loop, cond, label = f.body
    assert isinstance(loop, ir.For) and loop.body[0].body[0] == ir.Continue(loc=f.loc)
    assert isinstance(cond, ir.If) and cond.body[0].body[0].label == "20"
    assert label == ir.Label("20", loc=f.loc)


def test_structure_constructor_assignment() -> None:
    m = parse_fortran(textwrap.dedent("""
        module shapes
          type :: point
            real(8) :: x, y
            integer :: tag = 7
          end type
        contains
          subroutine s(a, b)
            type(point) :: a, b
            a = point(1.5d0, 2)
            b = point(y=3, x=a%y, tag=1)
          end subroutine
        end module
    """), "t.f90")
    f = m.functions()["s"]
    assigns = [(s.target.value.id, s.target.name, s.value) for s in f.body]
    assert [(v, n) for v, n, _ in assigns] == [("a", "x"), ("a", "y"), ("a", "tag"),
                                               ("b", "x"), ("b", "y"), ("b", "tag")]
    assert assigns[1][2] == ir.Const(2.0, type=Real(8), loc=f.loc)  # converted to the field
    assert assigns[2][2].value == 7  # the default component value
    assert isinstance(assigns[3][2], ir.Field) and assigns[3][2].name == "y"
    # a constructor that reads its target: the record built first, then assigned (copied)
    swap = parse_fortran("module m\n  type :: p\n    real :: x, y\n  end type\ncontains\n"
                         "  subroutine s(a)\n    type(p) :: a\n    a = p(a%y, a%x)\n  end\n"
                         "end module\n", "t.f90").functions()["s"].body
    assert len(swap) == 1 and isinstance(swap[0], ir.Assign)
    assert isinstance(swap[0].value, ir.Call) and swap[0].value.func == "p"
