#pragma once
// A cache for large CPU tensor buffers during a computation.
//
// LibTorch's CPU allocator hands every buffer back to the C library when a tensor dies, and
// glibc returns blocks of 32 MiB and more straight to the kernel (munmap). A network that
// allocates and frees the same large activations layer after layer (MobileSAM's encoder at
// 1024: 16.7 M floats per MBConv activation; VGG19 at 512 in every optimisation step) then pays
// a page fault for every 4 KiB of every new activation: measured on a 2-core AMD EPYC, one
// MobileSAM encode took ~470,000 minor faults and more system than user time.
//
// While at least one CpuMemoryCacheScope is alive (in any thread), buffers of 1 MiB or more
// that are freed go to a free list, keyed by their size rounded up to 1/16 of its power of two,
// and are handed out again for the next request of that rounded size; when the last scope ends
// the free list is released to the system. Outside every scope, and for smaller buffers, the
// allocator is LibTorch's default. The free list holds at most a quarter of physical memory
// (4 GiB at most); a block freed beyond that goes back to the system. (Advising the blocks for
// transparent huge pages was tried: no measurable difference.)
//
// The allocator is installed (c10::SetCPUAllocator) by the first scope; tensors allocated
// before that keep their own deleter, so installing it at any time is safe. Thread-safe.

#include <cstddef>
#include <cstdint>

namespace instyle {

class CpuMemoryCacheScope {
public:
    CpuMemoryCacheScope();
    ~CpuMemoryCacheScope();
    CpuMemoryCacheScope(const CpuMemoryCacheScope&) = delete;
    CpuMemoryCacheScope& operator=(const CpuMemoryCacheScope&) = delete;
};

// Off: scopes have no effect (LibTorch's own behaviour, for benchmarks' baselines). Default on.
void setCpuMemoryCacheEnabled(bool enabled);
bool cpuMemoryCacheEnabled();

struct CpuMemoryCacheStats {
    uint64_t hits = 0, misses = 0;    // large allocations served from the free list / by the system
    size_t cachedBytes = 0;           // in the free list now
    size_t peakCachedBytes = 0;       // the most the free list has held
};
CpuMemoryCacheStats cpuMemoryCacheStats();

}  // namespace instyle
