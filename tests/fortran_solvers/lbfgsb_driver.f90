! L-BFGS-B (setulb, reverse communication) on three bound-constrained problems: the extended
! Rosenbrock-like function of the L-BFGS-B paper with mixed bounds (n = 25, every iteration
! printed with iprint = 101: the active sets, x and g), an unbounded quadratic with a negative
! starting point and iprint = 1, and a problem whose bounds are hit at once (nbd = 2 everywhere).
program lbfgsb_driver
  implicit none
  integer, parameter :: nmax = 25, mmax = 7
  double precision :: x(nmax), l(nmax), u(nmax), g(nmax), f, factr, pgtol
  double precision :: wa(2*mmax*nmax + 5*nmax + 11*mmax*mmax + 8*mmax), dsave(29)
  integer :: nbd(nmax), iwa(3*nmax), isave(44), i, n, m, prob, calls
  character(len=60) :: task, csave
  logical :: lsave(4)
  do prob = 1, 3
    select case (prob)
    case (1)
      n = 25; m = 5; factr = 1.0d7; pgtol = 1.0d-5
      do i = 1, n, 2
        nbd(i) = 2; l(i) = 1.0d0; u(i) = 1.0d2
      end do
      do i = 2, n, 2
        nbd(i) = 2; l(i) = -1.0d2; u(i) = 1.0d2
      end do
      x(1:n) = 3.0d0
    case (2)
      n = 7; m = 3; factr = 1.0d1; pgtol = 0.0d0
      nbd(1:n) = 0; l(1:n) = 0.0d0; u(1:n) = 0.0d0
      do i = 1, n
        x(i) = -1.5d0 * i + 0.25d0
      end do
    case default
      n = 4; m = 7; factr = 1.0d12; pgtol = 1.0d-8
      nbd(1:n) = [2, 1, 3, 2]
      l(1:n) = [0.5d0, -0.75d0, 0.0d0, -2.0d0]
      u(1:n) = [2.0d0, 0.0d0, -0.125d0, -1.0d0]
      x(1:n) = [1.0d0, 1.0d0, 1.0d0, 1.0d0]
    end select
    task = 'START'
    calls = 0
    do
      call setulb(n, m, x, l, u, nbd, f, g, factr, pgtol, wa, iwa, task, &
                  merge(101, merge(1, -1, prob == 2), prob == 1), csave, lsave, isave, dsave, 20)
      if (task(1:2) == 'FG') then
        calls = calls + 1
        call fg(prob, n, x, f, g)
      else if (task(1:5) /= 'NEW_X') then
        exit
      end if
    end do
    write (*, '(a, i2, a, a)') 'problem', prob, ': ', trim(task)
    write (*, '(a, i4, a, i4)') ' evaluations', calls, '  iterations', isave(30)
    write (*, '(a, es24.16)') ' f =', f
    do i = 1, n
      write (*, '(i4, 2es24.16)') i, x(i), g(i)
    end do
    print *, f, x(1:n)
  end do
contains
  subroutine fg(prob, n, x, f, g)
    integer, intent(in) :: prob, n
    double precision, intent(in) :: x(n)
    double precision, intent(out) :: f, g(n)
    double precision :: t1, t2
    integer :: i
    select case (prob)
    case (1)
      f = 0.25d0 * (x(1) - 1.0d0)**2
      do i = 2, n
        f = f + (x(i) - x(i - 1)**2)**2
      end do
      f = 4.0d0 * f
      t1 = x(2) - x(1)**2
      g(1) = 2.0d0 * (x(1) - 1.0d0) - 1.6d1 * x(1) * t1
      do i = 2, n - 1
        t2 = t1
        t1 = x(i + 1) - x(i)**2
        g(i) = 8.0d0 * t2 - 1.6d1 * x(i) * t1
      end do
      g(n) = 8.0d0 * t1
    case (2)
      f = 0.0d0
      do i = 1, n
        f = f + dble(i) * (x(i) - 1.0d0 / i)**2 + 0.5d0 * x(i) * x(mod(i, n) + 1)
        g(i) = 2.0d0 * dble(i) * (x(i) - 1.0d0 / i)
      end do
      do i = 1, n
        g(i) = g(i) + 0.5d0 * x(mod(i, n) + 1) + 0.5d0 * x(mod(i + n - 2, n) + 1)
      end do
    case default
      f = sum((x(1:n) - [3.0d0, 1.0d0, -4.0d0, 0.5d0])**2) + exp(x(1) * x(2))
      g(1:n) = 2.0d0 * (x(1:n) - [3.0d0, 1.0d0, -4.0d0, 0.5d0])
      g(1) = g(1) + x(2) * exp(x(1) * x(2))
      g(2) = g(2) + x(1) * exp(x(1) * x(2))
    end select
  end subroutine fg
end program lbfgsb_driver
