! Intrinsics and arithmetic: integer division and MOD/MODULO of negatives, NINT/ANINT/AINT,
! SIGN/DIM, mixed kinds, complex, logical operators, a recursive function, module state.
module counters
  implicit none
  integer :: calls = 0
contains
  recursive function fact(n) result(r)
    integer, intent(in) :: n
    integer :: r
    calls = calls + 1
    if (n <= 1) then
      r = 1
    else
      r = n * fact(n - 1)
    end if
  end function fact
end module counters

program intr
  use counters
  implicit none
  integer :: i, j
  real :: x4
  real(8) :: x, y
  complex(8) :: z
  logical :: p, q
  do i = -7, 7, 5
    do j = -3, 3, 3
      if (j /= 0) write (*, '(6I5)') i, j, i / j, mod(i, j), modulo(i, j), sign(i, j)
    end do
  end do
  x = -2.5d0
  y = 3.7d0
  print *, nint(x), nint(y), anint(x), aint(y), int(-3.9d0), floor(x), ceiling(x)
  print *, dim(5, 3), dim(3, 5), dim(y, x), sign(2.0d0, x), abs(x), max(1, 7, 3), min(y, x)
  x4 = 1.1
  print *, x4 * 3, x4 * 3.0d0, sqrt(x4), real(x4, 8) ** 2, 2.0 ** 0.5
  z = cmplx(1.0d0, 2.0d0, kind=8)
  z = z * z + conjg(z)
  print *, z, real(z), aimag(z), abs(z)
  p = x < y
  q = .not. p .or. (i > 100)
  print *, p, q, p .eqv. q, p .neqv. q, p .and. .not. q
  print *, fact(6), calls, 2 ** 10, 10.0d0 ** (-2), exp(1.0d0), log10(1000.0d0)
end program intr
