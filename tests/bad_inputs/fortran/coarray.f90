! expect: 3:1: Fortran syntax error
subroutine s(x)
  real :: x[*]
  x = 1
end subroutine s
