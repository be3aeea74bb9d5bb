module shapes2
  implicit none
  type, abstract :: shape
  contains
    procedure(area_if), deferred :: area
    procedure :: name => shape_name
  end type
  abstract interface
    pure real(8) function area_if(self)
      import shape
      class(shape), intent(in) :: self
    end function
  end interface
  type, extends(shape) :: sq
    real(8) :: a = 1
  contains
    procedure :: area => sq_area
    procedure :: name => sq_name
  end type
  type, extends(shape) :: tri
    real(8) :: b = 1, h = 1
  contains
    procedure :: area => tri_area
  end type
  type :: holder
    class(shape), allocatable :: s
  end type
contains
  pure real(8) function sq_area(self)
    class(sq), intent(in) :: self
    sq_area = self%a**2
  end function
  pure real(8) function tri_area(self)
    class(tri), intent(in) :: self
    tri_area = 0.5d0 * self%b * self%h
  end function
  function shape_name(self) result(n)
    class(shape), intent(in) :: self
    character(len=:), allocatable :: n
    n = 'shape'
  end function
  function sq_name(self) result(n)
    class(sq), intent(in) :: self
    character(len=:), allocatable :: n
    n = 'square'
  end function
end module
program t1
  use shapes2
  implicit none
  type(holder) :: list(3)
  integer :: i
  real(8) :: total
  allocate(sq :: list(1)%s)
  allocate(tri :: list(2)%s)
  allocate(sq :: list(3)%s)
  select type (s => list(1)%s)
  type is (sq)
    s%a = {A}d0
  end select
  select type (s => list(2)%s)
  type is (tri)
    s%b = {B}d0; s%h = {H}d0
  end select
  total = 0
  do i = 1, 3
    print '(a,1x,f8.3)', list(i)%s%name(), list(i)%s%area()
    total = total + list(i)%s%area()
  end do
  print *, total
end program
