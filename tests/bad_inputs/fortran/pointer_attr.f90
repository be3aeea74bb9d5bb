! expect: 3:3: attribute POINTER is not supported
subroutine s(x)
  real, pointer :: x
  x = 1
end subroutine s
