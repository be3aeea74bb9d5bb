! expect: 5:1: Fortran syntax error: expected <function-name> is f but got g
function f(x)
  real :: f, x
  f = x
end function g
