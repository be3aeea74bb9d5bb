! Character arrays and an allocatable array in COMMON-free module state.
module store
  implicit none
  real(8), allocatable :: buf(:)
  character(len=4) :: tags(3)
end module store

program chr
  use store
  implicit none
  integer :: i
  allocate(buf(0:4))
  do i = 0, 4
    buf(i) = dble(i) ** 2
  end do
  tags(1) = 'ab'
  tags(3) = 'wxyz'
  print *, '[', tags(1), '|', tags(3), ']', sum(buf)
end program chr
