! expect: 7:3: the string 'i' where a number is expected
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  x = a('i')
end subroutine s
