// instyle-bench-sam: MobileSAM's speed as `instyle-cli segment --arch mobile_sam` reports it —
// encode (the longest-side resize, normalisation and TinyViT-5M at 1024, once per photo) and
// decode (prompt encoder, mask decoder and post-processing, per prompt) — with the encoder's parts,
// on a synthetic photo. With --compare the Python reference of the official code
// (tests/reference/sam_reference.py bench: same weights file, same threads, same prompts) runs
// in the same invocation and each row gets the ratio instyle / reference.
//
//   instyle-bench-sam [--weights FILE] [--photo WxH (1600x1200)] [--threads N (2)] [--reps R (5)]
//                     [--layout auto|nchw|nhwc] [--blas-threads N] [--no-memory-cache]
//                     [--compare] [--profile TRACE.json] [--json]
//
// --layout: the encoder's layouts (SamPredictor::chooseLayouts; auto measures anew, with a cache
// file of this run's own). --blas-threads N: give the BLAS its own N threads again, the engine's
// products then use them instead of LibTorch's (parallel_gemm.h; the default is 1). --no-memory-cache:
// LibTorch's own allocator behaviour (cpu_memory_cache.h). Both for measuring what they save.
//
// Without --weights the network has random weights (timings do not depend on the values); with
// --compare and no --weights the reference writes random weights that both sides then load.
// --profile writes LibTorch's operator trace of one encode and the decodes (chrome://tracing).

#include "core/base/error.h"
#include "core/checkpoint/checkpoint_reader.h"
#include "core/kernels/conv_tuner.h"
#include "core/kernels/cpu_memory_cache.h"
#include "core/base/json_writer.h"
#include "core/sam/mobile_sam.h"
#include "core/base/runtime.h"
#include "core/sam/sam_predictor.h"

#include "bench_support.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace instyle;

namespace {

using Clock = std::chrono::steady_clock;

const bench::Program kProgram{
    "instyle-bench-sam",
    "instyle-bench-sam [--weights FILE] [--photo WxH (1600x1200)] [--threads N (2)] "
    "[--reps R (5)] [--layout auto|nchw|nhwc] [--blas-threads N] [--no-memory-cache] "
    "[--compare] [--profile TRACE.json] [--json]\n",
    {"weights", "photo", "threads", "reps", "profile", "layout", "blas-threads"},
    {"compare", "json", "no-memory-cache"},
    1,
};

struct Options {
    std::string weights, profile;
    MemoryLayout layout = MemoryLayout::Auto;
    int64_t width = 1600, height = 1200;
    int threads = 2, reps = 5, blasThreads = 0;
    bool compare = false, json = false, memoryCache = true;
};

Options parseOptions(const cli::Args& args) {
    Options o;
    o.weights = args.value("weights").value_or("");
    if (const auto photo = args.value("photo")) {
        const auto x = photo->find('x');
        if (x == std::string::npos) throw Error(ErrorCategory::InvalidArgument, "--photo takes WxH, got " + *photo);
        o.width = cli::parseInt("photo", photo->substr(0, x));
        o.height = cli::parseInt("photo", photo->substr(x + 1));
    }
    if (o.width < 2 || o.height < 2) throw Error(ErrorCategory::InvalidArgument, "--photo is too small");
    o.threads = cli::intOption(args, bench::withDefault(options::threads, 2));
    o.reps = bench::intAtLeast(args, "reps", 5, 1);
    o.blasThreads = bench::intAtLeast(args, "blas-threads", 0, 0);
    // The option table's names; the index is the MemoryLayout (as in instyle-bench).
    o.layout = static_cast<MemoryLayout>(cli::choiceOption(args, options::layout));
    o.profile = args.value("profile").value_or("");
    o.compare = args.flag("compare");
    o.json = args.flag("json");
    o.memoryCache = !args.flag("no-memory-cache");
    return o;
}

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The rows, in print order; "encode" and the decodes are what the CLI reports.
const std::vector<std::string> kRows = {"encode",   "resize",   "patch_embed", "layers.0",      "layers.1",
                                        "layers.2", "layers.3", "neck",        "decode_point",  "decode_points",
                                        "decode_box", "decode_refine"};

// A smooth synthetic photo with a few flat objects (the content does not change the timings).
at::Tensor syntheticPhoto(int64_t height, int64_t width) {
    const auto y = torch::linspace(0, 1, height).view({height, 1, 1});
    const auto x = torch::linspace(0, 1, width).view({1, width, 1});
    const auto c = torch::tensor({1.0f, 0.6f, -0.4f}).view({1, 1, 3});
    auto rgb = 80 + 100 * (x * c + y * (1 - c)) + 4 * torch::randn({height, width, 3});
    return rgb.clamp(0, 255).to(torch::kUInt8).contiguous();
}

// The prompts of sam_reference.py's bench_prompts, in photo pixels.
struct BenchPrompt {
    std::string name;
    SamPrompt prompt;
    bool multimask = false, refine = false;
};

std::vector<BenchPrompt> benchPrompts(double h, double w) {
    const auto p = [&](double fx, double fy, bool include = true) { return SamPoint{w * fx, h * fy, include}; };
    const std::vector<SamPoint> three = {p(0.5, 0.5), p(0.55, 0.45), p(0.8, 0.2, false)};
    SamPrompt one, several, boxed;
    one.points = {p(0.25, 0.3)};
    several.points = three;
    boxed.points = {p(0.3, 0.4, false)};
    boxed.box = SamBox{w * 0.1, h * 0.15, w * 0.6, h * 0.7};
    return {{"decode_point", one, true, false},
            {"decode_points", several, false, false},
            {"decode_box", boxed, false, false},
            {"decode_refine", several, false, true}};
}

// The reference's RESULT line: the same weights file, photo size, threads and repetitions (it
// writes random weights to the file first when there is none).
std::string referenceRun(const Options& o) {
    return bench::runPython("tests/reference/sam_reference.py",
                            "bench --weights " + o.weights + " --height " + std::to_string(o.height) + " --width " +
                                std::to_string(o.width) + " --threads " + std::to_string(o.threads) + " --reps " +
                                std::to_string(o.reps));
}

using Times = std::map<std::string, std::vector<double>>;

// One encode of `photo`, the encoder's parts on the same input, and each prompt's decode; the
// seconds go to `times` when it is given.
void timeRound(SamPredictor& predictor, MobileSam& model, const at::Tensor& photo, const std::vector<BenchPrompt>& prompts,
               Times* times) {
    const auto keep = [&](const std::string& row, Clock::time_point start) {
        if (times) (*times)[row].push_back(secondsSince(start));
    };
    auto start = Clock::now();
    const SamEmbedding embedding = predictor.encode(photo);
    keep("encode", start);
    start = Clock::now();
    const auto resized = SamPredictor::resizeLongestSide(photo);
    keep("resize", start);
    {
        c10::InferenceMode inference;
        CpuMemoryCacheScope memoryCache;
        const auto x = SamPredictor::preprocess(resized);
        auto partStart = Clock::now();
        model.imageEncoder->forward(x, [&](const char* part) {
            keep(part, partStart);
            partStart = Clock::now();
        });
    }
    at::Tensor bestLowRes;
    for (const auto& p : prompts) {
        start = Clock::now();
        const SamMasks masks = predictor.decode(embedding, p.prompt, p.refine ? bestLowRes : at::Tensor(), p.multimask);
        keep(p.name, start);
        if (p.name == "decode_point") bestLowRes = masks.lowResLogits[masks.best];
    }
}

void printReport(const Options& o, const SamLayouts& layouts, Times& times, const std::string& referenceLine) {
    std::printf("CPU %s (%s), %d threads, photo %lldx%lld, median of %d\n",
                cpuModelName().c_str(), cpuIsaFlags().c_str(), o.threads, static_cast<long long>(o.width),
                static_cast<long long>(o.height), o.reps);
    std::printf("layouts %s, %.2f s measuring: %s\n", layouts.text().c_str(), layouts.secondsTuning,
                layouts.summary.c_str());
    std::printf("%-16s %12s", "part", "instyle s");
    if (o.compare) std::printf(" %12s %8s", "reference s", "ratio");
    std::printf("\n");
    JsonWriter j;
    j.beginObject().field("cpu", cpuModelName()).field("isa", cpuIsaFlags()).field("threads", o.threads)
        .field("photo_width", static_cast<int>(o.width)).field("photo_height", static_cast<int>(o.height))
        .field("reps", o.reps).field("layout", layouts.text()).field("seconds_tune", layouts.secondsTuning)
        .beginArray("rows");
    for (const auto& row : kRows) {
        const double s = bench::median(times[row]);
        std::printf("%-16s %12.3f", row.c_str(), s);
        j.beginObject().field("part", row).field("seconds", s);
        if (o.compare) {
            const double ref = bench::field(referenceLine, row);
            std::printf(" %12.3f %8.2f", ref, s / ref);
            j.field("reference_seconds", ref).field("ratio", s / ref);
        }
        std::printf("\n");
        j.endObject();
    }
    j.endArray().field("peak_rss_mib", peakResidentMiB()).endObject();
    if (o.json) std::cout << j.str() << std::endl;
}

int runBench(const cli::Args& args) {
    Options o = parseOptions(args);
    if (!o.memoryCache) setCpuMemoryCacheEnabled(false);
    o.threads = configureThreads(o.threads);
    if (o.blasThreads > 0) setBlasThreads(o.blasThreads);
    std::unique_ptr<bench::TempDir> fixtures;  // --compare without --weights: the reference writes them
    std::string referenceLine;
    if (o.compare && o.weights.empty()) {
        fixtures = std::make_unique<bench::TempDir>("instyle-bench-sam");
        o.weights = fixtures->path() + "/mobile_sam.pt";
        referenceLine = referenceRun(o);  // writes the weights, then times
    }
    auto model = std::make_shared<MobileSam>(0);
    if (!o.weights.empty()) model->loadOfficial(readCheckpoint(o.weights), o.weights);
    SamPredictor predictor(model);
    // "auto" measures anew with a cache file of this run's own (as instyle-bench does).
    bench::TempFile convCache("instyle-bench-sam-conv");
    const SamLayouts layouts = predictor.chooseLayouts(o.layout, convCache.path());
    convCache.remove();
    torch::manual_seed(1);
    const auto photo = syntheticPhoto(o.height, o.width);
    const auto prompts = benchPrompts(static_cast<double>(o.height), static_cast<double>(o.width));
    Times times;
    timeRound(predictor, *model, photo, prompts, nullptr);  // warm-up
    for (int r = 0; r < o.reps; ++r) timeRound(predictor, *model, photo, prompts, &times);
    if (!o.profile.empty()) {
        torch::autograd::profiler::RecordProfile guard(o.profile);
        timeRound(predictor, *model, photo, prompts, nullptr);
    }
    if (o.compare && referenceLine.empty()) referenceLine = referenceRun(o);
    printReport(o, layouts, times, referenceLine);
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return bench::runProgram(kProgram, argc, argv, runBench); }
