module dtypes
  implicit none
contains

  subroutine scale32(x, a, x_n1)
    real(4), intent(in) :: a
    integer(8), intent(in) :: x_n1
    real(4), intent(inout) :: x(0:x_n1 - 1)
    integer(8) :: i

    do i = 0, x_n1 - 1
      x(i) = x(i) * a + 1.0_4
    end do
  end subroutine scale32

  function count_true(mask, mask_n1) result(res)
    integer(8), intent(in) :: mask_n1
    logical(1), intent(in) :: mask(0:mask_n1 - 1)
    integer(8) :: res
    integer(8) :: n
    integer(8) :: i

    n = 0
    do i = 0, mask_n1 - 1
      if (mask(i)) then
        n = n + 1
      end if
    end do
    res = n
  end function count_true

  subroutine threshold(x, mask, t, x_n1, mask_n1)
    real(8), intent(in) :: t
    integer(8), intent(in) :: x_n1
    integer(8), intent(in) :: mask_n1
    real(8), intent(in) :: x(0:x_n1 - 1)
    logical(1), intent(inout) :: mask(0:mask_n1 - 1)
    integer(8) :: i

    do i = 0, x_n1 - 1
      mask(i) = logical(x(i) > t, 1)
    end do
  end subroutine threshold

  subroutine int32_mix(a, out, a_n1, out_n1)
    integer(8), intent(in) :: a_n1
    integer(8), intent(in) :: out_n1
    integer(4), intent(in) :: a(0:a_n1 - 1)
    integer(8), intent(inout) :: out(0:out_n1 - 1)
    integer(8) :: i

    do i = 0, a_n1 - 1
      out(i) = int(a(i) * 3 + (a(i) - modulo(a(i), 7)) / 7 - modulo(a(i), 5), 8)
    end do
  end subroutine int32_mix

  subroutine cscale(z, w, z_n1)
    complex(8), intent(in) :: w
    integer(8), intent(in) :: z_n1
    complex(8), intent(inout) :: z(0:z_n1 - 1)
    integer(8) :: i

    do i = 0, z_n1 - 1
      z(i) = z(i) * w + (1.0d0, 0.0d0)
    end do
  end subroutine cscale

  function bump(n_in, x, x_n1) result(res)
    integer(8), intent(in) :: n_in
    integer(8), intent(in) :: x_n1
    real(8), intent(inout) :: x(0:x_n1 - 1)
    integer(8) :: res
    integer(8) :: n

    n = n_in
    ! n is rebound here; the caller's value is not changed (passed by value)
    n = n + 1
    x(0) = real(n, 8)
    res = n
  end function bump

end module dtypes
