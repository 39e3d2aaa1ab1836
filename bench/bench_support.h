#pragma once
// Small pieces shared by the benchmarks in bench/: medians, CPU time, interleaved timing, and
// running the Python reference (whose last line is "RESULT key=value ...").

#include "core/error.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace instyle::bench {

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

inline double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Timing {
    double wall = 0, cpu = 0;  // medians, seconds
};

// Median wall and process-CPU seconds of each function over `reps` rounds after one warm-up
// round. The functions alternate within a round so that a shared, busy machine slows them
// alike; CPU time is reported too because it depends less on what else the machine runs.
inline std::vector<Timing> timeInterleaved(int reps, const std::vector<std::function<void()>>& fs) {
    for (const auto& f : fs) f();
    std::vector<std::vector<double>> wall(fs.size()), cpu(fs.size());
    for (int i = 0; i < reps; ++i)
        for (size_t k = 0; k < fs.size(); ++k) {
            const auto start = std::chrono::steady_clock::now();
            const double cpuStart = processCpuSeconds();
            fs[k]();
            cpu[k].push_back(processCpuSeconds() - cpuStart);
            wall[k].push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    std::vector<Timing> result;
    for (size_t k = 0; k < fs.size(); ++k) result.push_back({median(wall[k]), median(cpu[k])});
    return result;
}

// The command's standard output; throws Error(Io) when it cannot start or exits non-zero.
inline std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw Error(ErrorCategory::Io, "cannot run: " + command);
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    if (::pclose(pipe) != 0) throw Error(ErrorCategory::Io, "failed: " + command + "\n" + out);
    return out;
}

// The number after "key=" in a reference's RESULT line.
inline double field(const std::string& line, const std::string& key) {
    const auto pos = line.find(key + "=");
    if (pos == std::string::npos) throw Error(ErrorCategory::Format, "reference output lacks " + key + ": " + line);
    return std::stod(line.substr(pos + key.size() + 1));
}

}  // namespace instyle::bench
