! ODEPACK's LSODA on the Robertson problem (stiff chemical kinetics), with LSODA's internally
! generated full Jacobian (jt = 2) and with a user Jacobian (jt = 1); the solution and the
! counters printed at each output time.
module robertson
  implicit none
contains
  ! LSODA passes on its NEQ, an array (ODEPACK lets it carry user data after the count)
  subroutine fex(neq, t, y, ydot)
    integer, intent(in) :: neq(*)
    double precision, intent(in) :: t, y(neq(1))
    double precision, intent(out) :: ydot(neq(1))
    ydot(1) = -0.04d0 * y(1) + 1.0d4 * y(2) * y(3)
    ydot(3) = 3.0d7 * y(2) * y(2)
    ydot(2) = -ydot(1) - ydot(3)
  end subroutine fex

  subroutine jex(neq, t, y, ml, mu, pd, nrowpd)
    integer, intent(in) :: neq(*), ml, mu, nrowpd
    double precision, intent(in) :: t, y(neq(1))
    double precision, intent(inout) :: pd(nrowpd, neq(1))
    pd(1, 1) = -0.04d0
    pd(1, 2) = 1.0d4 * y(3)
    pd(1, 3) = 1.0d4 * y(2)
    pd(2, 1) = 0.04d0
    pd(2, 3) = -pd(1, 3)
    pd(3, 2) = 6.0d7 * y(2)
    pd(2, 2) = -pd(1, 2) - pd(3, 2)
  end subroutine jex
end module robertson

program lsoda_driver
  use robertson
  implicit none
  integer, parameter :: neq = 3, lrw = 22 + neq * max(16, neq + 9), liw = 20 + neq
  double precision :: y(neq), t, tout, rtol, atol(neq), rwork(lrw)
  integer :: iwork(liw), itol, itask, istate, iopt, jt, iout

  do jt = 1, 2
    y = [1.0d0, 0.0d0, 0.0d0]
    t = 0.0d0
    tout = 0.4d0
    itol = 2
    rtol = 1.0d-4
    atol = [1.0d-6, 1.0d-10, 1.0d-6]
    itask = 1
    istate = 1
    iopt = 0
    write(*, '(A, I2)') 'robertson, jt =', jt
    do iout = 1, 12
      call lsoda(fex, neq, y, t, tout, itol, rtol, atol, itask, istate, iopt, rwork, lrw, &
                 iwork, liw, jex, jt)
      write(*, '(ES25.17)') t
      write(*, '(ES25.17)') y
      write(*, '(I4, 4I7)') istate, iwork(11), iwork(12), iwork(13), iwork(19)
      if (istate < 0) exit
      tout = tout * 10.0d0
    end do
  end do
end program lsoda_driver
