! expect: 5:5: a POINTER to a scalar of intrinsic type ('p') is not supported
module m
  type :: node
    integer :: v
    real(8), pointer :: p => null()
  end type node
end module m
