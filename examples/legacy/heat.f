C     Explicit 1D heat equation on a rod, legacy style: COMMON for the
C     physical constants, a GOTO loop until the rod has cooled, FORMAT.
      PROGRAM HEAT
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      PARAMETER (N = 41)
      DIMENSION T(N), TNEW(N)
      COMMON /PHYS/ ALPHA, DX, DT
      DATA ALPHA, DX, DT /1.0D-2, 2.5D-2, 2.0D-2/
C     a hot spot in the middle, ends held at zero
      DO 10 I = 1, N
         T(I) = 0.0D0
         IF (IABS(I - 21) .LE. 5) T(I) = 100.0D0
   10 CONTINUE
      NSTEP = 0
   20 CALL STEP(T, TNEW, N)
      NSTEP = NSTEP + 1
      IF (MOD(NSTEP, 50) .EQ. 0)
     &   WRITE (*, 100) NSTEP, T(21), TOTAL(T, N)
      IF (T(21) .GT. 10.0D0 .AND. NSTEP .LT. 5000) GOTO 20
      WRITE (*, 110) NSTEP, T(21)
  100 FORMAT (' step', I6, '  centre', F10.4, '  heat', ES14.6)
  110 FORMAT (' cooled below 10 after', I6, ' steps; centre ', F8.4)
      END

      SUBROUTINE STEP(T, TNEW, N)
      IMPLICIT DOUBLE PRECISION (A-H,O-Z)
      DIMENSION T(N), TNEW(N)
      COMMON /PHYS/ ALPHA, DX, DT
      R = ALPHA * DT / (DX * DX)
      DO 30 I = 2, N - 1
         TNEW(I) = T(I) + R * (T(I-1) - 2.0D0 * T(I) + T(I+1))
   30 CONTINUE
      DO 40 I = 2, N - 1
         T(I) = TNEW(I)
   40 CONTINUE
      RETURN
      END

      DOUBLE PRECISION FUNCTION TOTAL(T, N)
      DIMENSION T(N)
      DOUBLE PRECISION T
      TOTAL = 0.0D0
      DO 50 I = 1, N
         TOTAL = TOTAL + T(I)
   50 CONTINUE
      END
