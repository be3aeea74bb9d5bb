! Arrays whose lower bounds are known only at run time (rebased to 1 in the IR)
subroutine foo(is_, ie_, arr, tout)
  implicit none
  integer :: is_, ie_, i
  real, intent(in) :: arr(is_:ie_)
  real, intent(out) :: tout(is_:ie_)
  tout = arr
  do i = is_, ie_
    tout(i) = tout(i) + i
  end do
  tout(is_ + 1:ie_) = tout(is_ + 1:ie_) * 2
end
program p
  real :: a(-3:3), b(-3:3)
  integer :: i
  do i = -3, 3
    a(i) = i * 1.5
  end do
  call foo(-3, 3, a, b)
  print '(7F8.2)', b
end program
