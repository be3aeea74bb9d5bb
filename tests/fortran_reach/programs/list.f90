module list
  implicit none
  type :: node
    integer :: val
    type(node), pointer :: next => null()
  end type
end module
program p
  use list
  implicit none
  type(node), pointer :: head, cur
  integer :: i, total
  head => null()
  do i = 1, {N}
    allocate(cur)
    cur%val = i * i
    cur%next => head
    head => cur
  end do
  total = 0
  cur => head
  do while (associated(cur))
    total = total + cur%val
    write(*, '(i0,1x)', advance='no') cur%val
    cur => cur%next
  end do
  print *
  print *, total
end program
