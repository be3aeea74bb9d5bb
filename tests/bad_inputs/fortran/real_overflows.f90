! expect: 7:3: the real constant 1E39 overflows its kind (real(4))
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  x = 1e39
end subroutine s
