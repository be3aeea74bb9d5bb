C expect: 4:7: the real constant 1.0E99 overflows its kind (real(4))
      SUBROUTINE A(X)
      REAL X
      X = 1.0E99
      END
