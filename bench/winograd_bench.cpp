// instyle-bench-winograd: VGG19's 3x3 convolutions (C_in >= 64) at their sizes for a given work
// size, forward and gradient w.r.t. the input, LibTorch's direct convolution (NCHW and
// channels-last) against core/winograd_conv.h, medians of interleaved repeats, with ratios.
// Links engine/core only.
//
//   instyle-bench-winograd [--width 512] [--height 384] [--repeats 5] [--threads N] [--portable]

#include "core/conv_tuner.h"
#include "core/runtime.h"
#include "core/winograd_conv.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

using namespace instyle;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Seconds of one forward and input-gradient pass of `conv` on x.
template <typename F>
double timeOnce(const at::Tensor& x0, const F& conv) {
    at::Tensor x = x0.detach().clone().requires_grad_(true);
    const auto start = std::chrono::steady_clock::now();
    conv(x).sum().backward();
    (void)x.grad().data_ptr<float>();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    int64_t width = 512, height = 384;
    int repeats = 5, threads = 0;
    bool portable = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::stoll(argv[++i]) : 0LL; };
        if (a == "--width") width = next();
        else if (a == "--height") height = next();
        else if (a == "--repeats") repeats = static_cast<int>(next());
        else if (a == "--threads") threads = static_cast<int>(next());
        else if (a == "--portable") portable = true;
        else {
            std::cout << "instyle-bench-winograd [--width 512] [--height 384] [--repeats 5] [--threads N] [--portable]\n";
            return a == "--help" ? 0 : 2;
        }
    }
    configureThreads(threads);
    forceWinogradPortable(portable);
    std::printf("CPU %s (%s), %d threads, transforms %s, input %lldx%lld, median of %d\n", cpuModelName().c_str(),
                cpuIsaFlags().c_str(), currentThreads(), winogradIsa().c_str(), static_cast<long long>(width),
                static_cast<long long>(height), repeats);
    // VGG19's layers with >= 64 input channels up to relu5_1, the deepest loss layer (conv1_2 ...
    // conv5_1): (in, out, downscale, how many).
    const struct { int64_t in, out, scale, count; } layers[] = {
        {64, 64, 1, 1}, {64, 128, 2, 1}, {128, 128, 2, 1}, {128, 256, 4, 1}, {256, 256, 4, 3},
        {256, 512, 8, 1}, {512, 512, 8, 3}, {512, 512, 16, 1}};
    std::printf("%-22s %12s %12s %12s %8s\n", "layer (fwd+bwd)", "direct nchw", "direct nhwc", "winograd", "speed-up");
    double totalDirect = 0, totalNhwc = 0, totalWinograd = 0;
    for (const auto& l : layers) {
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
        char name[64];
        std::snprintf(name, sizeof name, "%lld->%lld @%lldx%lld x%lld", static_cast<long long>(l.in),
                      static_cast<long long>(l.out), static_cast<long long>(width / l.scale),
                      static_cast<long long>(height / l.scale), static_cast<long long>(l.count));
        std::printf("%-22s %12.4f %12.4f %12.4f %8.2f\n", name, median(a), median(b), median(c), median(a) / median(c));
        totalDirect += l.count * median(a);
        totalNhwc += l.count * median(b);
        totalWinograd += l.count * median(c);
    }
    std::printf("%-22s %12.4f %12.4f %12.4f %8.2f\n", "all 12 layers", totalDirect, totalNhwc, totalWinograd,
                totalDirect / totalWinograd);
    return 0;
}
