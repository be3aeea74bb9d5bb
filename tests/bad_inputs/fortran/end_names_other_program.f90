! expect: 4:1: Fortran syntax error:
program p
  print *, 1
end program q
