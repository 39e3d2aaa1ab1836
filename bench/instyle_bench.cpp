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

#include "core/checkpoint/checkpoint_reader.h"
#include "core/kernels/conv_tuner.h"
#include "core/kernels/cpu_memory_cache.h"
#include "core/nets/depth_model.h"
#include "core/base/error.h"
#include "core/base/json_writer.h"
#include "core/base/runtime.h"
#include "core/style/stylizer.h"

#include "bench_support.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using namespace instyle;
using bench::field;
using bench::median;

namespace {

const bench::Program kProgram{
    "instyle-bench",
    "instyle-bench [--sizes 256,512] [--iters 10] [--repeats 3] [--threads N] "
    "[--device auto|cpu|cuda] [--terms full|nodepth] [--vgg F] [--midas F] "
    "[--depth-size N] [--layout auto,nhwc,nchw] [--conv auto,winograd,direct] [--blas-threads N] "
    "[--no-memory-cache] [--profile TRACE.json] [--compare] [--json]\n"
    "instyle-bench --time-to-result [--photo 1024] [--iters 200] [--scales 3] "
    "[--level-ratio 2,3] [--ref-iters 10] [--threads N] [--terms full|nodepth] [--json]\n",
    {"sizes", "iters", "layout", "conv", "photo", "scales", "level-ratio", "ref-iters", "repeats", "threads",
     "blas-threads", "profile", "device", "terms", "vgg", "midas", "depth-size"},
    {"time-to-result", "no-memory-cache", "json", "compare"},
    2,
};

struct Options {
    std::vector<int> sizes;
    int iters = 10, repeats = 3, threads = 0, blasThreads = 0, depthSize = 256;
    std::string device, terms, vggPath, midasPath, profile;
    bool json = false, compare = false, timeToResult = false, memoryCache = true;
    std::vector<int> layouts, convs;  // the option table's choice indices
    int photo = 1024, scales = 3, refIters = 10;
    std::vector<double> levelRatios;
    bool noDepth() const { return terms == "nodepth"; }
};

Options parseOptions(const cli::Args& args) {
    Options o;
    o.sizes = bench::intList(args, "sizes", {256, 512}, 16);
    // --time-to-result runs the whole schedule: 200 iterations unless --iters says otherwise.
    o.timeToResult = args.flag("time-to-result");
    o.iters = cli::intOption(args, bench::withDefault(options::iters, o.timeToResult ? 200 : 10));
    o.repeats = bench::intAtLeast(args, "repeats", 3, 1);
    o.threads = cli::intOption(args, options::threads);
    o.blasThreads = bench::intAtLeast(args, "blas-threads", 0, 0);
    o.depthSize = cli::intOption(args, options::depthSize);
    o.device = args.value("device").value_or("auto");
    o.terms = args.value("terms").value_or("full");
    if (o.terms != "full" && o.terms != "nodepth") throw Error(ErrorCategory::InvalidArgument, "--terms must be full or nodepth");
    o.vggPath = args.value("vgg").value_or("");
    o.midasPath = args.value("midas").value_or("");
    o.profile = args.value("profile").value_or("");
    o.json = args.flag("json");
    o.compare = args.flag("compare");
    o.memoryCache = !args.flag("no-memory-cache");
    o.layouts = bench::choiceList(args, options::layout);
    o.convs = bench::choiceList(args, options::conv);
    o.photo = bench::intAtLeast(args, "photo", 1024, 16);
    o.scales = cli::intOption(args, options::scales);
    o.refIters = bench::intAtLeast(args, "ref-iters", 10, 1);
    o.levelRatios = bench::numberList(args, "level-ratio", {Schedule{}.levelRatio});
    if (o.timeToResult && !o.compare) throw Error(ErrorCategory::InvalidArgument, "--time-to-result needs --compare");
    return o;
}

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

// The weights both sides load. Without --vgg (or, with the depth term, --midas) and with
// --compare, random weights written once by the reference, in a folder of this run's own.
struct Weights {
    std::unique_ptr<bench::TempDir> fixtures;
    Vgg19Features vgg = Vgg19Features(0);
    std::shared_ptr<DepthModel> depth;
};

Weights loadWeights(Options& o) {
    Weights w;
    if (o.compare && (o.vggPath.empty() || (!o.noDepth() && o.midasPath.empty()))) {
        w.fixtures = std::make_unique<bench::TempDir>("instyle-bench");
        bench::runPython("bench/reference.py", "make --out " + w.fixtures->path(), false);
        if (o.vggPath.empty()) o.vggPath = w.fixtures->path() + "/vgg19.pth";
        if (o.midasPath.empty()) o.midasPath = w.fixtures->path() + "/midas.pt";
    }
    if (!o.vggPath.empty()) w.vgg->loadTorchvision(readCheckpoint(o.vggPath), o.vggPath);
    if (!o.noDepth()) w.depth = o.midasPath.empty() ? makeRandomMidasSmall(0) : loadDepthModel(o.midasPath);
    return w;
}

// The Python reference's RESULT line for `iters` iterations at `size`, same weights and threads.
std::string referenceRun(const Options& o, int size, int iters) {
    return bench::runPython("bench/reference.py",
                            "run --vgg " + o.vggPath + (o.noDepth() ? std::string() : " --midas " + o.midasPath) +
                                " --terms " + o.terms + " --size " + std::to_string(size) + " --iters " +
                                std::to_string(iters) + " --threads " + std::to_string(currentThreads()) +
                                " --depth-size " + std::to_string(o.depthSize));
}

// A run of `request` reduced to one iteration: the warm-up before timing.
StyleRequest oneIteration(StyleRequest request) {
    request.schedule.iterations = 1;
    return request;
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

// The rows of one size: each conv x layout mode, interleaved with the reference over the repeats.
std::vector<Row> measureSize(Stylizer& stylizer, const Options& o, const c10::Device& dev, const std::string& convCache,
                             int size) {
    torch::manual_seed(1);
    StyleRequest r;
    r.content = torch::randn({1, 3, size * 2 / 3, size});
    r.styles.push_back({torch::randn({1, 3, size, size}), 1.0});
    r.schedule.iterations = o.iters;
    r.schedule.scales = 1;  // seconds per iteration at one size, as the reference runs
    r.device = dev;
    r.depthSize = o.depthSize;
    if (o.noDepth()) r.weights.theta = 0;
    r.convCacheFile = convCache;
    std::vector<std::pair<ConvAlgorithm, MemoryLayout>> modes;
    for (int c : o.convs)
        for (int l : o.layouts) modes.emplace_back(static_cast<ConvAlgorithm>(c), static_cast<MemoryLayout>(l));
    const size_t n = modes.size();
    std::vector<std::vector<double>> perIter(n), total(n);
    std::vector<std::string> used(n);
    std::vector<double> refPerIter, refTotal;
    std::atomic_bool cancel{false};
    stylizer.run(oneIteration(r), nullptr, cancel);
    for (int k = 0; k < o.repeats; ++k) {  // interleaved: instyle in each mode, then the reference
        for (size_t l = 0; l < n; ++l) {
            r.conv = modes[l].first;
            r.layout = modes[l].second;
            std::unique_ptr<torch::autograd::profiler::RecordProfile> trace;
            if (!o.profile.empty() && k == 0 && l == 0) trace = std::make_unique<torch::autograd::profiler::RecordProfile>(o.profile);
            auto result = stylizer.run(r, nullptr, cancel);
            trace.reset();
            perIter[l].push_back(result.secondsLoop / std::max(1, result.iterationsDone));
            total[l].push_back(result.secondsSetup + result.secondsLoop);
            used[l] = choiceText({result.conv, result.layout});
            if (k == 0 && (modes[l].first == ConvAlgorithm::Auto || modes[l].second == MemoryLayout::Auto))
                std::fprintf(stderr, "size %d: %s\n", size, result.convChoice.c_str());
        }
        if (o.compare) {
            const std::string line = referenceRun(o, size, o.iters);
            refPerIter.push_back(field(line, "seconds_per_iter"));
            refTotal.push_back(field(line, "time_to_result"));
        }
    }
    std::vector<Row> rows;
    for (size_t l = 0; l < n; ++l)
        rows.push_back({size, convName(modes[l].first), layoutName(modes[l].second), used[l], median(perIter[l]),
                        median(total[l]), median(refPerIter), median(refTotal)});
    return rows;
}

void printRows(const std::vector<Row>& rows, const Options& o, const c10::Device& dev, const std::string& blas) {
    std::printf("CPU %s (%s)\n", cpuModelName().c_str(), cpuIsaFlags().c_str());
    std::printf("device %s, BLAS %s, terms %s, %d iterations x %d repeats (median), synthetic images\n",
                describeDevice(dev).c_str(), blas.c_str(), o.terms.c_str(), o.iters, o.repeats);
    if (o.compare) {
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
}

void printRowsJson(const std::vector<Row>& rows, const Options& o, const c10::Device& dev, const std::string& blas) {
    JsonWriter j;
    j.beginObject().field("device", dev.str()).field("threads", currentThreads()).field("blas", blas);
    j.field("cpu", cpuModelName()).field("isa", cpuIsaFlags());
    j.field("iters", o.iters).field("repeats", o.repeats).beginArray("rows");
    for (const auto& row : rows) {
        j.beginObject().field("size", row.size).field("conv", row.conv).field("layout", row.layout)
            .field("used", row.used).field("seconds_per_iter", row.secondsPerIter)
            .field("time_to_result", row.timeToResult);
        if (o.compare)
            j.field("reference_seconds_per_iter", row.refPerIter).field("reference_time_to_result", row.refTimeToResult)
                .field("ratio", row.secondsPerIter / row.refPerIter);
        j.endObject();
    }
    j.endArray().field("peak_rss_mib", peakResidentMiB()).endObject();
    std::cout << j.str() << std::endl;
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

// Time to result for one instance (see the header comment): the crop's request, single scale.
StyleRequest instanceCropRequest(const Options& o, const c10::Device& dev, int64_t& photoW, int64_t& photoH) {
    torch::manual_seed(3);
    photoW = o.photo;
    photoH = o.photo * 2 / 3;
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
    r.schedule.iterations = o.iters;
    r.schedule.scales = 1;  // the single-scale baseline; the coarse-to-fine rows set their own
    r.device = dev;
    r.depthSize = o.depthSize;
    if (o.noDepth()) r.weights.theta = 0;
    return r;
}

struct TimeToResult {
    int64_t photoW = 0, photoH = 0, cropW = 0, cropH = 0;
    std::vector<StyleResult> c2f;  // one per level ratio
    StyleResult single;
    double refPerIter = 0, refResult = 0;
    static double seconds(const StyleResult& result) { return result.secondsSetup + result.secondsLoop; }
};

TimeToResult measureTimeToResult(Stylizer& stylizer, const Options& o, const c10::Device& dev) {
    TimeToResult t;
    const StyleRequest r = instanceCropRequest(o, dev, t.photoW, t.photoH);
    t.cropW = r.content.size(3);
    t.cropH = r.content.size(2);
    std::atomic_bool cancel{false};
    stylizer.run(oneIteration(r), nullptr, cancel);
    for (double ratio : o.levelRatios) {
        auto fine = r;
        fine.schedule.scales = o.scales;
        fine.schedule.levelRatio = ratio;
        t.c2f.push_back(stylizer.run(fine, nullptr, cancel));
    }
    t.single = stylizer.run(r, nullptr, cancel);
    const std::string line = referenceRun(o, o.photo, o.refIters);
    t.refPerIter = field(line, "seconds_per_iter");
    const double refSetup = field(line, "time_to_result") - o.refIters * t.refPerIter;
    t.refResult = refSetup + o.iters * t.refPerIter;
    return t;
}

void printTimeToResult(const TimeToResult& t, const Options& o, const c10::Device& dev) {
    const double singleResult = TimeToResult::seconds(t.single);
    std::printf("device %s, time to result for one instance (synthetic images)\n", describeDevice(dev).c_str());
    std::printf("photo %lldx%lld, instance 25%% of it, crop %lldx%lld (15%% margin), %d iterations, terms %s\n",
                static_cast<long long>(t.photoW), static_cast<long long>(t.photoH), static_cast<long long>(t.cropW),
                static_cast<long long>(t.cropH), o.iters, o.noDepth() ? "nodepth" : "full");
    std::printf("%-46s %12s %10s %14s\n", "run", "seconds", "speed-up", "final loss");
    std::printf("%-46s %12.1f %10s %14s\n", ("PyTorch reference, whole photo (from " + std::to_string(o.refIters) + " its)").c_str(),
                t.refResult, "1.0", "-");
    std::printf("%-46s %12.1f %10.2f %14.6g\n", "instyle, crop, single scale", singleResult, t.refResult / singleResult,
                t.single.lossLast.total);
    for (size_t i = 0; i < o.levelRatios.size(); ++i) {
        const StyleResult& c = t.c2f[i];
        char label[96];
        std::snprintf(label, sizeof label, "instyle, crop, coarse to fine (%d levels, ratio %g)", c.levels, o.levelRatios[i]);
        std::printf("%-46s %12.1f %10.2f %14.6g  loss / single-scale %.3f (target <= 1.2)\n", label, TimeToResult::seconds(c),
                    t.refResult / TimeToResult::seconds(c), c.lossLast.total, c.lossLast.total / t.single.lossLast.total);
    }
    std::printf("peak RSS %.1f MiB\n", peakResidentMiB());
}

void printTimeToResultJson(const TimeToResult& t, const Options& o, const c10::Device& dev) {
    const auto seconds = TimeToResult::seconds;
    const StyleResult& first = t.c2f.front();
    JsonWriter j;
    j.beginObject().field("device", dev.str()).field("threads", currentThreads()).field("photo_width", int(t.photoW))
        .field("photo_height", int(t.photoH)).field("crop_width", int(t.cropW)).field("crop_height", int(t.cropH)).field("iters", o.iters)
        .field("scales", first.levels).field("reference_seconds_per_iter", t.refPerIter)
        .field("reference_measured_iters", o.refIters).field("reference_time_to_result", t.refResult)
        .field("single_scale_time_to_result", seconds(t.single)).field("single_scale_loss_last", t.single.lossLast.total)
        // The first level ratio's run under the original field names, then every run.
        .field("coarse_to_fine_time_to_result", seconds(first))
        .field("coarse_to_fine_loss_last", first.lossLast.total)
        .field("speedup", t.refResult / seconds(first))
        .field("loss_ratio", first.lossLast.total / t.single.lossLast.total);
    j.beginArray("coarse_to_fine");
    for (size_t i = 0; i < o.levelRatios.size(); ++i)
        j.beginObject().field("level_ratio", o.levelRatios[i]).field("levels", t.c2f[i].levels)
            .field("time_to_result", seconds(t.c2f[i])).field("loss_last", t.c2f[i].lossLast.total)
            .field("speedup", t.refResult / seconds(t.c2f[i])).field("loss_ratio", t.c2f[i].lossLast.total / t.single.lossLast.total)
            .endObject();
    j.endArray().field("peak_rss_mib", peakResidentMiB()).endObject();
    std::cout << j.str() << std::endl;
}

int runBench(const cli::Args& args) {
    Options o = parseOptions(args);
    if (!o.memoryCache) setCpuMemoryCacheEnabled(false);
    configureThreads(o.threads);
    if (o.blasThreads > 0) setBlasThreads(o.blasThreads);
    const auto dev = resolveDevice(parseDeviceChoice(o.device));
    const std::string blas = blasInUse();
    const Weights weights = loadWeights(o);
    Stylizer stylizer(weights.vgg, weights.depth);
    if (o.timeToResult) {
        const TimeToResult t = measureTimeToResult(stylizer, o, dev);
        printTimeToResult(t, o, dev);
        if (o.json) printTimeToResultJson(t, o, dev);
        return 0;
    }
    // A cache file of this run's own: "auto" is decided by measuring here, not remembered.
    const bench::TempFile convCache("instyle-bench-conv");
    std::vector<Row> rows;
    for (int size : o.sizes)
        for (Row& row : measureSize(stylizer, o, dev, convCache.path(), size)) rows.push_back(std::move(row));
    printRows(rows, o, dev, blas);
    if (o.json) printRowsJson(rows, o, dev, blas);
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return bench::runProgram(kProgram, argc, argv, runBench); }
