"""Run the rendered single-plane kernels (sat_packed.cu.j2, conv2d_staged.cu.j2) on the CPU
(tests only), through emulator.h and emulator_planes.h: the template's source with its device
helpers (relaxed word loads and stores, cp.async and its groups) replaced by emulated ones,
compiled with g++, every block's threads run as fibers, blocks one after another. cp.async
copies land only when their thread waits for their group, so a scan that reads rows before
their group's wait sees NaN; the kernels' own indexing, tiling, zero fills, scans, look-back
words, stamps and tile counter run unchanged. Blocks in order cannot show a race between
blocks: that needs the GPU."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from tests.kernels.emulator import compiler
from transpyle.backends.cuda import emit

HERE = Path(__file__).resolve().parent
BEGIN = "// device helpers: begin"
END = "// device helpers: end"

SAT_HELPERS = """
__device__ __forceinline__ Word load_word(const Word* p)
{
    emu::poll_point();  // interleaved blocks: another thread's turn before the load
    return *p;
}
__device__ __forceinline__ void store_word(Word* p, Word v) { *p = v; }
__device__ __forceinline__ void copy_async16(void* dst, const void* src, int bytes)
{
    const unsigned d = static_cast<unsigned>(__cvta_generic_to_shared(dst));
    for (int e = 0; e < 4; ++e) {
        copy4(d + 4 * e, static_cast<const float*>(src) + e, bytes != 0);
    }
}
template <int N>
__device__ __forceinline__ void copy_async(void* dst, const void* src, int bytes)
{
    static_assert(N == 4, "4-byte element copies");
    copy4(static_cast<unsigned>(__cvta_generic_to_shared(dst)), static_cast<const float*>(src),
          bytes != 0);
}
__device__ __forceinline__ void commit_group() { copies_commit(); }
template <int N>
__device__ __forceinline__ void wait_groups() { copies_wait<N>(); }
"""

CONV_HELPERS = """
__device__ __forceinline__ void copy_async16(void* dst, const void* src)
{
    const unsigned d = static_cast<unsigned>(__cvta_generic_to_shared(dst));
    for (int e = 0; e < 4; ++e) {
        copy4(d + 4 * e, static_cast<const float*>(src) + e, 1);
    }
    copies_commit();
}
__device__ __forceinline__ void wait_all_copies() { copies_wait<0>(); }
"""


def _swap_helpers(src: str, helpers: str, replace: dict[str, str]) -> str:
    head, rest = src.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    for old, new in replace.items():
        assert old in tail, f"the template changed: {old!r} is gone"
        tail = tail.replace(old, new)
    return '#include "emulator_planes.h"\n#include <fstream>\n#include <vector>\n' + head \
        + helpers + tail


def sat_source(desc: Any) -> str:
    """One launch per call on one word buffer (zeroed before each call unless the words are
    stamped), input k for call k; the blocks one after another, or `resident` at a time."""
    src = _swap_helpers(emit(desc).source, SAT_HELPERS, {
        "extern __shared__ __align__(16) unsigned char s_raw[];":
            "unsigned char* s_raw = reinterpret_cast<unsigned char*>(emu::smem_base);",
        "__shared__ Shared s;": "Shared& s = *reinterpret_cast<Shared*>(emu::block_statics());",
    })
    stamp = ", (unsigned)((k + 1) << 2)" if desc.epoch else ""
    poison = "0xff" if desc.output == "float32" else "0x7f"
    return src + f"""
int main(int argc, char** argv) {{
    std::ifstream in(argv[1], std::ios::binary);
    int d[9];
    in.read(reinterpret_cast<char*>(d), sizeof d);
    emu::rng_state += (unsigned long long)(unsigned)d[8] * 0x9e3779b97f4a7c15ull;
    const int height = d[0], width = d[1], tiles_x = d[2], n_tiles = d[3], calls = d[5];
    const size_t n = (size_t)height * width;
    std::vector<TIn> all(n * calls), xs(n);
    std::vector<TOut> ys(n);
    std::vector<Word> words((size_t)d[4], 0ull);
    emu::readable = {{{{(const char*)xs.data(), (const char*)(xs.data() + n)}}}};
    emu::smem_bytes = {desc.smem_bytes};
    std::ofstream out(argv[2], std::ios::binary);
    in.read(reinterpret_cast<char*>(all.data()), all.size() * sizeof(TIn));
    for (int k = 0; k < calls; ++k) {{
        std::copy(all.begin() + k * n, all.begin() + (k + 1) * n, xs.begin());
        std::memset(ys.data(), {poison}, n * sizeof(TOut));
        if (!EPOCH) std::fill(words.begin(), words.end(), 0ull);
        emu::body = [&] {{ {desc.kernel_name}(xs.data(), ys.data(), height, width, tiles_x,
            n_tiles, words.data(), d[6]{stamp}); }};
        if (d[7] > 0) emu::run_interleaved((unsigned)n_tiles, TW, (unsigned)d[7]);
        else for (int b = 0; b < n_tiles; ++b) emu::run_block((unsigned)b, 0, TW);
        if (words[0] != 0ull && EPOCH) emu::die("the tile counter was not reset");
        out.write(reinterpret_cast<const char*>(ys.data()), n * sizeof(TOut));
    }}
    return 0;
}}
"""


_PACK_TAPS = """Taps packed{};  // this launch's output channels, zeros past c_out
        for (int i = 0; i < CO_PER_LAUNCH * KH * KW; ++i)
            if (co_base * KH * KW + i < (int)taps.size())
                packed.v[i] = taps[co_base * KH * KW + i];"""


def conv_source(desc: Any) -> str:
    src = _swap_helpers(emit(desc).source, CONV_HELPERS, {
        "__shared__ __align__(16) T tile[IH][IW];":
            "T (&tile)[IH][IW] = *reinterpret_cast<T (*)[IH][IW]>(emu_smem);",
    })
    taps = ("taps.data() + co_base * KH * KW" if desc.taps_on_device else "packed")
    return src + f"""
int main(int argc, char** argv) {{
    std::ifstream in(argv[1], std::ios::binary);
    int d[9];
    in.read(reinterpret_cast<char*>(d), sizeof d);
    const int n = d[0], height = d[1], width = d[2], oh = d[3], ow = d[4], c_out = d[5];
    const size_t nx = (size_t)n * height * width, ny = (size_t)n * c_out * oh * ow;
    std::vector<float> xs(nx), taps((size_t)c_out * KH * KW), ys(ny, std::nanf(""));
    in.read(reinterpret_cast<char*>(xs.data()), nx * 4);
    in.read(reinterpret_cast<char*>(taps.data()), taps.size() * 4);
    emu::readable = {{{{(const char*)xs.data(), (const char*)(xs.data() + nx)}},
                     {{(const char*)taps.data(), (const char*)(taps.data() + taps.size())}}}};
    emu::smem_bytes = {desc.smem_bytes};
    const unsigned gx = (unsigned)((ow + BW - 1) / BW), gy = (unsigned)((oh + BH - 1) / BH);
    for (int co_base = 0; co_base < c_out; co_base += CO_PER_LAUNCH) {{
        {"" if desc.taps_on_device else _PACK_TAPS}
        emu::body = [&] {{ {desc.kernel_name}(xs.data(), ys.data(), height, width, oh, ow,
            c_out, co_base, {taps}); }};
        for (unsigned bz = 0; bz < (unsigned)(n * CO_PER_LAUNCH); ++bz)
            for (unsigned by = 0; by < gy; ++by)
                for (unsigned bx = 0; bx < gx; ++bx) emu::run_block(bx, by, NT, 32, bz);
    }}
    std::ofstream out(argv[2], std::ios::binary);
    out.write(reinterpret_cast<const char*>(ys.data()), ny * 4);
    return 0;
}}
"""


def build(name: str, source: str, folder: Path) -> Path:
    digest = hashlib.sha1((source + (HERE / "emulator.h").read_text()
                           + (HERE / "emulator_planes.h").read_text()).encode()).hexdigest()[:10]
    exe = folder / f"{name}_{digest}.emu"
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


def _run(exe: Path, folder: Path, header: list[int], *arrays: np.ndarray) -> bytes:
    inp, outp = folder / f"{exe.stem}.in", folder / f"{exe.stem}.out"
    inp.write_bytes(np.array(header + [0] * (9 - len(header)), np.int32).tobytes()
                    + b"".join(np.ascontiguousarray(a).tobytes() for a in arrays))
    proc = subprocess.run([str(exe), str(inp), str(outp)], capture_output=True, text=True,
                          check=False, timeout=900)
    if proc.returncode:
        raise AssertionError(f"emulated kernel failed: {proc.stderr[-2000:]}")
    return outp.read_bytes()


def run_sat(desc: Any, folder: Path, xs: list[np.ndarray], resident: int = 0, seed: int = 0
            ) -> list[np.ndarray]:
    """The tables of one call per input (all of one shape) on one word buffer, as the kernel
    computes them; resident > 0: that many blocks interleaved (their turns drawn from seed),
    else one after another."""
    exe = build(desc.kernel_name, sat_source(desc), folder)
    x = np.stack(xs)
    calls, height, width = x.shape
    tiles_x, tiles_y = desc.tiles(height, width)
    n_tiles = tiles_x * tiles_y
    vec16 = int((width * x.itemsize) % 16 == 0)
    out16 = int((width * np.dtype(desc.output).itemsize) % 16 == 0)
    header = [height, width, tiles_x, n_tiles, desc.words(n_tiles), calls, vec16 + 2 * out16,
              resident, seed]
    raw = np.frombuffer(_run(exe, folder, header, x), np.dtype(desc.output))
    return list(raw.reshape(calls, height, width))


def run_conv(desc: Any, folder: Path, x: np.ndarray, w: np.ndarray, out_hw: tuple[int, int]
             ) -> np.ndarray:
    """y (n, c_out, oh, ow) for x (n, h, w) and w (c_out, kh, kw), as the kernel computes it."""
    exe = build(desc.kernel_name, conv_source(desc), folder)
    n, height, width = x.shape
    c_out = w.shape[0]
    header = [n, height, width, out_hw[0], out_hw[1], c_out]
    raw = np.frombuffer(_run(exe, folder, header, x.astype(np.float32), w.astype(np.float32)),
                        np.float32)
    return raw.reshape(n, c_out, *out_hw)
