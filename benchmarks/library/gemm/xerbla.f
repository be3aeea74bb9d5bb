      SUBROUTINE XERBLA(SRNAME, INFO)
      CHARACTER*(*) SRNAME
      INTEGER INFO
      WRITE (*, 100) SRNAME, INFO
      STOP
  100 FORMAT (' ** On entry to ', A, ' parameter number ', I2,
     $        ' had an illegal value')
      END
