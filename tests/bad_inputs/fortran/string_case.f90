! expect: 8:3: the string 'a' where a number is expected
subroutine s(x, n, a)
  implicit none
  real :: x
  integer :: n
  real :: a(10)
  select case (n)
  case ('a')
    x = 1
  end select
end subroutine s
