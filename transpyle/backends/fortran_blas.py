"""The Fortran helpers of matrix products (passes/products.py): NumPy's own dispatch.

`tp_matmul_<t>(a, b, c, m, k, n)`: c (m, n) = a (m, k) @ b (k, n), all three row-major and
contiguous (a vector is a row or a column). For float elements it calls, with the arguments
NumPy's matmul passes, the CBLAS of the OpenBLAS that NumPy is built with (runtime/blas.py
links it): so the sums are added in the same order, and the result is the same bits.
NumPy's cases: an empty extent, or an inner extent of 1, a plain loop (0 + a*b);
(1, k) @ (k, 1) `0 + cblas_?dot`; (1, k) @ (k, n) and (m, k) @ (k, 1) `cblas_?gemv`;
otherwise `cblas_?gemm`. Integer products are the plain loop (exact, wrapping as NumPy's).
"""

from __future__ import annotations

import re

from transpyle.runtime.blas import cblas_symbol

_FLOATS = {"f64": ("real(8)", "real(c_double)", "d", "c_double", "d0"),
           "f32": ("real(4)", "real(c_float)", "s", "c_float", "_4")}
_INTS = {"i64": "integer(8)", "i32": "integer(4)", "i16": "integer(2)", "i8": "integer(1)"}
# the helpers follow the module as external procedures: NumPy's BLAS calls in Fortran
# (interfaces, bind(c)) that are transpyle's support code, not translated source
MARKER = "! transpyle: NumPy's matrix products (backends/fortran_blas.py)"
_CALL = re.compile(r"\bcall tp_(matmul|npdot)_(f64|f32|i64|i32|i16|i8)\(")


def _interfaces(prefix: str, real: str, ckind: str) -> list[str]:
    gemm, gemv, dot, syrk = (cblas_symbol(prefix + name)
                             for name in ("gemm", "gemv", "dot", "syrk"))
    ints = "integer(c_int64_t), value ::"
    return [
        "    interface",
        f"      subroutine cblas_gemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, "
        f"ldc) bind(c, name=\"{gemm}\")",
        f"        import :: c_int, c_int64_t, {ckind}",
        "        integer(c_int), value :: order, ta, tb",
        f"        {ints} m, n, k, lda, ldb, ldc",
        f"        {real}, value :: alpha, beta",
        f"        {real}, intent(in) :: a(*), b(*)",
        f"        {real}, intent(inout) :: c(*)",
        "      end subroutine cblas_gemm",
        f"      subroutine cblas_gemv(order, ta, m, n, alpha, a, lda, x, incx, beta, y, incy) "
        f"bind(c, name=\"{gemv}\")",
        f"        import :: c_int, c_int64_t, {ckind}",
        "        integer(c_int), value :: order, ta",
        f"        {ints} m, n, lda, incx, incy",
        f"        {real}, value :: alpha, beta",
        f"        {real}, intent(in) :: a(*), x(*)",
        f"        {real}, intent(inout) :: y(*)",
        "      end subroutine cblas_gemv",
        f"      subroutine cblas_syrk(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc) "
        f"bind(c, name=\"{syrk}\")",
        f"        import :: c_int, c_int64_t, {ckind}",
        "        integer(c_int), value :: order, uplo, trans",
        f"        {ints} n, k, lda, ldc",
        f"        {real}, value :: alpha, beta",
        f"        {real}, intent(in) :: a(*)",
        f"        {real}, intent(inout) :: c(*)",
        "      end subroutine cblas_syrk",
        f"      function cblas_dot(n, x, incx, y, incy) bind(c, name=\"{dot}\") result(r)",
        f"        import :: c_int64_t, {ckind}",
        f"        {ints} n, incx, incy",
        f"        {real}, intent(in) :: x(*), y(*)",
        f"        {real} :: r",
        "      end function cblas_dot",
        "    end interface",
    ]


def _loop(elem: str, zero: str) -> list[str]:
    """NumPy's loop without BLAS: c = 0, then c += a*b in order of k."""
    return [
        "    do i = 0, m - 1",
        "      do j = 0, n - 1",
        f"        s = {zero}",
        "        do p = 0, k - 1",
        "          ia = i * k + p + 1",
        "          if (ta /= 0) ia = p * m + i + 1",
        "          ib = p * n + j + 1",
        "          if (tb /= 0) ib = j * k + p + 1",
        "          s = s + a(ia) * b(ib)",
        "        end do",
        "        c(i * n + j + 1) = s",
        "      end do",
        "    end do",
    ]


def _head(name: str, what: str) -> list[str]:
    return [
        f"  subroutine {name}(a, b, c, m, k, n, ta, tb)",
        f"    ! c(m, n) = {what}(a(m, k), b(k, n)), row-major, as NumPy computes it; ta, tb: 1 if",
        "    ! a or b is the transpose of the contiguous array passed (a(k, m), b(n, k)), 2 if",
        "    ! that array is the other operand too (a @ a.T: NumPy's syrk)",
    ]


def _decls(elem: str) -> list[str]:
    return [
        "    integer(8), intent(in) :: m, k, n, ta, tb",
        f"    {elem}, intent(in) :: a(*), b(*)",
        f"    {elem}, intent(inout) :: c(*)",
        "    integer(8) :: i, j, p, ia, ib",
        f"    {elem} :: s",
    ]


def float_helper(suffix: str) -> list[str]:
    elem, real, prefix, ckind, lit = _FLOATS[suffix]
    one, zero = f"1.0{lit}", f"0.0{lit}"
    name = f"tp_matmul_{suffix}"
    trans = "merge(112_c_int, 111_c_int, {} /= 0)"  # ta, tb: 0, or 1 or 2 (transposed)
    return [
        *_head(name, "matmul"),
        f"    use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, {ckind}",
        *_decls(elem),
        *_interfaces(prefix, real, ckind),
        "",
        "    if (m == 0 .or. k == 0 .or. n == 0 .or. (k == 1 .and. .not. (m == 1 .and. "
        "n == 1))) then",
        *["  " + x for x in _loop(elem, zero)],
        "    else if (m == 1 .and. n == 1) then",
        f"      c(1) = {_dot_sum(suffix)}",
        "    else if (m == 1 .and. tb == 0) then",
        f"      call cblas_gemv(101_c_int, 112_c_int, k, n, {one}, b, n, a, 1_c_int64_t, "
        f"{zero}, c, 1_c_int64_t)",
        "    else if (m == 1) then",
        f"      call cblas_gemv(102_c_int, 112_c_int, k, n, {one}, b, k, a, 1_c_int64_t, "
        f"{zero}, c, 1_c_int64_t)",
        "    else if (n == 1 .and. ta == 0) then",
        f"      call cblas_gemv(102_c_int, 112_c_int, k, m, {one}, a, k, b, 1_c_int64_t, "
        f"{zero}, c, 1_c_int64_t)",
        "    else if (n == 1) then",
        f"      call cblas_gemv(101_c_int, 112_c_int, k, m, {one}, a, m, b, 1_c_int64_t, "
        f"{zero}, c, 1_c_int64_t)",
        "    else if ((ta == 2 .or. tb == 2) .and. m == n) then",
        "      ! a @ a.T or a.T @ a: NumPy's syrk, then the upper triangle mirrored",
        f"      call cblas_syrk(101_c_int, 121_c_int, {trans.format('ta')}, m, k, {one}, a, "
        f"merge(m, k, ta /= 0), {zero}, c, m)",
        "      do i = 0, m - 1",
        "        do j = i + 1, m - 1",
        "          c(j * m + i + 1) = c(i * m + j + 1)",
        "        end do",
        "      end do",
        "    else",
        f"      call cblas_gemm(101_c_int, {trans.format('ta')}, {trans.format('tb')}, m, n, "
        f"k, {one}, a, merge(m, k, ta /= 0), b, merge(k, n, tb /= 0), {zero}, c, n)",
        "    end if",
        f"  end subroutine {name}",
    ]


def _dot_sum(suffix: str) -> str:
    """NumPy adds the BLAS dot to a double 0 (a -0.0 sum becomes +0.0), then rounds."""
    if suffix == "f64":
        return "0.0d0 + cblas_dot(k, a, 1_c_int64_t, b, 1_c_int64_t)"
    return "real(0.0d0 + real(cblas_dot(k, a, 1_c_int64_t, b, 1_c_int64_t), 8), 4)"


def int_helper(suffix: str) -> list[str]:
    elem = _INTS[suffix]
    name = f"tp_matmul_{suffix}"
    return [*_head(name, "matmul"), *_decls(elem), "", *_loop(elem, f"0_{elem[8:-1]}"),
            f"  end subroutine {name}"]


def helpers(fortran_lines: list[str]) -> list[str]:
    """The helper procedures that `fortran_lines` (a module's text) calls."""
    used = {(m.group(1), m.group(2)) for line in fortran_lines for m in _CALL.finditer(line)}
    used |= {("matmul", suffix) for func, suffix in used if func == "npdot"}
    out: list[str] = [MARKER] if used else []
    for func, suffix in sorted(used):
        if func == "npdot":
            out += npdot_helper(suffix)
        else:
            out += float_helper(suffix) if suffix in _FLOATS else int_helper(suffix)
        out.append("")
    return [line[2:] if line.startswith("  ") else line for line in out]


def helper_names(fortran: str) -> list[str]:
    """The helpers that a module's text defines after the module (f2py skips them)."""
    return sorted(set(re.findall(r"^subroutine (tp_(?:matmul|npdot)_\w+)\(", fortran, re.M)))


def npdot_helper(suffix: str) -> list[str]:
    """np.dot: as matmul, but a 1-element product of a 1-element operand is the bare product
    (NumPy's scalar path: a -0.0 stays), and an outer product (m, 1) . (1, n) is gemm's."""
    elem, real, prefix, ckind, lit = _FLOATS[suffix]
    name = f"tp_npdot_{suffix}"
    gemm = cblas_symbol(prefix + "gemm")
    return [
        *_head(name, "np.dot"),
        f"    use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, {ckind}",
        "    integer(8), intent(in) :: m, k, n, ta, tb",
        f"    {elem}, intent(in) :: a(*), b(*)",
        f"    {elem}, intent(inout) :: c(*)",
        "    interface",
        f"      subroutine cblas_gemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, "
        f"ldc) bind(c, name=\"{gemm}\")",
        f"        import :: c_int, c_int64_t, {ckind}",
        "        integer(c_int), value :: order, ta, tb",
        "        integer(c_int64_t), value :: m, n, k, lda, ldb, ldc",
        f"        {real}, value :: alpha, beta",
        f"        {real}, intent(in) :: a(*), b(*)",
        f"        {real}, intent(inout) :: c(*)",
        "      end subroutine cblas_gemm",
        "    end interface",
        "",
        "    if (k == 1 .and. m == 1 .and. n == 1) then",
        "      c(1) = a(1) * b(1)",
        "    else if (k == 1 .and. m > 1 .and. n > 1) then",
        f"      call cblas_gemm(101_c_int, 111_c_int, 111_c_int, m, n, k, 1.0{lit}, a, k, b, n, "
        f"0.0{lit}, c, n)",
        "    else",
        f"      call tp_matmul_{suffix}(a, b, c, m, k, n, ta, tb)",
        "    end if",
        f"  end subroutine {name}",
    ]
