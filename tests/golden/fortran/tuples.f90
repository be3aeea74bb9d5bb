module tuples
  implicit none
  integer(8) :: tp_status(8)
contains

  subroutine minmax(x, res0, res1, x_n1)
    real(8), intent(out) :: res0
    real(8), intent(out) :: res1
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: lo
    real(8) :: hi
    integer(8) :: i

    lo = x(0)
    hi = x(0)
    do i = 1, x_n1 - 1
      lo = tp_min_f8(lo, x(i))
      hi = tp_max_f8(hi, x(i))
    end do
    res0 = lo
    res1 = hi
  end subroutine minmax

  subroutine polar(x, y, res0, res1, res2)
    real(8), intent(in) :: x
    real(8), intent(in) :: y
    real(8), intent(out) :: res0
    real(8), intent(out) :: res1
    logical(4), intent(out) :: res2

    res0 = hypot(x, y)
    res1 = atan2(y, x)
    res2 = x * y > 0.0d0
  end subroutine polar

  function span(x, n, x_n1) result(res)
    integer(8), intent(in) :: n
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: res
    real(8) :: lo
    real(8) :: hi
    integer(8) :: shape_0
    integer(8) :: shape_1
    real(8), allocatable :: grid(:, :)
    real(8) :: tp_i0
    real(8) :: tp_i1
    logical(4) :: tp_i2
    integer(4) :: tp_alloc_stat

    call minmax(x, lo, hi, x_n1)
    shape_0 = n
    shape_1 = 2
    if (shape_0 < 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    if (allocated(grid)) deallocate(grid)
    allocate(grid(0:shape_1 - 1, 0:shape_0 - 1), stat=tp_alloc_stat)
    if (tp_alloc_stat /= 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(2) = shape_0
        tp_status(3) = shape_1
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    grid = 0.0d0
    grid(1, 0) = hi - lo
    call polar(lo, hi, tp_i0, tp_i1, tp_i2)
    res = grid(1, 0) + tp_i0
  end function span

  elemental function tp_max_f8(a, b) result(res)
    real(8), intent(in) :: a
    real(8), intent(in) :: b
    real(8) :: res

    if (b > a) then
      res = b
      return
    end if
    res = a
  end function tp_max_f8

  elemental function tp_min_f8(a, b) result(res)
    real(8), intent(in) :: a
    real(8), intent(in) :: b
    real(8) :: res

    if (b < a) then
      res = b
      return
    end if
    res = a
  end function tp_min_f8

end module tuples
