"""The CPU benchmark kernels, each written once as typed Python.

This module is the single source for four of the tools: transpyle (`transpile(fn)` reads this
file), Numba (`njit(fn)`), Pyccel (`epyccel` of the function's source) and CPython (the plain
function). Keep it to the Python subset all three compilers accept: typed parameters, `range`
loops, `while`, scalar temporaries, `math` functions, outputs written into arrays passed in.
The hints are Pyccel-style strings (`'float[:,:]'`), which transpyle and Pyccel read and a type
checker cannot: mypy skips this file.
"""
# mypy: ignore-errors

import math

import numpy as np


def matmul(a: 'float[:,:]', b: 'float[:,:]', c: 'float[:,:]') -> None:
    """Naive dense product c = a @ b, in the i-k-j order that walks C-order rows."""
    n, m = a.shape
    p = b.shape[1]
    for i in range(n):
        for j in range(p):
            c[i, j] = 0.0
        for k in range(m):
            aik = a[i, k]
            for j in range(p):
                c[i, j] = c[i, j] + aik * b[k, j]


def jacobi2d(u: 'float[:,:]', tmp: 'float[:,:]', sweeps: int) -> None:
    """`2 * sweeps` Jacobi sweeps of the 5-point Laplace stencil, u -> tmp -> u."""
    n, m = u.shape
    for _sweep in range(sweeps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                tmp[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                u[i, j] = 0.25 * (tmp[i - 1, j] + tmp[i + 1, j] + tmp[i, j - 1] + tmp[i, j + 1])


def nbody_forces(pos: 'float[:,:]', mass: 'float[:]', force: 'float[:,:]') -> None:
    """Softened gravitational force on each of n bodies from all the others (pos is n x 3)."""
    n = pos.shape[0]
    for i in range(n):
        xi = pos[i, 0]
        yi = pos[i, 1]
        zi = pos[i, 2]
        fx = 0.0
        fy = 0.0
        fz = 0.0
        for j in range(n):
            dx = pos[j, 0] - xi
            dy = pos[j, 1] - yi
            dz = pos[j, 2] - zi
            r2 = dx * dx + dy * dy + dz * dz + 0.0001
            w = mass[j] / (r2 * math.sqrt(r2))
            fx = fx + dx * w
            fy = fy + dy * w
            fz = fz + dz * w
        force[i, 0] = mass[i] * fx
        force[i, 1] = mass[i] * fy
        force[i, 2] = mass[i] * fz


def mandelbrot(xs: 'float[:]', ys: 'float[:]', maxiter: int, counts: 'int[:,:]') -> None:
    """Escape counts of c = xs[j] + i ys[i] under z <- z^2 + c, at most maxiter steps."""
    for i in range(len(ys)):
        ci = ys[i]
        for j in range(len(xs)):
            cr = xs[j]
            zr = 0.0
            zi = 0.0
            k = 0
            while k < maxiter and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                k += 1
            counts[i, j] = k


def floyd_warshall(d: 'float[:,:]') -> None:
    """All-pairs shortest paths, in place, on a dense distance matrix."""
    n = d.shape[0]
    for k in range(n):
        for i in range(n):
            dik = d[i, k]
            for j in range(n):
                s = dik + d[k, j]
                if s < d[i, j]:
                    d[i, j] = s


def branchy(x: 'float[:]', out: 'float[:]') -> float:
    """A piecewise map with a branch that depends on each (random) value; returns the sum."""
    total = 0.0
    for i in range(len(x)):
        v = x[i]
        if v < 0.25:
            y = v * v
        elif v < 0.5:
            y = math.sqrt(v)
        elif v < 0.75:
            y = 1.0 - v
        else:
            y = 3.0 * v - 2.0
        out[i] = y
        total = total + y
    return total


def heat1d(u: 'float[:]', tmp: 'float[:]', r: float, sweeps: int) -> None:
    """`2 * sweeps` explicit steps of the 1D heat equation (3-point stencil), u -> tmp -> u."""
    n = len(u)
    for _sweep in range(sweeps):
        for i in range(1, n - 1):
            tmp[i] = u[i] + r * (u[i - 1] - 2.0 * u[i] + u[i + 1])
        for i in range(1, n - 1):
            u[i] = tmp[i] + r * (tmp[i - 1] - 2.0 * tmp[i] + tmp[i + 1])


def jacobi3d(u: 'float[:,:,:]', tmp: 'float[:,:,:]', sweeps: int) -> None:
    """`2 * sweeps` Jacobi sweeps of the 7-point 3D stencil, u -> tmp -> u."""
    n0, n1, n2 = u.shape
    c = 1.0 / 6.0
    for _sweep in range(sweeps):
        for i in range(1, n0 - 1):
            for j in range(1, n1 - 1):
                for k in range(1, n2 - 1):
                    tmp[i, j, k] = c * (u[i - 1, j, k] + u[i + 1, j, k] + u[i, j - 1, k]
                                        + u[i, j + 1, k] + u[i, j, k - 1] + u[i, j, k + 1])
        for i in range(1, n0 - 1):
            for j in range(1, n1 - 1):
                for k in range(1, n2 - 1):
                    u[i, j, k] = c * (tmp[i - 1, j, k] + tmp[i + 1, j, k] + tmp[i, j - 1, k]
                                      + tmp[i, j + 1, k] + tmp[i, j, k - 1] + tmp[i, j, k + 1])


def fib(n: int) -> int:
    """Doubly recursive Fibonacci: a call-bound kernel."""
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def vdp_accel(x: float, v: float, mu: float) -> float:
    """The Van der Pol oscillator's acceleration."""
    return mu * (1.0 - x * x) * v - x


def rk4_vdp(x0: float, v0: float, mu: float, h: float, traj: 'float[:,:]') -> None:
    """Classical RK4 on the Van der Pol oscillator; traj[s] = (x, v) after s steps."""
    x = x0
    v = v0
    traj[0, 0] = x
    traj[0, 1] = v
    for s in range(1, traj.shape[0]):
        k1x = v
        k1v = vdp_accel(x, v, mu)
        k2x = v + 0.5 * h * k1v
        k2v = vdp_accel(x + 0.5 * h * k1x, v + 0.5 * h * k1v, mu)
        k3x = v + 0.5 * h * k2v
        k3v = vdp_accel(x + 0.5 * h * k2x, v + 0.5 * h * k2v, mu)
        k4x = v + h * k3v
        k4v = vdp_accel(x + h * k3x, v + h * k3v, mu)
        x = x + h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x)
        v = v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
        traj[s, 0] = x
        traj[s, 1] = v


def dot(x: 'float[:]', y: 'float[:]') -> float:
    """A sequential reduction: the dot product, summed left to right."""
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] * y[i]
    return s


def bfs(indptr: 'int[:]', indices: 'int[:]', source: int, dist: 'int[:]',
        queue: 'int[:]') -> int:
    """Breadth-first search on a CSR graph: hop distances (-1 unreached); returns #reached."""
    n = len(dist)
    for i in range(n):
        dist[i] = -1
    dist[source] = 0
    queue[0] = source
    head = 0
    tail = 1
    while head < tail:
        u = queue[head]
        head += 1
        for e in range(indptr[u], indptr[u + 1]):
            w = indices[e]
            if dist[w] < 0:
                dist[w] = dist[u] + 1
                queue[tail] = w
                tail += 1
    return tail


def histogram(x: 'float[:]', lo: float, hi: float, counts: 'int[:]') -> None:
    """Counts of x in len(counts) equal bins over [lo, hi): a data-dependent scatter."""
    nb = len(counts)
    for b in range(nb):
        counts[b] = 0
    scale = nb / (hi - lo)
    for i in range(len(x)):
        b = int((x[i] - lo) * scale)
        if b >= 0 and b < nb:
            counts[b] += 1


def add(a: int, b: int) -> int:
    """The trivial function for the per-call overhead."""
    return a + b


def power_iteration(a: 'float[:,:]', v: 'float[:]', iters: int) -> float:
    """`iters` steps of the power method, v = a @ v / |a @ v|: a matrix-vector product and a
    dot product per step (NumPy calls BLAS gemv and dot)."""
    lam = 0.0
    for _it in range(iters):
        w = a @ v
        lam = np.sqrt(w @ w)
        v[:] = w / lam
    return lam


def rotate(x: float, y: float, c: float, s: float) -> tuple[float, float]:
    return c * x - s * y, s * x + c * y


def rotations(xy: 'float[:,:]', c: float, s: float, turns: int) -> float:
    """Each point turned `turns` times by a helper that returns a tuple (in the hot loop)."""
    n = xy.shape[0]
    total = 0.0
    for i in range(n):
        x = xy[i, 0]  # np.float64: rotate's parameters and results are NumPy's too
        y = xy[i, 1]
        for _t in range(turns):
            x, y = rotate(x, y, c, s)
        xy[i, 0] = x
        xy[i, 1] = y
        total += x * y
    return total
