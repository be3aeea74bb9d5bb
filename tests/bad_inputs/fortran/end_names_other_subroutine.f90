! expect: 5:1: Fortran syntax error: expected <subroutine-name> is a but got b
subroutine a(x)
  real :: x
  x = 1
end subroutine b
