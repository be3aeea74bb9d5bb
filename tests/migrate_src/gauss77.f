C     Gaussian elimination with partial pivoting, LINPACK style (written
C     for transpyle's tests): BLAS-1 helpers with increments, columns of
C     a matrix passed as vectors (storage association), GOTO loops.
      PROGRAM GAUSS
      INTEGER N, LDA, I, J, INFO
      PARAMETER (N = 5, LDA = 6)
      INTEGER IPVT(N)
      DOUBLE PRECISION A(LDA, N), B(N), X(N), R(N)
      DO 20 J = 1, N
         DO 10 I = 1, N
            A(I, J) = 1.0D0 / DBLE(I + J - 1)
   10    CONTINUE
         A(J, J) = A(J, J) + DBLE(J)
         B(J) = DBLE(J * J) - 2.5D0
         X(J) = B(J)
   20 CONTINUE
      CALL FACTOR(A, LDA, N, IPVT, INFO)
      WRITE (*, 100) INFO, (IPVT(I), I = 1, N)
  100 FORMAT (' INFO =', I2, '  PIVOTS =', 5I3)
      CALL SOLVE(A, LDA, N, IPVT, X)
      DO 30 I = 1, N
         WRITE (*, 110) I, X(I)
   30 CONTINUE
  110 FORMAT (' X(', I1, ') =', F16.10)
C     residual with the original matrix
      DO 50 I = 1, N
         R(I) = -B(I)
         DO 40 J = 1, N
            R(I) = R(I) + (1.0D0 / DBLE(I + J - 1)) * X(J)
   40    CONTINUE
         R(I) = R(I) + DBLE(I) * X(I)
   50 CONTINUE
      PRINT *, 'RESIDUAL BELOW 1E-12:', DMAX1(DABS(R(1)), DABS(R(2)),
     &   DABS(R(3)), DABS(R(4)), DABS(R(5))) .LT. 1.0D-12
      END

      INTEGER FUNCTION IAMAX(N, DX, INCX)
      INTEGER N, INCX, I, IX
      DOUBLE PRECISION DX(*), DMAX
      IAMAX = 0
      IF (N .LT. 1) RETURN
      IAMAX = 1
      IF (N .EQ. 1) RETURN
      IX = 1
      DMAX = DABS(DX(1))
      IX = IX + INCX
      DO 10 I = 2, N
         IF (DABS(DX(IX)) .LE. DMAX) GO TO 5
         IAMAX = I
         DMAX = DABS(DX(IX))
    5    IX = IX + INCX
   10 CONTINUE
      END

      SUBROUTINE AXPY(N, DA, DX, INCX, DY, INCY)
      INTEGER N, INCX, INCY, I, IX, IY
      DOUBLE PRECISION DA, DX(*), DY(*)
      IF (N .LE. 0) RETURN
      IF (DA .EQ. 0.0D0) RETURN
      IX = 1
      IY = 1
      DO 10 I = 1, N
         DY(IY) = DY(IY) + DA * DX(IX)
         IX = IX + INCX
         IY = IY + INCY
   10 CONTINUE
      END

      SUBROUTINE SCAL(N, DA, DX, INCX)
      INTEGER N, INCX, I, M
      DOUBLE PRECISION DA, DX(*)
      IF (N .LE. 0) RETURN
      IF (INCX .NE. 1) GO TO 20
C     unrolled by 3 for unit increment
      M = MOD(N, 3)
      IF (M .EQ. 0) GO TO 40
      DO 30 I = 1, M
         DX(I) = DA * DX(I)
   30 CONTINUE
      IF (N .LT. 3) RETURN
   40 DO 50 I = M + 1, N, 3
         DX(I) = DA * DX(I)
         DX(I + 1) = DA * DX(I + 1)
         DX(I + 2) = DA * DX(I + 2)
   50 CONTINUE
      RETURN
   20 DO 10 I = 1, N * INCX, INCX
         DX(I) = DA * DX(I)
   10 CONTINUE
      END

      SUBROUTINE FACTOR(A, LDA, N, IPVT, INFO)
      INTEGER LDA, N, IPVT(*), INFO, IAMAX, J, K, KP1, L, NM1
      DOUBLE PRECISION A(LDA, *), T
      INFO = 0
      NM1 = N - 1
      IF (NM1 .LT. 1) GO TO 70
      DO 60 K = 1, NM1
         KP1 = K + 1
         L = IAMAX(N - K + 1, A(K, K), 1) + K - 1
         IPVT(K) = L
         IF (A(L, K) .EQ. 0.0D0) GO TO 40
         IF (L .EQ. K) GO TO 10
            T = A(L, K)
            A(L, K) = A(K, K)
            A(K, K) = T
   10    CONTINUE
         T = -1.0D0 / A(K, K)
         CALL SCAL(N - K, T, A(K + 1, K), 1)
         DO 30 J = KP1, N
            T = A(L, J)
            IF (L .EQ. K) GO TO 20
               A(L, J) = A(K, J)
               A(K, J) = T
   20       CONTINUE
            CALL AXPY(N - K, T, A(K + 1, K), 1, A(K + 1, J), 1)
   30    CONTINUE
         GO TO 50
   40    CONTINUE
            INFO = K
   50    CONTINUE
   60 CONTINUE
   70 CONTINUE
      IPVT(N) = N
      IF (A(N, N) .EQ. 0.0D0) INFO = N
      END

      SUBROUTINE SOLVE(A, LDA, N, IPVT, B)
      INTEGER LDA, N, IPVT(*), K, KB, L, NM1
      DOUBLE PRECISION A(LDA, *), B(*), T
      NM1 = N - 1
      IF (NM1 .LT. 1) GO TO 30
      DO 20 K = 1, NM1
         L = IPVT(K)
         T = B(L)
         IF (L .EQ. K) GO TO 10
            B(L) = B(K)
            B(K) = T
   10    CONTINUE
         CALL AXPY(N - K, T, A(K + 1, K), 1, B(K + 1), 1)
   20 CONTINUE
   30 CONTINUE
      DO 40 KB = 1, N
         K = N + 1 - KB
         B(K) = B(K) / A(K, K)
         T = -B(K)
         CALL AXPY(K - 1, T, A(1, K), 1, B(1), 1)
   40 CONTINUE
      END
