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
