module r1m
  implicit none
  type :: base
    integer :: id = 1
  contains
    procedure :: who => base_who
    procedure :: add_i
    procedure :: add_r
    generic :: add => add_i, add_r
  end type
  type, extends(base) :: child
    real :: w = 2.5
  contains
    procedure :: who => child_who
    procedure :: add_i => child_add_i
  end type
contains
  subroutine base_who(self)
    class(base), intent(in) :: self
    print *, 'base', self%id
  end subroutine
  subroutine child_who(self)
    class(child), intent(in) :: self
    print *, 'child', self%id, self%w
  end subroutine
  subroutine add_i(self, n)
    class(base), intent(inout) :: self
    integer, intent(in) :: n
    self%id = self%id + n
  end subroutine
  subroutine child_add_i(self, n)
    class(child), intent(inout) :: self
    integer, intent(in) :: n
    self%id = self%id + 100 * n
  end subroutine
  subroutine add_r(self, x)
    class(base), intent(inout) :: self
    real, intent(in) :: x
    self%id = self%id + int(x)
  end subroutine
end module
program r1
  use r1m
  implicit none
  class(base), allocatable :: a
  type(child) :: c
  type(base) :: b
  c%id = {C}
  a = c
  call a%who()
  call a%add({N})
  call a%add({X})
  call a%who()
  call b%add({N})
  call b%who()
end program
