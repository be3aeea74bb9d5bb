// CUDA intrinsics of the single-plane kernels (sat_packed, conv2d_staged) for the CPU emulator
// (tests only), on top of emulator.h: warp shuffles as warp-collective exchanges, 64-bit
// atomics, streaming stores and read-only loads (reads outside the kernel's input arrays
// abort). Blocks run one after another, so a look-back never needs to wait: a wait
// (__nanosleep) aborts as a bug.
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
inline void check_range(const void* p, size_t bytes) {
    const char* c = static_cast<const char*>(p);
    for (const Range& r : readable)
        if (c >= r.lo && c + bytes <= r.hi) return;
    die("a load outside the kernel's input arrays");
}

template <class T>
T shuffle(T v, int src, bool take) {
    const unsigned lane = current->tid % 32, warp = current->tid / 32;
    Exchange& ex = exchanges[warp];
    static_assert(sizeof(T) <= 8, "a shuffle moves at most 8 bytes here");
    std::memcpy(&ex.v[lane], &v, sizeof(T));
    warp_barriers[warp].wait();
    T out = v;
    if (take) std::memcpy(&out, &ex.v[src], sizeof(T));
    warp_barriers[warp].wait();  // every lane has read
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
    emu::die("a look-back waited: in the emulator's block order every predecessor has finished");
}
