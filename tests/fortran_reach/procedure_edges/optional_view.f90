module opt
contains
  subroutine s(a, n, w)
    integer, intent(in) :: n
    real(8), intent(inout) :: a(n)
    real(8), intent(in), optional :: w(n)
    if (present(w)) then
      a = a * w
    else
      a = -a
    end if
  end subroutine
  subroutine t(a, n, w)
    integer, intent(in) :: n
    real(8), intent(inout) :: a(n)
    real(8), intent(in), optional :: w(n)
    call s(a, n, w)
  end subroutine
end module
program p
  use opt
  real(8) :: a(3), w(4)
  a = [{a}d0, {b}d0, 3d0]
  w = [2d0, 3d0, 4d0, 5d0]
  call t(a, 3)
  call t(a, 3, w)
  call s(a(2:3), 2, w(3))
  print *, a
end program
