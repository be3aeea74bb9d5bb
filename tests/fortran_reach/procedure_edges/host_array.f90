subroutine work(a, n, m)
  implicit none
  integer, intent(in) :: n, m
  real(8), intent(inout) :: a(n, m)
  integer :: i
  do i = 1, m
    call col(i)
  end do
contains
  subroutine col(j)
    integer, intent(in) :: j
    a(:, j) = a(:, j) * j + i
  end subroutine
end subroutine
program p
  implicit none
  real(8) :: a(2, 3)
  a = {a}
  call work(a, 2, 3)
  print *, a
end program
