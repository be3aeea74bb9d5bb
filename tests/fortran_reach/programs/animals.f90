module animals
  implicit none
  private
  public :: animal, dog, cat, make
  type, abstract :: animal
    character(len=:), allocatable :: name
  contains
    procedure(speak_i), deferred :: speak
    procedure :: greet
  end type
  abstract interface
    function speak_i(self) result(s)
      import :: animal
      class(animal), intent(in) :: self
      character(len=:), allocatable :: s
    end function
  end interface
  type, extends(animal) :: dog
  contains
    procedure :: speak => dog_speak
  end type
  type, extends(animal) :: cat
    integer :: lives = 9
  contains
    procedure :: speak => cat_speak
  end type
contains
  function dog_speak(self) result(s)
    class(dog), intent(in) :: self
    character(len=:), allocatable :: s
    s = 'Woof'
  end function
  function cat_speak(self) result(s)
    class(cat), intent(in) :: self
    character(len=:), allocatable :: s
    s = 'Meow'
  end function
  subroutine greet(self)
    class(animal), intent(in) :: self
    print '(a,a,a)', self%name, ' says ', self%speak()
  end subroutine
  subroutine make(kind, a)
    character(*), intent(in) :: kind
    class(animal), allocatable, intent(out) :: a
    if (kind == 'dog') then
      allocate(dog :: a)
    else
      allocate(cat :: a)
    end if
    a%name = kind
  end subroutine
end module
program p
  use animals
  implicit none
  class(animal), allocatable :: a
  call make('{K1}', a)
  call a%greet()
  call make('{K2}', a)
  call a%greet()
end program
