! MINPACK's hybrd1 (Powell hybrid method, nonlinear equations) and lmdif1 (Levenberg-Marquardt,
! least squares) on classic test problems of More, Garbow and Hillstrom; every solution printed
! with all its digits.
module problems
  implicit none
  integer :: which = 0
contains
  subroutine equations(n, x, fvec, iflag)
    integer, intent(in) :: n
    integer, intent(inout) :: iflag
    double precision, intent(in) :: x(n)
    double precision, intent(out) :: fvec(n)
    integer :: k
    double precision :: temp, temp1, temp2, theta
    double precision, parameter :: tpi = 6.28318530717958647692d0
    if (iflag == 0) return
    select case (which)
    case (1)  ! Broyden tridiagonal, MINPACK's own hybrd1 example
      do k = 1, n
        temp = (3.0d0 - 2.0d0 * x(k)) * x(k)
        temp1 = 0.0d0
        if (k /= 1) temp1 = x(k - 1)
        temp2 = 0.0d0
        if (k /= n) temp2 = x(k + 1)
        fvec(k) = temp - temp1 - 2.0d0 * temp2 + 1.0d0
      end do
    case (2)  ! Powell's badly scaled function
      fvec(1) = 1.0d4 * x(1) * x(2) - 1.0d0
      fvec(2) = exp(-x(1)) + exp(-x(2)) - 1.0001d0
    case (3)  ! helical valley
      if (x(1) > 0.0d0) then
        theta = atan(x(2) / x(1)) / tpi
      else if (x(1) < 0.0d0) then
        theta = atan(x(2) / x(1)) / tpi + 0.5d0
      else
        theta = sign(0.25d0, x(2))
      end if
      fvec(1) = 10.0d0 * (x(3) - 10.0d0 * theta)
      fvec(2) = 10.0d0 * (sqrt(x(1)**2 + x(2)**2) - 1.0d0)
      fvec(3) = x(3)
    case default  ! Rosenbrock as two equations
      fvec(1) = 1.0d0 - x(1)
      fvec(2) = 10.0d0 * (x(2) - x(1)**2)
    end select
  end subroutine equations

  subroutine residuals(m, n, x, fvec, iflag)
    integer, intent(in) :: m, n
    integer, intent(inout) :: iflag
    double precision, intent(in) :: x(n)
    double precision, intent(out) :: fvec(m)
    integer :: i
    double precision :: tmp1, tmp2, tmp3
    double precision, parameter :: y(15) = [1.4d-1, 1.8d-1, 2.2d-1, 2.5d-1, 2.9d-1, 3.2d-1, &
        3.5d-1, 3.9d-1, 3.7d-1, 5.8d-1, 7.3d-1, 9.6d-1, 1.34d0, 2.1d0, 4.39d0]
    double precision, parameter :: yk(11) = [1.957d-1, 1.947d-1, 1.735d-1, 1.6d-1, 8.44d-2, &
        6.27d-2, 4.56d-2, 3.42d-2, 3.23d-2, 2.35d-2, 2.46d-2]
    double precision, parameter :: uk(11) = [4.0d0, 2.0d0, 1.0d0, 5.0d-1, 2.5d-1, 1.67d-1, &
        1.25d-1, 1.0d-1, 8.33d-2, 7.14d-2, 6.25d-2]
    if (iflag == 0) return
    select case (which)
    case (1)  ! Bard, MINPACK's own lmdif1 example
      do i = 1, m
        tmp1 = i
        tmp2 = 16 - i
        tmp3 = tmp1
        if (i > 8) tmp3 = tmp2
        fvec(i) = y(i) - (x(1) + tmp1 / (x(2) * tmp2 + x(3) * tmp3))
      end do
    case (2)  ! Kowalik and Osborne
      do i = 1, m
        tmp1 = uk(i) * (uk(i) + x(2))
        tmp2 = uk(i) * (uk(i) + x(3)) + x(4)
        fvec(i) = yk(i) - x(1) * tmp1 / tmp2
      end do
    case default  ! Rosenbrock
      fvec(1) = 10.0d0 * (x(2) - x(1)**2)
      fvec(2) = 1.0d0 - x(1)
    end select
  end subroutine residuals
end module problems

program minpack_driver
  use problems
  implicit none
  double precision :: x(9), fvec(15), wa(400)
  integer :: iwa(4), info, n, i
  double precision :: tol
  double precision, external :: enorm, dpmpar

  tol = sqrt(dpmpar(1))
  which = 1
  n = 9
  x(1:n) = -1.0d0
  call hybrd1(equations, n, x, fvec, tol, info, wa, 180)
  call show('hybrd1 broyden tridiagonal', n, x, enorm(n, fvec), info)
  which = 2
  n = 2
  x(1:2) = [0.0d0, 1.0d0]
  call hybrd1(equations, n, x, fvec, tol, info, wa, 180)
  call show('hybrd1 powell badly scaled', n, x, enorm(n, fvec), info)
  which = 3
  n = 3
  x(1:3) = [-1.0d0, 0.0d0, 0.0d0]
  call hybrd1(equations, n, x, fvec, tol, info, wa, 180)
  call show('hybrd1 helical valley', n, x, enorm(n, fvec), info)
  which = 0
  x(1:2) = [-1.2d0, 1.0d0]
  call hybrd1(equations, 2, x, fvec, tol, info, wa, 180)
  call show('hybrd1 rosenbrock', 2, x, enorm(2, fvec), info)
  x(1:2) = [-1.2d0, 1.0d0]  ! lwa too small: info = 0
  call hybrd1(equations, 2, x, fvec, tol, info, wa, 10)
  call show('hybrd1 lwa 10', 2, x, 0.0d0, info)

  which = 1
  x(1:3) = 1.0d0
  call lmdif1(residuals, 15, 3, x, fvec, tol, info, iwa, wa, 400)
  call show('lmdif1 bard', 3, x, enorm(15, fvec), info)
  which = 2
  x(1:4) = [0.25d0, 0.39d0, 0.415d0, 0.39d0]
  call lmdif1(residuals, 11, 4, x, fvec, tol, info, iwa, wa, 400)
  call show('lmdif1 kowalik osborne', 4, x, enorm(11, fvec), info)
  which = 0
  x(1:2) = [-1.2d0, 1.0d0]
  call lmdif1(residuals, 2, 2, x, fvec, 1.0d-14, info, iwa, wa, 400)
  call show('lmdif1 rosenbrock', 2, x, enorm(2, fvec), info)
  do i = 1, 3  ! from farther away, a few tolerances
    x(1:2) = [-1.2d0 * 10**i, 1.0d0 * 10**i]
    call lmdif1(residuals, 2, 2, x, fvec, 10.0d0**(-4 * i), info, iwa, wa, 400)
    call show('lmdif1 rosenbrock far', 2, x, enorm(2, fvec), info)
  end do
contains
  subroutine show(what, n, x, fnorm, info)
    character(*), intent(in) :: what
    integer, intent(in) :: n, info
    double precision, intent(in) :: x(n), fnorm
    write(*, '(A, I3)') what, info
    write(*, '(ES25.17)') x
    write(*, '(ES25.17)') fnorm
  end subroutine show
end program minpack_driver
