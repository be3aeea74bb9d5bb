! expect: 7:1: Fortran syntax error
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  x = (1.0 + x
end subroutine s
