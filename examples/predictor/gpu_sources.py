"""CUDA C for the hand-written workloads (stencils, N-body, element-wise) and their references.

The references take any array module's arrays (NumPy or CuPy) and write into ``out``; in the
GPU run they are evaluated in float64 on upcast inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

STENCIL2D = r"""
extern "C" __global__ void stencil2d(const float* __restrict__ u, float* __restrict__ v,
                                     int n, int m) {
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    int i = blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= n || j >= m) return;
    long c = (long)i * m + j;
    if (i == 0 || j == 0 || i == n - 1 || j == m - 1) { v[c] = u[c]; return; }
    v[c] = 0.5f * u[c] + 0.125f * (u[c - m] + u[c + m] + u[c - 1] + u[c + 1]);
}
"""

STENCIL3D = r"""
template <typename T>
__device__ void stencil3d(const T* __restrict__ u, T* __restrict__ v, int n) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    int j = blockIdx.y * blockDim.y + threadIdx.y;
    int i = blockIdx.z;
    if (j >= n || k >= n) return;
    long s = (long)n * n;
    long c = i * s + (long)j * n + k;
    if (i == 0 || j == 0 || k == 0 || i == n - 1 || j == n - 1 || k == n - 1) {
        v[c] = u[c];
        return;
    }
    v[c] = T(0.4) * u[c] + T(0.1) * (u[c - 1] + u[c + 1] + u[c - n] + u[c + n] + u[c - s]
                                     + u[c + s]);
}
extern "C" __global__ void stencil3d_f32(const float* u, float* v, int n) {
    stencil3d<float>(u, v, n);
}
extern "C" __global__ void stencil3d_f64(const double* u, double* v, int n) {
    stencil3d<double>(u, v, n);
}
"""

# Each thread owns one body; the block stages 256 bodies at a time in shared memory.
NBODY = r"""
extern "C" __global__ void nbody(const float4* __restrict__ pos, float4* __restrict__ acc,
                                 int n) {
    __shared__ float4 tile[256];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float4 p = pos[i];
    float ax = 0.f, ay = 0.f, az = 0.f;
    for (int base = 0; base < n; base += 256) {
        tile[threadIdx.x] = pos[base + threadIdx.x];
        __syncthreads();
#pragma unroll 8
        for (int t = 0; t < 256; ++t) {
            float4 q = tile[t];
            float dx = q.x - p.x, dy = q.y - p.y, dz = q.z - p.z;
            float r2 = dx * dx + dy * dy + dz * dz + 1e-2f;
            float inv = rsqrtf(r2);
            float s = q.w * inv * inv * inv;
            ax += dx * s; ay += dy * s; az += dz * s;
        }
        __syncthreads();
    }
    acc[i] = make_float4(ax, ay, az, 0.f);
}
"""

SAXPY = ("float32 a, float32 x, float32 y", "float32 z", "z = a * x + y", "pred_saxpy")
SPECIAL = ("float32 x", "float32 y", "y = expf(-x * x) * sinf(3.0f * x) + cosf(x)",
           "pred_special")
EPS2 = 1e-2


def compile_all(cp: Any) -> dict[str, Any]:
    """Compile every kernel of this module with CuPy (NVRTC)."""
    opts = ("-std=c++17",)
    mod3 = cp.RawModule(code=STENCIL3D, options=opts)
    return {
        "stencil2d": cp.RawKernel(STENCIL2D, "stencil2d", options=opts),
        "stencil3d_float32": mod3.get_function("stencil3d_f32"),
        "stencil3d_float64": mod3.get_function("stencil3d_f64"),
        "nbody": cp.RawKernel(NBODY, "nbody", options=opts),
        "saxpy": cp.ElementwiseKernel(*SAXPY),
        "special": cp.ElementwiseKernel(*SPECIAL),
    }


def cuda_sources() -> str:
    """All raw CUDA C of this module in one translation unit (for an nvcc compile check)."""
    return "\n".join((STENCIL2D, STENCIL3D, NBODY))


def launch_stencil2d(kernel: Any, u: Any, v: Any) -> None:
    n, m = u.shape
    kernel(((m + 31) // 32, (n + 7) // 8), (32, 8), (u, v, np.int32(n), np.int32(m)))


def launch_stencil3d(kernel: Any, u: Any, v: Any) -> None:
    n = u.shape[0]
    kernel(((n + 31) // 32, (n + 7) // 8, n), (32, 8, 1), (u, v, np.int32(n)))


def launch_nbody(kernel: Any, pos: Any, acc: Any) -> None:
    n = pos.shape[0]
    kernel((n // 256,), (256,), (pos, acc, np.int32(n)))


def stencil2d_reference(u: Any, out: Any) -> None:
    out[...] = u
    out[1:-1, 1:-1] = 0.5 * u[1:-1, 1:-1] + 0.125 * (
        u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])


def stencil3d_reference(u: Any, out: Any) -> None:
    out[...] = u
    c = (slice(1, -1),) * 3
    shifts = []
    for axis in range(3):
        for lo, hi in ((None, -2), (2, None)):
            idx = list(c)
            idx[axis] = slice(lo, hi)
            shifts.append(u[tuple(idx)])
    out[c] = 0.4 * u[c] + 0.1 * sum(shifts[1:], shifts[0])


def nbody_reference(pos: Any, out: Any, rows: int | None = None) -> None:
    """Accelerations of the first ``rows`` bodies (all by default) into out[:rows, :3]."""
    k = pos.shape[0] if rows is None else rows
    for start in range(0, k, 256):
        p = pos[start:min(k, start + 256)]
        d = pos[None, :, :3] - p[:, None, :3]
        r2 = (d * d).sum(axis=2) + EPS2
        s = pos[None, :, 3] / (r2 * r2**0.5)
        out[start:start + p.shape[0], :3] = (d * s[:, :, None]).sum(axis=1)
        out[start:start + p.shape[0], 3] = 0.0
