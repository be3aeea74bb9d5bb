      SUBROUTINE SPLFIT(N, X, Y, B, C, D, W)
C     Natural cubic spline through (X(I), Y(I)), I = 1..N, X strictly increasing:
C     S(U) = Y(I) + B(I)*T + C(I)*T**2 + D(I)*T**3, T = U - X(I), X(I) <= U < X(I+1).
C     W is work space. C(1) = C(N) = 0 (natural ends).
      INTEGER N, I
      DOUBLE PRECISION X(N), Y(N), B(N), C(N), D(N), W(N), Q
      IF (N .LT. 2) RETURN
      DO 10 I = 1, N - 1
         D(I) = X(I+1) - X(I)
         B(I) = (Y(I+1) - Y(I)) / D(I)
   10 CONTINUE
      C(1) = 0.0D0
      C(N) = 0.0D0
      B(N) = 0.0D0
      D(N) = 0.0D0
      IF (N .EQ. 2) THEN
         D(1) = 0.0D0
         RETURN
      END IF
C     forward elimination of the tridiagonal system for C(2..N-1)
      W(2) = 2.0D0 * (D(1) + D(2))
      C(2) = 3.0D0 * (B(2) - B(1))
      DO 20 I = 3, N - 1
         Q = D(I-1) / W(I-1)
         W(I) = 2.0D0 * (D(I-1) + D(I)) - Q * D(I-1)
         C(I) = 3.0D0 * (B(I) - B(I-1)) - Q * C(I-1)
   20 CONTINUE
C     back substitution
      C(N-1) = C(N-1) / W(N-1)
      DO 30 I = N - 2, 2, -1
         C(I) = (C(I) - D(I) * C(I+1)) / W(I)
   30 CONTINUE
      DO 40 I = 1, N - 1
         B(I) = B(I) - D(I) * (C(I+1) + 2.0D0 * C(I)) / 3.0D0
         D(I) = (C(I+1) - C(I)) / (3.0D0 * D(I))
   40 CONTINUE
      RETURN
      END

      INTEGER FUNCTION INTRVL(N, X, U)
C     The interval I (1..N-1) with X(I) <= U < X(I+1), the end ones for U outside: a
C     binary search.
      INTEGER N, LO, HI, MID
      DOUBLE PRECISION X(N), U
      LO = 1
      HI = N
   10 IF (HI - LO .GT. 1) THEN
         MID = (LO + HI) / 2
         IF (U .LT. X(MID)) THEN
            HI = MID
         ELSE
            LO = MID
         END IF
         GO TO 10
      END IF
      INTRVL = LO
      RETURN
      END
