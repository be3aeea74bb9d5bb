C     A legacy F77 program: implicit typing, COMMON, DATA, SAVE,
C     labelled DO, arithmetic and computed GOTO, FORMAT output.
      PROGRAM LEGACY
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      PARAMETER (N = 5)
      DIMENSION X(N), Y(0:N-1)
      COMMON /STATS/ TOTAL, NCALL
      DATA X /1.0D0, 2.0D0, 3.0D0, 4.0D0, 5.0D0/
      EXTERNAL SQUARE
      NCALL = 0
      TOTAL = 0.0D0
C     fill Y with square roots
      DO 10 I = 1, N
         Y(I-1) = DSQRT(X(I)) + DBLE(I) / 2
   10 CONTINUE
      CALL ACCUM(Y, N)
      CALL APPLY(SQUARE, X, N, S)
      WRITE (6, 100) TOTAL, NCALL
  100 FORMAT (1X, 'TOTAL =', F12.6, ' CALLS =', I3)
      WRITE (*, 110) S
  110 FORMAT (' SUM OF SQUARES', E14.6)
      K = 2
      GO TO (20, 30, 40), K
   20 PRINT *, 'ONE'
      GO TO 50
   30 PRINT *, 'TWO', DMAX1(X(1), X(2)), MOD(7, 3), IABS(-4)
   40 CONTINUE
   50 Z = X(3) - 3.0D0
      IF (Z) 60, 70, 60
   60 PRINT *, 'NONZERO'
      GO TO 80
   70 PRINT *, 'ZERO'
   80 DO 90 I = 1, 3
         DO 90 J = 1, 3
            IF (J .EQ. 2) GO TO 90
            WRITE (*, '(2I3)') I, J
   90 CONTINUE
      STOP
      END

      SUBROUTINE ACCUM(V, M)
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      DIMENSION V(*)
      COMMON /STATS/ TOTAL, NCALL
      SAVE NSEEN
      DATA NSEEN /0/
      DO 10 I = 1, M
         TOTAL = TOTAL + V(I)
   10 CONTINUE
      NCALL = NCALL + 1
      NSEEN = NSEEN + M
      RETURN
      END

      DOUBLE PRECISION FUNCTION SQUARE(A)
      DOUBLE PRECISION A
      SQUARE = A * A
      END

      SUBROUTINE APPLY(F, V, M, S)
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      EXTERNAL F
      DIMENSION V(M)
      S = 0
      I = 0
C     a DO WHILE written with GOTO
    5 I = I + 1
      IF (I .GT. M) GO TO 15
      S = S + F(V(I))
      GO TO 5
   15 RETURN
      END
