! Arrays of a derived type: each element its own record.
program rec
  implicit none
  type particle
    real(8) :: x, v
    integer :: id
  end type particle
  type(particle) :: ps(4)
  integer :: i
  do i = 1, 4
    ps(i)%x = dble(i) * 0.5d0
    ps(i)%v = -dble(i)
    ps(i)%id = 10 * i
  end do
  do i = 1, 4
    ps(i)%x = ps(i)%x + ps(i)%v * 0.1d0
  end do
  print *, (ps(i)%x, i = 1, 4), ps(4)%id
end program rec
