! expect: 4:1: Fortran syntax error
subroutine s(x)
  real :: x
  x = 1
