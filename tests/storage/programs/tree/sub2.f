      SUBROUTINE SUB2
      DOUBLE PRECISION V(2)
      COMMON /CFG/ V
      DOUBLE PRECISION W(218)
      INTEGER IW(39)
      COMMON /LS/ W, IW
      V(1) = V(1) + @R2@
      W(2) = W(2) - V(1)
      IW(39) = IW(39) * 2
      WRITE(*, '(2ES25.17E3)') V(1), V(2)
      END
      BLOCK DATA INIT
      DOUBLE PRECISION X
      INTEGER N
      COMMON /CFG/ X, N
      DATA X /1.25D0/, N /17/
      END
