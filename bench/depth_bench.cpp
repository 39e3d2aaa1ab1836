// instyle-bench-depth: what the differentiable depth term costs. Times one depth-loss evaluation
// (MiDaS small forward + backward at S×S, plus the resizes) against one evaluation of the
// VGG19 terms (content + style + Laplacian, forward + backward) on the same work image, with
// random weights (timings do not depend on the values). Prints one JSON object with medians of
// wall-clock and process CPU seconds.
//
//   instyle-bench-depth [--size N (512)] [--depth-size S (256)] [--threads T (2)] [--reps R (5)]

#include "core/depth_loss.h"
#include "core/depth_model.h"
#include "core/json_writer.h"
#include "core/loss_evaluator.h"
#include "core/runtime.h"

#include "bench_support.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

using namespace instyle;
using bench::timeInterleaved;

namespace {

int argValue(int argc, char** argv, const char* name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return std::stoi(argv[i + 1]);
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    const int size = argValue(argc, argv, "--size", 512);
    const int depthSize = argValue(argc, argv, "--depth-size", 256);
    const int reps = std::max(1, argValue(argc, argv, "--reps", 5));
    const int threads = configureThreads(argValue(argc, argv, "--threads", 2));

    torch::manual_seed(1);
    const auto content = torch::randn({1, 3, size, size}).clamp(-1.5, 1.5);
    const auto style = torch::randn({1, 3, size, size}).clamp(-1.5, 1.5);
    auto x = (content + 0.1 * torch::randn_like(content)).requires_grad_(true);

    LossEvaluator vggTerms(Vgg19Features(0), content, {{style, 1.0}}, LayerSpec{}, LaplacianOptions{});
    const LossWeights noDepth{1, 1, 0, 1e2};
    auto midas = makeRandomMidasSmall(0);
    DepthLoss depth(midas, content, DepthLossOptions{depthSize, true});
    const auto seconds = timeInterleaved(reps, {
        [&] {
            x.mutable_grad() = torch::Tensor();
            vggTerms.evaluate(x, noDepth).first.backward();
        },
        [&] {
            x.mutable_grad() = torch::Tensor();
            depth->forward(x).backward();
        },
        [&] {
            torch::NoGradGuard noGrad;
            depth->forward(x);
        },
    });
    const double vggSeconds = seconds[0].wall, depthSeconds = seconds[1].wall, depthForwardSeconds = seconds[2].wall;
    const double vggCpu = seconds[0].cpu, depthCpu = seconds[1].cpu;

    JsonWriter j;
    j.beginObject()
        .field("threads", threads)
        .field("image_size", size)
        .field("depth_size", depthSize)
        .field("reps", reps)
        .field("vgg_terms_fwd_bwd_s", vggSeconds)
        .field("depth_loss_fwd_bwd_s", depthSeconds)
        .field("depth_loss_fwd_only_s", depthForwardSeconds)
        .field("depth_over_vgg", depthSeconds / vggSeconds)
        .field("depth_share_of_iteration", depthSeconds / (vggSeconds + depthSeconds))
        .field("vgg_terms_fwd_bwd_cpu_s", vggCpu)
        .field("depth_loss_fwd_bwd_cpu_s", depthCpu)
        .field("depth_over_vgg_cpu", depthCpu / vggCpu)
        .endObject();
    std::cout << j.str() << std::endl;
    return 0;
}
