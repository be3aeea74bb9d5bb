      LOGICAL FUNCTION LSAME(CA, CB)
C     Whether two letters are the same, ignoring case (ASCII).
      CHARACTER CA, CB
      INTEGER IA, IB
      LSAME = CA .EQ. CB
      IF (LSAME) RETURN
      IA = ICHAR(CA)
      IB = ICHAR(CB)
      IF (IA .GE. 97 .AND. IA .LE. 122) IA = IA - 32
      IF (IB .GE. 97 .AND. IB .LE. 122) IB = IB - 32
      LSAME = IA .EQ. IB
      END
