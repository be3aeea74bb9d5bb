module r2m
  implicit none
  type :: base
    integer :: id = 1
  contains
    procedure :: who => base_who
  end type
  type, extends(base) :: child
    real :: w = 2.5
  contains
    procedure :: who => child_who
  end type
  type :: box
    class(base), allocatable :: item
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
end module
program r2
  use r2m
  implicit none
  class(base), allocatable :: a, b
  type(child) :: c
  type(box) :: bx
  c%id = {C}
  a = c
  call a%who()
  a = c%base
  call a%who()
  b = c
  a = b
  call a%who()
  bx%item = c
  call bx%item%who()
  bx%item = base({B})
  call bx%item%who()
  a = child({D}, {W})
  call a%who()
end program
