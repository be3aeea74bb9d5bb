! MINPACK's solvers with user Jacobians: hybrj1 and hybrj (Powell hybrid), lmder1 and lmder
! (Levenberg-Marquardt), lmstr1 and lmstr (the row-by-row variant) on problems of More,
! Garbow and Hillstrom, with nprint > 0 so the drivers' iflag = 0 calls print the iterates;
! chkder on a right and on a deliberately wrong Jacobian.
module jac_problems
  implicit none
  integer :: calls = 0
  logical :: wrong = .false.
contains
  subroutine eqs(n, x, fvec, fjac, ldfjac, iflag)  ! Broyden tridiagonal
    integer, intent(in) :: n, ldfjac
    integer, intent(inout) :: iflag
    double precision, intent(in) :: x(n)
    double precision, intent(inout) :: fvec(n), fjac(ldfjac, n)
    integer :: k
    double precision :: t1, t2
    calls = calls + 1
    if (iflag == 0) then
      write (*, '(a, 3es23.15)') ' hybrj at', x(1), x(n / 2), x(n)
      return
    end if
    if (iflag == 1) then
      do k = 1, n
        t1 = 0.0d0
        if (k /= 1) t1 = x(k - 1)
        t2 = 0.0d0
        if (k /= n) t2 = x(k + 1)
        fvec(k) = (3.0d0 - 2.0d0 * x(k)) * x(k) - t1 - 2.0d0 * t2 + 1.0d0
      end do
    else
      fjac(1:n, 1:n) = 0.0d0
      do k = 1, n
        fjac(k, k) = 3.0d0 - 4.0d0 * x(k)
        if (k /= 1) fjac(k, k - 1) = -1.0d0
        if (k /= n) fjac(k, k + 1) = -2.0d0
      end do
    end if
  end subroutine eqs

  subroutine res(m, n, x, fvec, fjac, ldfjac, iflag)  ! Bard, or Meyer when n = 3 and m = 16
    integer, intent(in) :: m, n, ldfjac
    integer, intent(inout) :: iflag
    double precision, intent(in) :: x(n)
    double precision, intent(inout) :: fvec(m), fjac(ldfjac, n)
    double precision :: tmp1, tmp2, tmp3, tmp4
    double precision, parameter :: y(15) = [1.4d-1, 1.8d-1, 2.2d-1, 2.5d-1, 2.9d-1, 3.2d-1, &
      3.5d-1, 3.9d-1, 3.7d-1, 5.8d-1, 7.3d-1, 9.6d-1, 1.34d0, 2.1d0, 4.39d0]
    integer :: i
    calls = calls + 1
    if (iflag == 0) then
      write (*, '(a, 3es23.15)') ' lmder at', x(1:n)
      return
    end if
    do i = 1, m
      tmp1 = i
      tmp2 = 16 - i
      tmp3 = tmp1
      if (i > 8) tmp3 = tmp2
      if (iflag == 1) then
        fvec(i) = y(i) - (x(1) + tmp1 / (x(2) * tmp2 + x(3) * tmp3))
      else
        tmp4 = (x(2) * tmp2 + x(3) * tmp3)**2
        fjac(i, 1) = -1.0d0
        fjac(i, 2) = tmp1 * tmp2 / tmp4
        fjac(i, 3) = tmp1 * tmp3 / tmp4
        if (wrong) fjac(i, 3) = fjac(i, 3) * 1.01d0
      end if
    end do
  end subroutine res

  subroutine rows(m, n, x, fvec, fjrow, iflag)  ! Rosenbrock, row by row
    integer, intent(in) :: m, n
    integer, intent(inout) :: iflag
    double precision, intent(in) :: x(n)
    double precision, intent(inout) :: fvec(m), fjrow(n)
    calls = calls + 1
    if (iflag == 0) then
      write (*, '(a, 2es23.15)') ' lmstr at', x(1:n)
    else if (iflag == 1) then
      fvec(1) = 1.0d1 * (x(2) - x(1)**2)
      fvec(2) = 1.0d0 - x(1)
    else if (iflag == 2) then
      fjrow(1) = -2.0d1 * x(1)
      fjrow(2) = 1.0d1
    else
      fjrow(1) = -1.0d0
      fjrow(2) = 0.0d0
    end if
    if (m < 0) fvec = 0
  end subroutine rows
end module jac_problems

program minpack_jac_driver
  use jac_problems
  implicit none
  integer, parameter :: nn = 9, mm = 15
  double precision :: x(nn), fvec(mm), fjac(mm, nn), wa(2000), diag(nn), r(nn * (nn + 1) / 2)
  double precision :: qtf(nn), w1(mm), w2(mm), w3(mm), w4(mm), xp(nn), fvecp(mm), err(mm)
  integer :: info, ipvt(nn), nfev, njev, n, m, k
  double precision, external :: enorm
  ! hybrj1 and hybrj
  n = nn
  x(1:n) = -1.0d0
  call hybrj1(eqs, n, x, fvec, fjac, mm, 1.0d-10, info, wa, 2000)
  write (*, '(a, i2, a, es23.15)') 'hybrj1 info', info, ' |f|', enorm(n, fvec)
  write (*, '(3es23.15)') x(1:n)
  x(1:n) = [(-0.5d0 * k, k = 1, nn)]
  diag(1:n) = [(1.0d0 + 0.25d0 * k, k = 1, nn)]
  call hybrj(eqs, n, x, fvec, fjac, mm, 1.0d-12, 400, diag, 2, 50.0d0, 3, info, nfev, njev, &
             r, nn * (nn + 1) / 2, qtf, w1, w2, w3, w4)
  write (*, '(a, 3i4)') 'hybrj info nfev njev', info, nfev, njev
  write (*, '(3es23.15)') x(1:n)
  ! lmder1 and lmder on Bard's problem
  m = 15
  n = 3
  x(1:3) = 1.0d0
  call lmder1(res, m, n, x, fvec, fjac, mm, 1.0d-12, info, ipvt, wa, 2000)
  write (*, '(a, i2, a, es23.15, a, 3i3)') 'lmder1 info', info, ' |f|', enorm(m, fvec), &
    ' ipvt', ipvt(1:n)
  write (*, '(3es23.15)') x(1:n)
  x(1:3) = [10.0d0, 10.0d0, 10.0d0]
  diag(1:3) = 1.0d0
  call lmder(res, m, n, x, fvec, fjac, mm, 1.0d-14, 1.0d-14, 0.0d0, 600, diag, 1, 100.0d0, &
             5, info, nfev, njev, ipvt, qtf, w1, w2, w3, w4)
  write (*, '(a, 3i4)') 'lmder info nfev njev', info, nfev, njev
  write (*, '(3es23.15)') x(1:n), fjac(1:n, 1)
  ! lmstr1 and lmstr on Rosenbrock
  m = 2
  n = 2
  x(1:2) = [-1.2d0, 1.0d0]
  call lmstr1(rows, m, n, x, fvec, fjac, mm, 1.0d-12, info, ipvt, wa, 2000)
  write (*, '(a, i2, a, 2es23.15)') 'lmstr1 info', info, ' x', x(1:2)
  x(1:2) = [-3.5d0, -2.0d0]
  call lmstr(rows, m, n, x, fvec, fjac, mm, 1.0d-15, 1.0d-15, 0.0d0, 300, diag, 1, 10.0d0, &
             2, info, nfev, njev, ipvt, qtf, w1, w2, w3, w4)
  write (*, '(a, 3i4, 2es23.15)') 'lmstr info nfev njev', info, nfev, njev, x(1:2)
  ! chkder: a right Jacobian, then one with a wrong column
  m = 15
  n = 3
  do k = 1, 2
    wrong = k == 2
    x(1:3) = [0.25d0, -1.5d0, 2.0d0]
    call chkder(m, n, x, fvec, fjac, mm, xp, fvecp, 1, err)
    info = 1
    call res(m, n, x, fvec, fjac, mm, info)
    info = 2
    call res(m, n, x, fvec, fjac, mm, info)
    info = 1
    call res(m, n, xp, fvecp, fjac, mm, info)
    call chkder(m, n, x, fvec, fjac, mm, xp, fvecp, 2, err)
    write (*, '(a, l2, a, es23.15)') 'chkder wrong', wrong, ' min err', minval(err(1:m))
    write (*, '(5f14.10)') err(1:m)
  end do
  print *, 'calls', calls
end program minpack_jac_driver
