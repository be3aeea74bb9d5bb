C     Names Python reserves: keywords and builtins as Fortran variables.
      PROGRAM KW
      INTEGER IN, IS, LEN, MAX, I
      DOUBLE PRECISION LAMBDA(3), SUM, RANGE, PRINT
      COMMON /GLOBAL/ LAMBDA
      IN = 2
      IS = 3
      LEN = IN + IS
      MAX = MAX0(IN, IS, LEN)
      SUM = 0.0D0
      DO 10 I = 1, 3
         LAMBDA(I) = DBLE(I) * 0.5D0
         SUM = SUM + LAMBDA(I)
   10 CONTINUE
      RANGE = PRINT(SUM)
      WRITE (*, '(4I3, 2F8.3)') IN, IS, LEN, MAX, SUM, RANGE
      END

      DOUBLE PRECISION FUNCTION PRINT(X)
      DOUBLE PRECISION X, LAMBDA(3)
      COMMON /GLOBAL/ LAMBDA
      PRINT = X * 2.0D0 + LAMBDA(3)
      END
