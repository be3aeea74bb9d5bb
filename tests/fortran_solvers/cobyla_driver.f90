! COBYLA (Powell's constrained optimisation by linear approximations) on three problems with
! the print levels that print only computed values (iprint 3 also prints DX and CON before
! they are set): Rosenbrock in a disc (iprint 2), a linear objective on a triangle (iprint 2),
! and a problem with more constraints than variables stopped by maxfun (iprint 1).
module cobyla_problems
  implicit none
  integer :: prob = 1, nfev = 0, ncall = 0
contains
  subroutine calcfc(n, m, x, f, con)
    integer, intent(in) :: n, m
    double precision, intent(in) :: x(n)
    double precision, intent(out) :: f, con(*)
    nfev = nfev + 1
    select case (prob)
    case (1)
      f = 1.0d2 * (x(2) - x(1)**2)**2 + (1.0d0 - x(1))**2
      con(1) = 1.5d0 - x(1)**2 - x(2)**2
    case (2)
      f = -x(1) - 2.0d0 * x(2) + 0.5d0 * x(3)
      con(1) = x(1)
      con(2) = x(2)
      con(3) = 1.0d0 - x(1) - x(2) - x(3)**2
    case default
      f = (x(1) - 1.0d0)**2 + (x(2) + 2.0d0)**2 + x(1) * x(2)
      con(1) = 4.0d0 - x(1)**2 - x(2)**2
      con(2) = x(1) + 0.5d0
      con(3) = 1.0d0 - x(2)
      con(4) = x(1) - x(2) + 3.0d0
    end select
    if (m < 0) f = -f
  end subroutine calcfc

  subroutine callback(n, m, x)
    integer, intent(in) :: n, m
    double precision, intent(in) :: x(n)
    ncall = ncall + 1
    if (m < 0) print *, x
  end subroutine callback
end module cobyla_problems

program cobyla_driver
  use cobyla_problems
  implicit none
  double precision :: x(3), w(500), dinfo(4), rhobeg, rhoend
  integer :: iact(10), n, m, iprint, maxfun
  do prob = 1, 3
    select case (prob)
    case (1)
      n = 2; m = 1; x(1:2) = [-1.2d0, 1.0d0]; rhobeg = 0.5d0; rhoend = 1.0d-6
      iprint = 2; maxfun = 200
    case (2)
      n = 3; m = 3; x(1:3) = [0.25d0, 0.25d0, 0.5d0]; rhobeg = 0.25d0; rhoend = 1.0d-8
      iprint = 2; maxfun = 500
    case default
      n = 2; m = 4; x(1:2) = [0.0d0, 0.0d0]; rhobeg = 1.0d0; rhoend = 1.0d-12
      iprint = 1; maxfun = 25
    end select
    nfev = 0
    ncall = 0
    dinfo = 0.0d0
    call cobyla(calcfc, n, m, x, rhobeg, rhoend, iprint, maxfun, w, iact, dinfo, callback)
    write (*, '(a, i2, a, i4, a, i4, a, f4.1)') 'problem', prob, ' nfev', nfev, &
      ' callbacks', ncall, ' status', dinfo(1)
    write (*, '(3es24.16)') x(1:n)
    print *, x(1:n), dinfo
  end do
end program cobyla_driver
