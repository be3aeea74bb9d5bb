c     The level-1 BLAS and LAPACK's DLAMCH that L-BFGS-B calls (SciPy links them from its BLAS;
c     the sdist does not hold them): plain loops, ours, written in the F77 style of the library.
      double precision function ddot(n, dx, incx, dy, incy)
      integer n, incx, incy, i, ix, iy
      double precision dx(*), dy(*), s
      s = 0.0d0
      ix = 1
      iy = 1
      if (incx .lt. 0) ix = (-n + 1)*incx + 1
      if (incy .lt. 0) iy = (-n + 1)*incy + 1
      do 10 i = 1, n
         s = s + dx(ix)*dy(iy)
         ix = ix + incx
         iy = iy + incy
   10 continue
      ddot = s
      end

      subroutine daxpy(n, da, dx, incx, dy, incy)
      integer n, incx, incy, i, ix, iy
      double precision da, dx(*), dy(*)
      if (n .le. 0 .or. da .eq. 0.0d0) return
      ix = 1
      iy = 1
      if (incx .lt. 0) ix = (-n + 1)*incx + 1
      if (incy .lt. 0) iy = (-n + 1)*incy + 1
      do 10 i = 1, n
         dy(iy) = dy(iy) + da*dx(ix)
         ix = ix + incx
         iy = iy + incy
   10 continue
      end

      subroutine dcopy(n, dx, incx, dy, incy)
      integer n, incx, incy, i, ix, iy
      double precision dx(*), dy(*)
      ix = 1
      iy = 1
      if (incx .lt. 0) ix = (-n + 1)*incx + 1
      if (incy .lt. 0) iy = (-n + 1)*incy + 1
      do 10 i = 1, n
         dy(iy) = dx(ix)
         ix = ix + incx
         iy = iy + incy
   10 continue
      end

      subroutine dscal(n, da, dx, incx)
      integer n, incx, i
      double precision da, dx(*)
      if (n .le. 0 .or. incx .le. 0) return
      do 10 i = 1, n*incx, incx
         dx(i) = da*dx(i)
   10 continue
      end

      double precision function dlamch(cmach)
      character cmach
      double precision one
      parameter (one = 1.0d0)
      if (cmach .eq. 'E' .or. cmach .eq. 'e') then
         dlamch = epsilon(one)*0.5d0
      else if (cmach .eq. 'S' .or. cmach .eq. 's') then
         dlamch = tiny(one)
      else if (cmach .eq. 'B' .or. cmach .eq. 'b') then
         dlamch = radix(one)
      else if (cmach .eq. 'P' .or. cmach .eq. 'p') then
         dlamch = epsilon(one)
      else if (cmach .eq. 'O' .or. cmach .eq. 'o') then
         dlamch = huge(one)
      else
         dlamch = 0.0d0
      end if
      end

c     and those ODRPACK calls
      double precision function dasum(n, dx, incx)
      integer n, incx, i
      double precision dx(*), s
      s = 0.0d0
      if (n .le. 0 .or. incx .le. 0) go to 20
      do 10 i = 1, n*incx, incx
         s = s + abs(dx(i))
   10 continue
   20 dasum = s
      end

      double precision function dnrm2(n, dx, incx)
      integer n, incx, i
      double precision dx(*), scale, ssq, t
      scale = 0.0d0
      ssq = 1.0d0
      if (n .le. 0 .or. incx .le. 0) then
         dnrm2 = 0.0d0
         return
      end if
      do 10 i = 1, 1 + (n - 1)*incx, incx
         if (dx(i) .ne. 0.0d0) then
            t = abs(dx(i))
            if (scale .lt. t) then
               ssq = 1.0d0 + ssq*(scale/t)**2
               scale = t
            else
               ssq = ssq + (t/scale)**2
            end if
         end if
   10 continue
      dnrm2 = scale*sqrt(ssq)
      end

      subroutine dswap(n, dx, incx, dy, incy)
      integer n, incx, incy, i, ix, iy
      double precision dx(*), dy(*), t
      ix = 1
      iy = 1
      if (incx .lt. 0) ix = (-n + 1)*incx + 1
      if (incy .lt. 0) iy = (-n + 1)*incy + 1
      do 10 i = 1, n
         t = dx(ix)
         dx(ix) = dy(iy)
         dy(iy) = t
         ix = ix + incx
         iy = iy + incy
   10 continue
      end

      integer function idamax(n, dx, incx)
      integer n, incx, i, ix
      double precision dx(*), dmax
      idamax = 0
      if (n .lt. 1 .or. incx .le. 0) return
      idamax = 1
      dmax = abs(dx(1))
      ix = 1
      do 10 i = 2, n
         ix = ix + incx
         if (abs(dx(ix)) .gt. dmax) then
            idamax = i
            dmax = abs(dx(ix))
         end if
   10 continue
      end

      subroutine drot(n, dx, incx, dy, incy, c, s)
      integer n, incx, incy, i, ix, iy
      double precision dx(*), dy(*), c, s, t
      ix = 1
      iy = 1
      if (incx .lt. 0) ix = (-n + 1)*incx + 1
      if (incy .lt. 0) iy = (-n + 1)*incy + 1
      do 10 i = 1, n
         t = c*dx(ix) + s*dy(iy)
         dy(iy) = c*dy(iy) - s*dx(ix)
         dx(ix) = t
         ix = ix + incx
         iy = iy + incy
   10 continue
      end

      subroutine drotg(da, db, c, s)
      double precision da, db, c, s, r, roe, scale, z
      roe = db
      if (abs(da) .gt. abs(db)) roe = da
      scale = abs(da) + abs(db)
      if (scale .eq. 0.0d0) then
         c = 1.0d0
         s = 0.0d0
         r = 0.0d0
         z = 0.0d0
      else
         r = scale*sqrt((da/scale)**2 + (db/scale)**2)
         r = sign(1.0d0, roe)*r
         c = da/r
         s = db/r
         z = 1.0d0
         if (abs(da) .gt. abs(db)) z = s
         if (abs(db) .ge. abs(da) .and. c .ne. 0.0d0) z = 1.0d0/c
      end if
      da = r
      db = z
      end
