C     Numeric F77: integer division, MOD of negatives, complex and
C     logical values, renamed COMMON members, GOTO out of a loop.
      PROGRAM NUMERC
      INTEGER IA(6), IB
      REAL R, TABLE(3, 2)
      COMPLEX C1, C2
      DOUBLE PRECISION D
      LOGICAL L1, L2
      CHARACTER*6 WORD
      COMMON /CFG/ NITER, TOL
      DATA IA /-7, -3, 0, 3, 7, 11/
      DATA TABLE /1.5, 2.5, 3.5, 4.5, 5.5, 6.5/
      NITER = 4
      TOL = 1.0E-3
      DO 10 I = 1, 6
         IB = IA(I) / 2
         WRITE (*, 100) IA(I), IB, MOD(IA(I), 4), IA(I) ** 2,
     &      ISIGN(3, IA(I))
   10 CONTINUE
  100 FORMAT (5I6)
      R = 7.0 / 2.0
      D = 1.0D0 / 3.0D0
      WRITE (*, 110) R, D, NINT(2.5), NINT(-2.5), AINT(-2.7),
     &      DIM(5.0, 3.0)
  110 FORMAT (F6.2, F20.16, 2I4, 2F6.2)
      C1 = (1.0, 2.0)
      C2 = C1 * CONJG(C1) + CMPLX(0.5, -0.5)
      WRITE (*, 120) REAL(C2), AIMAG(C2), ABS(C1)
  120 FORMAT (3F10.5)
      L1 = IA(1) .LT. 0 .AND. .NOT. (IA(2) .GT. 0)
      L2 = L1 .EQV. .FALSE.
      WRITE (*, '(2L3)') L1, L2
      WORD = 'AB' // 'CDEF'
      WRITE (*, '(A, 1X, A)') WORD, WORD(3:4)
C     search: leave the loop with a GOTO
      DO 20 I = 1, 6
         IF (IA(I) .GT. 2) GO TO 30
   20 CONTINUE
      I = -1
   30 WRITE (*, '(A, I3)') 'FIRST > 2 AT', I
      DO 40 J = 2, 1, -1
         DO 40 I = 3, 1, -1
            WRITE (*, '(2I2, F6.1)') I, J, TABLE(I, J)
   40 CONTINUE
      CALL ITER(X)
      CALL ITER(X)
      WRITE (*, '(ES14.6, I4)') X, NITER
      IF (AMAX1(1.0, R) .GT. 3.0) THEN
         WRITE (*, *) 'BIG'
      ELSE IF (R .GT. 1.0) THEN
         WRITE (*, *) 'MEDIUM'
      ELSE
         WRITE (*, *) 'SMALL'
      END IF
      END

      SUBROUTINE ITER(X)
      COMMON /CFG/ MAXIT, EPS
      INTEGER NCALLS
      SAVE NCALLS
      DATA NCALLS /0/
      NCALLS = NCALLS + 1
      X = 1.0
      DO 10 K = 1, MAXIT
         X = 0.5 * (X + 2.0 / X)
         IF (ABS(X * X - 2.0) .LT. EPS) GO TO 20
   10 CONTINUE
   20 MAXIT = MAXIT + NCALLS
      END
