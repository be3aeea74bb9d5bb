module m
  implicit none
  integer :: counter = 0
contains
  integer function outer(n) result(total)
    integer, intent(in) :: n
    integer :: calls
    integer, save :: seen = 0
    total = 0
    calls = 0
    call add(n)
    call add(2 * n)
    seen = seen + calls
    print *, 'outer', total, calls, seen, counter, apply(sq, 3)
  contains
    subroutine add(k)
      integer, intent(in) :: k
      total = total + k
      calls = calls + 1
      counter = counter + 1
      seen = seen + 1
    end subroutine
    integer function sq(x)
      integer, intent(in) :: x
      sq = x * x + calls
    end function
    integer function apply(f, x)
      interface
        integer function f(x)
          integer, intent(in) :: x
        end function
      end interface
      integer, intent(in) :: x
      apply = f(x)
    end function
  end function
end module
program p
  use m
  implicit none
  integer :: r1, r2
  r1 = outer({a})
  r2 = outer({b})
  print *, r1, r2, counter
end program
