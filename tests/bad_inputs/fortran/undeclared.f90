! expect: 7:3: 'y' has no type (IMPLICIT NONE is in effect)
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  y = 1.0
end subroutine s
