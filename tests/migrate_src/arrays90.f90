! Free-form F90: modules, assumed-shape and explicit-shape arrays with lower bounds,
! allocatable arrays, WHERE, SELECT CASE with ranges, EXIT/CYCLE, DO WHILE, derived types,
! intent(out) scalars, functions with result, storage association, real(4) arithmetic.
module geometry
  implicit none
  type point
    real(8) :: x, y
  end type point
contains
  function dist(p, q) result(d)
    type(point), intent(in) :: p, q
    real(8) :: d
    d = sqrt((p%x - q%x)**2 + (p%y - q%y)**2)
  end function dist
end module geometry

program arrays
  use geometry
  implicit none
  integer, parameter :: n = 6
  real(8) :: a(0:n-1, n), v(n), total
  real(8), allocatable :: w(:)
  real(4) :: s4, t4
  integer :: i, j, nneg, code
  type(point) :: p, q
  do j = 1, n
    do i = 0, n - 1
      a(i, j) = dble(i * j) - 7.5d0 + dble(j) / 3.0d0
    end do
  end do
  call colsum(a, n, v)
  print *, 'colsum', v
  allocate(w(-2:3))
  w = v
  where (w < 0.0d0)
    w = -w
  elsewhere
    w = w * 2.0d0
  end where
  print '(6F9.3)', w
  call stats(w, total, nneg)
  write (*, '(A, F12.4, A, I3)') ' total', total, ' negatives', nneg
  call scale(a(0, 3), n, 0.5d0)
  print '(6F8.2)', a(:, 3)
  do i = 1, 20
    select case (i)
    case (:3)
      code = 1
    case (4, 6, 8)
      code = 2
    case (10:12)
      cycle
    case default
      code = 3
    end select
    if (i > 14) exit
    write (*, '(2I4)') i, code
  end do
  i = 1
  do while (i < 1000)
    i = i * 3
  end do
  print *, 'while', i
  s4 = 0.1
  t4 = s4 * 3.0 + 1.0e-3
  print *, s4, t4, dble(t4) * 2.0d0
  p%x = 0.0d0
  p%y = 0.0d0
  q%x = 3.0d0
  q%y = 4.0d0
  print *, 'dist', dist(p, q)
  print *, 'sections', sum(a(1:3, 2)), maxval(a(:, n)), a(n-1, 1:n:2)
  deallocate(w)
contains
  subroutine colsum(m, k, out)
    integer, intent(in) :: k
    real(8), intent(in) :: m(0:, :)
    real(8), intent(out) :: out(k)
    integer :: c
    do c = 1, k
      out(c) = sum(m(:, c))
    end do
  end subroutine colsum

  subroutine stats(x, s, nn)
    real(8), intent(in) :: x(:)
    real(8), intent(out) :: s
    integer, intent(out) :: nn
    integer :: t
    s = 0.0d0
    nn = 0
    do t = 1, size(x)
      s = s + x(t)
      if (x(t) < 1.0d0) nn = nn + 1
    end do
  end subroutine stats

  subroutine scale(col, k, f)
    integer, intent(in) :: k
    real(8), intent(inout) :: col(k)
    real(8), intent(in) :: f
    col = col * f
  end subroutine scale
end program arrays
