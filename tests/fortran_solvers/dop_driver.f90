! Hairer's DOP853 and DOPRI5 (explicit Runge-Kutta, SciPy's integrate/dop) on the Arenstorf
! orbit and on Van der Pol's oscillator, with dense output: SOLOUT interpolates (CONTD8,
! CONTD5) at equidistant points and prints them; the statistics IWORK(17:20) are printed too.
module dop_problems
  implicit none
  double precision :: xout = 0.0d0
  integer :: which = 1
contains
  subroutine fcn(n, x, y, f, rpar, ipar)
    integer, intent(in) :: n, ipar(*)
    double precision, intent(in) :: x, y(n), rpar(*)
    double precision, intent(out) :: f(n)
    double precision :: amu, amup, r1, r2
    if (which == 1) then  ! Arenstorf
      amu = rpar(1)
      amup = 1.0d0 - amu
      f(1) = y(3)
      f(2) = y(4)
      r1 = (y(1) + amu)**2 + y(2)**2
      r1 = r1 * sqrt(r1)
      r2 = (y(1) - amup)**2 + y(2)**2
      r2 = r2 * sqrt(r2)
      f(3) = y(1) + 2 * y(4) - amup * (y(1) + amu) / r1 - amu * (y(1) - amup) / r2
      f(4) = y(2) - 2 * y(3) - amup * y(2) / r1 - amu * y(2) / r2
    else  ! Van der Pol, eps = rpar(1)
      f(1) = y(2)
      f(2) = ((1 - y(1)**2) * y(2) - y(1)) / rpar(1)
    end if
    if (ipar(1) < 0 .or. x < -1.0d30) f = 0
  end subroutine fcn

  subroutine solout8(nr, xold, x, y, n, con, icomp, nd, rpar, ipar, irtrn)
    integer, intent(in) :: nr, n, nd, icomp(nd), ipar(*)
    integer, intent(inout) :: irtrn
    double precision, intent(in) :: xold, x, y(n), con(8 * nd), rpar(*)
    double precision, external :: contd8
    if (nr == 1) then
      write (*, '(a, f8.3, 4es23.15)') ' x =', x, y(1:n)
      xout = 0.1d0 * ipar(2)
    else
      do while (x >= xout)
        write (*, '(a, f8.3, 2es23.15, i6)') ' x =', xout, contd8(1, xout, con, icomp, nd), &
          contd8(2, xout, con, icomp, nd), nr - 1
        xout = xout + 0.1d0 * ipar(2)
      end do
    end if
    if (xold > x) irtrn = -1
  end subroutine solout8

  subroutine solout5(nr, xold, x, y, n, con, icomp, nd, rpar, ipar, irtrn)
    integer, intent(in) :: nr, n, nd, icomp(nd), ipar(*)
    integer, intent(inout) :: irtrn
    double precision, intent(in) :: xold, x, y(n), con(5 * nd), rpar(*)
    double precision, external :: contd5
    if (nr == 1) then
      write (*, '(a, f8.3, 4es23.15)') ' x =', x, y(1:n)
      xout = 0.1d0 * ipar(2)
    else
      do while (x >= xout)
        write (*, '(a, f8.3, 2es23.15, i6)') ' x =', xout, contd5(1, xout, con, icomp, nd), &
          contd5(2, xout, con, icomp, nd), nr - 1
        xout = xout + 0.1d0 * ipar(2)
      end do
    end if
    if (xold > x) irtrn = -1
  end subroutine solout5
end module dop_problems

program dop_driver
  use dop_problems
  implicit none
  integer, parameter :: nd = 4, lwork = 11 * nd + 8 * nd + 21, liwork = nd + 21
  double precision :: y(nd), work(lwork), rpar(1), x, xend, rtol(1), atol(1)
  integer :: iwork(liwork), ipar(2), idid, n, method
  do method = 1, 2
    do which = 1, 2
      work = 0.0d0
      iwork = 0
      if (which == 1) then
        n = 4
        rpar(1) = 0.012277471d0
        x = 0.0d0
        y(1:4) = [0.994d0, 0.0d0, 0.0d0, -2.00158510637908252240537862224d0]
        xend = 17.0652165601579625588917206249d0
        rtol = 1.0d-7
        ipar(2) = 20
      else
        n = 2
        rpar(1) = 1.0d-3
        x = 0.0d0
        y(1:2) = [2.0d0, 0.0d0]
        xend = 2.0d0
        rtol = 1.0d-6
        ipar(2) = 2
      end if
      atol = rtol
      ipar(1) = 1
      iwork(5) = n
      if (method == 1) then
        call dop853(n, fcn, x, y, xend, rtol, atol, 0, solout8, 2, work, lwork, iwork, &
                    liwork, rpar, ipar, idid)
      else
        call dopri5(n, fcn, x, y, xend, rtol, atol, 0, solout5, 2, work, lwork, iwork, &
                    liwork, rpar, ipar, idid)
      end if
      write (*, '(a, 2i3, a, i3, a, 4i6)') 'method problem', method, which, ' idid', idid, &
        ' nfcn nstep naccpt nrejct', iwork(17:20)
      write (*, '(4es23.15)') y(1:n)
    end do
  end do
end program dop_driver
