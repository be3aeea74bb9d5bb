! expect: 5:3: MAXVAL of a CHARACTER array is not supported
subroutine s(w, k)
  character(len=3), intent(in) :: w(4)
  character(len=3), intent(out) :: k
  k = maxval(w)
end subroutine s
