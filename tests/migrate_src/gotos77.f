C     GOTO-heavy F77: an irreducible jump into a loop-like region,
C     computed GOTO with fall-through, arithmetic IF, assigned counts.
      PROGRAM GOTOS
      INTEGER I, J, K, N, ISUM
      DOUBLE PRECISION X, Y
      COMMON /ACC/ ISUM, X
      ISUM = 0
      X = 0.5D0
      N = 7
      I = 0
C     two entries into the same cycle: irreducible control flow
      IF (N .GT. 5) GO TO 20
   10 I = I + 2
      ISUM = ISUM + I
   20 I = I + 1
      ISUM = ISUM + 3 * I
      IF (I .LT. N) GO TO 10
      PRINT *, 'CYCLE', I, ISUM
      DO 40 K = 1, 4
         GO TO (31, 32, 33), K
         PRINT *, 'DEFAULT', K
         GO TO 40
   31    PRINT *, 'ONE'
   32    PRINT *, 'TWO OR AFTER ONE'
         GO TO 40
   33    PRINT *, 'THREE'
   40 CONTINUE
      PRINT *, 'AFTER LOOP K =', K
      DO 60 J = -3, 3
         Y = DBLE(J) * X
         IF (Y) 51, 52, 53
   51    CALL BUMP(-1)
         GO TO 60
   52    CALL BUMP(0)
         GO TO 60
   53    CALL BUMP(1)
   60 CONTINUE
      WRITE (*, 100) ISUM, X
  100 FORMAT (' ISUM=', I6, ' X=', F10.5)
      PRINT *, 7 / 2, -7 / 2, MOD(-7, 2), MOD(7, -2), 2 ** 10
      CALL STEPS(N, K)
      PRINT *, 'STEPS', N, K
      END

      SUBROUTINE BUMP(IDIR)
      INTEGER IDIR, ISUM, NCALLS
      DOUBLE PRECISION W
      COMMON /ACC/ ISUM, W
      SAVE NCALLS
      DATA NCALLS /0/
      NCALLS = NCALLS + 1
      ISUM = ISUM + IDIR * NCALLS
      W = W * 1.5D0
      WRITE (*, 200) 'BUMP', IDIR, ' CALL', NCALLS, W
  200 FORMAT (A, I3, A, I4, 1X, E14.6)
      END

      SUBROUTINE STEPS(N, K)
      INTEGER N, K
C     collatz steps of N, counted into K
      K = 0
    5 IF (N .EQ. 1) RETURN
      IF (MOD(N, 2) .EQ. 0) THEN
         N = N / 2
      ELSE
         N = 3 * N + 1
      END IF
      K = K + 1
      GO TO 5
      END
