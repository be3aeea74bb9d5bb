module control
  implicit none
  integer(8) :: tp_depth(2)
  integer(8) :: tp_status(8)
contains

  function count_down(x, step, x_n1) result(res)
    integer(8), intent(in) :: step
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x(0:x_n1 - 1)
    integer(8) :: res
    integer(8) :: total
    integer(8) :: i

    ! a range with a step whose sign is only known at run time
    total = 0
    if (step == 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    do i = x_n1 - 1, -1 - sign(1_8, step), step
      total = total + x(merge(i + x_n1, i, i < 0))
    end do
    res = total
  end function count_down

  function strided_sum(x, start, stop, step, x_n1) result(res)
    integer(8), intent(in) :: start
    integer(8), intent(in) :: stop
    integer(8), intent(in) :: step
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: x(0:x_n1 - 1)
    integer(8) :: res
    integer(8) :: total
    integer(8) :: i

    total = 0
    if (step == 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    do i = start, stop - sign(1_8, step), step
      total = total + x(merge(i + x_n1, i, i < 0)) * i
    end do
    res = total
  end function strided_sum

  function first_negative(x, x_n1) result(res)
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    integer(8) :: res
    integer(8) :: i

    do i = 0, x_n1 - 1
      if (x(i) < 0.0d0) then
        res = i
        return
      end if
    end do
    res = -1
  end function first_negative

  function collatz(n_in) result(res)
    integer(8), intent(in) :: n_in
    integer(8) :: res
    integer(8) :: steps
    integer(8) :: n

    n = n_in
    steps = 0
    do while (n /= 1)
      if (modulo(n, 2_8) == 0) then
        n = (n - modulo(n, 2_8)) / 2
      else
        n = 3 * n + 1
      end if
      steps = steps + 1
    end do
    res = steps
  end function collatz

  subroutine classify(x, out, x_n1, out_n1)
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: out_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    integer(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: i
    real(8) :: v

    do i = 0, x_n1 - 1
      v = x(i)
      if (v < -0.5d0) then
        out(i) = -1
        cycle
      else if (v > 0.5d0) then
        out(i) = 1
      else if (v == 0.0d0) then
        exit
      else
        out(i) = 0
      end if
    end do
  end subroutine classify

  function fib(n) result(res)
    integer(8), intent(in) :: n
    integer(8) :: res

    if (n < 2 .or. n <= tp_depth(2) - tp_depth(1) + 0) then
      res = fib_free(n)
      return
    else
      res = fib_counted(n)
      return
    end if
  end function fib

  recursive function fib_free(n) result(res)
    integer(8), intent(in) :: n
    integer(8) :: res

    if (n < 2) then
      res = n
      return
    end if
    res = fib_free(n - 1) + fib_free(n - 2)
  end function fib_free

  recursive function fib_counted(n) result(res)
    integer(8), intent(in) :: n
    integer(8) :: res
    integer(8) :: fib_counted_value
    integer(8) :: tp_lazy0
    integer(8) :: tp_lazy1

    tp_depth(1) = tp_depth(1) + 1
    if (tp_depth(1) > tp_depth(2)) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 3
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    if (n < 2) then
      tp_depth(1) = tp_depth(1) - 1
      res = n
      return
    end if
    tp_lazy0 = fib_counted(n - 1)
    if (tp_status(1) /= 0) then
      res = 0
      return
    end if
    tp_lazy1 = fib_counted(n - 2)
    if (tp_status(1) /= 0) then
      res = 0
      return
    end if
    fib_counted_value = tp_lazy0 + tp_lazy1
    tp_depth(1) = tp_depth(1) - 1
    res = fib_counted_value
  end function fib_counted

  function fib_sum(n) result(res)
    integer(8), intent(in) :: n
    integer(8) :: res
    integer(8) :: total
    integer(8) :: k

    total = 0
    do k = 0, n - 1
      total = total + fib(k)
      if (tp_status(1) /= 0) then
        res = 0
        return
      end if
    end do
    res = total
  end function fib_sum

  function clip_sum(x, lo, hi, x_n1) result(res)
    real(8), intent(in) :: lo
    real(8), intent(in) :: hi
    integer(8), intent(in) :: x_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    real(8) :: res
    real(8) :: s
    integer(8) :: i

    s = 0.0d0
    do i = 0, x_n1 - 1
      s = s + merge(tp_min_f8(tp_max_f8(x(i), lo), hi), 0.0d0, x(i) == x(i))
    end do
    res = s
  end function clip_sum

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

end module control
