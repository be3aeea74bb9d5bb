C expect: 5:1: Fortran syntax error: expected <subroutine-name> is A but got B
      SUBROUTINE A(X)
      REAL X
      X = 1
      END SUBROUTINE B
