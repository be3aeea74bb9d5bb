! QUADPACK's dqag (Gauss-Kronrod rules 1 to 6) and dqags (extrapolation, end-point
! singularities) on classic integrands; every result printed with all its digits.
module integrands
  implicit none
contains
  double precision function f_smooth(x)
    double precision, intent(in) :: x
    f_smooth = exp(x) * cos(x)
  end function f_smooth

  double precision function f_oscil(x)
    double precision, intent(in) :: x
    f_oscil = cos(30.0d0 * sin(x))
  end function f_oscil

  double precision function f_log(x)
    double precision, intent(in) :: x
    f_log = sqrt(x) * log(x)
  end function f_log

  double precision function f_inv_sqrt(x)
    double precision, intent(in) :: x
    f_inv_sqrt = 1.0d0 / sqrt(x)
  end function f_inv_sqrt

  double precision function f_peak(x)
    double precision, intent(in) :: x
    f_peak = 1.0d0 / ((x - 0.3d0)**2 + 1.0d-4)
  end function f_peak
end module integrands

program quadpack_driver
  use integrands
  implicit none
  integer, parameter :: limit = 100, lenw = 4 * limit
  integer :: iwork(limit), neval, ier, last, key
  double precision :: work(lenw), result, abserr
  double precision, parameter :: pi = 3.14159265358979323846d0

  do key = 1, 6
    call dqag(f_smooth, 0.0d0, pi, 0.0d0, 1.0d-10, key, result, abserr, neval, ier, &
              limit, lenw, last, iwork, work)
    call show('dqag exp(x)cos(x)', result, abserr, neval, ier, last)
  end do
  call dqag(f_oscil, 0.0d0, pi, 1.0d-12, 0.0d0, 6, result, abserr, neval, ier, &
            limit, lenw, last, iwork, work)
  call show('dqag cos(30 sin x)', result, abserr, neval, ier, last)
  call dqag(f_peak, 0.0d0, 1.0d0, 0.0d0, 1.0d-12, 2, result, abserr, neval, ier, &
            limit, lenw, last, iwork, work)
  call show('dqag peak at 0.3', result, abserr, neval, ier, last)
  call dqags(f_log, 0.0d0, 1.0d0, 0.0d0, 1.0d-10, result, abserr, neval, ier, &
             limit, lenw, last, iwork, work)
  call show('dqags sqrt(x)log(x)', result, abserr, neval, ier, last)
  call dqags(f_inv_sqrt, 0.0d0, 1.0d0, 0.0d0, 1.0d-12, result, abserr, neval, ier, &
             limit, lenw, last, iwork, work)
  call show('dqags 1/sqrt(x)', result, abserr, neval, ier, last)
  call dqags(f_peak, -1.0d0, 2.0d0, 1.0d-13, 1.0d-13, result, abserr, neval, ier, &
             limit, lenw, last, iwork, work)
  call show('dqags peak at 0.3', result, abserr, neval, ier, last)
  ! too few subintervals: ier = 1, and QUADPACK's message through xerror
  call dqags(f_oscil, 0.0d0, 20.0d0, 0.0d0, 1.0d-13, result, abserr, neval, ier, &
             3, 12, last, iwork, work)
  call show('dqags limit 3', result, abserr, neval, ier, last)
  ! a tolerance below 50 eps: ier = 6, nothing computed
  call dqags(f_oscil, 0.0d0, 1.0d0, 0.0d0, 1.0d-15, result, abserr, neval, ier, &
             limit, lenw, last, iwork, work)
  call show('dqags epsrel 1e-15', result, abserr, neval, ier, last)
contains
  subroutine show(what, result, abserr, neval, ier, last)
    character(*), intent(in) :: what
    double precision, intent(in) :: result, abserr
    integer, intent(in) :: neval, ier, last
    write(*, '(A)') what
    write(*, '(ES25.17)') result
    write(*, '(ES25.17)') abserr
    write(*, '(3I8)') neval, ier, last
  end subroutine show
end program quadpack_driver
