// instyle-bench: seconds per iteration of the style-transfer loop at given sizes, with the BLAS
// library in use, as a table and as JSON; with --compare, the same method in Python/PyTorch
// (bench/reference.py, same weights, same threads) runs interleaved in the same invocation and
// the ratio is printed per row. Links engine/core only.
//
//   instyle-bench [--sizes 256,512] [--iters 10] [--repeats 3] [--threads N] [--device auto|cpu|cuda]
//                 [--terms full|nodepth] [--vgg F] [--midas F] [--depth-size N] [--layout auto,nhwc,nchw]
//                 [--conv auto,winograd,direct] [--blas-threads N] [--no-memory-cache] [--compare] [--json]
//       one row per size x conv x layout; "auto" rows show what the measured choice became (its
//       timing runs in the setup, with a fresh cache file, so every invocation decides anew).
//       --blas-threads N gives the BLAS its own N threads again and --no-memory-cache turns the
//       large-buffer cache off: the engine before 2026-12-04, for comparison (parallel_gemm.h,
//       cpu_memory_cache.h). --profile TRACE.json writes LibTorch's operator trace of the first row's
//       first run (chrome://tracing).
//   instyle-bench --time-to-result [--photo 1024] [--iters 200] [--scales 3] [--level-ratio 2,3]
//                 [--ref-iters 10] ...
//       one instance (a centred ellipse in a box of 25 % of the photo's area) at the photo's own
//       resolution: instyle optimising only its crop, coarse to fine (one run per level ratio),
//       against the reference optimising the whole photo (its 200-iteration time extrapolated
//       from --ref-iters measured iterations), and the crop single-scale for the quality check
//       (final losses).

#include "core/checkpoint_reader.h"
#include "core/conv_tuner.h"
#include "core/cpu_memory_cache.h"
#include "core/depth_model.h"
#include "core/error.h"
#include "core/json_writer.h"
#include "core/runtime.h"
#include "core/stylizer.h"

#include "bench_support.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace instyle;
using bench::field;
using bench::median;
using bench::run;

namespace {

// The BLAS shared library actually mapped into this process (Debian switches libblas.so.3
// through alternatives, and the reference BLAS is ~35x slower for the Gram matrices).
std::string blasInUse() {
    auto a = torch::ones({64, 64});
    (void)torch::mm(a, a);
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        const auto pos = line.find('/');
        if (pos == std::string::npos) continue;
        const std::string path = line.substr(pos);
        if (path.find("openblas") != std::string::npos || path.find("libblas") != std::string::npos ||
            path.find("mkl") != std::string::npos || path.find("blis") != std::string::npos)
            return path;
    }
    return "unknown";
}


struct Row {
    int size;
    std::string conv = "auto", layout = "auto";
    std::string used;  // what the run used: "winograd/nchw"
    double secondsPerIter;
    double timeToResult;
    double refPerIter = 0;  // the Python reference, when compared
    double refTimeToResult = 0;
};

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> items;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) items.push_back(item);
    return items;
}

// A comma-separated list of `option`'s choices (the option table's), as their indices.
std::vector<int> parseChoices(const OptionSpec& option, const std::string& s) {
    std::vector<int> out;
    for (const auto& item : splitList(s)) out.push_back(checkedChoice(option, item));
    if (out.empty()) throw Error(ErrorCategory::InvalidArgument, option.flag() + " needs at least one value");
    return out;
}

std::vector<int> parseSizes(const std::string& s) {
    std::vector<int> sizes;
    for (const auto& item : splitList(s)) sizes.push_back(std::stoi(item));
    return sizes;
}

// A smooth synthetic "photo" (structure at several scales, as photos have; white noise would
// lose everything when downsampled and favour nothing) and a striped "painting".
at::Tensor syntheticPhoto(int64_t height, int64_t width) {
    namespace F = torch::nn::functional;
    auto layer = [&](int64_t step, double amplitude) {
        auto coarse = torch::randn({1, 3, std::max<int64_t>(2, height / step), std::max<int64_t>(2, width / step)});
        return F::interpolate(coarse, F::InterpolateFuncOptions().size(std::vector<int64_t>{height, width})
                                          .mode(torch::kBicubic).align_corners(false)) * amplitude;
    };
    return (layer(64, 0.8) + layer(16, 0.4) + layer(4, 0.2) + torch::randn({1, 3, height, width}) * 0.05).clamp(-2, 2);
}

at::Tensor syntheticPainting(int64_t side) {
    auto ramp = torch::linspace(-1, 1, side);
    auto yy = ramp.view({side, 1}).expand({side, side}), xx = ramp.view({1, side}).expand({side, side});
    auto phase = (xx + 0.5 * yy) * 40.0;
    return torch::stack({phase.sin() * 1.5, phase.cos() * 1.5, (phase * 0.5 + yy * 6).sin()}).unsqueeze(0).contiguous();
}

// Time-to-result for one instance: see the header comment.
void timeToResultReport(Stylizer& stylizer, const c10::Device& dev, int photoSide, int iters, int scales,
                        const std::vector<double>& ratios, int refIters, int depthSize, bool noDepth,
                        const std::function<std::string(int, int)>& referenceRun, bool json) {
    torch::manual_seed(3);
    const int64_t photoW = photoSide, photoH = photoSide * 2 / 3;
    // The instance: an ellipse of 25 % of the photo's area (box sides W/sqrt(pi), H/sqrt(pi)),
    // its crop with the app's default margin of 15 % of the box per side.
    const double boxW = photoW / std::sqrt(M_PI), boxH = photoH / std::sqrt(M_PI);
    const int64_t cropW = std::min<int64_t>(photoW, std::llround(boxW * 1.3)), cropH = std::min<int64_t>(photoH, std::llround(boxH * 1.3));
    const auto photo = syntheticPhoto(photoH, photoW);
    const int64_t x0 = (photoW - cropW) / 2, y0 = (photoH - cropH) / 2;
    StyleRequest r;
    r.content = photo.slice(2, y0, y0 + cropH).slice(3, x0, x0 + cropW).contiguous();
    r.styles.push_back({syntheticPainting(std::max(cropW, cropH)), 1.0});
    auto ys = (torch::arange(cropH, torch::kFloat32).view({cropH, 1}) + 0.5 - cropH / 2.0) / (boxH / 2);
    auto xs = (torch::arange(cropW, torch::kFloat32).view({1, cropW}) + 0.5 - cropW / 2.0) / (boxW / 2);
    r.mask = (ys.pow(2) + xs.pow(2) <= 1).to(torch::kFloat32).view({1, 1, cropH, cropW});
    r.schedule.iterations = iters;
    r.schedule.scales = 1;  // the single-scale baseline; the coarse-to-fine rows set their own
    r.device = dev;
    r.depthSize = depthSize;
    if (noDepth) r.weights.theta = 0;
    std::atomic_bool cancel{false};
    stylizer.run([&] { auto w = r; w.schedule.iterations = 1; return w; }(), nullptr, cancel);  // warm-up

    std::vector<StyleResult> c2f;
    for (double ratio : ratios) {
        auto fine = r;
        fine.schedule.scales = scales;
        fine.schedule.levelRatio = ratio;
        c2f.push_back(stylizer.run(fine, nullptr, cancel));
    }
    const auto single = stylizer.run(r, nullptr, cancel);
    const std::string line = referenceRun(photoSide, refIters);
    const double refPerIter = field(line, "seconds_per_iter");
    const double refSetup = field(line, "time_to_result") - refIters * refPerIter;
    const double refResult = refSetup + iters * refPerIter;
    const double singleResult = single.secondsSetup + single.secondsLoop;
    auto seconds = [](const StyleResult& result) { return result.secondsSetup + result.secondsLoop; };

    std::printf("device %s, time to result for one instance (synthetic images)\n", describeDevice(dev).c_str());
    std::printf("photo %lldx%lld, instance 25%% of it, crop %lldx%lld (15%% margin), %d iterations, terms %s\n",
                static_cast<long long>(photoW), static_cast<long long>(photoH), static_cast<long long>(cropW),
                static_cast<long long>(cropH), iters, noDepth ? "nodepth" : "full");
    std::printf("%-46s %12s %10s %14s\n", "run", "seconds", "speed-up", "final loss");
    std::printf("%-46s %12.1f %10s %14s\n", ("PyTorch reference, whole photo (from " + std::to_string(refIters) + " its)").c_str(),
                refResult, "1.0", "-");
    std::printf("%-46s %12.1f %10.2f %14.6g\n", "instyle, crop, single scale", singleResult, refResult / singleResult,
                single.lossLast.total);
    for (size_t i = 0; i < ratios.size(); ++i) {
        char label[96];
        std::snprintf(label, sizeof label, "instyle, crop, coarse to fine (%d levels, ratio %g)", c2f[i].levels, ratios[i]);
        std::printf("%-46s %12.1f %10.2f %14.6g  loss / single-scale %.3f (target <= 1.2)\n", label, seconds(c2f[i]),
                    refResult / seconds(c2f[i]), c2f[i].lossLast.total, c2f[i].lossLast.total / single.lossLast.total);
    }
    std::printf("peak RSS %.1f MiB\n", peakResidentMiB());
    if (json) {
        JsonWriter j;
        j.beginObject().field("device", dev.str()).field("threads", currentThreads()).field("photo_width", int(photoW))
            .field("photo_height", int(photoH)).field("crop_width", int(cropW)).field("crop_height", int(cropH)).field("iters", iters)
            .field("scales", c2f.front().levels).field("reference_seconds_per_iter", refPerIter)
            .field("reference_measured_iters", refIters).field("reference_time_to_result", refResult)
            .field("single_scale_time_to_result", singleResult).field("single_scale_loss_last", single.lossLast.total)
            // The first level ratio's run under the original field names, then every run.
            .field("coarse_to_fine_time_to_result", seconds(c2f.front()))
            .field("coarse_to_fine_loss_last", c2f.front().lossLast.total)
            .field("speedup", refResult / seconds(c2f.front()))
            .field("loss_ratio", c2f.front().lossLast.total / single.lossLast.total);
        j.beginArray("coarse_to_fine");
        for (size_t i = 0; i < ratios.size(); ++i)
            j.beginObject().field("level_ratio", ratios[i]).field("levels", c2f[i].levels)
                .field("time_to_result", seconds(c2f[i])).field("loss_last", c2f[i].lossLast.total)
                .field("speedup", refResult / seconds(c2f[i])).field("loss_ratio", c2f[i].lossLast.total / single.lossLast.total)
                .endObject();
        j.endArray().field("peak_rss_mib", peakResidentMiB()).endObject();
        std::cout << j.str() << std::endl;
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<int> sizes{256, 512};
    int iters = 10, repeats = 3, threads = 0, blasThreads = 0;
    std::string device = "auto", terms = "full", vggPath, midasPath, profile;
    int depthSize = 256;
    bool json = false, compare = false, timeToResult = false;
    std::vector<int> layouts{0}, convs{0};  // auto
    int photo = 1024, scales = 3, refIters = 10;
    std::vector<double> levelRatios{Schedule{}.levelRatio};
    bool itersGiven = false;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw Error(ErrorCategory::InvalidArgument, a + " needs a value");
                return argv[++i];
            };
            if (a == "--sizes") sizes = parseSizes(next());
            else if (a == "--iters") iters = std::stoi(next()), itersGiven = true;
            else if (a == "--layout") layouts = parseChoices(options::layout, next());
            else if (a == "--conv") convs = parseChoices(options::conv, next());
            else if (a == "--time-to-result") timeToResult = true;
            else if (a == "--photo") photo = std::stoi(next());
            else if (a == "--scales") scales = std::stoi(next());
            else if (a == "--level-ratio") {
                levelRatios.clear();
                for (const std::string& v : splitList(next())) levelRatios.push_back(std::stod(v));
            }
            else if (a == "--ref-iters") refIters = std::stoi(next());
            else if (a == "--repeats") repeats = std::stoi(next());
            else if (a == "--threads") threads = std::stoi(next());
            else if (a == "--blas-threads") blasThreads = std::stoi(next());
            else if (a == "--no-memory-cache") setCpuMemoryCacheEnabled(false);
            else if (a == "--profile") profile = next();
            else if (a == "--device") device = next();
            else if (a == "--json") json = true;
            else if (a == "--compare") compare = true;
            else if (a == "--terms") terms = next();
            else if (a == "--vgg") vggPath = next();
            else if (a == "--midas") midasPath = next();
            else if (a == "--depth-size") depthSize = std::stoi(next());
            else if (a == "--help") {
                std::cout << "instyle-bench [--sizes 256,512] [--iters 10] [--repeats 3] [--threads N] "
                             "[--device auto|cpu|cuda] [--terms full|nodepth] [--vgg F] [--midas F] "
                             "[--depth-size N] [--layout auto,nhwc,nchw] [--conv auto,winograd,direct] [--blas-threads N] "
                             "[--no-memory-cache] [--profile TRACE.json] [--compare] [--json]\n"
                             "instyle-bench --time-to-result [--photo 1024] [--iters 200] [--scales 3] "
                             "[--level-ratio 2,3] [--ref-iters 10] [--threads N] [--terms full|nodepth] [--json]\n";
                return 0;
            } else throw Error(ErrorCategory::InvalidArgument, "unknown option " + a);
        }
        if (terms != "full" && terms != "nodepth") throw Error(ErrorCategory::InvalidArgument, "--terms must be full or nodepth");
        configureThreads(threads);
        if (blasThreads > 0) setBlasThreads(blasThreads);
        const auto dev = resolveDevice(parseDeviceChoice(device));
        const std::string blas = blasInUse();
        const std::string python = "/usr/bin/python3", reference = INSTYLE_SOURCE_DIR "/bench/reference.py";
        std::string fixtures;
        if (compare && (vggPath.empty() || (terms == "full" && midasPath.empty()))) {
            // Random weights, written once by the reference so that both sides load the same files.
            char tmpl[] = "/tmp/instyle-bench-XXXXXX";
            if (!::mkdtemp(tmpl)) throw Error(ErrorCategory::Io, "cannot create a temporary folder");
            fixtures = tmpl;
            run(python + " " + reference + " make --out " + fixtures);
            if (vggPath.empty()) vggPath = fixtures + "/vgg19.pth";
            if (midasPath.empty()) midasPath = fixtures + "/midas.pt";
        }
        Vgg19Features vgg(0);
        if (!vggPath.empty()) vgg->loadTorchvision(readCheckpoint(vggPath), vggPath);
        std::shared_ptr<DepthModel> depth;
        if (terms == "full") depth = midasPath.empty() ? makeRandomMidasSmall(0) : loadDepthModel(midasPath);
        Stylizer stylizer(vgg, depth);
        std::atomic_bool cancel{false};
        // A cache file of this run's own: "auto" is decided by measuring here, not remembered.
        char cacheTemplate[] = "/tmp/instyle-bench-conv-XXXXXX";
        const int cacheFd = ::mkstemp(cacheTemplate);
        if (cacheFd >= 0) ::close(cacheFd);
        const std::string convCache = cacheFd >= 0 ? cacheTemplate : "";
        const auto referenceRun = [&](int size, int n) {
            return run(python + " " + reference + " run --vgg " + vggPath +
                       (terms == "full" ? " --midas " + midasPath : std::string()) + " --terms " + terms +
                       " --size " + std::to_string(size) + " --iters " + std::to_string(n) + " --threads " +
                       std::to_string(currentThreads()) + " --depth-size " + std::to_string(depthSize) +
                       " | grep RESULT");
        };
        if (timeToResult) {
            if (!compare) throw Error(ErrorCategory::InvalidArgument, "--time-to-result needs --compare");
            timeToResultReport(stylizer, dev, photo, itersGiven ? iters : 200, scales, levelRatios, refIters, depthSize,
                               terms == "nodepth", referenceRun, json);
            if (!fixtures.empty()) std::filesystem::remove_all(fixtures);
            return 0;
        }
        std::vector<Row> rows;
        for (int size : sizes) {
            torch::manual_seed(1);
            StyleRequest r;
            r.content = torch::randn({1, 3, size * 2 / 3, size});
            r.styles.push_back({torch::randn({1, 3, size, size}), 1.0});
            r.schedule.iterations = iters;
            r.schedule.scales = 1;  // seconds per iteration at one size, as the reference runs
            r.device = dev;
            r.depthSize = depthSize;
            if (terms == "nodepth") r.weights.theta = 0;
            r.convCacheFile = convCache;
            std::vector<std::pair<ConvAlgorithm, MemoryLayout>> modes;
            for (int c : convs)
                for (int l : layouts) modes.emplace_back(static_cast<ConvAlgorithm>(c), static_cast<MemoryLayout>(l));
            const size_t n = modes.size();
            std::vector<std::vector<double>> perIter(n), total(n);
            std::vector<std::string> used(n);
            std::vector<double> refPerIter, refTotal;
            stylizer.run([&] { auto w = r; w.schedule.iterations = 1; return w; }(), nullptr, cancel);  // warm-up
            for (int k = 0; k < repeats; ++k) {  // interleaved: instyle in each mode, then the reference
                for (size_t l = 0; l < n; ++l) {
                    r.conv = modes[l].first;
                    r.layout = modes[l].second;
                    std::unique_ptr<torch::autograd::profiler::RecordProfile> trace;
                    if (!profile.empty() && k == 0 && l == 0) trace = std::make_unique<torch::autograd::profiler::RecordProfile>(profile);
                    auto result = stylizer.run(r, nullptr, cancel);
                    trace.reset();
                    perIter[l].push_back(result.secondsLoop / std::max(1, result.iterationsDone));
                    total[l].push_back(result.secondsSetup + result.secondsLoop);
                    used[l] = choiceText({result.conv, result.layout});
                    if (k == 0 && (modes[l].first == ConvAlgorithm::Auto || modes[l].second == MemoryLayout::Auto))
                        std::fprintf(stderr, "size %d: %s\n", size, result.convChoice.c_str());
                }
                if (compare) {
                    const std::string line = referenceRun(size, iters);
                    refPerIter.push_back(field(line, "seconds_per_iter"));
                    refTotal.push_back(field(line, "time_to_result"));
                }
            }
            for (size_t l = 0; l < n; ++l)
                rows.push_back({size, convName(modes[l].first), layoutName(modes[l].second), used[l], median(perIter[l]),
                                median(total[l]), median(refPerIter), median(refTotal)});
        }
        if (!fixtures.empty()) std::filesystem::remove_all(fixtures);
        if (!convCache.empty()) std::filesystem::remove(convCache);
        std::printf("CPU %s (%s)\n", cpuModelName().c_str(), cpuIsaFlags().c_str());
        std::printf("device %s, BLAS %s, terms %s, %d iterations x %d repeats (median), synthetic images\n",
                    describeDevice(dev).c_str(), blas.c_str(), terms.c_str(), iters, repeats);
        if (compare) {
            std::printf("%6s %8s %6s %14s %14s %14s %8s %16s %16s\n", "size", "conv", "layout", "used", "instyle s/it",
                        "PyTorch s/it", "ratio", "instyle result s", "PyTorch result s");
            for (const auto& row : rows)
                std::printf("%6d %8s %6s %14s %14.4f %14.4f %8.3f %16.3f %16.3f\n", row.size, row.conv.c_str(),
                            row.layout.c_str(), row.used.c_str(), row.secondsPerIter, row.refPerIter,
                            row.secondsPerIter / row.refPerIter, row.timeToResult, row.refTimeToResult);
        } else {
            std::printf("%6s %8s %6s %14s %14s %16s\n", "size", "conv", "layout", "used", "s/iteration", "time-to-result");
            for (const auto& row : rows)
                std::printf("%6d %8s %6s %14s %14.4f %16.3f\n", row.size, row.conv.c_str(), row.layout.c_str(),
                            row.used.c_str(), row.secondsPerIter, row.timeToResult);
        }
        std::printf("peak RSS %.1f MiB\n", peakResidentMiB());
        if (json) {
            JsonWriter j;
            j.beginObject().field("device", dev.str()).field("threads", currentThreads()).field("blas", blas);
            j.field("cpu", cpuModelName()).field("isa", cpuIsaFlags());
            j.field("iters", iters).field("repeats", repeats).beginArray("rows");
            for (const auto& row : rows)
            {
                j.beginObject().field("size", row.size).field("conv", row.conv).field("layout", row.layout)
                    .field("used", row.used).field("seconds_per_iter", row.secondsPerIter)
                    .field("time_to_result", row.timeToResult);
                if (compare)
                    j.field("reference_seconds_per_iter", row.refPerIter).field("reference_time_to_result", row.refTimeToResult)
                        .field("ratio", row.secondsPerIter / row.refPerIter);
                j.endObject();
            }
            j.endArray().field("peak_rss_mib", peakResidentMiB()).endObject();
            std::cout << j.str() << std::endl;
        }
    } catch (const std::exception& e) {
        std::cerr << "instyle-bench: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
