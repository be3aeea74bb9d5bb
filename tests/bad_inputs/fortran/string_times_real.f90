! expect: 7:3: no arithmetic between float32 and str[3]
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  x = x * 'abc'
end subroutine s
