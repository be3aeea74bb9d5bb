module zoo
  implicit none
  type :: base
    integer :: id = 0
    character(len=:), allocatable :: tag
  contains
    procedure :: show => base_show
    procedure :: weight => base_weight
    procedure :: bump
  end type
  type, extends(base) :: mid
    real(8) :: w = 1.5d0
  contains
    procedure :: show => mid_show
    procedure :: weight => mid_weight
  end type
  type, extends(mid) :: leaf
    integer :: extra = 7
  contains
    procedure :: weight => leaf_weight
  end type
contains
  subroutine base_show(self)
    class(base), intent(in) :: self
    print '(a,i0)', 'base ', self%id
  end subroutine
  subroutine mid_show(self)
    class(mid), intent(in) :: self
    call self%base%show()
    print '(a,f6.2)', ' mid ', self%w
  end subroutine
  real(8) function base_weight(self, f)
    class(base), intent(in) :: self
    real(8), intent(in) :: f
    base_weight = self%id * f
  end function
  real(8) function mid_weight(self, f)
    class(mid), intent(in) :: self
    real(8), intent(in) :: f
    mid_weight = self%w * f + self%id
  end function
  real(8) function leaf_weight(self, f)
    class(leaf), intent(in) :: self
    real(8), intent(in) :: f
    leaf_weight = self%extra * f - self%w
  end function
  subroutine bump(self, n)
    class(base), intent(inout) :: self
    integer, intent(in) :: n
    self%id = self%id + n
  end subroutine
  subroutine report(x)
    class(base), intent(inout) :: x
    call x%bump(3)
    call x%show()
    print '(f12.3)', x%weight({F}d0)
    select type (x)
    type is (leaf)
      print *, 'leaf', x%extra, x%w
    class is (mid)
      print *, 'mid-ish', x%w
    class default
      print *, 'just base', x%id
    end select
  end subroutine
end module
program p
  use zoo
  implicit none
  type(base) :: b
  type(mid) :: m
  type(leaf) :: l
  class(base), allocatable :: any
  integer :: i
  b%id = {B}; m%id = {M}; l%id = {L}
  l%w = {W}d0
  call report(b)
  call report(m)
  call report(l)
  print *, same_type_as(m, l), extends_type_of(l, m), extends_type_of(b, m)
  do i = 1, 3
    if (i == 1) allocate(base :: any)
    if (i == 2) then
      deallocate(any)
      allocate(mid :: any)
    end if
    if (i == 3) then
      deallocate(any)
      allocate(leaf :: any)
    end if
    any%id = {A} * i
    call report(any)
  end do
  l%tag = 'leafy'
  print *, l%tag, len(l%tag), l%mid%w, l%mid%base%id
end program
