// instyle-bench-depth: what the differentiable depth term costs. Times one depth-loss evaluation
// (MiDaS small forward + backward at S×S, plus the resizes) against one evaluation of the
// VGG19 terms (content + style + Laplacian, forward + backward) on the same work image, with
// random weights (timings do not depend on the values). Prints one JSON object with medians of
// wall-clock and process CPU seconds.
//
//   instyle-bench-depth [--size N (512)] [--depth-size S (256)] [--threads T (2)] [--reps R (5)]

#include "core/style/depth_loss.h"
#include "core/nets/depth_model.h"
#include "core/base/json_writer.h"
#include "core/style/loss_evaluator.h"
#include "core/base/runtime.h"

#include "bench_support.h"

#include <torch/torch.h>

#include <iostream>
#include <string>
#include <vector>

using namespace instyle;

namespace {

const bench::Program kProgram{
    "instyle-bench-depth",
    "instyle-bench-depth [--size N (512)] [--depth-size S (256)] [--threads T (2)] [--reps R (5)]\n",
    {"size", "depth-size", "threads", "reps"},
    {},
};

int runBench(const cli::Args& args) {
    const int size = cli::intOption(args, options::size);
    const int depthSize = cli::intOption(args, options::depthSize);
    const int reps = bench::intAtLeast(args, "reps", 5, 1);
    const int threads = configureThreads(cli::intOption(args, bench::withDefault(options::threads, 2)));

    torch::manual_seed(1);
    const auto content = torch::randn({1, 3, size, size}).clamp(-1.5, 1.5);
    const auto style = torch::randn({1, 3, size, size}).clamp(-1.5, 1.5);
    auto x = (content + 0.1 * torch::randn_like(content)).requires_grad_(true);

    LossEvaluator vggTerms(Vgg19Features(0), content, {{style, 1.0}}, LayerSpec{}, LaplacianOptions{});
    const LossWeights noDepth{1, 1, 0, 1e2};
    auto midas = makeRandomMidasSmall(0);
    DepthLoss depth(midas, content, DepthLossOptions{depthSize, true});
    const auto seconds = bench::timeInterleaved(reps, {
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

}  // namespace

int main(int argc, char** argv) { return bench::runProgram(kProgram, argc, argv, runBench); }
