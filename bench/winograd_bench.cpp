// instyle-bench-winograd: VGG19's 3x3 convolutions (C_in >= 64) at their sizes for a given work
// size, forward and gradient w.r.t. the input, LibTorch's direct convolution (NCHW and
// channels-last) against core/kernels/winograd_conv.h, medians of interleaved repeats, with ratios.
// Links engine/core only.
//
//   instyle-bench-winograd [--width 512] [--height 384] [--repeats 5] [--threads N] [--portable]

#include "core/kernels/conv_tuner.h"
#include "core/base/runtime.h"
#include "core/kernels/winograd_conv.h"

#include "bench_support.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace instyle;

namespace {

const bench::Program kProgram{
    "instyle-bench-winograd",
    "instyle-bench-winograd [--width 512] [--height 384] [--repeats 5] [--threads N] [--portable]\n",
    {"width", "height", "repeats", "threads"},
    {"portable"},
};

// Seconds of one forward and input-gradient pass of `conv` on x.
template <typename F>
double timeOnce(const at::Tensor& x0, const F& conv) {
    at::Tensor x = x0.detach().clone().requires_grad_(true);
    const auto start = std::chrono::steady_clock::now();
    conv(x).sum().backward();
    (void)x.grad().data_ptr<float>();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One of VGG19's 3x3 layers: channels in and out, downscale from the work size, how many.
struct Layer {
    int64_t in, out, scale, count;
};

struct LayerTimes {
    double direct, nhwc, winograd;  // medians, seconds
};

// Direct NCHW, direct channels-last and Winograd on the layer's input, interleaved over `repeats`.
LayerTimes timeLayer(const Layer& l, int64_t width, int64_t height, int repeats) {
    torch::manual_seed(1);
    const at::Tensor weight = torch::randn({l.out, l.in, 3, 3}) * std::sqrt(2.0 / (l.in * 9));
    const at::Tensor bias = torch::randn({l.out}) * 0.1;
    const at::Tensor x = torch::relu(torch::randn({1, l.in, height / l.scale, width / l.scale}));
    const auto filter = std::make_shared<const WinogradFilter>(weight, bias);
    const at::Tensor weightNhwc = weight.contiguous(at::MemoryFormat::ChannelsLast);
    const at::Tensor xNhwc = x.contiguous(at::MemoryFormat::ChannelsLast);
    auto direct = [&](const at::Tensor& t) { return at::conv2d(t, weight, bias, 1, 1); };
    auto nhwc = [&](const at::Tensor& t) { return at::conv2d(t, weightNhwc, bias, 1, 1); };
    auto winograd = [&](const at::Tensor& t) { return winogradConv2d(t, filter); };
    timeOnce(x, direct), timeOnce(xNhwc, nhwc), timeOnce(x, winograd);  // warm-up
    std::vector<double> a, b, c;
    for (int k = 0; k < repeats; ++k) {
        a.push_back(timeOnce(x, direct));
        b.push_back(timeOnce(xNhwc, nhwc));
        c.push_back(timeOnce(x, winograd));
    }
    return {bench::median(a), bench::median(b), bench::median(c)};
}

int runBench(const cli::Args& args) {
    const int64_t width = bench::intAtLeast(args, "width", 512, 16), height = bench::intAtLeast(args, "height", 384, 16);
    const int repeats = bench::intAtLeast(args, "repeats", 5, 1);
    configureThreads(cli::intOption(args, options::threads));
    forceWinogradPortable(args.flag("portable"));
    std::printf("CPU %s (%s), %d threads, transforms %s, input %lldx%lld, median of %d\n", cpuModelName().c_str(),
                cpuIsaFlags().c_str(), currentThreads(), winogradIsa().c_str(), static_cast<long long>(width),
                static_cast<long long>(height), repeats);
    // VGG19's layers with >= 64 input channels up to relu5_1, the deepest loss layer (conv1_2 ...
    // conv5_1).
    const Layer layers[] = {{64, 64, 1, 1},   {64, 128, 2, 1},  {128, 128, 2, 1}, {128, 256, 4, 1},
                            {256, 256, 4, 3}, {256, 512, 8, 1}, {512, 512, 8, 3}, {512, 512, 16, 1}};
    std::printf("%-22s %12s %12s %12s %8s\n", "layer (fwd+bwd)", "direct nchw", "direct nhwc", "winograd", "speed-up");
    double totalDirect = 0, totalNhwc = 0, totalWinograd = 0;
    for (const auto& l : layers) {
        const LayerTimes t = timeLayer(l, width, height, repeats);
        char name[64];
        std::snprintf(name, sizeof name, "%lld->%lld @%lldx%lld x%lld", static_cast<long long>(l.in),
                      static_cast<long long>(l.out), static_cast<long long>(width / l.scale),
                      static_cast<long long>(height / l.scale), static_cast<long long>(l.count));
        std::printf("%-22s %12.4f %12.4f %12.4f %8.2f\n", name, t.direct, t.nhwc, t.winograd, t.direct / t.winograd);
        totalDirect += l.count * t.direct;
        totalNhwc += l.count * t.nhwc;
        totalWinograd += l.count * t.winograd;
    }
    std::printf("%-22s %12.4f %12.4f %12.4f %8.2f\n", "all 12 layers", totalDirect, totalNhwc, totalWinograd,
                totalDirect / totalWinograd);
    return 0;
}

}  // namespace

int main(int argc, char** argv) { return bench::runProgram(kProgram, argc, argv, runBench); }
