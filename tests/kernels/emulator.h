// A CPU emulator for transpyle's conv_gemm kernels (tests only): every CUDA thread of a block is
// a fiber (ucontext) on one OS thread, __syncthreads and the warp-collective mma.sync are
// barriers, cp.async copies are queued per thread and land when the thread waits for their
// group (so a slice read before its wait sees the stage's old contents), shared memory starts
// as NaN, and reads of global memory outside the kernel's arrays abort.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>
#include <ucontext.h>

struct dim3 {
    unsigned x = 0, y = 0, z = 0;
};
struct alignas(16) float4 {
    float x, y, z, w;
};

inline dim3 threadIdx, blockIdx;
alignas(128) inline char emu_smem[240 * 1024];

#define __global__
#define __device__
#define __forceinline__ inline
#define __restrict__
#define __launch_bounds__(...)
#define __syncthreads() emu::block_sync()
#define __cvta_generic_to_shared(p) ((size_t)((const char*)(p) - emu::smem_base))

namespace emu {

inline char* smem_base = emu_smem;  // the running block's shared memory

[[noreturn]] inline void die(const char* what) {
    std::fprintf(stderr, "emulator: %s (block %u,%u thread %u)\n", what, blockIdx.x, blockIdx.y,
                 threadIdx.x);
    std::exit(3);
}

struct Copy {
    unsigned dst;
    float value;
};

struct Fiber {
    ucontext_t ctx;
    std::unique_ptr<char[]> stack;
    unsigned tid = 0;
    bool done = false;
    std::vector<Copy> open;
    std::vector<std::vector<Copy>> groups;
};

inline ucontext_t scheduler;
inline Fiber* current = nullptr;
inline std::function<void()> body;
inline size_t smem_bytes = 0;
struct Range {
    const char* lo;
    const char* hi;
};
inline std::vector<Range> readable;

inline void yield() { swapcontext(&current->ctx, &scheduler); }

struct Barrier {
    int need = 0, count = 0;
    unsigned gen = 0;
    void wait() {
        const unsigned g = gen;
        if (++count == need) {
            count = 0;
            ++gen;
            return;
        }
        while (gen == g) yield();
    }
};
inline Barrier block_barrier;
inline std::vector<Barrier> warp_barriers;
struct Exchange {  // one warp's values of a shuffle
    unsigned long long v[32];
};
inline std::vector<Exchange> exchanges;

inline Barrier* block_barrier_ptr = nullptr;  // the running block's (emulator_planes.h)

inline void block_sync() { (block_barrier_ptr ? *block_barrier_ptr : block_barrier).wait(); }

inline void check_read(const void* p) {
    const char* c = static_cast<const char*>(p);
    for (const Range& r : readable)
        if (c >= r.lo && c + 4 <= r.hi && (reinterpret_cast<uintptr_t>(c) & 3) == 0) return;
    die("cp.async reads outside the kernel's arrays");
}

inline void land(const std::vector<Copy>& group) {
    for (const Copy& c : group) {
        if (c.dst + 4 > smem_bytes || (c.dst & 3)) die("cp.async writes outside the shared memory");
        std::memcpy(smem_base + c.dst, &c.value, 4);
    }
}

// warp-collective mma.sync m16n8k8 (TF32 in, float32 accumulate)
struct WarpOperands {
    unsigned a[32][4];
    unsigned b[32][2];
};
inline std::vector<WarpOperands> warp_operands;

inline float bits(unsigned u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

inline void mma(float* d, const unsigned* a, const unsigned* b) {
    const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    for (int i = 0; i < 4; ++i)
        if (a[i] & 0x1fffu) die("an mma A operand is not a TF32 value");
    for (int i = 0; i < 2; ++i)
        if (b[i] & 0x1fffu) die("an mma B operand is not a TF32 value");
    WarpOperands& ops = warp_operands[warp];
    std::memcpy(ops.a[lane], a, 16);
    std::memcpy(ops.b[lane], b, 8);
    warp_barriers[warp].wait();
    const unsigned g = lane / 4, t = lane % 4;
    auto A = [&](unsigned r, unsigned k) {
        return bits(ops.a[(r % 8) * 4 + k % 4][(r >= 8 ? 1 : 0) + (k >= 4 ? 2 : 0)]);
    };
    auto B = [&](unsigned k, unsigned n) { return bits(ops.b[n * 4 + k % 4][k >= 4 ? 1 : 0]); };
    const unsigned rows[4] = {g, g, g + 8, g + 8}, cols[4] = {2 * t, 2 * t + 1, 2 * t, 2 * t + 1};
    float out[4];
    for (int e = 0; e < 4; ++e) {
        float sum = 0.0f;  // products of TF32 values are exact in float32
        for (unsigned k = 0; k < 8; ++k) sum += A(rows[e], k) * B(k, cols[e]);
        out[e] = d[e] + sum;
    }
    warp_barriers[warp].wait();  // every lane has read the operands
    std::memcpy(d, out, 16);
}

inline void entry() {
    body();
    current->done = true;
}

// Run body() as `threads` CUDA threads of block (bx, by, bz); with bdx, a block of bdx x
// (threads / bdx) threads (threadIdx.x fastest, warps of 32 consecutive linear indices).
inline void run_block(unsigned bx, unsigned by, unsigned threads, unsigned bdx = 0,
                      unsigned bz = 0) {
    blockIdx = {bx, by, bz};
    const float nan = std::nanf("");
    for (size_t i = 0; i < sizeof(emu_smem) / 4; ++i) std::memcpy(emu_smem + 4 * i, &nan, 4);
    block_barrier = Barrier{static_cast<int>(threads)};
    warp_barriers.assign((threads + 31) / 32, Barrier{32});
    warp_operands.assign((threads + 31) / 32, WarpOperands{});
    exchanges.assign((threads + 31) / 32, Exchange{});
    std::vector<Fiber> fibers(threads);
    for (unsigned t = 0; t < threads; ++t) {
        Fiber& f = fibers[t];
        f.tid = t;
        f.stack.reset(new char[256 * 1024]);
        getcontext(&f.ctx);
        f.ctx.uc_stack.ss_sp = f.stack.get();
        f.ctx.uc_stack.ss_size = 256 * 1024;
        f.ctx.uc_link = &scheduler;
        makecontext(&f.ctx, entry, 0);
    }
    for (long pass = 0;; ++pass) {
        bool alive = false;
        for (Fiber& f : fibers) {
            if (f.done) continue;
            alive = true;
            current = &f;
            threadIdx = bdx ? dim3{f.tid % bdx, f.tid / bdx, 0} : dim3{f.tid, 0, 0};
            swapcontext(&scheduler, &f.ctx);
        }
        if (!alive) break;
        if (pass > 50'000'000) die("deadlock: threads wait at a barrier that others never reach");
    }
    for (const Fiber& f : fibers)
        if (!f.open.empty() || !f.groups.empty()) die("cp.async copies left pending at exit");
    for (size_t i = smem_bytes; i < sizeof(emu_smem); i += 4) {
        unsigned u;
        std::memcpy(&u, emu_smem + i, 4);
        float v;
        std::memcpy(&v, &u, 4);
        if (!std::isnan(v)) die("a store past the block's dynamic shared memory");
    }
}

}  // namespace emu

__device__ __forceinline__ void copy4(unsigned dst, const float* src, unsigned ok) {
    float v = 0.0f;
    if (ok) {
        emu::check_read(src);
        v = *src;
    }
    emu::current->open.push_back({dst, v});
}

__device__ __forceinline__ void copies_commit() {
    emu::current->groups.push_back(std::move(emu::current->open));
    emu::current->open.clear();
}

template <int PENDING>
__device__ __forceinline__ void copies_wait() {
    auto& groups = emu::current->groups;
    while (groups.size() > static_cast<size_t>(PENDING)) {
        emu::land(groups.front());
        groups.erase(groups.begin());
    }
}

// cvt.rna.tf32.f32: round to nearest, ties away from zero, on the 10-bit mantissa
__device__ __forceinline__ unsigned tf32(float v) {
    unsigned u;
    std::memcpy(&u, &v, 4);
    if ((u & 0x7f800000u) == 0x7f800000u) return u & 0xffffe000u | ((u & 0x7fffffu) ? 0x400000u : 0u);
    return (u + 0x1000u) & 0xffffe000u;
}

__device__ __forceinline__ void mma_tf32(float* d, const unsigned* a, const unsigned* b) {
    emu::mma(d, a, b);
}
