module counters
  implicit none
  type :: counter
    integer :: count = 0
    integer :: step = 1
  contains
    procedure :: tick
    procedure :: value => get_value
    generic :: add => add_int, add_counter
    procedure, private :: add_int, add_counter
  end type
  interface counter
    module procedure new_counter
  end interface
contains
  function new_counter(step) result(c)
    integer, intent(in) :: step
    type(counter) :: c
    c%step = step
  end function
  subroutine tick(self)
    class(counter), intent(inout) :: self
    self%count = self%count + self%step
  end subroutine
  integer function get_value(self)
    class(counter), intent(in) :: self
    get_value = self%count
  end function
  subroutine add_int(self, n)
    class(counter), intent(inout) :: self
    integer, intent(in) :: n
    self%count = self%count + n
  end subroutine
  subroutine add_counter(self, o)
    class(counter), intent(inout) :: self
    type(counter), intent(in) :: o
    self%count = self%count + o%count
  end subroutine
end module
program p
  use counters
  implicit none
  type(counter) :: c, d
  type(counter), allocatable :: arr(:)
  integer :: i
  c = counter({S})
  call c%tick(); call c%tick()
  d = counter({T})
  call d%tick()
  call c%add({N})
  call c%add(d)
  print *, c%value(), d%value()
  allocate(arr(3))
  do i = 1, 3
    arr(i) = counter(i)
    call arr(i)%tick()
  end do
  print *, (arr(i)%value(), i = 1, 3)
end program
