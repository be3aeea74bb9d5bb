module iteration
  implicit none
  integer(8) :: tp_status(8)
contains

  function weighted_sum(x, w, x_n1, w_n1) result(res)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: w_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8), intent(in) :: w(0:w_n1 - 1)
    real(8) :: res
    real(8) :: s
    integer(8) :: k_11_4
    real(8) :: a
    real(8) :: b

    s = 0.0d0
    do k_11_4 = 0, min(x_n1, w_n1) - 1
      a = x(k_11_4)
      b = w(k_11_4)
      s = s + a * b
    end do
    res = s
  end function weighted_sum

  function first_above(x, t, x_n1) result(res)
    real(8), intent(in) :: t
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    integer(8) :: res
    integer(8) :: k
    integer(8) :: k_18_4
    integer(8) :: i
    real(8) :: v

    k = -1
    do k_18_4 = 0, x_n1 - 1
      i = k_18_4
      v = x(k_18_4)
      if (v > t) then
        k = i
        exit
      end if
    end do
    res = k
  end function first_above

  function strided(x, t, x_n1) result(res)
    real(8), intent(in) :: t
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    integer(8) :: res

    res = first_above(x(::2), t, size(x(::2), 1, kind=8))
  end function strided

  function moments(n) result(res)
    integer(8), intent(in) :: n
    real(8) :: res
    real(8), allocatable :: powers(:)
    integer(8), allocatable :: squares(:)
    integer(8) :: c_32_14
    integer(8) :: k_32_14
    integer(8) :: i
    real(8) :: s
    integer(8) :: k_36_4
    real(8) :: p
    integer(4) :: tp_alloc_stat

    if (allocated(powers)) deallocate(powers)
    allocate(powers(0:max(n, 0_8) - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = max(n, 0_8)
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    powers = 0.0d0
    if (allocated(squares)) deallocate(squares)
    allocate(squares(0:max(n, 0_8) - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = max(n, 0_8)
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    squares = 0
    do c_32_14 = 0, n - 1
      k_32_14 = c_32_14
      squares(k_32_14) = c_32_14 * c_32_14
    end do
    do i = 0, n - 1
      powers(i) = 0.5d0 * real(squares(i), 8)
    end do
    s = 0.0d0
    do k_36_4 = 0, size(powers, 1, kind=8) - 1
      p = powers(k_36_4)
      s = s + p
    end do
    res = s
  end function moments

  function bits(a, b, n) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8), intent(in) :: n
    integer(8) :: res

    res = ior(iand(a, b), ieor(a, not(b)) + shiftl(a, 3_8) + tp_rshift_s8(b, n))
  end function bits

  subroutine masks(p, q, out, p_n1, q_n1, out_n1)
    integer(8), intent(in) :: p_n1
    integer(8), intent(in) :: q_n1
    integer(8), intent(in) :: out_n1
    logical(1), intent(in) :: p(0:p_n1 - 1)
    logical(1), intent(in) :: q(0:q_n1 - 1)
    logical(1), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: tp_bc
    integer(8) :: tp_bc_
    integer(8) :: tp_bc__
    integer(8) :: tp_bc___
    logical(4) :: tp_bc____
    logical(1), allocatable :: tp_bca(:)
    logical(1), allocatable :: tp_bca_(:)
    logical(1), allocatable :: tp_bca__(:)
    logical(1), allocatable :: tp_bca___(:)
    integer(4) :: tp_alloc_stat

    if (p_n1 /= q_n1 .and. p_n1 /= 1 .and. q_n1 /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = p_n1
        tp_status(3) = q_n1
        tp_status(1) = 3
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc = p_n1
    if (tp_bc == 1) then
      tp_bc = q_n1
    end if
    if (p_n1 /= q_n1 .and. p_n1 /= 1 .and. q_n1 /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = p_n1
        tp_status(3) = q_n1
        tp_status(1) = 4
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc_ = p_n1
    if (tp_bc_ == 1) then
      tp_bc_ = q_n1
    end if
    if (tp_bc /= tp_bc_ .and. tp_bc /= 1 .and. tp_bc_ /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc
        tp_status(3) = tp_bc_
        tp_status(1) = 5
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc__ = tp_bc
    if (tp_bc__ == 1) then
      tp_bc__ = tp_bc_
    end if
    tp_bc___ = tp_bc__
    if (tp_bc___ /= out_n1 .and. tp_bc___ /= 1) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = tp_bc___
        tp_status(3) = out_n1
        tp_status(1) = 6
      end if
      !$omp end critical (tp_status)
      return
    end if
    tp_bc___ = out_n1
    tp_bc____ = p_n1 /= tp_bc___ .or. q_n1 /= tp_bc___ .or. p_n1 /= tp_bc___ .or. q_n1 /= tp_bc___
    if (tp_bc____) then
      if (allocated(tp_bca)) deallocate(tp_bca)
      allocate(tp_bca(0:tp_bc___ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc___
          tp_status(1) = 7
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_1c_b1(p, tp_bca, p_n1, size(tp_bca, 1, kind=8))
      if (allocated(tp_bca_)) deallocate(tp_bca_)
      allocate(tp_bca_(0:tp_bc___ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc___
          tp_status(1) = 8
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_1c_b1(q, tp_bca_, q_n1, size(tp_bca_, 1, kind=8))
      if (allocated(tp_bca__)) deallocate(tp_bca__)
      allocate(tp_bca__(0:tp_bc___ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc___
          tp_status(1) = 9
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_1c_b1(p, tp_bca__, p_n1, size(tp_bca__, 1, kind=8))
      if (allocated(tp_bca___)) deallocate(tp_bca___)
      allocate(tp_bca___(0:tp_bc___ - 1), stat=tp_alloc_stat)
      if (tp_alloc_stat /= 0) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(2) = tp_bc___
          tp_status(1) = 10
        end if
        !$omp end critical (tp_status)
        return
      end if
      call tp_nparr_bcast_1c_b1(q, tp_bca___, q_n1, size(tp_bca___, 1, kind=8))
      out(:) = tp_bca .and. tp_bca_ .or. (tp_bca__ .neqv. tp_bca___)
    else
      out(:) = p .and. q .or. (p .neqv. q)
    end if
  end subroutine masks

  subroutine tp_nparr_bcast_1c_b1(x, out, x_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    logical(1), intent(in) :: x(0:x_n1 - 1)
    logical(1), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: s0
    integer(8) :: i

    s0 = merge(0_8, 1_8, x_n1 == 1)
    do i = 0, out_n1 - 1
      out(i) = x(i * s0)
    end do
  end subroutine tp_nparr_bcast_1c_b1

  function tp_rshift_s8(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    if (b < 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 11
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    if (b >= 64) then
      if (a < 0) then
        res = -1
        return
      end if
      res = 0
      return
    end if
    res = shifta(a, b)
  end function tp_rshift_s8

end module iteration
