! expect: 3:3: a POINTER to a scalar of intrinsic type ('x') is not supported
subroutine s(x)
  real, pointer :: x
  x = 1
end subroutine s
