C     STORAGE ASSOCIATION OF ARGUMENTS: AN ELEMENT AS THE START OF AN
C     ARRAY, Y(1) AND Y(*) AS ASSUMED SIZE, A SCALAR FOR AN ARRAY, 2-D
C     FOR 1-D AND BACK, A(3, 4) AS B(2, 6), INTEGERS OVER A DOUBLE
C     PRECISION WORK ARRAY.
      PROGRAM ARGS
      DOUBLE PRECISION RWORK(40), T, Y(3), S, A(3, 4)
      INTEGER LF0, LIW, K, N
      N = 3
      T = @R1@
      LF0 = 11
      LIW = 31
      DO 10 K = 1, 40
        RWORK(K) = DBLE(K) * @R2@
   10 CONTINUE
      Y(1) = @R3@
      Y(2) = @R4@
      Y(3) = @R5@
      CALL F(N, T, Y, RWORK(LF0))
      CALL SETI(4, RWORK(LIW))
      CALL SHOWI(8, RWORK(LIW))
      S = @R6@
      CALL TWICE(1, S)
      CALL TWICE(3, Y)
      DO 20 K = 1, 12
        A(MOD(K - 1, 3) + 1, (K - 1) / 3 + 1) = DBLE(K) + T
   20 CONTINUE
      CALL FLAT(12, A)
      CALL OTHER(A, 2)
      CALL GRID(RWORK(21), 2, 5)
      WRITE(*, '(3ES25.17E3)') RWORK(LF0), RWORK(LF0 + 2), RWORK(40)
      WRITE(*, '(2ES25.17E3)') RWORK(LIW), RWORK(LIW + 3)
      WRITE(*, '(4ES25.17E3)') S, Y
      WRITE(*, '(3ES25.17E3)') A(1, 1), A(3, 2), A(3, 4)
      WRITE(*, '(3ES25.17E3)') RWORK(21), RWORK(22), RWORK(30)
      END
      SUBROUTINE F(N, T, Y, YDOT)
      INTEGER N, I
      DOUBLE PRECISION T, Y(1), YDOT(1)
      DO 30 I = 1, N
        YDOT(I) = T * Y(I) - YDOT(I + 1)
   30 CONTINUE
      END
      SUBROUTINE SETI(M, IW)
      INTEGER M, IW(*), I
      DO 40 I = 1, M
        IW(I) = I * 1000 + M
   40 CONTINUE
      END
      SUBROUTINE SHOWI(M, IW)
      INTEGER M, IW(M)
      WRITE(*, '(8I12)') IW
      END
      SUBROUTINE TWICE(M, X)
      INTEGER M, I
      DOUBLE PRECISION X(M)
      DO 50 I = 1, M
        X(I) = X(I) * 2.0D0 + 1.0D0
   50 CONTINUE
      END
      SUBROUTINE FLAT(M, V)
      INTEGER M, I
      DOUBLE PRECISION V(M)
      DO 60 I = 2, M
        V(I) = V(I) + V(I - 1)
   60 CONTINUE
      END
      SUBROUTINE OTHER(B, M)
      INTEGER M
      DOUBLE PRECISION B(M, 6)
      B(2, 3) = B(1, 3) * B(2, 5)
      WRITE(*, '(2ES25.17E3)') B(2, 3), B(M, 6)
      END
      SUBROUTINE GRID(G, M, L)
      INTEGER M, L, I, J
      DOUBLE PRECISION G(M, L)
      DO 70 J = 1, L
        DO 70 I = 1, M
          G(I, J) = G(I, J) * DBLE(I) - DBLE(J)
   70 CONTINUE
      END
