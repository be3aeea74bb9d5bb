module reach14
  implicit none
  integer(8) :: tp_status(8)
contains

  function wrap_distances(d, box, d_n1, d_n2) result(res)
    real(8), intent(in) :: box
    integer(8), intent(in) :: d_n1
    integer(8), intent(in) :: d_n2
    real(8), intent(inout) :: d(0:d_n1 - 1, 0:d_n2 - 1)
    integer(8) :: res
    real(8), allocatable :: np_tmp0(:)
    integer(8) :: np_tmp1
    integer(4) :: tp_alloc_stat

    ! d[d > h] = d[d > h] - box: one array assignment through the mask (MERGE).
    d(:, :) = merge(d - box, d, d > box / 2.0d0)
    d(:, :) = merge(-1.0d0, d, d == 0.0d0)
    np_tmp1 = count(d < 0.0d0)
    if (allocated(np_tmp0)) deallocate(np_tmp0)
    allocate(np_tmp0(0:np_tmp1 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = np_tmp1
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    np_tmp0(:) = pack(d, d < 0.0d0)
    res = size(np_tmp0, 1, kind=8)
  end function wrap_distances

  subroutine relax(u, v, steps, u_n1, v_n1)
    integer(8), intent(in) :: steps
    integer(8), intent(in) :: u_n1
    integer(8), intent(in) :: v_n1
    real(8), intent(inout) :: u(0:u_n1 - 1)
    real(8), intent(inout) :: v(0:v_n1 - 1)
    logical(4) :: tp_swapped0
    integer(8) :: u_
    integer(8) :: tp_bc
    logical(4) :: tp_bc_
    real(8), allocatable :: tp_bca(:)
    real(8), allocatable :: tp_bca_(:)
    integer(8) :: tp_bc__
    logical(4) :: tp_bc___
    real(8), allocatable :: tp_bca__(:)
    real(8), allocatable :: tp_bca___(:)
    integer(4) :: tp_alloc_stat

    ! u, v = v, u: each statement naming them written for both bindings, no copy.
    tp_swapped0 = .false.
    do u_ = 0, steps - 1
      if (tp_swapped0) then
        tp_bc = max(0_8, v_n1 - 2)
        if (tp_bc /= max(0_8, u_n1 - 1 - 1) .and. tp_bc /= 1) then
          !$omp critical (tp_status)
          if (tp_status(1) == 0) then
            tp_status(2) = tp_bc
            tp_status(3) = max(0_8, u_n1 - 1 - 1)
            tp_status(1) = 2
          end if
          !$omp end critical (tp_status)
          return
        end if
        tp_bc = max(0_8, u_n1 - 1 - 1)
        tp_bc_ = max(0_8, v_n1 - 2) /= tp_bc .or. max(0_8, v_n1 - 2) /= tp_bc
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
          call tp_nparr_bcast_1c_f8(v(:v_n1 - 2 - 1), tp_bca, size(v(:v_n1 - 2 - 1), 1, kind=8), &
              size(tp_bca, 1, kind=8))
          if (allocated(tp_bca_)) deallocate(tp_bca_)
          allocate(tp_bca_(0:tp_bc - 1), stat=tp_alloc_stat)
          if (tp_alloc_stat /= 0) then
            !$omp critical (tp_status)
            if (tp_status(1) == 0) then
              tp_status(2) = tp_bc
              tp_status(1) = 4
            end if
            !$omp end critical (tp_status)
            return
          end if
          call tp_nparr_bcast_1c_f8(v(2:), tp_bca_, size(v(2:), 1, kind=8), size(tp_bca_, 1, &
              kind=8))
          u(1:u_n1 - 1 - 1) = 0.5d0 * (tp_bca + tp_bca_)
        else
          u(1:u_n1 - 1 - 1) = 0.5d0 * (v(:v_n1 - 2 - 1) + v(2:))
        end if
      else
        tp_bc__ = max(0_8, u_n1 - 2)
        if (tp_bc__ /= max(0_8, v_n1 - 1 - 1) .and. tp_bc__ /= 1) then
          !$omp critical (tp_status)
          if (tp_status(1) == 0) then
            tp_status(2) = tp_bc__
            tp_status(3) = max(0_8, v_n1 - 1 - 1)
            tp_status(1) = 5
          end if
          !$omp end critical (tp_status)
          return
        end if
        tp_bc__ = max(0_8, v_n1 - 1 - 1)
        tp_bc___ = max(0_8, u_n1 - 2) /= tp_bc__ .or. max(0_8, u_n1 - 2) /= tp_bc__
        if (tp_bc___) then
          if (allocated(tp_bca__)) deallocate(tp_bca__)
          allocate(tp_bca__(0:tp_bc__ - 1), stat=tp_alloc_stat)
          if (tp_alloc_stat /= 0) then
            !$omp critical (tp_status)
            if (tp_status(1) == 0) then
              tp_status(2) = tp_bc__
              tp_status(1) = 6
            end if
            !$omp end critical (tp_status)
            return
          end if
          call tp_nparr_bcast_1c_f8(u(:u_n1 - 2 - 1), tp_bca__, size(u(:u_n1 - 2 - 1), 1, &
              kind=8), size(tp_bca__, 1, kind=8))
          if (allocated(tp_bca___)) deallocate(tp_bca___)
          allocate(tp_bca___(0:tp_bc__ - 1), stat=tp_alloc_stat)
          if (tp_alloc_stat /= 0) then
            !$omp critical (tp_status)
            if (tp_status(1) == 0) then
              tp_status(2) = tp_bc__
              tp_status(1) = 7
            end if
            !$omp end critical (tp_status)
            return
          end if
          call tp_nparr_bcast_1c_f8(u(2:), tp_bca___, size(u(2:), 1, kind=8), size(tp_bca___, 1, &
              kind=8))
          v(1:v_n1 - 1 - 1) = 0.5d0 * (tp_bca__ + tp_bca___)
        else
          v(1:v_n1 - 1 - 1) = 0.5d0 * (u(:u_n1 - 2 - 1) + u(2:))
        end if
      end if
      tp_swapped0 = .not. tp_swapped0
    end do
  end subroutine relax

  function smallest_finite(x, x_n1) result(res)
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: res
    real(8) :: best
    integer(8) :: k_26_4
    real(8) :: v

    ! math.inf as TRANSFER of its bits; np.isfinite of an element.
    best = transfer(9218868437227405312_8, 0.0d0)
    do k_26_4 = 0, x_n1 - 1
      v = x(k_26_4)
      if (v - v == v - v .and. v < best) then
        best = v
      end if
    end do
    res = best
  end function smallest_finite

  function corners(x, x_n1, x_n2) result(res)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x_n2
    real(8), intent(in) :: x(0:x_n1 - 1, 0:x_n2 - 1)
    real(8) :: res
    real(8), allocatable :: tp_list_34_17(:)
    real(8), allocatable :: c(:)
    real(8) :: total
    integer(8) :: k_36_4
    real(8), allocatable :: np_tmp0(:, :)
    integer(4) :: tp_alloc_stat

    ! np.array of a list display; for row in a matrix; astype of a bool array.
    if (allocated(tp_list_34_17)) deallocate(tp_list_34_17)
    allocate(tp_list_34_17(0:3), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = 4
        tp_status(1) = 8
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    tp_list_34_17 = 0.0d0
    tp_list_34_17(0) = x(0, 0)
    tp_list_34_17(1) = x(x_n1 - 1, 0)
    tp_list_34_17(2) = x(0, x_n2 - 1)
    tp_list_34_17(3) = x(x_n1 - 1, x_n2 - 1)
    if (allocated(c)) deallocate(c)
    allocate(c(0:size(tp_list_34_17, 1, kind=8) - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = size(tp_list_34_17, 1, kind=8)
        tp_status(1) = 9
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    c(:) = tp_list_34_17
    total = 0.0d0
    do k_36_4 = 0, x_n2 - 1
      total = total + x(0, k_36_4)
    end do
    if (allocated(np_tmp0)) deallocate(np_tmp0)
    allocate(np_tmp0(0:x_n1 - 1, 0:x_n2 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = x_n2
        tp_status(3) = x_n1
        tp_status(1) = 10
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    np_tmp0(:, :) = merge(1, 0, x > 0.0d0)
    res = total + tp_numpy_sum_1c_f8(c, size(c, 1, kind=8)) + tp_numpy_sum_2c_f8(np_tmp0, &
        size(np_tmp0, 1, kind=8), size(np_tmp0, 2, kind=8))
  end function corners

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

end module reach14
