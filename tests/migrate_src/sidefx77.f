C     A function that changes its arguments: the call is hoisted, the changes kept.
      PROGRAM FX
      INTEGER N, IERR
      DOUBLE PRECISION Y, GETV
      N = 3
      Y = GETV(N, IERR) * 2.0D0
      PRINT *, Y, N, IERR
      IF (GETV(N, IERR) .GT. 10.0D0) PRINT *, 'BIG', N, IERR
      END

      DOUBLE PRECISION FUNCTION GETV(K, IERR)
      INTEGER K, IERR
      K = K + 1
      IERR = K * 10
      GETV = DBLE(K) ** 2
      END
