C     ONE COMMON BLOCK, THREE LAYOUTS: AN ARRAY PAIR, MEMBERS BY NAME,
C     A 2-D VIEW; AND A BLOCK WHOSE DOUBLE NEEDS PADDING BEFORE IT.
      PROGRAM LAYOUT
      DOUBLE PRECISION RLS(218)
      INTEGER ILS(39)
      COMMON /LS/ RLS, ILS
      INTEGER I, J
      DOUBLE PRECISION D
      COMMON /PD/ I, D, J
      INTEGER K
      DOUBLE PRECISION P1, P2
      P1 = @R1@
      P2 = @R2@
      DO 10 K = 1, 218
        RLS(K) = P1 / DBLE(K) + P2
   10 CONTINUE
      DO 20 K = 1, 39
        ILS(K) = K * @I1@ - 3
   20 CONTINUE
      I = @I2@
      D = @R3@
      J = @I3@
      CALL BYNAME
      CALL SQUARE
      CALL BYNAME
      CALL WORDS
      WRITE(*, '(3ES25.17E3)') RLS(1), RLS(2), RLS(218)
      WRITE(*, '(3I12)') ILS(1), ILS(2), ILS(39)
      WRITE(*, '(I12, ES25.17E3, I12)') I, D, J
      END
      SUBROUTINE BYNAME
      DOUBLE PRECISION A, B, C
      INTEGER I1, I2
      COMMON /LS/ A, B, C(216), I1, I2(38)
      A = A * B + C(216)
      B = B - C(1)
      I1 = I1 + I2(38)
      I2(1) = I2(1) * 3
      WRITE(*, '(2ES25.17E3, 2I12)') A, B, I1, I2(1)
      END
      SUBROUTINE SQUARE
      DOUBLE PRECISION S(2, 109)
      INTEGER T(3, 13)
      COMMON /LS/ S, T
      INTEGER M
      DO 30 M = 1, 109
        S(2, M) = S(1, M) - S(2, M)
   30 CONTINUE
      T(3, 13) = T(1, 1) + T(2, 1)
      WRITE(*, '(2ES25.17E3, I12)') S(1, 1), S(2, 109), T(3, 13)
      END
      SUBROUTINE WORDS
      INTEGER W(6)
      COMMON /PD/ W
      WRITE(*, '(6I12)') W
      W(6) = W(6) + 1
      W(3) = 0
      END
