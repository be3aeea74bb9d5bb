module semantics
  implicit none
contains

  function floor_div(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    res = (a - modulo(a, b)) / b
  end function floor_div

  function floor_mod(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    integer(8) :: res

    res = modulo(a, b)
  end function floor_mod

  function true_div(a, b) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    real(8) :: res

    res = real(a, 8) / real(b, 8)
  end function true_div

  function float_ops(x, y) result(res)
    real(8), intent(in) :: x
    real(8), intent(in) :: y
    real(8) :: res
    real(8) :: q
    real(8) :: r

    q = real(floor(x / y, 8), 8)
    r = modulo(x, y)
    res = q * 1000.0d0 + r + x**2 - abs(y)**0.5d0
  end function float_ops

  function casts(x) result(res)
    real(8), intent(in) :: x
    integer(8) :: res
    integer(8) :: i
    real(8) :: f

    ! truncates toward zero, as Python does
    i = int(x, 8)
    f = real(i, 8) / 3.0d0
    res = i + int(f * 10.0d0, 8) + floor(x, 8) + ceiling(x, 8)
  end function casts

  function powers(n, x) result(res)
    integer(8), intent(in) :: n
    real(8), intent(in) :: x
    real(8) :: res

    res = x**n + real(2**n, 8) + real(n**2, 8)
  end function powers

  function minmax(a, b, x) result(res)
    integer(8), intent(in) :: a
    integer(8), intent(in) :: b
    real(8), intent(in) :: x
    real(8) :: res

    res = real(min(a, b) + max(a, b, 3_8), 8) + max(x, real(a, 8)) + real(min(abs(a - b), 5_8), 8)
  end function minmax

  function intrinsics(x) result(res)
    real(8), intent(in) :: x
    real(8) :: res
    real(8) :: y

    y = abs(x) + 1.0d0
    res = sqrt(y) + exp(-y) + log(y) + sin(x) * cos(x) + tanh(x) + atan2(x, y) + hypot(x, y) + &
        3.141592653589793d0
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

end module semantics
