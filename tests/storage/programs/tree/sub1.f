      SUBROUTINE SUB1
      DOUBLE PRECISION A, B, C
      INTEGER I1, I2
      COMMON /LS/ A, B, C(216), I1, I2(38)
      A = A * B + C(216)
      I1 = I1 + I2(38)
      WRITE(*, '(2ES25.17E3, I12)') A, B, I1
      END
