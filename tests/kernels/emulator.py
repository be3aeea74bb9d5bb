"""Run a rendered conv_gemm kernel on the CPU (tests only): the template's source with its device
helpers (cp.async, cvt.rna.tf32, mma.sync) replaced by emulator.h's, compiled with g++, every
block's threads run as fibers. The kernel's own index arithmetic, tiling, pipeline order and
shared-memory layout run unchanged, so a wrong offset, a missing zero fill, a read of a stage
before its copies landed or a read outside the arrays shows up without a GPU."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np

from transpyle.backends.cuda import emit
from transpyle.kernels.conv_gemm import ConvGemmDesc

HERE = Path(__file__).resolve().parent
BEGIN = "// device helpers: begin"
END = "// device helpers: end"
SMEM = "extern __shared__ __align__(128) float smem[];"


def compiler() -> str | None:
    return shutil.which("g++")


def emulator_source(desc: ConvGemmDesc) -> str:
    src = emit(desc).source
    head, rest = src.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    assert SMEM in tail, "the template's shared-memory declaration changed"
    tail = tail.replace(SMEM, "float* smem = reinterpret_cast<float*>(emu_smem);")
    fused = desc.fuse == "lbc"
    params = "x, w, v, y" if fused else "x, w, y"
    ints = "d[0], d[1], d[2], d[3], d[4], d[5], d[6]" + (", d[7]" if fused else "")
    main = f"""
#include <fstream>
int main(int argc, char** argv) {{
    std::ifstream in(argv[1], std::ios::binary);
    int d[8];
    in.read(reinterpret_cast<char*>(d), sizeof d);
    const int batch = d[0], channels = d[1], height = d[2], width = d[3], k_out = d[4];
    const int c_out = d[7];
    const size_t nx = (size_t)batch * channels * height * width;
    const size_t nw = (size_t)k_out * channels * R * S;
    const size_t nv = (size_t)(c_out ? c_out * k_out : 1);
    const size_t ny = (size_t)batch * (c_out ? c_out : k_out) * d[5] * d[6];
    std::vector<float> xs(nx), ws(nw), vs(nv), ys(ny, std::nanf(""));
    in.read(reinterpret_cast<char*>(xs.data()), nx * 4);
    in.read(reinterpret_cast<char*>(ws.data()), nw * 4);
    in.read(reinterpret_cast<char*>(vs.data()), nv * 4);
    const float *x = xs.data(), *w = ws.data(), *v = vs.data();
    float* y = ys.data();
    (void)v;
    emu::readable = {{{{(const char*)x, (const char*)(x + nx)}},
                     {{(const char*)w, (const char*)(w + nw)}}}};
    emu::smem_bytes = {desc.smem_bytes};
    const unsigned gx = (unsigned)(((size_t)batch * d[5] * d[6] + BM - 1) / BM);
    const unsigned gy = {1 if fused else "(unsigned)((k_out + BN - 1) / BN)"};
    emu::body = [&] {{ {emit(desc).name}({params}, {ints}); }};
    for (unsigned by = 0; by < gy; ++by)
        for (unsigned bx = 0; bx < gx; ++bx) emu::run_block(bx, by, THREADS);
    std::ofstream out(argv[2], std::ios::binary);
    out.write(reinterpret_cast<const char*>(ys.data()), ny * 4);
    return 0;
}}
"""
    return '#include "emulator.h"\n' + head + tail + main


def build(desc: ConvGemmDesc, folder: Path) -> Path:
    source = emulator_source(desc)
    digest = hashlib.sha1((source + (HERE / "emulator.h").read_text()).encode()).hexdigest()[:10]
    exe = folder / f"{emit(desc).name}_{digest}.emu"
    if exe.exists():
        return exe
    cpp = exe.with_suffix(".cpp")
    cpp.write_text(source)
    proc = subprocess.run(
        [compiler() or "g++", "-std=c++20", "-O1", "-w", "-I", str(HERE), "-o", str(exe),
         str(cpp)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode:
        raise AssertionError(f"g++ failed on {cpp}:\n{proc.stderr[-4000:]}")
    return exe


def run(desc: ConvGemmDesc, folder: Path, x: np.ndarray, w: np.ndarray, p: int, q: int,
        v: np.ndarray | None = None) -> np.ndarray:
    """y as the kernel computes it, for x (N, C, H, W), w (K, C, R, S) and, fused, v (O, K)."""
    exe = build(desc, folder)
    n, c, h, width = x.shape
    k = w.shape[0]
    c_out = 0 if v is None else v.shape[0]
    header = np.array([n, c, h, width, k, p, q, c_out], np.int32)
    vv = np.zeros(1, np.float32) if v is None else v
    blob = b"".join(np.ascontiguousarray(a, np.float32).tobytes() if a.dtype != np.int32
                    else a.tobytes() for a in (header, x, w, vv))
    inp, outp = folder / "in.bin", folder / "out.bin"
    inp.write_bytes(blob)
    proc = subprocess.run([str(exe), str(inp), str(outp)], capture_output=True, text=True,
                          check=False, timeout=600)
    if proc.returncode:
        raise AssertionError(f"emulated kernel failed: {proc.stderr[-2000:]}")
    return np.frombuffer(outp.read_bytes(), np.float32).reshape(n, c_out or k, p, q)
