! expect: 5:3: MAXLOC of a CHARACTER array is not supported
subroutine s(w, k)
  character(len=3), intent(in) :: w(4)
  integer, intent(out) :: k(1)
  k = maxloc(w)
end subroutine s
