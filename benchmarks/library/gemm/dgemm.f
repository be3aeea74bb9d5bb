      SUBROUTINE DGEMM(TRANSA, TRANSB, M, N, K, ALPHA, A, LDA, B, LDB,
     $                  BETA, C, LDC)
C     C := alpha*op(A)*op(B) + beta*C, op(X) = X or X**T.
      CHARACTER TRANSA, TRANSB
      INTEGER M, N, K, LDA, LDB, LDC
      DOUBLE PRECISION ALPHA, BETA
      DOUBLE PRECISION A(LDA,*), B(LDB,*), C(LDC,*)
      LOGICAL LSAME
      EXTERNAL LSAME, XERBLA
      LOGICAL NOTA, NOTB
      INTEGER I, J, L, INFO, NROWA, NROWB
      DOUBLE PRECISION TEMP
      NOTA = LSAME(TRANSA, 'N')
      NOTB = LSAME(TRANSB, 'N')
      IF (NOTA) THEN
         NROWA = M
      ELSE
         NROWA = K
      END IF
      IF (NOTB) THEN
         NROWB = K
      ELSE
         NROWB = N
      END IF
      INFO = 0
      IF (.NOT. NOTA .AND. .NOT. LSAME(TRANSA, 'T')) THEN
         INFO = 1
      ELSE IF (.NOT. NOTB .AND. .NOT. LSAME(TRANSB, 'T')) THEN
         INFO = 2
      ELSE IF (M .LT. 0) THEN
         INFO = 3
      ELSE IF (LDA .LT. MAX(1, NROWA)) THEN
         INFO = 8
      ELSE IF (LDB .LT. MAX(1, NROWB)) THEN
         INFO = 10
      END IF
      IF (INFO .NE. 0) THEN
         CALL XERBLA('DGEMM', INFO)
         RETURN
      END IF
      DO 90 J = 1, N
         IF (BETA .EQ. 0.0D0) THEN
            DO 50 I = 1, M
               C(I,J) = 0.0D0
   50       CONTINUE
         ELSE IF (BETA .NE. 1.0D0) THEN
            DO 60 I = 1, M
               C(I,J) = BETA*C(I,J)
   60       CONTINUE
         END IF
         IF (NOTA .AND. NOTB) THEN
            DO 80 L = 1, K
               TEMP = ALPHA*B(L,J)
               DO 70 I = 1, M
                  C(I,J) = C(I,J) + TEMP*A(I,L)
   70          CONTINUE
   80       CONTINUE
         ELSE IF (NOTB) THEN
            DO 85 I = 1, M
               TEMP = 0.0D0
               DO 84 L = 1, K
                  TEMP = TEMP + A(L,I)*B(L,J)
   84          CONTINUE
               C(I,J) = C(I,J) + ALPHA*TEMP
   85       CONTINUE
         ELSE IF (NOTA) THEN
            DO 88 L = 1, K
               TEMP = ALPHA*B(J,L)
               DO 87 I = 1, M
                  C(I,J) = C(I,J) + TEMP*A(I,L)
   87          CONTINUE
   88       CONTINUE
         ELSE
            DO 89 I = 1, M
               TEMP = 0.0D0
               DO 86 L = 1, K
                  TEMP = TEMP + A(L,I)*B(J,L)
   86          CONTINUE
               C(I,J) = C(I,J) + ALPHA*TEMP
   89       CONTINUE
         END IF
   90 CONTINUE
      RETURN
      END
