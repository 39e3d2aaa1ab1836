#include "core/nets/resnet_blocks.h"

#include <torch/torch.h>

namespace instyle {

namespace {

namespace nn = torch::nn;

nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t stride = 1, int64_t padding = 0, int64_t dilation = 1) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, k).stride(stride).padding(padding).dilation(dilation).bias(false));
}

nn::Sequential makeDownsample(int64_t in, int64_t out, int64_t stride) {
    return nn::Sequential(conv(in, out, 1, stride), nn::BatchNorm2d(out));
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int64_t inplanes, int64_t planes, int64_t stride, bool downsample) {
    conv1_ = register_module("conv1", conv(inplanes, planes, 3, stride, 1));
    bn1_ = register_module("bn1", nn::BatchNorm2d(planes));
    conv2_ = register_module("conv2", conv(planes, planes, 3, 1, 1));
    bn2_ = register_module("bn2", nn::BatchNorm2d(planes));
    if (downsample) downsample_ = register_module("downsample", makeDownsample(inplanes, planes, stride));
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x) {
    auto out = torch::relu(bn1_(conv1_(x)));
    out = bn2_(conv2_(out));
    out = out + (downsample_ ? downsample_->forward(x) : x);
    return torch::relu(out);
}

BottleneckImpl::BottleneckImpl(int64_t inplanes, int64_t planes, int64_t stride, int64_t dilation, bool downsample) {
    conv1_ = register_module("conv1", conv(inplanes, planes, 1));
    bn1_ = register_module("bn1", nn::BatchNorm2d(planes));
    conv2_ = register_module("conv2", conv(planes, planes, 3, stride, dilation, dilation));
    bn2_ = register_module("bn2", nn::BatchNorm2d(planes));
    conv3_ = register_module("conv3", conv(planes, planes * kExpansion, 1));
    bn3_ = register_module("bn3", nn::BatchNorm2d(planes * kExpansion));
    if (downsample)
        downsample_ = register_module("downsample", makeDownsample(inplanes, planes * kExpansion, stride));
}

torch::Tensor BottleneckImpl::forward(const torch::Tensor& x) {
    auto out = torch::relu(bn1_(conv1_(x)));
    out = torch::relu(bn2_(conv2_(out)));
    out = bn3_(conv3_(out));
    out = out + (downsample_ ? downsample_->forward(x) : x);
    return torch::relu(out);
}

}  // namespace instyle
