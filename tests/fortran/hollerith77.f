C     Hollerith edit descriptors (carriage control, nH strings) in FORMAT
      PROGRAM HOLL
      X = 2.5
      N = 3
      WRITE (6, 10) X, N
   10 FORMAT (1H ,5HVALUE,F6.2, 3H N=,I3,
     &  4H END)
      WRITE (6, 20)
   20 FORMAT(1X,11HIT'S DONE, 2HOK)
      PRINT 30, N
   30 FORMAT ('QUOTED 2HXX', I2)
      END
