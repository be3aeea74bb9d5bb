module products
  implicit none
  integer(8) :: tp_status(8)
contains

  subroutine gemm(a, b, c, a_n1, a_n2, b_n1, b_n2, c_n1, c_n2)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: b_n1
    integer(8), intent(in) :: b_n2
    integer(8), intent(in) :: c_n1
    integer(8), intent(in) :: c_n2
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    real(8), intent(in) :: b(0:b_n1 - 1, 0:b_n2 - 1)
    real(8), intent(inout) :: c(0:c_n1 - 1, 0:c_n2 - 1)
    real(8), allocatable :: tp_mm0(:, :)
    integer(4) :: tp_alloc_stat

    if (b_n2 /= a_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = b_n2
        tp_status(3) = a_n1
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (a_n2 /= c_n2 .or. b_n1 /= c_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = b_n1
        tp_status(4) = c_n2
        tp_status(5) = c_n1
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (merge(c_n2, a_n2, a_n2 == 1) /= c_n2 .or. merge(c_n1, b_n1, b_n1 == 1) /= c_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = merge(c_n2, a_n2, a_n2 == 1)
        tp_status(3) = merge(c_n1, b_n1, b_n1 == 1)
        tp_status(4) = c_n2
        tp_status(5) = c_n1
        tp_status(1) = 3
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (allocated(tp_mm0)) deallocate(tp_mm0)
    allocate(tp_mm0(0:b_n1 - 1, 0:a_n2 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = b_n1
        tp_status(1) = 4
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_matmul_f64(a, b, tp_mm0, a_n2, a_n1, b_n1, 0_8, 0_8)
    c(:, :) = tp_mm0 + 0.5d0 * c
  end subroutine gemm

  function affine(w, x, bias, w_n1, w_n2, x_n1, bias_n1) result(res)
    integer(8), intent(in) :: w_n1
    integer(8), intent(in) :: w_n2
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: bias_n1
    real(4), intent(in) :: w(0:w_n1 - 1, 0:w_n2 - 1)
    real(4), intent(in) :: x(0:x_n1 - 1)
    real(4), intent(in) :: bias(0:bias_n1 - 1)
    real(4) :: res
    real(4), allocatable :: y(:)
    real(4), allocatable :: tp_mm0(:)
    real(4) :: tp_mm1
    real(4), allocatable :: tp_mm2(:)
    integer(4) :: tp_alloc_stat

    if (x_n1 /= w_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = x_n1
        tp_status(3) = w_n1
        tp_status(1) = 5
      end if
      !$omp end critical (tp_status)
      res = 0.0_4
      return
    end if
    if (w_n2 /= bias_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = w_n2
        tp_status(3) = bias_n1
        tp_status(1) = 6
      end if
      !$omp end critical (tp_status)
      res = 0.0_4
      return
    end if
    if (allocated(y)) deallocate(y)
    allocate(y(0:merge(bias_n1, w_n2, w_n2 == 1) - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = merge(bias_n1, w_n2, w_n2 == 1)
        tp_status(1) = 7
      end if
      !$omp end critical (tp_status)
      res = 0.0_4
      return
    end if
    if (allocated(tp_mm0)) deallocate(tp_mm0)
    allocate(tp_mm0(0:w_n2 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = w_n2
        tp_status(1) = 8
      end if
      !$omp end critical (tp_status)
      res = 0.0_4
      return
    end if
    call tp_matmul_f32(w, x, tp_mm0, w_n2, w_n1, 1_8, 0_8, 0_8)
    y(:) = tp_mm0 + bias
    if (allocated(tp_mm2)) deallocate(tp_mm2)
    allocate(tp_mm2(0:0), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = 1
        tp_status(1) = 9
      end if
      !$omp end critical (tp_status)
      res = 0.0_4
      return
    end if
    call tp_npdot_f32(y, y, tp_mm2, 1_8, size(y, 1, kind=8), 1_8, 0_8, 0_8)
    tp_mm1 = tp_mm2(0)
    res = tp_mm1
  end function affine

  subroutine counts(a, b, c, a_n1, a_n2, b_n1, b_n2, c_n1, c_n2)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: b_n1
    integer(8), intent(in) :: b_n2
    integer(8), intent(in) :: c_n1
    integer(8), intent(in) :: c_n2
    integer(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    integer(8), intent(in) :: b(0:b_n1 - 1, 0:b_n2 - 1)
    integer(8), intent(inout) :: c(0:c_n1 - 1, 0:c_n2 - 1)
    integer(8), allocatable :: tp_mm0(:, :)
    integer(4) :: tp_alloc_stat

    if (a_n1 /= b_n2) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = a_n1
        tp_status(4) = b_n2
        tp_status(5) = b_n1
        tp_status(6) = a_n1
        tp_status(7) = b_n2
        tp_status(1) = 10
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (a_n2 /= c_n2 .or. b_n1 /= c_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = b_n1
        tp_status(4) = c_n2
        tp_status(5) = c_n1
        tp_status(1) = 11
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (allocated(tp_mm0)) deallocate(tp_mm0)
    allocate(tp_mm0(0:b_n1 - 1, 0:a_n2 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n2
        tp_status(3) = b_n1
        tp_status(1) = 12
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_matmul_i64(a, b, tp_mm0, a_n2, a_n1, b_n1, 0_8, 0_8)
    c(:, :) = tp_mm0
  end subroutine counts

end module products

! transpyle: NumPy's matrix products (backends/fortran_blas.py)
subroutine tp_matmul_f32(a, b, c, m, k, n, ta, tb)
  ! c(m, n) = matmul(a(m, k), b(k, n)), row-major, as NumPy computes it; ta, tb: 1 if
  ! a or b is the transpose of the contiguous array passed (a(k, m), b(n, k)), 2 if
  ! that array is the other operand too (a @ a.T: NumPy's syrk)
  use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, c_float
  integer(8), intent(in) :: m, k, n, ta, tb
  real(4), intent(in) :: a(*), b(*)
  real(4), intent(inout) :: c(*)
  integer(8) :: i, j, p, ia, ib
  real(4) :: s
  interface
    subroutine cblas_gemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) bind(c, &
        name="scipy_cblas_sgemm64_")
      import :: c_int, c_int64_t, c_float
      integer(c_int), value :: order, ta, tb
      integer(c_int64_t), value :: m, n, k, lda, ldb, ldc
      real(c_float), value :: alpha, beta
      real(c_float), intent(in) :: a(*), b(*)
      real(c_float), intent(inout) :: c(*)
    end subroutine cblas_gemm
    subroutine cblas_gemv(order, ta, m, n, alpha, a, lda, x, incx, beta, y, incy) bind(c, &
        name="scipy_cblas_sgemv64_")
      import :: c_int, c_int64_t, c_float
      integer(c_int), value :: order, ta
      integer(c_int64_t), value :: m, n, lda, incx, incy
      real(c_float), value :: alpha, beta
      real(c_float), intent(in) :: a(*), x(*)
      real(c_float), intent(inout) :: y(*)
    end subroutine cblas_gemv
    subroutine cblas_syrk(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc) bind(c, &
        name="scipy_cblas_ssyrk64_")
      import :: c_int, c_int64_t, c_float
      integer(c_int), value :: order, uplo, trans
      integer(c_int64_t), value :: n, k, lda, ldc
      real(c_float), value :: alpha, beta
      real(c_float), intent(in) :: a(*)
      real(c_float), intent(inout) :: c(*)
    end subroutine cblas_syrk
    function cblas_dot(n, x, incx, y, incy) bind(c, name="scipy_cblas_sdot64_") result(r)
      import :: c_int64_t, c_float
      integer(c_int64_t), value :: n, incx, incy
      real(c_float), intent(in) :: x(*), y(*)
      real(c_float) :: r
    end function cblas_dot
  end interface

  if (m == 0 .or. k == 0 .or. n == 0 .or. (k == 1 .and. .not. (m == 1 .and. n == 1))) then
    do i = 0, m - 1
      do j = 0, n - 1
        s = 0.0_4
        do p = 0, k - 1
          ia = i * k + p + 1
          if (ta /= 0) ia = p * m + i + 1
          ib = p * n + j + 1
          if (tb /= 0) ib = j * k + p + 1
          s = s + a(ia) * b(ib)
        end do
        c(i * n + j + 1) = s
      end do
    end do
  else if (m == 1 .and. n == 1) then
    c(1) = real(0.0d0 + real(cblas_dot(k, a, 1_c_int64_t, b, 1_c_int64_t), 8), 4)
  else if (m == 1 .and. tb == 0) then
    call cblas_gemv(101_c_int, 112_c_int, k, n, 1.0_4, b, n, a, 1_c_int64_t, 0.0_4, c, 1_c_int64_t)
  else if (m == 1) then
    call cblas_gemv(102_c_int, 112_c_int, k, n, 1.0_4, b, k, a, 1_c_int64_t, 0.0_4, c, 1_c_int64_t)
  else if (n == 1 .and. ta == 0) then
    call cblas_gemv(102_c_int, 112_c_int, k, m, 1.0_4, a, k, b, 1_c_int64_t, 0.0_4, c, 1_c_int64_t)
  else if (n == 1) then
    call cblas_gemv(101_c_int, 112_c_int, k, m, 1.0_4, a, m, b, 1_c_int64_t, 0.0_4, c, 1_c_int64_t)
  else if ((ta == 2 .or. tb == 2) .and. m == n) then
    ! a @ a.T or a.T @ a: NumPy's syrk, then the upper triangle mirrored
    call cblas_syrk(101_c_int, 121_c_int, merge(112_c_int, 111_c_int, ta /= 0), m, k, 1.0_4, a, &
        merge(m, k, ta /= 0), 0.0_4, c, m)
    do i = 0, m - 1
      do j = i + 1, m - 1
        c(j * m + i + 1) = c(i * m + j + 1)
      end do
    end do
  else
    call cblas_gemm(101_c_int, merge(112_c_int, 111_c_int, ta /= 0), merge(112_c_int, 111_c_int, &
        tb /= 0), m, n, k, 1.0_4, a, merge(m, k, ta /= 0), b, merge(k, n, tb /= 0), 0.0_4, c, n)
  end if
end subroutine tp_matmul_f32

subroutine tp_matmul_f64(a, b, c, m, k, n, ta, tb)
  ! c(m, n) = matmul(a(m, k), b(k, n)), row-major, as NumPy computes it; ta, tb: 1 if
  ! a or b is the transpose of the contiguous array passed (a(k, m), b(n, k)), 2 if
  ! that array is the other operand too (a @ a.T: NumPy's syrk)
  use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, c_double
  integer(8), intent(in) :: m, k, n, ta, tb
  real(8), intent(in) :: a(*), b(*)
  real(8), intent(inout) :: c(*)
  integer(8) :: i, j, p, ia, ib
  real(8) :: s
  interface
    subroutine cblas_gemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) bind(c, &
        name="scipy_cblas_dgemm64_")
      import :: c_int, c_int64_t, c_double
      integer(c_int), value :: order, ta, tb
      integer(c_int64_t), value :: m, n, k, lda, ldb, ldc
      real(c_double), value :: alpha, beta
      real(c_double), intent(in) :: a(*), b(*)
      real(c_double), intent(inout) :: c(*)
    end subroutine cblas_gemm
    subroutine cblas_gemv(order, ta, m, n, alpha, a, lda, x, incx, beta, y, incy) bind(c, &
        name="scipy_cblas_dgemv64_")
      import :: c_int, c_int64_t, c_double
      integer(c_int), value :: order, ta
      integer(c_int64_t), value :: m, n, lda, incx, incy
      real(c_double), value :: alpha, beta
      real(c_double), intent(in) :: a(*), x(*)
      real(c_double), intent(inout) :: y(*)
    end subroutine cblas_gemv
    subroutine cblas_syrk(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc) bind(c, &
        name="scipy_cblas_dsyrk64_")
      import :: c_int, c_int64_t, c_double
      integer(c_int), value :: order, uplo, trans
      integer(c_int64_t), value :: n, k, lda, ldc
      real(c_double), value :: alpha, beta
      real(c_double), intent(in) :: a(*)
      real(c_double), intent(inout) :: c(*)
    end subroutine cblas_syrk
    function cblas_dot(n, x, incx, y, incy) bind(c, name="scipy_cblas_ddot64_") result(r)
      import :: c_int64_t, c_double
      integer(c_int64_t), value :: n, incx, incy
      real(c_double), intent(in) :: x(*), y(*)
      real(c_double) :: r
    end function cblas_dot
  end interface

  if (m == 0 .or. k == 0 .or. n == 0 .or. (k == 1 .and. .not. (m == 1 .and. n == 1))) then
    do i = 0, m - 1
      do j = 0, n - 1
        s = 0.0d0
        do p = 0, k - 1
          ia = i * k + p + 1
          if (ta /= 0) ia = p * m + i + 1
          ib = p * n + j + 1
          if (tb /= 0) ib = j * k + p + 1
          s = s + a(ia) * b(ib)
        end do
        c(i * n + j + 1) = s
      end do
    end do
  else if (m == 1 .and. n == 1) then
    c(1) = 0.0d0 + cblas_dot(k, a, 1_c_int64_t, b, 1_c_int64_t)
  else if (m == 1 .and. tb == 0) then
    call cblas_gemv(101_c_int, 112_c_int, k, n, 1.0d0, b, n, a, 1_c_int64_t, 0.0d0, c, 1_c_int64_t)
  else if (m == 1) then
    call cblas_gemv(102_c_int, 112_c_int, k, n, 1.0d0, b, k, a, 1_c_int64_t, 0.0d0, c, 1_c_int64_t)
  else if (n == 1 .and. ta == 0) then
    call cblas_gemv(102_c_int, 112_c_int, k, m, 1.0d0, a, k, b, 1_c_int64_t, 0.0d0, c, 1_c_int64_t)
  else if (n == 1) then
    call cblas_gemv(101_c_int, 112_c_int, k, m, 1.0d0, a, m, b, 1_c_int64_t, 0.0d0, c, 1_c_int64_t)
  else if ((ta == 2 .or. tb == 2) .and. m == n) then
    ! a @ a.T or a.T @ a: NumPy's syrk, then the upper triangle mirrored
    call cblas_syrk(101_c_int, 121_c_int, merge(112_c_int, 111_c_int, ta /= 0), m, k, 1.0d0, a, &
        merge(m, k, ta /= 0), 0.0d0, c, m)
    do i = 0, m - 1
      do j = i + 1, m - 1
        c(j * m + i + 1) = c(i * m + j + 1)
      end do
    end do
  else
    call cblas_gemm(101_c_int, merge(112_c_int, 111_c_int, ta /= 0), merge(112_c_int, 111_c_int, &
        tb /= 0), m, n, k, 1.0d0, a, merge(m, k, ta /= 0), b, merge(k, n, tb /= 0), 0.0d0, c, n)
  end if
end subroutine tp_matmul_f64

subroutine tp_matmul_i64(a, b, c, m, k, n, ta, tb)
  ! c(m, n) = matmul(a(m, k), b(k, n)), row-major, as NumPy computes it; ta, tb: 1 if
  ! a or b is the transpose of the contiguous array passed (a(k, m), b(n, k)), 2 if
  ! that array is the other operand too (a @ a.T: NumPy's syrk)
  integer(8), intent(in) :: m, k, n, ta, tb
  integer(8), intent(in) :: a(*), b(*)
  integer(8), intent(inout) :: c(*)
  integer(8) :: i, j, p, ia, ib
  integer(8) :: s

  do i = 0, m - 1
    do j = 0, n - 1
      s = 0_8
      do p = 0, k - 1
        ia = i * k + p + 1
        if (ta /= 0) ia = p * m + i + 1
        ib = p * n + j + 1
        if (tb /= 0) ib = j * k + p + 1
        s = s + a(ia) * b(ib)
      end do
      c(i * n + j + 1) = s
    end do
  end do
end subroutine tp_matmul_i64

subroutine tp_npdot_f32(a, b, c, m, k, n, ta, tb)
  ! c(m, n) = np.dot(a(m, k), b(k, n)), row-major, as NumPy computes it; ta, tb: 1 if
  ! a or b is the transpose of the contiguous array passed (a(k, m), b(n, k)), 2 if
  ! that array is the other operand too (a @ a.T: NumPy's syrk)
  use, intrinsic :: iso_c_binding, only: c_int, c_int64_t, c_float
  integer(8), intent(in) :: m, k, n, ta, tb
  real(4), intent(in) :: a(*), b(*)
  real(4), intent(inout) :: c(*)
  interface
    subroutine cblas_gemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) bind(c, &
        name="scipy_cblas_sgemm64_")
      import :: c_int, c_int64_t, c_float
      integer(c_int), value :: order, ta, tb
      integer(c_int64_t), value :: m, n, k, lda, ldb, ldc
      real(c_float), value :: alpha, beta
      real(c_float), intent(in) :: a(*), b(*)
      real(c_float), intent(inout) :: c(*)
    end subroutine cblas_gemm
  end interface

  if (k == 1 .and. m == 1 .and. n == 1) then
    c(1) = a(1) * b(1)
  else if (k == 1 .and. m > 1 .and. n > 1) then
    call cblas_gemm(101_c_int, 111_c_int, 111_c_int, m, n, k, 1.0_4, a, k, b, n, 0.0_4, c, n)
  else
    call tp_matmul_f32(a, b, c, m, k, n, ta, tb)
  end if
end subroutine tp_npdot_f32
