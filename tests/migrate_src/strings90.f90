! Character variables: substring assignment, LEN and LEN_TRIM, a substring per loop trip.
program ss
character(len=8) :: s
integer :: i
s = 'abcdefgh'
s(2:4) = 'XY'
print *, s
s(6:6) = 'Z'
print *, s, len(s), len_trim(s)
do i = 1, 3
  s(i:i) = '-'
end do
print *, s
end program
