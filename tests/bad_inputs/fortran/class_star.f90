! expect: 3:3: CLASS(*) is not supported
subroutine s(x)
  class(*) :: x
end subroutine s
