module arrays
  implicit none
  integer(8) :: tp_status(8)
contains

  subroutine jacobi(u, v, iters, u_n1, u_n2, v_n1, v_n2)
    integer(8), intent(in) :: iters
    integer(8), intent(in) :: u_n1
    integer(8), intent(in) :: u_n2
    integer(8), intent(in) :: v_n1
    integer(8), intent(in) :: v_n2
    real(8), intent(inout) :: u(0:u_n1 - 1, 0:u_n2 - 1)
    real(8), intent(inout) :: v(0:v_n1 - 1, 0:v_n2 - 1)
    integer(8) :: n
    integer(8) :: m
    integer(8) :: it
    integer(8) :: i
    integer(8) :: j
    integer(4) :: j_4

    n = u_n2
    m = u_n1
    if (m - 2 >= -1073741824 .and. m - 2 <= 1073741824) then
      do it = 0, iters - 1
        do i = 1, n - 2
          do j_4 = 1, int(m - 2, 4)
            j = int(j_4, 8)
            v(j, i) = 0.25d0 * (u(j, i - 1) + u(j, i + 1) + u(j - 1, i) + u(j + 1, i))
          end do
          j = int(j_4, 8)
        end do
        if (max(0_8, tp_slice_stop(n - 1 - 1, v_n2)) /= max(0_8, n - 1 - 1) .or. max(0_8, &
            tp_slice_stop(m - 1 - 1, v_n1)) /= max(0_8, m - 1 - 1)) then
          !$omp critical (tp_status)
          if (tp_status(1) == 0) then
            tp_status(2) = max(0_8, tp_slice_stop(n - 1 - 1, v_n2))
            tp_status(3) = max(0_8, tp_slice_stop(m - 1 - 1, v_n1))
            tp_status(4) = max(0_8, n - 1 - 1)
            tp_status(5) = max(0_8, m - 1 - 1)
            tp_status(1) = 1
          end if
          !$omp end critical (tp_status)
          return
        end if
        u(1:m - 1 - 1, 1:n - 1 - 1) = v(1:tp_slice_stop(m - 1 - 1, v_n1), 1:tp_slice_stop(n - 1 - &
            1, v_n2))
      end do
    else
      do it = 0, iters - 1
        do i = 1, n - 2
          do j = 1, m - 2
            v(j, i) = 0.25d0 * (u(j, i - 1) + u(j, i + 1) + u(j - 1, i) + u(j + 1, i))
          end do
        end do
        if (max(0_8, tp_slice_stop(n - 1 - 1, v_n2)) /= max(0_8, n - 1 - 1) .or. max(0_8, &
            tp_slice_stop(m - 1 - 1, v_n1)) /= max(0_8, m - 1 - 1)) then
          !$omp critical (tp_status)
          if (tp_status(1) == 0) then
            tp_status(2) = max(0_8, tp_slice_stop(n - 1 - 1, v_n2))
            tp_status(3) = max(0_8, tp_slice_stop(m - 1 - 1, v_n1))
            tp_status(4) = max(0_8, n - 1 - 1)
            tp_status(5) = max(0_8, m - 1 - 1)
            tp_status(1) = 1
          end if
          !$omp end critical (tp_status)
          return
        end if
        u(1:m - 1 - 1, 1:n - 1 - 1) = v(1:tp_slice_stop(m - 1 - 1, v_n1), 1:tp_slice_stop(n - 1 - &
            1, v_n2))
      end do
    end if
  end subroutine jacobi

  subroutine box3(a, out, a_n1, a_n2, a_n3, out_n1, out_n2, out_n3)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: a_n3
    integer(8), intent(in) :: out_n1
    integer(8), intent(in) :: out_n2
    integer(8), intent(in) :: out_n3
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1, 0:a_n3 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1, 0:out_n2 - 1, 0:out_n3 - 1)
    integer(8) :: nx
    integer(8) :: ny
    integer(8) :: nz
    integer(8) :: i
    integer(8) :: j
    integer(8) :: k
    integer(4) :: k_4

    nx = a_n3
    ny = a_n2
    nz = a_n1
    if (nz - 1 >= -1073741824 .and. nz - 1 <= 1073741824) then
      do i = 0, nx - 1
        do j = 0, ny - 1
          do k_4 = 0, int(nz - 1, 4)
            k = int(k_4, 8)
            out(k, j, i) = a(k, j, i) * real(i + 1, 8) - a(k, j, nx - 1 - i) + real(k, 8)
          end do
          k = int(k_4, 8)
        end do
      end do
    else
      do i = 0, nx - 1
        do j = 0, ny - 1
          do k = 0, nz - 1
            out(k, j, i) = a(k, j, i) * real(i + 1, 8) - a(k, j, nx - 1 - i) + real(k, 8)
          end do
        end do
      end do
    end if
  end subroutine box3

  function ends(x, x_n1) result(res)
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: res

    res = x(x_n1 - 1) - x(0) + x(x_n1 - 2)
  end function ends

  subroutine reverse_copy(x, y, x_n1, y_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: y_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: y(0:y_n1 - 1)

    if (max(0_8, x_n1) /= y_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = max(0_8, x_n1)
        tp_status(3) = y_n1
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      return
    end if
    y(:) = x(x_n1 - 1:0:-1)
  end subroutine reverse_copy

  subroutine every_other(x, y, x_n1, y_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: y_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: y(0:y_n1 - 1)

    ! y has (len(x) + 1) // 2 elements
    if (max(0_8, (x_n1 + 1) / 2) /= y_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = max(0_8, (x_n1 + 1) / 2)
        tp_status(3) = y_n1
        tp_status(1) = 3
      end if
      !$omp end critical (tp_status)
      return
    end if
    y(:) = x(::2) * 2.0d0
  end subroutine every_other

  function prefix_sums(x, out, x_n1, out_n1) result(res)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    real(8) :: res
    integer(8) :: n
    real(8), allocatable :: tmp(:)
    integer(8) :: i
    integer(4) :: tp_alloc_stat

    n = x_n1
    if (allocated(tmp)) deallocate(tmp)
    allocate(tmp(0:n + 1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n + 1
        tp_status(1) = 4
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    tmp = 0.0d0
    do i = 0, n - 1
      tmp(i + 1) = tmp(i) + x(i)
    end do
    if (max(0_8, size(tmp, 1, kind=8) - 1) /= out_n1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = max(0_8, size(tmp, 1, kind=8) - 1)
        tp_status(3) = out_n1
        tp_status(1) = 5
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    out(:) = tmp(1:)
    res = tp_numpy_sum_1c_f8(tmp, size(tmp, 1, kind=8))
  end function prefix_sums

  subroutine outer_local(x, out, x_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: n
    real(8), allocatable :: m(:, :)
    integer(8), allocatable :: w(:, :, :)
    integer(8) :: i
    integer(8) :: j
    integer(4) :: tp_alloc_stat
    real(8) :: tp_value0
    integer(4) :: j_4

    n = x_n1
    if (allocated(m)) deallocate(m)
    allocate(m(0:n - 1, 0:n - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n
        tp_status(3) = n
        tp_status(1) = 6
      end if
      !$omp end critical (tp_status)
      return
    end if
    if (allocated(w)) deallocate(w)
    allocate(w(0:2, 0:1, 0:n - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n
        tp_status(3) = 2
        tp_status(4) = 3
        tp_status(1) = 7
      end if
      !$omp end critical (tp_status)
      return
    end if
    w = 1
    if (n - 1 >= -1073741824 .and. n - 1 <= 1073741824) then
      do i = 0, n - 1
        do j_4 = 0, int(n - 1, 4)
          j = int(j_4, 8)
          m(j, i) = x(i) * x(j) + real(w(2, 1, i), 8)
        end do
        j = int(j_4, 8)
      end do
    else
      do i = 0, n - 1
        do j = 0, n - 1
          m(j, i) = x(i) * x(j) + real(w(2, 1, i), 8)
        end do
      end do
    end if
    do i = 0, n - 1
      tp_value0 = tp_numpy_sum_1c_f8(m(:, i), size(m(:, i), 1, kind=8)) + tp_maxval_f8(size(m(i, &
          :), kind=8), maxval(m(i, :)), any(m(i, :) /= m(i, :)))
      if (tp_status(1) /= 0) then
        return
      end if
      out(i) = tp_value0
    end do
  end subroutine outer_local

  subroutine row_sums(a, out, a_n1, a_n2, out_n1)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: i

    do i = 0, a_n1 - 1
      out(i) = tp_numpy_sum_1c_f8(a(i, :), size(a(i, :), 1, kind=8))
    end do
  end subroutine row_sums

  function tp_slice_stop(i, n) result(res)
    integer(8), intent(in) :: i
    integer(8), intent(in) :: n
    integer(8) :: res

    if (i < -1) then
      res = max(i + n, -1_8)
      return
    end if
    res = min(i, n - 1)
  end function tp_slice_stop

  function tp_numpy_sum_1c_f8(x, x_n1) result(res)
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: res

    res = 0.0d0 + tp_numpy_pw_1c_f8(x, 0_8, size(x, kind=8), x_n1)
  end function tp_numpy_sum_1c_f8

  recursive function tp_numpy_pw_1c_f8(x, lo, n, x_n1) result(tp_numpy_pw_1c_f8_res)
    integer(8), intent(in) :: lo
    integer(8), intent(in) :: n
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: tp_numpy_pw_1c_f8_res
    real(8) :: res
    integer(8) :: i
    real(8) :: r0
    real(8) :: r1
    real(8) :: r2
    real(8) :: r3
    real(8) :: r4
    real(8) :: r5
    real(8) :: r6
    real(8) :: r7
    integer(8) :: stop
    integer(8) :: n2

    if (n < 8) then
      res = 0.0d0
      do i = lo, lo + n - 1
        res = res + x(i)
      end do
      tp_numpy_pw_1c_f8_res = res
      return
    end if
    if (n <= 128) then
      r0 = x(lo + 0)
      r1 = x(lo + 1)
      r2 = x(lo + 2)
      r3 = x(lo + 3)
      r4 = x(lo + 4)
      r5 = x(lo + 5)
      r6 = x(lo + 6)
      r7 = x(lo + 7)
      i = lo + 8
      stop = lo + n - mod(n, 8_8)
      do while (i < stop)
        r0 = r0 + x(i + 0)
        r1 = r1 + x(i + 1)
        r2 = r2 + x(i + 2)
        r3 = r3 + x(i + 3)
        r4 = r4 + x(i + 4)
        r5 = r5 + x(i + 5)
        r6 = r6 + x(i + 6)
        r7 = r7 + x(i + 7)
        i = i + 8
      end do
      res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7))
      do while (i < lo + n)
        res = res + x(i)
        i = i + 1
      end do
      tp_numpy_pw_1c_f8_res = res
      return
    end if
    n2 = n / 2
    n2 = n2 - mod(n2, 8_8)
    tp_numpy_pw_1c_f8_res = tp_numpy_pw_1c_f8(x, lo, n2, x_n1) + tp_numpy_pw_1c_f8(x, lo + n2, n &
        - n2, x_n1)
  end function tp_numpy_pw_1c_f8

  function tp_maxval_f8(n, m, nans) result(res)
    integer(8), intent(in) :: n
    real(8), intent(in) :: m
    logical(4), intent(in) :: nans
    real(8) :: res
    real(8) :: d

    if (n == 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 8
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    if (nans) then
      d = m - m
      res = d / d
      return
    end if
    res = m
  end function tp_maxval_f8

end module arrays
