#include "core/nets/resnet.h"

#include "core/base/error.h"

#include <torch/torch.h>

namespace instyle {

namespace {

namespace nn = torch::nn;

std::array<int, 4> blockCounts(int depth) {
    switch (depth) {
    case 18: return {2, 2, 2, 2};
    case 34: return {3, 4, 6, 3};
    case 50: return {3, 4, 6, 3};
    case 101: return {3, 4, 23, 3};
    case 152: return {3, 8, 36, 3};
    default: throw Error(ErrorCategory::InvalidArgument, "unsupported ResNet depth " + std::to_string(depth));
    }
}

}  // namespace

ResNetImpl::ResNetImpl(const ResNetOptions& options) : options_(options) {
    const auto counts = blockCounts(options.depth);
    bottleneck_ = options.depth >= 50;
    if (!bottleneck_ && (options.replaceStrideWithDilation[0] || options.replaceStrideWithDilation[1] ||
                         options.replaceStrideWithDilation[2]))
        throw Error(ErrorCategory::InvalidArgument, "dilation is only supported by Bottleneck ResNets (depth >= 50)");
    conv1_ = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
    bn1_ = register_module("bn1", nn::BatchNorm2d(64));
    const int64_t planes[4] = {64, 128, 256, 512};
    for (int i = 0; i < 4; ++i) {
        const bool dilate = i > 0 && options.replaceStrideWithDilation[i - 1];
        layers_[i] = register_module("layer" + std::to_string(i + 1),
                                     makeLayer(planes[i], counts[i], i == 0 ? 1 : 2, dilate));
        channels_[i] = planes[i] * (bottleneck_ ? BottleneckImpl::kExpansion : BasicBlockImpl::kExpansion);
    }
    if (options.withClassifier) fc_ = register_module("fc", nn::Linear(channels_[3], options.numClasses));

    for (auto& m : modules(/*include_self=*/false)) {
        if (auto* c = m->as<nn::Conv2d>()) {
            nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
        } else if (auto* b = m->as<nn::BatchNorm2d>()) {
            nn::init::ones_(b->weight);
            nn::init::zeros_(b->bias);
        }
    }
}

nn::Sequential ResNetImpl::makeLayer(int64_t planes, int blocks, int64_t stride, bool dilate) {
    const int64_t previousDilation = dilation_;
    if (dilate) {
        dilation_ *= stride;
        stride = 1;
    }
    const int64_t expansion = bottleneck_ ? BottleneckImpl::kExpansion : BasicBlockImpl::kExpansion;
    const bool downsample = stride != 1 || inplanes_ != planes * expansion;
    nn::Sequential layer;
    for (int b = 0; b < blocks; ++b) {
        const int64_t s = b == 0 ? stride : 1;
        const bool d = b == 0 && downsample;
        if (bottleneck_)
            layer->push_back(std::make_shared<BottleneckImpl>(inplanes_, planes, s, b == 0 ? previousDilation : dilation_, d));
        else
            layer->push_back(std::make_shared<BasicBlockImpl>(inplanes_, planes, s, d));
        inplanes_ = planes * expansion;
    }
    return layer;
}

std::vector<torch::Tensor> ResNetImpl::features(const torch::Tensor& x) {
    auto y = torch::relu(bn1_(conv1_(x)));
    y = torch::max_pool2d(y, 3, 2, 1);
    std::vector<torch::Tensor> out;
    out.reserve(4);
    for (auto& layer : layers_) {
        y = layer->forward(y);
        out.push_back(y);
    }
    return out;
}

torch::Tensor ResNetImpl::forward(const torch::Tensor& x) {
    if (!fc_) throw Error(ErrorCategory::InvalidArgument, "this ResNet was built without its classifier");
    auto y = features(x).back();
    y = torch::adaptive_avg_pool2d(y, {1, 1}).flatten(1);
    return fc_(y);
}

}  // namespace instyle
