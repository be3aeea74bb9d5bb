// CUDA intrinsics of the single-plane kernels (sat_packed, conv2d_staged) for the CPU emulator
// (tests only), on top of emulator.h: warp shuffles as warp-collective exchanges, 64-bit
// atomics, streaming stores and read-only loads (reads outside the kernel's input arrays
// abort), and run_interleaved: several blocks resident at once, their threads' fibers taking
// turns, each block with its own shared memory, barriers and static shared variables. With
// blocks one after another (emulator.h's run_block) a look-back never needs to wait, and a
// wait (__nanosleep) aborts as a bug; interleaved, a wait or a poll of a word yields.
#pragma once
#include <algorithm>
#include "emulator.h"

#define __align__(n) alignas(n)

struct alignas(16) int4 {
    int x, y, z, w;
};

inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }
inline int min(int a, int b) { return a < b ? a : b; }

inline unsigned __float_as_uint(float v) {
    unsigned u;
    std::memcpy(&u, &v, 4);
    return u;
}

inline float __uint_as_float(unsigned u) {
    float v;
    std::memcpy(&v, &u, 4);
    return v;
}

namespace emu {
struct Block {
    dim3 idx;
    Barrier barrier;
    std::vector<Barrier> warps;
    std::vector<Exchange> ex;
    std::vector<char> smem;
    alignas(16) char statics[8192];
    std::vector<Fiber> fibers;
};
inline Block* cur_block = nullptr;
inline unsigned long long rng_state = 88172645463325252ull;  // run_interleaved's turns

inline bool coin() {  // xorshift64: whether a resident block takes this pass's turn
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (rng_state >> 33) & 1;
}
alignas(16) inline char global_statics[8192];

// Where a kernel's static __shared__ variables live: the running block's area.
inline char* block_statics() { return cur_block ? cur_block->statics : global_statics; }

inline void poll_point() {
    if (cur_block) yield();
}

inline void start_block(std::unique_ptr<Block>& b, unsigned index, unsigned threads) {
    b.reset(new Block);
    b->idx = {index, 0, 0};
    b->barrier = Barrier{static_cast<int>(threads)};
    b->warps.assign((threads + 31) / 32, Barrier{32});
    b->ex.assign((threads + 31) / 32, Exchange{});
    b->smem.assign(sizeof(emu_smem), 0);
    const float nan = std::nanf("");
    for (size_t i = 0; i < b->smem.size() / 4; ++i) std::memcpy(b->smem.data() + 4 * i, &nan, 4);
    std::memset(b->statics, 0xff, sizeof b->statics);
    b->fibers = std::vector<Fiber>(threads);
    for (unsigned t = 0; t < threads; ++t) {
        Fiber& f = b->fibers[t];
        f.tid = t;
        f.stack.reset(new char[256 * 1024]);
        getcontext(&f.ctx);
        f.ctx.uc_stack.ss_sp = f.stack.get();
        f.ctx.uc_stack.ss_size = 256 * 1024;
        f.ctx.uc_link = &scheduler;
        makecontext(&f.ctx, entry, 0);
    }
}

// Blocks 0 .. n_blocks - 1 of `threads` threads, `resident` of them at a time (a finished block's
// place goes to the next); in each pass every live thread of a resident block takes a turn, each
// block with probability 1/2 (rng_state), so blocks run at different speeds and a later block
// can overtake an earlier one up to its look-back.
inline void run_interleaved(unsigned n_blocks, unsigned threads, unsigned resident) {
    std::vector<std::unique_ptr<Block>> slots(resident);
    unsigned next = 0;
    for (auto& b : slots)
        if (next < n_blocks) start_block(b, next++, threads);
    for (long pass = 0;; ++pass) {
        bool any = false;
        for (auto& b : slots) {
            if (!b) continue;
            any = true;
            if (!coin()) continue;
            cur_block = b.get();
            smem_base = b->smem.data();
            block_barrier_ptr = &b->barrier;
            blockIdx = b->idx;
            bool alive = false;
            for (Fiber& f : b->fibers) {
                if (f.done) continue;
                alive = true;
                current = &f;
                threadIdx = {f.tid, 0, 0};
                swapcontext(&scheduler, &f.ctx);
            }
            if (!alive) {
                for (const Fiber& f : b->fibers)
                    if (!f.open.empty() || !f.groups.empty()) die("cp.async copies left pending");
                b.reset();
                if (next < n_blocks) start_block(b, next++, threads);
            }
        }
        if (!any) break;
        if (pass > 20'000'000) die("deadlock: blocks wait for each other forever");
    }
    cur_block = nullptr;
    smem_base = emu_smem;
    block_barrier_ptr = nullptr;
}

inline void check_range(const void* p, size_t bytes) {
    const char* c = static_cast<const char*>(p);
    for (const Range& r : readable)
        if (c >= r.lo && c + bytes <= r.hi) return;
    die("a load outside the kernel's input arrays");
}

template <class T>
T shuffle(T v, int src, bool take) {
    const unsigned lane = current->tid % 32, warp = current->tid / 32;
    Exchange& ex = cur_block ? cur_block->ex[warp] : exchanges[warp];
    Barrier& bar = cur_block ? cur_block->warps[warp] : warp_barriers[warp];
    static_assert(sizeof(T) <= 8, "a shuffle moves at most 8 bytes here");
    std::memcpy(&ex.v[lane], &v, sizeof(T));
    bar.wait();
    T out = v;
    if (take) std::memcpy(&out, &ex.v[src], sizeof(T));
    bar.wait();  // every lane has read
    return out;
}
}  // namespace emu

template <class T>
T __shfl_up_sync(unsigned, T v, int d) {
    const int lane = static_cast<int>(emu::current->tid % 32);
    return emu::shuffle(v, lane - d, lane >= d);
}

template <class T>
T __shfl_sync(unsigned, T v, int src) {
    return emu::shuffle(v, src, true);
}

template <class T>
T __ldg(const T* p) {
    emu::check_range(p, sizeof(T));
    return *p;
}

template <class T>
void __stcs(T* p, T v) {
    *p = v;
}

inline unsigned long long atomicAdd(unsigned long long* p, unsigned long long v) {
    const unsigned long long old = *p;
    *p = old + v;
    return old;
}

inline unsigned long long atomicExch(unsigned long long* p, unsigned long long v) {
    const unsigned long long old = *p;
    *p = v;
    return old;
}

inline void __nanosleep(unsigned) {
    if (!emu::cur_block)
        emu::die("a look-back waited: in the emulator's block order every predecessor has "
                 "finished");
    emu::yield();
}
