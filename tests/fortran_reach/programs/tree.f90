module tree_m
  implicit none
  type :: tnode
    integer :: key
    type(tnode), pointer :: left => null(), right => null()
  end type
contains
  recursive subroutine insert(t, k)
    type(tnode), pointer, intent(inout) :: t
    integer, intent(in) :: k
    if (.not. associated(t)) then
      allocate(t)
      t%key = k
    else if (k < t%key) then
      call insert(t%left, k)
    else
      call insert(t%right, k)
    end if
  end subroutine
  recursive subroutine walk(t)
    type(tnode), pointer, intent(in) :: t
    if (.not. associated(t)) return
    call walk(t%left)
    write(*, '(i0,1x)', advance='no') t%key
    call walk(t%right)
  end subroutine
  recursive integer function depth(t) result(d)
    type(tnode), pointer, intent(in) :: t
    if (.not. associated(t)) then
      d = 0
    else
      d = 1 + max(depth(t%left), depth(t%right))
    end if
  end function
end module
program p
  use tree_m
  implicit none
  type(tnode), pointer :: root => null()
  real(8), target :: a(10)
  real(8), pointer :: v(:) => null(), w(:,:)
  integer :: i
  integer :: keys({K}) = [{KEYS}]
  do i = 1, size(keys)
    call insert(root, keys(i))
  end do
  call walk(root)
  print *
  print *, depth(root)
  a = [(i * ({X}d0), i = 1, 10)]
  v => a(3:8:2)
  print *, v, size(v), associated(v), associated(v, a(3:8:2)), associated(v, a(3:8))
  v = -1
  print *, a
  v => a
  v(10) = 99
  print *, a(10), lbound(v), ubound(v)
  allocate(w(2, 3))
  w = 1.5d0
  w(2, :) = [1d0, 2d0, 3d0]
  print *, w, shape(w)
  deallocate(w)
  nullify(v)
  print *, associated(v)
end program
