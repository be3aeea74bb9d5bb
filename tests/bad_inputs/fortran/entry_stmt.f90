! expect: 4:3: ENTRY is not supported
subroutine s(x)
  real :: x
  entry t(x)
  x = 1
end subroutine s
