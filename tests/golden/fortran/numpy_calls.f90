module numpy_calls
  implicit none
  integer(8) :: tp_status(8)
contains

  function stats(x, a, x_n1, a_n1, a_n2) result(res)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    real(8) :: res

    ! Pairwise sums and means, as np.sum and np.mean add.
    res = tp_numpy_sum_1c_f8(x, x_n1) + tp_numpy_mean_1c_f8(x, x_n1) + tp_numpy_mean_2c_f8(a, &
        a_n1, a_n2)
  end function stats

  subroutine column_sums(a, out, a_n1, a_n2, out_n1)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: a_n2
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: a(0:a_n1 - 1, 0:a_n2 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    real(8), allocatable :: s(:)
    integer(8) :: tp_bc
    logical(4) :: tp_bc_
    real(8), allocatable :: tp_bca(:)
    integer(4) :: tp_alloc_stat

    ! across the rows: row by row from 0.0
    if (allocated(s)) deallocate(s)
    allocate(s(0:a_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = a_n1
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_numpy_sum_a0c_f8(a, s, a_n1, a_n2, size(s, 1, kind=8))
    tp_bc = size(s, 1, kind=8)
    if (tp_bc /= out_n1 .and. tp_bc /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc
        tp_status(3) = out_n1
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc = out_n1
    tp_bc_ = size(s, 1, kind=8) /= tp_bc
    if (tp_bc_) then
      if (allocated(tp_bca)) deallocate(tp_bca)
      allocate(tp_bca(0:tp_bc - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc
          tp_status(1) = 3
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_1c_f8(s, tp_bca, size(s, 1, kind=8), size(tp_bca, 1, kind=8))
      out(:) = tp_bca
    else
      out(:) = s
    end if
  end subroutine column_sums

  subroutine running(x, out, x_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    real(8), allocatable :: c(:)
    integer(8) :: tp_bc
    integer(8) :: tp_bc_
    logical(4) :: tp_bc__
    real(8), allocatable :: tp_bca(:)
    real(8), allocatable :: tp_bca_(:)
    integer(4) :: tp_alloc_stat

    if (allocated(c)) deallocate(c)
    allocate(c(0:x_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = x_n1
        tp_status(1) = 4
      end if
      !$omp end critical (tp_status)
      return
    end if
    call tp_numpy_cumsum_f8(x, c, x_n1, size(c, 1, kind=8))
    if (size(c, 1, kind=8) /= x_n1 .and. size(c, 1, kind=8) /= 1 .and. x_n1 /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = size(c, 1, kind=8)
        tp_status(3) = x_n1
        tp_status(1) = 5
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc = size(c, 1, kind=8)
    if (tp_bc == 1) then
      tp_bc = x_n1
    end if
    tp_bc_ = tp_bc
    if (tp_bc_ /= out_n1 .and. tp_bc_ /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc_
        tp_status(3) = out_n1
        tp_status(1) = 6
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc_ = out_n1
    tp_bc__ = size(c, 1, kind=8) /= tp_bc_ .or. x_n1 /= tp_bc_
    if (tp_bc__) then
      if (allocated(tp_bca)) deallocate(tp_bca)
      allocate(tp_bca(0:tp_bc_ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc_
          tp_status(1) = 7
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_1c_f8(c, tp_bca, size(c, 1, kind=8), size(tp_bca, 1, kind=8))
      if (allocated(tp_bca_)) deallocate(tp_bca_)
      allocate(tp_bca_(0:tp_bc_ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc_
          tp_status(1) = 8
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_1c_f8(x, tp_bca_, x_n1, size(tp_bca_, 1, kind=8))
      out(:) = tp_numpy_clips_f8(tp_bca, -1.0d0, 1.0d0) * tp_numpy_sign_f8(tp_bca_)
    else
      out(:) = tp_numpy_clips_f8(c, -1.0d0, 1.0d0) * tp_numpy_sign_f8(x)
    end if
  end subroutine running

  function grid(n, out, out_n1) result(res)
    integer(8), intent(in) :: n
    integer(8), intent(in) :: out_n1
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: res
    real(8), allocatable :: t(:)
    integer(8), allocatable :: k(:)
    integer(8) :: tp_bc
    logical(4) :: tp_bc_
    real(8), allocatable :: tp_bca(:)
    integer(8) :: np_tmp0
    integer(4) :: tp_alloc_stat

    if (n < 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n
        tp_status(1) = 9
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    if (allocated(t)) deallocate(t)
    allocate(t(0:n - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = n
        tp_status(1) = 10
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    call tp_numpy_linspace(0.0d0, 1.0d0, t, size(t, 1, kind=8))
    np_tmp0 = tp_numpy_arange_len_i8(1_8, n, 2_8)
    if (tp_status(1) /= 0) then
      res = 0
      return
    end if
    if (allocated(k)) deallocate(k)
    allocate(k(0:np_tmp0 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = np_tmp0
        tp_status(1) = 11
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    call tp_numpy_arange_i8(1_8, 2_8, k, size(k, 1, kind=8))
    tp_bc = size(t, 1, kind=8)
    if (tp_bc /= max(0_8, tp_slice_stop(size(t, 1, kind=8) - 1, out_n1) + 1) .and. tp_bc /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc
        tp_status(3) = max(0_8, tp_slice_stop(size(t, 1, kind=8) - 1, out_n1) + 1)
        tp_status(1) = 12
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    tp_bc = max(0_8, tp_slice_stop(size(t, 1, kind=8) - 1, out_n1) + 1)
    tp_bc_ = size(t, 1, kind=8) /= tp_bc
    if (tp_bc_) then
      if (allocated(tp_bca)) deallocate(tp_bca)
      allocate(tp_bca(0:tp_bc - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc
          tp_status(1) = 13
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
      call tp_nparr_bcast_1c_f8(t, tp_bca, size(t, 1, kind=8), size(tp_bca, 1, kind=8))
      out(:tp_slice_stop(size(t, 1, kind=8) - 1, out_n1)) = tp_bca
    else
      out(:tp_slice_stop(size(t, 1, kind=8) - 1, out_n1)) = t
    end if
    res = size(k, 1, kind=8)
  end function grid

  function shaped(x, v, x_n1) result(res)
    real(8), intent(in) :: v
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: res
    real(8), allocatable :: z(:)
    real(8), allocatable :: f(:)
    real(8), allocatable :: c(:)
    integer(4) :: tp_alloc_stat

    if (allocated(z)) deallocate(z)
    allocate(z(0:x_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = x_n1
        tp_status(1) = 14
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    z = 0.0d0
    if (allocated(f)) deallocate(f)
    allocate(f(0:x_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = x_n1
        tp_status(1) = 15
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    f = v
    if (allocated(c)) deallocate(c)
    allocate(c(0:x_n1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = x_n1
        tp_status(1) = 16
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    c(:) = x
    c(:) = 2.0d0
    res = z(0) + f(0) + c(0)
  end function shaped

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

  subroutine tp_nparr_bcast_1c_f8(x, out, x_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: s0
    integer(8) :: i

    s0 = merge(0_8, 1_8, x_n1 == 1)
    do i = 0, out_n1 - 1
      out(i) = x(i * s0)
    end do
  end subroutine tp_nparr_bcast_1c_f8

  subroutine tp_numpy_arange_i8(start, step, out, out_n1)
    integer(8), intent(in) :: start
    integer(8), intent(in) :: step
    integer(8), intent(in) :: out_n1
    integer(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: n
    integer(8) :: delta
    integer(8) :: i

    n = out_n1
    if (n > 0) then
      out(0) = start
    end if
    if (n > 1) then
      out(1) = start + step
    end if
    delta = merge(out(1) - start, step, n > 1)
    do i = 2, n - 1
      out(i) = start + i * step
    end do
  end subroutine tp_numpy_arange_i8

  function tp_numpy_arange_len_i8(start, stop, step) result(res)
    integer(8), intent(in) :: start
    integer(8), intent(in) :: stop
    integer(8), intent(in) :: step
    integer(8) :: res
    real(8) :: length

    if (step == 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 17
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    length = real(stop - start, 8) / real(step, 8)
    if (length /= length) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 18
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    if (.not. length > 0.0d0) then
      res = 0
      return
    end if
    if (length > 9.2d+18) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 19
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    res = ceiling(length, 8)
  end function tp_numpy_arange_len_i8

  elemental function tp_numpy_clips_f8(x, lo, hi) result(res)
    real(8), intent(in) :: x
    real(8), intent(in) :: lo
    real(8), intent(in) :: hi
    real(8) :: res
    real(8) :: v

    if (lo /= lo) then
      res = lo
      return
    end if
    if (hi /= hi) then
      res = hi
      return
    end if
    if (x /= x) then
      res = x
      return
    end if
    v = x
    if (lo > x) then
      v = lo
    end if
    if (hi < v) then
      res = hi
      return
    end if
    res = v
  end function tp_numpy_clips_f8

  subroutine tp_numpy_cumsum_f8(x, out, x_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: n
    integer(8) :: i

    n = x_n1
    if (n > 0) then
      out(0) = x(0)
    end if
    do i = 1, n - 1
      out(i) = out(i - 1) + x(i)
    end do
  end subroutine tp_numpy_cumsum_f8

  subroutine tp_numpy_linspace(start, stop, out, out_n1)
    real(8), intent(in) :: start
    real(8), intent(in) :: stop
    integer(8), intent(in) :: out_n1
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: num
    integer(8) :: div
    real(8) :: delta
    real(8) :: step
    integer(8) :: i

    num = out_n1
    div = num - 1
    delta = stop - start
    if (div > 0) then
      step = delta / real(div, 8)
      if (step == 0.0d0) then
        do i = 0, num - 1
          out(i) = real(i, 8) / real(div, 8) * delta + start
        end do
      else
        do i = 0, num - 1
          out(i) = real(i, 8) * step + start
        end do
      end if
      out(num - 1) = stop
    else
      do i = 0, num - 1
        out(i) = real(i, 8) * delta + start
      end do
    end if
  end subroutine tp_numpy_linspace

  function tp_numpy_mean_1c_f8(x, x_n1) result(res)
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: res

    res = tp_numpy_sum_1c_f8(x, x_n1) / real(size(x, kind=8), 8)
  end function tp_numpy_mean_1c_f8

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

  function tp_numpy_mean_2c_f8(x, x_n1, x_n2) result(res)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8) :: res

    res = tp_numpy_sum_2c_f8(x, x_n1, x_n2) / real(size(x, kind=8), 8)
  end function tp_numpy_mean_2c_f8

  function tp_numpy_sum_2c_f8(x, x_n1, x_n2) result(res)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8) :: res

    res = 0.0d0 + tp_numpy_pw_2c_f8(x, 0_8, size(x, kind=8), x_n1, x_n2)
  end function tp_numpy_sum_2c_f8

  recursive function tp_numpy_pw_2c_f8(x, lo, n, x_n1, x_n2) result(tp_numpy_pw_2c_f8_res)
    integer(8), intent(in) :: lo
    integer(8), intent(in) :: n
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8) :: tp_numpy_pw_2c_f8_res
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
        res = res + x(mod(i, x_n1), i / x_n1)
      end do
      tp_numpy_pw_2c_f8_res = res
      return
    end if
    if (n <= 128) then
      r0 = x(mod(lo + 0, x_n1), (lo + 0) / x_n1)
      r1 = x(mod(lo + 1, x_n1), (lo + 1) / x_n1)
      r2 = x(mod(lo + 2, x_n1), (lo + 2) / x_n1)
      r3 = x(mod(lo + 3, x_n1), (lo + 3) / x_n1)
      r4 = x(mod(lo + 4, x_n1), (lo + 4) / x_n1)
      r5 = x(mod(lo + 5, x_n1), (lo + 5) / x_n1)
      r6 = x(mod(lo + 6, x_n1), (lo + 6) / x_n1)
      r7 = x(mod(lo + 7, x_n1), (lo + 7) / x_n1)
      i = lo + 8
      stop = lo + n - mod(n, 8_8)
      do while (i < stop)
        r0 = r0 + x(mod(i + 0, x_n1), (i + 0) / x_n1)
        r1 = r1 + x(mod(i + 1, x_n1), (i + 1) / x_n1)
        r2 = r2 + x(mod(i + 2, x_n1), (i + 2) / x_n1)
        r3 = r3 + x(mod(i + 3, x_n1), (i + 3) / x_n1)
        r4 = r4 + x(mod(i + 4, x_n1), (i + 4) / x_n1)
        r5 = r5 + x(mod(i + 5, x_n1), (i + 5) / x_n1)
        r6 = r6 + x(mod(i + 6, x_n1), (i + 6) / x_n1)
        r7 = r7 + x(mod(i + 7, x_n1), (i + 7) / x_n1)
        i = i + 8
      end do
      res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7))
      do while (i < lo + n)
        res = res + x(mod(i, x_n1), i / x_n1)
        i = i + 1
      end do
      tp_numpy_pw_2c_f8_res = res
      return
    end if
    n2 = n / 2
    n2 = n2 - mod(n2, 8_8)
    tp_numpy_pw_2c_f8_res = tp_numpy_pw_2c_f8(x, lo, n2, x_n1, x_n2) + tp_numpy_pw_2c_f8(x, lo + &
        n2, n - n2, x_n1, x_n2)
  end function tp_numpy_pw_2c_f8

  elemental function tp_numpy_sign_f8(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res

    if (x > 0.0d0) then
      res = 1.0d0
      return
    end if
    if (x < 0.0d0) then
      res = -1.0d0
      return
    end if
    if (x == 0.0d0) then
      res = 0.0d0
      return
    end if
    res = x
  end function tp_numpy_sign_f8

  subroutine tp_numpy_sum_a0c_f8(x, out, x_n1, x_n2, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: j
    integer(8) :: i

    if (x_n1 == 1) then
      out(0) = 0.0d0 + tp_numpy_pw_2c_f8(x, 0_8, x_n2, x_n1, x_n2)
      return
    end if
    do j = 0, x_n1 - 1
      out(j) = 0.0d0
    end do
    do i = 0, x_n2 - 1
      do j = 0, x_n1 - 1
        out(j) = out(j) + x(j, i)
      end do
    end do
  end subroutine tp_numpy_sum_a0c_f8

end module numpy_calls
