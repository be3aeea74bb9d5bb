! expect: 7:3: the real constant 1D999 overflows its kind (real(8))
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  x = 1d999
end subroutine s
