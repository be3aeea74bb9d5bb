! expect: 7:3: GOTO 99: no statement has that label
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  goto 99
end subroutine s
