! expect: 7:3: the string 'abc' where a number is expected
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  x = 'abc'
end subroutine s
