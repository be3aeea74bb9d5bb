C expect: 4:7: the string 'ABC' where a number is expected
      SUBROUTINE A(X)
      REAL X
      X = 'ABC'
      END
