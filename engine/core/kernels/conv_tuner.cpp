#include "core/kernels/conv_tuner.h"

#include "core/base/cache_dir.h"
#include "core/base/error.h"

#include <torch/version.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace instyle {

std::string convName(ConvAlgorithm conv) { return std::string(nthChoice(kConvChoices, static_cast<int>(conv))); }
std::string layoutName(MemoryLayout layout) {
    return std::string(nthChoice(kLayoutChoices, static_cast<int>(layout)));
}
std::string choiceText(const ConvChoice& c) { return convName(c.conv) + "/" + layoutName(c.layout); }

namespace {

// The value of the first "<field>\t: value" line of /proc/cpuinfo, or empty.
std::string cpuinfoField(const std::string& field) {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field, 0) != 0) continue;
        const size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        const size_t start = line.find_first_not_of(' ', colon + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
    }
    return {};
}

std::mutex& cacheMutex() {
    static std::mutex m;
    return m;
}

// "<key text>\t<candidate>" → seconds, for everything read or measured in this process.
std::map<std::string, double>& memory() {
    static std::map<std::string, double> m;
    return m;
}

std::string entryKey(const ConvTuneKey& key, const ConvChoice& c) { return key.text() + "\t" + choiceText(c); }

// Adds the file's "<key>\t<candidate>\t<seconds>" lines to memory; damaged lines are skipped.
void readCacheFile(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const size_t last = line.rfind('\t');
        if (last == std::string::npos || line.find('\t') == last) continue;
        char* end = nullptr;
        const double seconds = std::strtod(line.c_str() + last + 1, &end);
        if (end == line.c_str() + last + 1 || *end != '\0' || !(seconds > 0)) continue;
        memory().emplace(line.substr(0, last), seconds);
    }
}

// Rewrites the file with everything known (temp + rename: a reader never sees half a file).
// Failures are ignored: the cache saves time, it is never needed.
void writeCacheFile(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p(path);
    std::filesystem::create_directories(p.parent_path(), ec);
    const std::string temp = path + ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        for (const auto& [key, seconds] : memory()) out << key << '\t' << seconds << '\n';
        if (!out) return;
    }
    std::filesystem::rename(temp, p, ec);
    if (ec) std::filesystem::remove(temp, ec);
}

}  // namespace

std::string cpuModelName() {
    const std::string name = cpuinfoField("model name");
    return name.empty() ? "unknown CPU" : name;
}

std::string cpuIsaFlags() {
    std::istringstream flags(" " + cpuinfoField("flags") + " ");
    std::string flag, out;
    for (const char* wanted : {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_vnni", "amx_tile", "asimd", "sve"}) {
        flags.clear();
        flags.seekg(0);
        while (flags >> flag)
            if (flag == wanted) {
                out += (out.empty() ? "" : " ") + flag;
                break;
            }
    }
    return out.empty() ? "no SIMD flags known" : out;
}

std::string ConvTuneKey::text() const {
    std::ostringstream s;
    if (!network.empty()) s << network << '|';
    s << cpuModelName() << '|' << "libtorch " << TORCH_VERSION << '|' << cpuIsaFlags() << '|' << height << 'x' << width
      << '|' << threads << " threads";
    return s.str();
}

std::string ConvTuning::summary() const {
    std::string s = choiceText(choice);
    if (timings.size() < 2) return s + " (forced)";
    s += measured > 0 ? " (measured:" : " (remembered:";
    char buffer[64];
    for (size_t i = 0; i < timings.size(); ++i) {
        std::snprintf(buffer, sizeof buffer, "%s %s %.3f s", i ? "," : "", choiceText(timings[i].first).c_str(),
                      timings[i].second);
        s += buffer;
    }
    return s + ")";
}

ConvTuner::ConvTuner(std::string cacheFile) : cacheFile_(cacheFile.empty() ? defaultCacheFile() : std::move(cacheFile)) {}

std::string ConvTuner::defaultCacheFile() {
    const std::string dir = userCacheDir();
    return dir.empty() ? std::string() : dir + "/conv-choices.tsv";
}

std::vector<ConvChoice> ConvTuner::candidates(ConvAlgorithm conv, MemoryLayout layout, bool winogradAvailable) {
    using A = ConvAlgorithm;
    using L = MemoryLayout;
    if (conv == A::Winograd && !winogradAvailable)
        throw Error(ErrorCategory::InvalidArgument, "--conv winograd: the Winograd convolutions run on the CPU only");
    std::vector<ConvChoice> out;
    // Winograd's transforms read and write NCHW; NHWC only where it is forced.
    for (const ConvChoice c : {ConvChoice{A::Direct, L::Nchw}, ConvChoice{A::Direct, L::Nhwc}, ConvChoice{A::Winograd, L::Nchw},
                               ConvChoice{A::Winograd, L::Nhwc}}) {
        if (c.conv == A::Winograd && !winogradAvailable) continue;
        if (conv != A::Auto && c.conv != conv) continue;
        if (layout != L::Auto ? c.layout != layout : (c.conv == A::Winograd && c.layout == L::Nhwc)) continue;
        out.push_back(c);
    }
    return out;
}

ConvTuning ConvTuner::resolve(const ConvTuneKey& key, ConvAlgorithm conv, MemoryLayout layout, bool winogradAvailable,
                              const Measure& measure) const {
    ConvTuning t;
    const std::vector<ConvChoice> all = candidates(conv, layout, winogradAvailable);
    if (all.size() == 1) {
        t.choice = all.front();
        t.timings.emplace_back(t.choice, 0.0);
        return t;
    }
    const std::lock_guard<std::mutex> lock(cacheMutex());
    static std::map<std::string, bool> filesRead;
    if (!cacheFile_.empty() && !filesRead[cacheFile_]) {
        readCacheFile(cacheFile_);
        filesRead[cacheFile_] = true;
    }
    for (const ConvChoice& c : all) {
        const std::string k = entryKey(key, c);
        auto it = memory().find(k);
        if (it == memory().end()) {
            const auto start = std::chrono::steady_clock::now();
            const double seconds = measure(c);
            t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            ++t.measured;
            it = memory().emplace(k, std::max(seconds, 1e-9)).first;
        }
        t.timings.emplace_back(c, it->second);
    }
    t.choice = t.timings.front().first;
    double best = t.timings.front().second;
    for (const auto& [c, seconds] : t.timings)
        if (seconds < best) best = seconds, t.choice = c;
    if (t.measured > 0 && !cacheFile_.empty()) writeCacheFile(cacheFile_);
    return t;
}

}  // namespace instyle
