! expect: 5:5: component attribute POINTER is not supported
module m
  type :: node
    integer :: v
    real(8), pointer :: p(:) => null()
  end type node
end module m
