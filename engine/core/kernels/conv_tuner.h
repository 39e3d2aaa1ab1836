#pragma once
// Room kernels/: the CPU arithmetic the networks spend their time in — Winograd convolution,
// products split over LibTorch's threads (parallel_gemm), windowed attention, the large-buffer
// cache, and this measured choice of convolution and layout. Includes base/ only: a kernel knows
// tensors, not networks or files.
//
// The convolution algorithm and memory layout of VGG19, chosen by measuring them on the CPU at
// hand (never by a threshold tuned on another machine: channels-last was faster on the Intel Xeon
// it was tuned on and 25 % slower on an AMD EPYC).
//
// Each candidate (direct NCHW, direct NHWC, Winograd NCHW) is timed once — one forward and
// backward at the run's work size — and the fastest is kept. Timings are remembered per key (CPU
// model, LibTorch version, Winograd ISA, work size, threads, candidate) in memory and in
// <userCacheDir()>/conv-choices.tsv, so each key is measured once per machine. A forced part
// (--conv winograd, --layout nchw) restricts the candidates; when both are forced nothing is timed.
//
// Plain C++ besides the caller's measuring function; thread-safe (a process-wide mutex).

#include "core/base/compute_choices.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace instyle {

struct ConvChoice {
    ConvAlgorithm conv = ConvAlgorithm::Direct;
    MemoryLayout layout = MemoryLayout::Nchw;
    bool operator==(const ConvChoice& o) const { return conv == o.conv && layout == o.layout; }
};

// The option table's names: "auto" | "winograd" | "direct", "auto" | "nchw" | "nhwc".
std::string convName(ConvAlgorithm conv);
std::string layoutName(MemoryLayout layout);
// "winograd/nchw"
std::string choiceText(const ConvChoice& choice);

// /proc/cpuinfo's "model name" (or "unknown CPU"), and the SIMD flags that matter here
// ("avx2 fma avx512f ...", as the CPU reports them).
std::string cpuModelName();
std::string cpuIsaFlags();

struct ConvTuneKey {
    int64_t height = 0, width = 0;
    int threads = 1;
    std::string network;  // empty: VGG19's convolutions; else e.g. "mobile_sam.tokens" (a prefix of the key)
    std::string text() const;  // [network |] CPU model | LibTorch version | ISA | HxW | threads
};

struct ConvTuning {
    ConvChoice choice;
    // The candidates considered and their seconds for one forward+backward (measured now or
    // remembered), in the order tried.
    std::vector<std::pair<ConvChoice, double>> timings;
    int measured = 0;            // how many were timed in this call (0: all from the cache)
    double seconds = 0;          // spent timing in this call
    std::string summary() const;  // "winograd/nchw (measured: direct/nchw 0.81 s, ...)"
};

class ConvTuner {
public:
    using Measure = std::function<double(const ConvChoice&)>;  // seconds of one forward+backward

    // cacheFile empty: <userCacheDir()>/conv-choices.tsv (no file when there is no cache folder).
    explicit ConvTuner(std::string cacheFile = {});
    static std::string defaultCacheFile();

    // The fastest candidate allowed by `conv` and `layout` (Auto = any). winogradAvailable false
    // (e.g. CUDA) leaves Winograd out; a forced Winograd then throws Error(InvalidArgument).
    ConvTuning resolve(const ConvTuneKey& key, ConvAlgorithm conv, MemoryLayout layout, bool winogradAvailable,
                       const Measure& measure) const;

    // The candidates for (conv, layout), in the order they are tried.
    static std::vector<ConvChoice> candidates(ConvAlgorithm conv, MemoryLayout layout, bool winogradAvailable);

private:
    std::string cacheFile_;
};

}  // namespace instyle
