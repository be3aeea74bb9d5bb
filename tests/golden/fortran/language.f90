module language
  implicit none
  integer(8) :: tp_status(8)
contains

  function first(x, x_given) result(res)
    integer(8), intent(in) :: x
    logical(4), intent(in) :: x_given
    integer(8) :: res

    if (.not. x_given) then
      res = -7
      return
    end if
    res = x
  end function first

  function twice_half(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res

    res = half(half(x))
  end function twice_half

  function half(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res

    res = x / 2.0d0
  end function half

  function language_1(n, x, flag) result(res)
    integer(8), intent(in) :: n
    real(8), intent(in) :: x
    logical(4), intent(in) :: flag
    real(8) :: res
    integer(8) :: tmp_25_0
    integer(8) :: tmp_25_1
    integer(8) :: q
    integer(8) :: r
    real(8) :: t_0_0
    integer(8) :: t_0_1
    integer(8) :: t_1_0
    integer(8) :: t_1_1
    integer(8) :: s
    integer(8) :: tp_lazy0
    logical(4) :: tp_lazy1
    logical(4) :: tp_lazy2
    integer(8) :: tp_lazy3
    integer(8) :: tp_lazy4
    integer(8) :: tp_lazy5
    integer(8) :: tp_lazy6

    tmp_25_0 = (n - modulo(n, 7_8)) / 7
    tmp_25_1 = modulo(n, 7_8)
    q = tmp_25_0
    r = tmp_25_1
    t_0_0 = x
    t_0_1 = n
    t_1_0 = q
    t_1_1 = r
    tp_lazy1 = x - tp_np_floor_f8(x) > 0.5d0
    if (.not. tp_lazy1) then
      tp_lazy2 = x - tp_np_floor_f8(x) == 0.5d0
      if (tp_lazy2) then
        tp_lazy3 = tp_floor_f8(x)
        if (tp_status(1) /= 0) then
          res = 0.0d0
          return
        end if
        tp_lazy2 = modulo(tp_lazy3, 2_8) == 1
      end if
      tp_lazy1 = tp_lazy2
    end if
    if (tp_lazy1) then
      tp_lazy4 = tp_floor_f8(x)
      if (tp_status(1) /= 0) then
        res = 0.0d0
        return
      end if
      tp_lazy0 = tp_lazy4 + 1
    else
      tp_lazy5 = tp_floor_f8(x)
      if (tp_status(1) /= 0) then
        res = 0.0d0
        return
      end if
      tp_lazy0 = tp_lazy5
    end if
    tp_lazy6 = tp_int_f8(x)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    s = first(0_8, .false.) + first(n, .true.) + tp_lazy0 + tp_lazy6
    if (flag .eqv. .true.) then
      s = s + 1
    end if
    res = real(s, 8) + language_scaled(2_8, n, x) + twice_half(x) + real(t_0_1, 8) + real(t_1_1, 8)
  end function language_1

  function language_scaled(k, n, x) result(res)
    integer(8), intent(in) :: k
    integer(8), intent(in) :: n
    real(8), intent(in) :: x
    real(8) :: res

    res = x * real(k, 8) + real(n, 8)
  end function language_scaled

  function tp_floor_f8(x) result(res)
    real(8), intent(in) :: x
    integer(8) :: res
    real(8) :: t

    t = aint(x)
    if (t > x) then
      t = t - 1.0d0
    end if
    res = tp_int_f8(t)
  end function tp_floor_f8

  function tp_int_f8(x) result(res)
    real(8), intent(in) :: x
    integer(8) :: res

    if (.not. abs(x) < 9.223372036854776d+18) then
      ! one test on the fast path; nan fails it too
      if (x /= x) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(1) = 1
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
      if (abs(x) > 1.7976931348623157d+308) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(1) = 2
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
      if (x /= -9.223372036854776d+18) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(1) = 3
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
    end if
    res = int(x, 8)
  end function tp_int_f8

  elemental function tp_np_floor_f8(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res
    real(8) :: t

    t = aint(x)
    if (t > x) then
      t = t - 1.0d0
    end if
    res = t
  end function tp_np_floor_f8

end module language
