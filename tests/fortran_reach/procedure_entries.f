      SUBROUTINE ACCUM(X, N, TOTAL)
      INTEGER N, I, K
      DOUBLE PRECISION X(N), TOTAL, SCALE, BIAS
      SAVE SCALE, K
      DATA SCALE /{s}D0/, K /{k}/
      TOTAL = 0
      DO 10 I = 1, N
        TOTAL = TOTAL + X(I) * SCALE
   10 CONTINUE
      K = K + 1
      RETURN
      ENTRY SETSC(BIAS)
      SCALE = SCALE * 2 + BIAS
      K = K + 10
      ENTRY BUMP
      K = K + 100
      RETURN
      ENTRY COUNT(N)
      N = K
      END
      PROGRAM P
      DOUBLE PRECISION X(3), T
      INTEGER M
      DATA X /{x}/
      CALL ACCUM(X, 3, T)
      PRINT *, T
      CALL SETSC({b}D0)
      CALL ACCUM(X, 3, T)
      PRINT *, T
      CALL BUMP
      CALL COUNT(M)
      PRINT *, M
      END
