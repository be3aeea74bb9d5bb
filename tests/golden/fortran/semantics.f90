module semantics
  implicit none
  real(8), save :: tp_pow_zero8 = 0.0d0
  integer(8) :: tp_status(8)
contains

  function floor_div(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    res = tp_floordiv_i8(a, b)
  end function floor_div

  function floor_mod(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    res = tp_mod_i8(a, b)
  end function floor_mod

  function true_div(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    real(8) :: res

    res = tp_idiv_f8(real(a, 8), real(b, 8))
  end function true_div

  function float_ops(x, y) result(res)
    real(8), intent(in) :: x
    real(8), intent(in) :: y
    real(8) :: res
    real(8) :: q
    real(8) :: r
    real(8) :: tp_lazy0
    real(8) :: tp_lazy1

    q = tp_floordiv_f8(x, y)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    r = tp_mod_f8(x, y)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    tp_lazy0 = tp_pow_f8(x, 2.0d0)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    tp_lazy1 = tp_pow_f8(abs(y), 0.5d0)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    res = q * 1000.0d0 + r + tp_lazy0 - tp_lazy1
  end function float_ops

  function casts(x) result(res)
    real(8), intent(in) :: x
    integer(8) :: res
    integer(8) :: i
    real(8) :: f
    integer(8) :: tp_lazy0
    integer(8) :: tp_lazy1
    integer(8) :: tp_lazy2

    ! truncates toward zero, as Python does
    i = tp_int_f8(x)
    if (tp_status(1) /= 0) then
      res = 0
      return
    end if
    f = real(i, 8) / 3.0d0
    tp_lazy0 = tp_int_f8(f * 10.0d0)
    if (tp_status(1) /= 0) then
      res = 0
      return
    end if
    tp_lazy1 = tp_floor_f8(x)
    if (tp_status(1) /= 0) then
      res = 0
      return
    end if
    tp_lazy2 = tp_ceil_f8(x)
    if (tp_status(1) /= 0) then
      res = 0
      return
    end if
    res = i + tp_lazy0 + tp_lazy1 + tp_lazy2
  end function casts

  function powers(n, x) result(res)
    integer(8), intent(in) :: n
    real(8), intent(in) :: x
    real(8) :: res
    real(8) :: tp_lazy0
    integer(8) :: tp_lazy1

    tp_lazy0 = tp_pow_f8(x, real(n, 8))
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    tp_lazy1 = tp_ipow_i8(2_8, n)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    res = tp_lazy0 + real(tp_lazy1, 8) + real(n**2, 8)
  end function powers

  function minmax(a, b, x) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    real(8), intent(in) :: x
    real(8) :: res

    res = real(min(a, b) + max(a, b, 3_8), 8) + tp_max_f8(x, real(a, 8)) + real(min(abs(a - b), &
        5_8), 8)
  end function minmax

  function intrinsics(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res
    real(8) :: y
    real(8) :: tp_lazy0
    real(8) :: tp_lazy1
    real(8) :: tp_lazy2

    y = abs(x) + 1.0d0
    tp_lazy0 = tp_math_exp_f8(-y)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    tp_lazy1 = tp_math_sin_f8(x)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    tp_lazy2 = tp_math_cos_f8(x)
    if (tp_status(1) /= 0) then
      res = 0.0d0
      return
    end if
    res = sqrt(y) + tp_lazy0 + log(y) + tp_lazy1 * tp_lazy2 + tanh(x) + atan2(x, y) + &
        tp_math_hypot_f8(x, y) + 3.141592653589793d0
  end function intrinsics

  function complex_ops(re, im) result(res)
    real(8), intent(in) :: re
    real(8), intent(in) :: im
    real(8) :: res
    complex(8) :: z
    complex(8) :: w

    z = cmplx(re, im, kind=8)
    w = z * z + (0.0d0, 1.0d0) * z - (2.5d0, 0.0d0)
    res = real(w, kind=8) * 3.0d0 + aimag(w) + abs(w)
  end function complex_ops

  function tp_ceil_f8(x) result(res)
    real(8), intent(in) :: x
    integer(8) :: res
    real(8) :: t

    t = aint(x)
    if (t < x) then
      t = t + 1.0d0
    end if
    res = tp_int_f8(t)
  end function tp_ceil_f8

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

  function tp_floordiv_f8(a, b) result(res)
    real(8), intent(in) :: a
    real(8), intent(in) :: b
    real(8) :: res

    if (b == 0.0d0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 1
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    res = tp_np_floordiv_f8(a, b)
  end function tp_floordiv_f8

  function tp_floordiv_i8(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    if (b == 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 2
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    if (b == -1) then
      if (a == -9223372036854775807_8 - 1_8) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(1) = 3
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
      res = -a
      return
    end if
    res = (a - modulo(a, b)) / b
  end function tp_floordiv_i8

  function tp_idiv_f8(a, b) result(res)
    real(8), intent(in) :: a
    real(8), intent(in) :: b
    real(8) :: res

    if (b == 0.0d0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 4
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    res = a / b
  end function tp_idiv_f8

  function tp_int_f8(x) result(res)
    real(8), intent(in) :: x
    integer(8) :: res

    if (.not. abs(x) < 9.223372036854776d+18) then
      ! one test on the fast path; nan fails it too
      if (x /= x) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(1) = 5
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
      if (abs(x) > 1.7976931348623157d+308) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(1) = 6
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
      if (x /= -9.223372036854776d+18) then
        !$omp critical (tp_status)
        if (tp_status(1) == 0) then
          tp_status(1) = 7
        end if
        !$omp end critical (tp_status)
        res = 0
        return
      end if
    end if
    res = int(x, 8)
  end function tp_int_f8

  function tp_ipow_i8(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    if (b < 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 8
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    res = a**b
  end function tp_ipow_i8

  function tp_math_cos_f8(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res
    real(8) :: r

    r = cos(x)
    if (r /= r .and. x == x) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 9
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    if (abs(r) > 1.7976931348623157d+308 .and. abs(x) <= 1.7976931348623157d+308) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 10
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    res = r
  end function tp_math_cos_f8

  function tp_math_exp_f8(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res
    real(8) :: r

    r = exp(x)
    if (r /= r .and. x == x) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 11
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    if (abs(r) > 1.7976931348623157d+308 .and. abs(x) <= 1.7976931348623157d+308) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 12
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    res = r
  end function tp_math_exp_f8

  function tp_math_hypot_f8(x, y) result(res)
    real(8), intent(in) :: x
    real(8), intent(in) :: y
    real(8) :: res
    real(8) :: ax
    real(8) :: ay
    real(8) :: m
    integer(4) :: e
    real(8) :: u
    real(8) :: v
    real(8) :: csum
    real(8) :: f1
    real(8) :: old
    real(8) :: scale
    real(8) :: f2
    real(8) :: f3
    integer(8) :: c
    real(8) :: w
    real(8) :: t
    real(8) :: hi
    real(8) :: lo
    real(8) :: h
    real(8) :: r

    ! CPython's math.hypot for two coordinates: scaled by a power of two, squared exactly
    ! (Veltkamp-Dekker), summed with compensation, one correction step of the square root
    ax = abs(x)
    ay = abs(y)
    m = ax
    if (ay > ax) then
      m = ay
    end if
    if (ax > 1.7976931348623157d+308) then
      res = ax
      return
    end if
    if (ay > 1.7976931348623157d+308) then
      res = ay
      return
    end if
    if (ax /= ax .or. ay /= ay) then
      res = ax + ay
      return
    end if
    if (m == 0.0d0) then
      res = m
      return
    end if
    e = exponent(m)
    if (e < -1023) then
      u = ax / m
      v = ay / m
      csum = 1.0d0 + u * u
      f1 = 1.0d0 - csum + u * u
      old = csum
      csum = csum + v * v
      f1 = f1 + (old - csum + v * v)
      res = m * sqrt(csum - 1.0d0 + f1)
      return
    end if
    ! the C library's pow: exact, 2.0**-1024 too
    scale = 2.0d0**(real(-e, 8) + tp_pow_zero8)
    csum = 1.0d0
    f1 = 0.0d0
    f2 = 0.0d0
    f3 = 0.0d0
    do c = 0, 1
      w = ax * scale
      if (c == 1) then
        w = ay * scale
      end if
      t = w * 134217729.0d0
      hi = t - (t - w)
      lo = w - hi
      old = csum
      csum = csum + hi * hi
      f1 = f1 + (old - csum + hi * hi)
      old = csum
      csum = csum + 2.0d0 * hi * lo
      f2 = f2 + (old - csum + 2.0d0 * hi * lo)
      f3 = f3 + lo * lo
    end do
    h = sqrt(csum - 1.0d0 + (f1 + f2 + f3))
    t = h * 134217729.0d0
    hi = t - (t - h)
    lo = h - hi
    old = csum
    csum = csum + (-hi) * hi
    f1 = f1 + (old - csum + (-hi) * hi)
    old = csum
    csum = csum + (-2.0d0) * hi * lo
    f2 = f2 + (old - csum + (-2.0d0) * hi * lo)
    old = csum
    csum = csum + (-lo) * lo
    f3 = f3 + (old - csum + (-lo) * lo)
    r = csum - 1.0d0 + (f1 + f2 + f3)
    res = (h + r / (2.0d0 * h)) / scale
  end function tp_math_hypot_f8

  function tp_math_sin_f8(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res
    real(8) :: r

    r = sin(x)
    if (r /= r .and. x == x) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 13
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    if (abs(r) > 1.7976931348623157d+308 .and. abs(x) <= 1.7976931348623157d+308) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 14
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    res = r
  end function tp_math_sin_f8

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

  function tp_mod_f8(a, b) result(res)
    real(8), intent(in) :: a
    real(8), intent(in) :: b
    real(8) :: res

    if (b == 0.0d0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 15
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    res = tp_np_mod_f8(a, b)
  end function tp_mod_f8

  function tp_mod_i8(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    if (b == 0) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 16
      end if
      !$omp end critical (tp_status)
      res = 0
      return
    end if
    if (b == -1) then
      res = 0
      return
    end if
    res = modulo(a, b)
  end function tp_mod_i8

  elemental function tp_np_floordiv_f8(a, b) result(res)
    real(8), intent(in) :: a
    real(8), intent(in) :: b
    real(8) :: res
    real(8) :: mod_1
    real(8) :: div
    real(8) :: q

    if (b == 0.0d0) then
      res = a / b
      return
    end if
    mod_1 = mod(a, b)
    div = (a - mod_1) / b
    if (mod_1 /= 0.0d0) then
      if (merge(1_8, 0_8, b < 0.0d0) /= merge(1_8, 0_8, mod_1 < 0.0d0)) then
        div = div - 1.0d0
      end if
    end if
    if (div /= 0.0d0) then
      q = aint(div)
      if (q > div) then
        q = q - 1.0d0
      end if
      if (div - q > 0.5d0) then
        q = q + 1.0d0
      end if
      res = q
      return
    end if
    res = sign(0.0d0, a / b)
  end function tp_np_floordiv_f8

  elemental function tp_np_mod_f8(a, b) result(res)
    real(8), intent(in) :: a
    real(8), intent(in) :: b
    real(8) :: res
    real(8) :: mod_1

    mod_1 = mod(a, b)
    if (b == 0.0d0) then
      res = mod_1
      return
    end if
    if (mod_1 /= 0.0d0) then
      if (merge(1_8, 0_8, b < 0.0d0) /= merge(1_8, 0_8, mod_1 < 0.0d0)) then
        mod_1 = mod_1 + b
      end if
    else
      mod_1 = sign(0.0d0, b)
    end if
    res = mod_1
  end function tp_np_mod_f8

  function tp_pow_f8(x, y) result(res)
    real(8), intent(in) :: x
    real(8), intent(in) :: y
    real(8) :: res
    real(8) :: r

    if (x == 0.0d0 .and. y < 0.0d0 .and. y >= -1.7976931348623157d+308) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 17
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    if (x < 0.0d0 .and. x >= -1.7976931348623157d+308 .and. abs(y) <= 1.7976931348623157d+308 &
        .and. aint(y) /= y) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 18
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    r = x**(y + tp_pow_zero8)
    if (abs(r) > 1.7976931348623157d+308 .and. abs(x) <= 1.7976931348623157d+308 .and. abs(y) <= &
        1.7976931348623157d+308) then
      !$omp critical (tp_status)
      if (tp_status(1) == 0) then
        tp_status(1) = 19
      end if
      !$omp end critical (tp_status)
      res = 0.0d0
      return
    end if
    res = r
  end function tp_pow_f8

end module semantics
