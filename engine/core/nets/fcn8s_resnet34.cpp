#include "core/nets/fcn8s_resnet34.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"

#include <torch/torch.h>

namespace instyle {

namespace {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

nn::ConvTranspose2d bilinearUp(int64_t channels, int64_t k, int64_t stride, int64_t padding) {
    nn::ConvTranspose2d up(nn::ConvTranspose2dOptions(channels, channels, k).stride(stride).padding(padding).bias(false));
    torch::NoGradGuard noGrad;
    up->weight.copy_(bilinearUpsamplingWeight(channels, k));
    return up;
}

}  // namespace

torch::Tensor bilinearUpsamplingWeight(int64_t channels, int64_t kernelSize) {
    const int64_t factor = (kernelSize + 1) / 2;
    const double center = kernelSize % 2 == 1 ? factor - 1 : factor - 0.5;
    auto og = torch::arange(kernelSize, torch::kFloat64);
    auto filt1d = 1.0 - (og - center).abs() / static_cast<double>(factor);
    auto filt = torch::outer(filt1d, filt1d).to(torch::kFloat32);
    auto weight = torch::zeros({channels, channels, kernelSize, kernelSize});
    for (int64_t c = 0; c < channels; ++c) weight[c][c].copy_(filt);
    return weight;
}

Fcn8sResNet34Impl::Fcn8sResNet34Impl(int64_t numClasses) : numClasses_(numClasses) {
    ResNetOptions ro;
    ro.depth = 34;
    backbone_ = register_module("backbone", ResNet(ro));
    score1_ = register_module("score1", nn::Conv2d(nn::Conv2dOptions(512, numClasses, 1)));
    score2_ = register_module("score2", nn::Conv2d(nn::Conv2dOptions(256, numClasses, 1)));
    score3_ = register_module("score3", nn::Conv2d(nn::Conv2dOptions(128, numClasses, 1)));
    up2a_ = register_module("up2a", bilinearUp(numClasses, 4, 2, 1));
    up2b_ = register_module("up2b", bilinearUp(numClasses, 4, 2, 1));
    up8_ = register_module("up8", bilinearUp(numClasses, 16, 8, 4));
}

torch::Tensor Fcn8sResNet34Impl::forward(const torch::Tensor& image) {
    if (image.dim() != 4 || image.size(1) != 3)
        throw Error(ErrorCategory::InvalidArgument, "Fcn8sResNet34: expected an Nx3xHxW image, got " + shapeString(image.sizes()));
    const int64_t h = image.size(2), w = image.size(3);
    const int64_t ph = (32 - h % 32) % 32, pw = (32 - w % 32) % 32;
    auto x = (ph || pw) ? F::pad(image, F::PadFuncOptions({0, pw, 0, ph})) : image;
    auto f = backbone_->features(x);                 // layer1..layer4
    auto s = up2a_(score1_(f[3])) + score2_(f[2]);   // stride 16
    s = up2b_(s) + score3_(f[1]);                    // stride 8
    s = up8_(s);                                     // stride 1
    if (ph || pw) s = s.narrow(2, 0, h).narrow(3, 0, w);
    return s;
}

void Fcn8sResNet34Impl::loadBackbone(const StateDict& stateDict, const std::string& sourceName) {
    LoadOptions o;
    o.ignorePrefixes = {"fc."};
    o.stripPrefixes = {"module."};
    o.sourceName = sourceName;
    loadStateDict(*backbone_, stateDict, o);
}

}  // namespace instyle
