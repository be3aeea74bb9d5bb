! SLSQP (Kraft's sequential least squares, reverse communication) on three problems: Hock and
! Schittkowski 71 (one equality, one inequality, bounds), a bound-only quadratic with NaN
! bounds (none, as SciPy passes them), and an equality plus an inequality without bounds.
! Not the exact line search (acc < 0): LINMIN keeps its state in locals without SAVE between
! calls, which a gfortran build reads back from the stack by accident (undefined behaviour).
module slsqp_problems
  implicit none
contains
  subroutine fun(prob, n, m, x, f, c)
    integer, intent(in) :: prob, n, m
    double precision, intent(in) :: x(n)
    double precision, intent(out) :: f, c(*)
    select case (prob)
    case (1)
      f = x(1) * x(4) * (x(1) + x(2) + x(3)) + x(3)
      c(1) = x(1)**2 + x(2)**2 + x(3)**2 + x(4)**2 - 40.0d0
      c(2) = x(1) * x(2) * x(3) * x(4) - 25.0d0
    case (2)
      f = (x(1) - 2.5d0)**2 + 3.0d0 * (x(2) + 0.75d0)**2 + (x(1) - x(3))**2 - x(1) * x(2)
    case default
      f = exp(x(1)) - 2.0d0 * x(1) * x(2) + x(2)**2 + 0.5d0 * x(3)**2
      c(1) = x(1) + x(2) + x(3) - 1.0d0
      c(2) = x(1) - x(3)**2 + 0.5d0
    end select
    if (m < 0) f = -f  ! never: keeps m used
  end subroutine fun

  subroutine grad(prob, n, la, x, g, a)
    integer, intent(in) :: prob, n, la
    double precision, intent(in) :: x(n)
    double precision, intent(out) :: g(n + 1), a(la, n + 1)
    g = 0.0d0
    a = 0.0d0
    select case (prob)
    case (1)
      g(1) = x(4) * (2.0d0 * x(1) + x(2) + x(3))
      g(2) = x(1) * x(4)
      g(3) = x(1) * x(4) + 1.0d0
      g(4) = x(1) * (x(1) + x(2) + x(3))
      a(1, 1:4) = 2.0d0 * x(1:4)
      a(2, 1:4) = [x(2) * x(3) * x(4), x(1) * x(3) * x(4), x(1) * x(2) * x(4), x(1) * x(2) * x(3)]
    case (2)
      g(1) = 2.0d0 * (x(1) - 2.5d0) + 2.0d0 * (x(1) - x(3)) - x(2)
      g(2) = 6.0d0 * (x(2) + 0.75d0) - x(1)
      g(3) = -2.0d0 * (x(1) - x(3))
    case default
      g(1) = exp(x(1)) - 2.0d0 * x(2)
      g(2) = -2.0d0 * x(1) + 2.0d0 * x(2)
      g(3) = x(3)
      a(1, 1:3) = 1.0d0
      a(2, 1:3) = [1.0d0, 0.0d0, -2.0d0 * x(3)]
    end select
  end subroutine grad
end module slsqp_problems

program slsqp_driver
  use slsqp_problems
  implicit none
  integer, parameter :: nmax = 4, lw = 2000, ljw = 100
  double precision :: x(nmax), xl(nmax), xu(nmax), f, c(2), g(nmax + 1), a(2, nmax + 1)
  double precision :: w(lw), acc, alpha, f0, gs, h1, h2, h3, h4, t, t0, tol, nan
  integer :: jw(ljw), iter, mode, prob, n, m, meq, la, nf, ng
  integer :: iexact, incons, ireset, itermx, line, n1, n2, n3
  nan = 0.0d0
  nan = nan / nan
  do prob = 1, 3
    select case (prob)
    case (1)
      n = 4; m = 2; meq = 1; acc = 1.0d-10
      xl(1:n) = 1.0d0; xu(1:n) = 5.0d0
      x(1:n) = [1.0d0, 5.0d0, 5.0d0, 1.0d0]
    case (2)
      n = 3; m = 0; meq = 0; acc = 1.0d-9
      xl(1:n) = [-1.0d0, -0.5d0, nan]; xu(1:n) = [2.0d0, nan, 0.75d0]
      x(1:n) = [-1.0d0, 0.3d0, -2.0d0]
    case default
      n = 3; m = 2; meq = 1; acc = 1.0d-12
      xl(1:n) = nan; xu(1:n) = nan
      x(1:n) = [0.5d0, -1.25d0, 2.0d0]
    end select
    la = max(1, m)
    iter = 100
    mode = 0
    nf = 0
    ng = 0
    w = 0.0d0
    jw = 0
    alpha = 0; f0 = 0; gs = 0; h1 = 0; h2 = 0; h3 = 0; h4 = 0; t = 0; t0 = 0; tol = 0
    iexact = 0; incons = 0; ireset = 0; itermx = 0; line = 0; n1 = 0; n2 = 0; n3 = 0
    call fun(prob, n, m, x, f, c)
    call grad(prob, n, la, x, g, a)
    do
      call slsqp(m, meq, la, n, x, xl, xu, f, c, g, a, acc, iter, mode, w, lw, jw, ljw, &
                 alpha, f0, gs, h1, h2, h3, h4, t, t0, tol, iexact, incons, ireset, itermx, &
                 line, n1, n2, n3)
      if (mode == 1) then
        nf = nf + 1
        call fun(prob, n, m, x, f, c)
      else if (mode == -1) then
        ng = ng + 1
        call grad(prob, n, la, x, g, a)
      else
        exit
      end if
    end do
    write (*, '(a, i2, a, i3, a, i4, a, i4, a, i4)') 'problem', prob, ' mode', mode, &
      ' iter', iter, ' nf', nf, ' ng', ng
    write (*, '(a, es24.16)') ' f =', f
    write (*, '(4es24.16)') x(1:n)
    if (m > 0) write (*, '(a, 2es24.16)') ' c =', c(1:m)
    write (*, '(a, 4es24.16)') ' multipliers', w(1:max(m, 1))
    print *, f, x(1:n), alpha, h1, h3
  end do
end program slsqp_driver
