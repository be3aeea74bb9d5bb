! A free-form F90 program: modules, derived types, allocatable and
! assumed-shape arrays with lower bounds, WHERE, SELECT CASE, EXIT/CYCLE.
module geometry
  implicit none
  integer, parameter :: dp = kind(1.0d0)
  real(dp), parameter :: pi = 3.141592653589793_dp
  type :: point
    real(dp) :: x, y
    real(dp) :: w(3)
  end type point
  integer :: ncalls = 0
contains
  ! distance between two points
  function dist(a, b) result(d)
    type(point), intent(in) :: a, b
    real(dp) :: d
    ncalls = ncalls + 1
    d = sqrt((a%x - b%x)**2 + (a%y - b%y)**2)
  end function dist

  subroutine smooth(u, v)
    real(dp), intent(in) :: u(0:)
    real(dp), intent(out) :: v(0:)
    integer :: i, n
    n = size(u)
    v(0) = u(0)
    v(n - 1) = u(n - 1)
    do i = 1, n - 2
      v(i) = 0.25_dp * u(i - 1) + 0.5_dp * u(i) + 0.25_dp * u(i + 1)
    end do
  end subroutine smooth

  integer function classify(k)
    integer, intent(in) :: k
    select case (k)
    case (:-1)
      classify = -1
    case (0)
      classify = 0
    case (1:9, 100)
      classify = 1
    case default
      classify = 2
    end select
  end function classify
end module geometry

program modern
  use geometry
  implicit none
  type(point) :: p, q
  real(dp), allocatable :: a(:), b(:)
  real(dp) :: grid(-2:2, 3)
  integer :: i, j, total
  integer :: cls(6)
  logical :: found

  p%x = 0.0_dp
  p%y = 0.0_dp
  q%x = 3.0_dp
  q%y = 4.0_dp
  q%w = [1.0_dp, 2.0_dp, 3.0_dp]
  print '(A, F8.4)', 'dist = ', dist(p, q)
  print *, 'w sum', sum(q%w), q%w(2)

  allocate(a(0:7), b(0:7))
  do i = 0, 7
    a(i) = real(i * i, dp)
  end do
  call smooth(a, b)
  write (*, '(8F8.3)') b
  where (b > 10.0_dp)
    b = b - 10.0_dp
  elsewhere (b > 5.0_dp)
    b = 0.0_dp
  elsewhere
    b = -b
  end where
  write (*, '(8F8.3)') (b(i), i = 0, 7)
  print '(3F7.2)', b(1:6:2), a(7)
  deallocate(a, b)

  do j = 1, 3
    do i = -2, 2
      grid(i, j) = i * 10 + j
    end do
  end do
  print '(5F6.1)', grid(:, 2)
  print *, 'maxval', maxval(grid), 'minval', minval(grid(:, 3))

  do i = 1, 6
    cls(i) = classify(i * 20 - 50)
  end do
  print '(6I3)', cls

  total = 0
  found = .false.
  do i = 1, 100
    if (mod(i, 3) == 0) cycle
    total = total + i
    if (total > 50) then
      found = .true.
      exit
    end if
  end do
  print *, 'total', total, found, i
  i = 0
  do while (i < 10)
    i = i + 3
  end do
  print '(I4, 1X, I4)', i, ncalls
  print '(ES12.4)', pi * 2
end program modern
