! expect: 6:3: RESHAPE with a SHAPE whose size is not known where it is read is not supported
subroutine s(a, n, sh)
  integer, intent(in) :: n, sh(n)
  real, intent(in) :: a(*)
  real :: b(2, 2)
  b = reshape(a(1:4), sh)
end subroutine s
