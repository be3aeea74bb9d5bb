! expect: 4:1: Fortran syntax error: expected <module-name> is m but got mm
module m
  integer :: k
end module mm
