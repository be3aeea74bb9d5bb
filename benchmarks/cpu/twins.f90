! Hand-written Fortran twins of benchmarks/cpu/kernels.py, built with f2py and the flags
! transpyle uses (-O3 -march=native -ffp-contract=off).
!
! Written the way a Fortran programmer calls Fortran from NumPy: a C-order array arrives as its
! transpose (a Fortran-order view, no copy), so a[i, j] in Python is a(j, i) here, with 1-based
! indices; default-integer loop counters; the same algorithm and loop order as the Python.
module twins
  implicit none
  integer, parameter :: dp = kind(1.0d0)
contains

  subroutine matmul(a, b, c, m, n, p)
    integer, intent(in) :: m, n, p
    real(8), intent(in) :: a(m, n), b(p, m)
    real(8), intent(inout) :: c(p, n)
    integer :: i, j, k
    real(8) :: aik
    do i = 1, n
      c(:, i) = 0.0_dp
      do k = 1, m
        aik = a(k, i)
        do j = 1, p
          c(j, i) = c(j, i) + aik * b(j, k)
        end do
      end do
    end do
  end subroutine matmul

  subroutine jacobi2d(u, tmp, sweeps, m, n)
    integer, intent(in) :: m, n
    integer(8), intent(in) :: sweeps
    real(8), intent(inout) :: u(m, n), tmp(m, n)
    integer(8) :: s
    integer :: i, j
    do s = 1, sweeps
      do i = 2, n - 1
        do j = 2, m - 1
          tmp(j, i) = 0.25_dp * (u(j, i - 1) + u(j, i + 1) + u(j - 1, i) + u(j + 1, i))
        end do
      end do
      do i = 2, n - 1
        do j = 2, m - 1
          u(j, i) = 0.25_dp * (tmp(j, i - 1) + tmp(j, i + 1) + tmp(j - 1, i) + tmp(j + 1, i))
        end do
      end do
    end do
  end subroutine jacobi2d

  subroutine nbody_forces(pos, mass, force, n)
    integer, intent(in) :: n
    real(8), intent(in) :: pos(3, n), mass(n)
    real(8), intent(inout) :: force(3, n)
    integer :: i, j
    real(8) :: xi, yi, zi, fx, fy, fz, dx, dy, dz, r2, w
    do i = 1, n
      xi = pos(1, i)
      yi = pos(2, i)
      zi = pos(3, i)
      fx = 0.0_dp
      fy = 0.0_dp
      fz = 0.0_dp
      do j = 1, n
        dx = pos(1, j) - xi
        dy = pos(2, j) - yi
        dz = pos(3, j) - zi
        r2 = dx * dx + dy * dy + dz * dz + 0.0001_dp
        w = mass(j) / (r2 * sqrt(r2))
        fx = fx + dx * w
        fy = fy + dy * w
        fz = fz + dz * w
      end do
      force(1, i) = mass(i) * fx
      force(2, i) = mass(i) * fy
      force(3, i) = mass(i) * fz
    end do
  end subroutine nbody_forces

  subroutine mandelbrot(xs, ys, maxiter, counts, nx, ny)
    integer, intent(in) :: nx, ny
    real(8), intent(in) :: xs(nx), ys(ny)
    integer(8), intent(in) :: maxiter
    integer(8), intent(inout) :: counts(nx, ny)
    integer :: i, j
    integer(8) :: k
    real(8) :: cr, ci, zr, zi, t
    do i = 1, ny
      ci = ys(i)
      do j = 1, nx
        cr = xs(j)
        zr = 0.0_dp
        zi = 0.0_dp
        k = 0
        do while (k < maxiter .and. zr * zr + zi * zi <= 4.0_dp)
          t = zr * zr - zi * zi + cr
          zi = 2.0_dp * zr * zi + ci
          zr = t
          k = k + 1
        end do
        counts(j, i) = k
      end do
    end do
  end subroutine mandelbrot

  subroutine floyd_warshall(d, n)
    integer, intent(in) :: n
    real(8), intent(inout) :: d(n, n)
    integer :: i, j, k
    real(8) :: dik, s
    do k = 1, n
      do i = 1, n
        dik = d(k, i)
        do j = 1, n
          s = dik + d(j, k)
          if (s < d(j, i)) d(j, i) = s
        end do
      end do
    end do
  end subroutine floyd_warshall

  function branchy(x, out, n) result(total)
    integer, intent(in) :: n
    real(8) :: total
    real(8), intent(in) :: x(n)
    real(8), intent(inout) :: out(n)
    integer :: i
    real(8) :: v, y
    total = 0.0_dp
    do i = 1, n
      v = x(i)
      if (v < 0.25_dp) then
        y = v * v
      else if (v < 0.5_dp) then
        y = sqrt(v)
      else if (v < 0.75_dp) then
        y = 1.0_dp - v
      else
        y = 3.0_dp * v - 2.0_dp
      end if
      out(i) = y
      total = total + y
    end do
  end function branchy

  subroutine heat1d(u, tmp, r, sweeps, n)
    integer, intent(in) :: n
    real(8), intent(inout) :: u(n), tmp(n)
    real(8), intent(in) :: r
    integer(8), intent(in) :: sweeps
    integer(8) :: s
    integer :: i
    do s = 1, sweeps
      do i = 2, n - 1
        tmp(i) = u(i) + r * (u(i - 1) - 2.0_dp * u(i) + u(i + 1))
      end do
      do i = 2, n - 1
        u(i) = tmp(i) + r * (tmp(i - 1) - 2.0_dp * tmp(i) + tmp(i + 1))
      end do
    end do
  end subroutine heat1d

  subroutine jacobi3d(u, tmp, sweeps, n2, n1, n0)
    integer, intent(in) :: n0, n1, n2
    real(8), intent(inout) :: u(n2, n1, n0), tmp(n2, n1, n0)
    integer(8), intent(in) :: sweeps
    real(8), parameter :: c = 1.0_dp / 6.0_dp
    integer(8) :: s
    integer :: i, j, k
    do s = 1, sweeps
      do i = 2, n0 - 1
        do j = 2, n1 - 1
          do k = 2, n2 - 1
            tmp(k, j, i) = c * (u(k, j, i - 1) + u(k, j, i + 1) + u(k, j - 1, i) &
                                + u(k, j + 1, i) + u(k - 1, j, i) + u(k + 1, j, i))
          end do
        end do
      end do
      do i = 2, n0 - 1
        do j = 2, n1 - 1
          do k = 2, n2 - 1
            u(k, j, i) = c * (tmp(k, j, i - 1) + tmp(k, j, i + 1) + tmp(k, j - 1, i) &
                              + tmp(k, j + 1, i) + tmp(k - 1, j, i) + tmp(k + 1, j, i))
          end do
        end do
      end do
    end do
  end subroutine jacobi3d

  recursive function fib(n) result(f)
    integer(8), intent(in) :: n
    integer(8) :: f
    if (n < 2) then
      f = n
    else
      f = fib(n - 1) + fib(n - 2)
    end if
  end function fib

  pure real(8) function vdp_accel(x, v, mu)
    real(8), intent(in) :: x, v, mu
    vdp_accel = mu * (1.0_dp - x * x) * v - x
  end function vdp_accel

  subroutine rk4_vdp(x0, v0, mu, h, traj, nsteps)
    integer, intent(in) :: nsteps
    real(8), intent(in) :: x0, v0, mu, h
    real(8), intent(inout) :: traj(2, nsteps)
    integer :: s
    real(8) :: x, v, k1x, k1v, k2x, k2v, k3x, k3v, k4x, k4v
    x = x0
    v = v0
    traj(:, 1) = [x, v]
    do s = 2, nsteps
      k1x = v
      k1v = vdp_accel(x, v, mu)
      k2x = v + 0.5_dp * h * k1v
      k2v = vdp_accel(x + 0.5_dp * h * k1x, v + 0.5_dp * h * k1v, mu)
      k3x = v + 0.5_dp * h * k2v
      k3v = vdp_accel(x + 0.5_dp * h * k2x, v + 0.5_dp * h * k2v, mu)
      k4x = v + h * k3v
      k4v = vdp_accel(x + h * k3x, v + h * k3v, mu)
      x = x + h / 6.0_dp * (k1x + 2.0_dp * k2x + 2.0_dp * k3x + k4x)
      v = v + h / 6.0_dp * (k1v + 2.0_dp * k2v + 2.0_dp * k3v + k4v)
      traj(1, s) = x
      traj(2, s) = v
    end do
  end subroutine rk4_vdp

  function dot(x, y, n) result(s)
    integer, intent(in) :: n
    real(8) :: s
    real(8), intent(in) :: x(n), y(n)
    integer :: i
    s = 0.0_dp
    do i = 1, n
      s = s + x(i) * y(i)
    end do
  end function dot

  ! Node ids in the data are 0-based, so the arrays indexed by them are declared 0:.
  function bfs(indptr, indices, source, dist, queue, n, nnz) result(tail)
    integer, intent(in) :: n, nnz
    integer(8) :: tail
    integer(8), intent(in) :: indptr(0:n), indices(0:nnz - 1), source
    integer(8), intent(inout) :: dist(0:n - 1), queue(0:n - 1)
    integer(8) :: head, u, e, w
    dist = -1
    dist(source) = 0
    queue(0) = source
    head = 0
    tail = 1
    do while (head < tail)
      u = queue(head)
      head = head + 1
      do e = indptr(u), indptr(u + 1) - 1
        w = indices(e)
        if (dist(w) < 0) then
          dist(w) = dist(u) + 1
          queue(tail) = w
          tail = tail + 1
        end if
      end do
    end do
  end function bfs

  subroutine histogram(x, lo, hi, counts, n, nb)
    integer, intent(in) :: n, nb
    real(8), intent(in) :: x(n), lo, hi
    integer(8), intent(inout) :: counts(0:nb - 1)
    integer :: i, b
    real(8) :: scale
    counts = 0
    scale = nb / (hi - lo)
    do i = 1, n
      b = int((x(i) - lo) * scale)
      if (b >= 0 .and. b < nb) counts(b) = counts(b) + 1
    end do
  end subroutine histogram

  integer(8) function add(a, b)
    integer(8), intent(in) :: a, b
    add = a + b
  end function add

  ! v = a @ v / |a @ v|, the product and the norm as loops (twins call no BLAS)
  function power_iteration(a, v, iters, n, m) result(lam)
    integer, intent(in) :: n, m
    integer(8), intent(in) :: iters
    real(8), intent(in) :: a(m, n)
    real(8), intent(inout) :: v(m)
    real(8) :: lam, w(n)
    integer :: i, j
    integer(8) :: it
    lam = 0.0_dp
    do it = 1, iters
      do i = 1, n
        w(i) = 0.0_dp
        do j = 1, m
          w(i) = w(i) + a(j, i) * v(j)
        end do
      end do
      lam = sqrt(dot_product(w, w))
      v = w / lam
    end do
  end function power_iteration

  pure subroutine rotate(x, y, c, s, rx, ry)
    real(8), intent(in) :: x, y, c, s
    real(8), intent(out) :: rx, ry
    rx = c * x - s * y
    ry = s * x + c * y
  end subroutine rotate

  function rotations(xy, c, s, turns, n) result(total)
    integer, intent(in) :: n
    real(8), intent(inout) :: xy(2, n)
    real(8), intent(in) :: c, s
    integer(8), intent(in) :: turns
    real(8) :: total, x, y, rx, ry
    integer :: i
    integer(8) :: t
    total = 0.0_dp
    do i = 1, n
      x = xy(1, i)
      y = xy(2, i)
      do t = 1, turns
        call rotate(x, y, c, s, rx, ry)
        x = rx
        y = ry
      end do
      xy(1, i) = x
      xy(2, i) = y
      total = total + x * y
    end do
  end function rotations

end module twins
