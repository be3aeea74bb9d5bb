module shapes
  implicit none
  type vec
    real(8) :: x, y
  end type
  type counter
    integer :: n = 0
  end type
  interface show
    module procedure show_i, show_r, show_d, show_v, show_a
  end interface
  interface operator(+)
    module procedure addv
  end interface
  interface operator(*)
    module procedure scalev, scalev2
  end interface
  interface operator(.dot.)
    module procedure dotv
  end interface
  interface operator(.neg.)
    module procedure negv
  end interface
  interface operator(==)
    module procedure eqv
  end interface
  interface assignment(=)
    module procedure from_int, from_vec
  end interface
contains
  subroutine show_i(x)
    integer, intent(in) :: x
    print *, 'int', x
  end subroutine
  subroutine show_r(x)
    real, intent(in) :: x
    print *, 'real4', x
  end subroutine
  subroutine show_d(x, label)
    real(8), intent(in) :: x
    character(len=*), intent(in), optional :: label
    if (present(label)) then
      print *, label, x
    else
      print *, 'real8', x
    end if
  end subroutine
  subroutine show_v(v)
    type(vec), intent(in) :: v
    print *, 'vec', v%x, v%y
  end subroutine
  subroutine show_a(a)
    integer, intent(in) :: a(:)
    print *, 'array', a
  end subroutine
  function addv(a, b) result(c)
    type(vec), intent(in) :: a, b
    type(vec) :: c
    c%x = a%x + b%x
    c%y = a%y + b%y
  end function
  function scalev(s, a) result(c)
    real(8), intent(in) :: s
    type(vec), intent(in) :: a
    type(vec) :: c
    c%x = s * a%x
    c%y = s * a%y
  end function
  function scalev2(a, k) result(c)
    type(vec), intent(in) :: a
    integer, intent(in) :: k
    type(vec) :: c
    c%x = k * a%x
    c%y = k * a%y
  end function
  real(8) function dotv(a, b)
    type(vec), intent(in) :: a, b
    dotv = a%x*b%x + a%y*b%y
  end function
  function negv(a) result(c)
    type(vec), intent(in) :: a
    type(vec) :: c
    c%x = -a%x
    c%y = -a%y
  end function
  logical function eqv(a, b)
    type(vec), intent(in) :: a, b
    eqv = a%x == b%x .and. a%y == b%y
  end function
  subroutine from_int(c, i)
    type(counter), intent(inout) :: c
    integer, intent(in) :: i
    c%n = c%n + i
  end subroutine
  subroutine from_vec(c, v)
    type(counter), intent(inout) :: c
    type(vec), intent(in) :: v
    c%n = c%n + int(v%x + v%y)
  end subroutine
end module
