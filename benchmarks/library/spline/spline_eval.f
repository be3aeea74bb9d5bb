      SUBROUTINE SPLEVL(N, X, Y, B, C, D, M, U, V)
C     V(J) = S(U(J)), J = 1..M, for the spline of SPLFIT.
      INTEGER N, M, I, J, INTRVL
      EXTERNAL INTRVL
      DOUBLE PRECISION X(N), Y(N), B(N), C(N), D(N), U(M), V(M), T
      DO 10 J = 1, M
         I = INTRVL(N, X, U(J))
         T = U(J) - X(I)
         V(J) = Y(I) + T * (B(I) + T * (C(I) + T * D(I)))
   10 CONTINUE
      RETURN
      END
