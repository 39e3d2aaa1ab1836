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

#include "core/checkpoint_reader.h"
#include "core/conv_tuner.h"
#include "core/cpu_memory_cache.h"
#include "core/error.h"
#include "core/json_writer.h"
#include "core/mobile_sam.h"
#include "core/runtime.h"
#include "core/sam_predictor.h"
#include "core/stylize_options.h"

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

#include <unistd.h>

using namespace instyle;

namespace {

using Clock = std::chrono::steady_clock;

// --layout's value by the option table's names (the index is the MemoryLayout, as in instyle-bench).
MemoryLayout parseLayout(const std::string& text) { return static_cast<MemoryLayout>(checkedChoice(options::layout, text)); }

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

}  // namespace

int main(int argc, char** argv) {
    try {
        std::string weights, profile, layout = "auto";
        int64_t width = 1600, height = 1200;
        int threads = 2, reps = 5, blasThreads = 0;
        bool compare = false, json = false;
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw Error(ErrorCategory::InvalidArgument, a + " needs a value");
                return argv[++i];
            };
            if (a == "--weights") weights = next();
            else if (a == "--photo") {
                const std::string v = next();
                const auto x = v.find('x');
                if (x == std::string::npos) throw Error(ErrorCategory::InvalidArgument, "--photo takes WxH, got " + v);
                width = std::stoll(v.substr(0, x));
                height = std::stoll(v.substr(x + 1));
            } else if (a == "--threads") threads = std::stoi(next());
            else if (a == "--reps") reps = std::max(1, std::stoi(next()));
            else if (a == "--compare") compare = true;
            else if (a == "--profile") profile = next();
            else if (a == "--json") json = true;
            else if (a == "--layout") layout = next();
            else if (a == "--blas-threads") blasThreads = std::stoi(next());
            else if (a == "--no-memory-cache") setCpuMemoryCacheEnabled(false);
            else if (a == "--help") {
                std::cout << "instyle-bench-sam [--weights FILE] [--photo WxH (1600x1200)] [--threads N (2)] "
                             "[--reps R (5)] [--layout auto|nchw|nhwc] [--blas-threads N] [--no-memory-cache] "
                             "[--compare] [--profile TRACE.json] [--json]\n";
                return 0;
            } else throw Error(ErrorCategory::InvalidArgument, "unknown option " + a);
        }
        if (width < 2 || height < 2) throw Error(ErrorCategory::InvalidArgument, "--photo is too small");
        threads = configureThreads(threads);
        if (blasThreads > 0) setBlasThreads(blasThreads);
        const std::string python = "/usr/bin/python3", reference = INSTYLE_SOURCE_DIR "/tests/reference/sam_reference.py";
        const auto referenceRun = [&] {
            return bench::run(python + " " + reference + " bench --weights " + weights + " --height " +
                              std::to_string(height) + " --width " + std::to_string(width) + " --threads " +
                              std::to_string(threads) + " --reps " + std::to_string(reps) + " | grep RESULT");
        };
        std::string referenceLine;
        if (compare && weights.empty()) {
            char tmpl[] = "/tmp/instyle-bench-sam-XXXXXX";
            if (!::mkdtemp(tmpl)) throw Error(ErrorCategory::Io, "cannot create a temporary folder");
            weights = std::string(tmpl) + "/mobile_sam.pt";
            referenceLine = referenceRun();  // writes the weights, then times
        }

        auto model = std::make_shared<MobileSam>(0);
        if (!weights.empty()) model->loadOfficial(readCheckpoint(weights), weights);
        SamPredictor predictor(model);
        // "auto" measures anew with a cache file of this run's own (as instyle-bench does).
        char cacheTemplate[] = "/tmp/instyle-bench-sam-conv-XXXXXX";
        const int cacheFd = ::mkstemp(cacheTemplate);
        if (cacheFd >= 0) ::close(cacheFd);
        const SamLayouts layouts = predictor.chooseLayouts(parseLayout(layout), cacheFd >= 0 ? cacheTemplate : "");
        if (cacheFd >= 0) ::unlink(cacheTemplate);
        torch::manual_seed(1);
        const auto photo = syntheticPhoto(height, width);
        const auto prompts = benchPrompts(static_cast<double>(height), static_cast<double>(width));

        std::map<std::string, std::vector<double>> times;
        const auto round = [&](bool keep) {
            auto start = Clock::now();
            const SamEmbedding embedding = predictor.encode(photo);
            if (keep) times["encode"].push_back(secondsSince(start));
            start = Clock::now();
            const auto resized = SamPredictor::resizeLongestSide(photo);
            if (keep) times["resize"].push_back(secondsSince(start));
            {
                // The encoder's parts on the same input as encode()'s.
                c10::InferenceMode inference;
                CpuMemoryCacheScope memoryCache;
                const auto x = SamPredictor::preprocess(resized);
                auto partStart = Clock::now();
                model->imageEncoder->forward(x, [&](const char* part) {
                    if (keep) times[part].push_back(secondsSince(partStart));
                    partStart = Clock::now();
                });
            }
            at::Tensor bestLowRes;
            for (const auto& p : prompts) {
                start = Clock::now();
                const SamMasks masks = predictor.decode(embedding, p.prompt, p.refine ? bestLowRes : at::Tensor(), p.multimask);
                if (keep) times[p.name].push_back(secondsSince(start));
                if (p.name == "decode_point") bestLowRes = masks.lowResLogits[masks.best];
            }
        };
        round(false);  // warm-up
        for (int r = 0; r < reps; ++r) round(true);
        if (!profile.empty()) {
            torch::autograd::profiler::RecordProfile guard(profile);
            round(false);
        }
        if (compare && referenceLine.empty()) referenceLine = referenceRun();

        std::printf("CPU %s (%s), %d threads, photo %lldx%lld, median of %d\n",
                    cpuModelName().c_str(), cpuIsaFlags().c_str(), threads, static_cast<long long>(width),
                    static_cast<long long>(height), reps);
        std::printf("layouts %s, %.2f s measuring: %s\n", layouts.text().c_str(), layouts.secondsTuning,
                    layouts.summary.c_str());
        std::printf("%-16s %12s", "part", "instyle s");
        if (compare) std::printf(" %12s %8s", "reference s", "ratio");
        std::printf("\n");
        JsonWriter j;
        j.beginObject().field("cpu", cpuModelName()).field("isa", cpuIsaFlags()).field("threads", threads)
            .field("photo_width", static_cast<int>(width)).field("photo_height", static_cast<int>(height))
            .field("reps", reps).field("layout", layouts.text()).field("seconds_tune", layouts.secondsTuning)
            .beginArray("rows");
        for (const auto& row : kRows) {
            const double s = bench::median(times[row]);
            std::printf("%-16s %12.3f", row.c_str(), s);
            j.beginObject().field("part", row).field("seconds", s);
            if (compare) {
                const double ref = bench::field(referenceLine, row);
                std::printf(" %12.3f %8.2f", ref, s / ref);
                j.field("reference_seconds", ref).field("ratio", s / ref);
            }
            std::printf("\n");
            j.endObject();
        }
        j.endArray().field("peak_rss_mib", peakResidentMiB()).endObject();
        if (json) std::cout << j.str() << std::endl;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "instyle-bench-sam: " << e.what() << "\n";
        return 1;
    }
}
