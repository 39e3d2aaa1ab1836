#pragma once
// The two residual blocks of torchvision's ResNet (BasicBlock for resnet18/34, Bottleneck for
// resnet50/101/152), with torchvision's child names (conv1, bn1, ..., downsample.0/1) so that
// official state dicts map onto them unchanged.
//
// Thread ownership: a module instance may be used by one thread at a time.

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace instyle {

// Common base so that ResNet can hold either kind in one list.
class ResNetBlockImpl : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& x) = 0;
};

class BasicBlockImpl : public ResNetBlockImpl {
public:
    static constexpr int kExpansion = 1;
    // downsample: 1x1 conv + BN when stride != 1 or the channel count changes.
    BasicBlockImpl(int64_t inplanes, int64_t planes, int64_t stride, bool downsample);
    torch::Tensor forward(const torch::Tensor& x) override;

private:
    torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
    torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr};
    torch::nn::Sequential downsample_{nullptr};
};

class BottleneckImpl : public ResNetBlockImpl {
public:
    static constexpr int kExpansion = 4;
    BottleneckImpl(int64_t inplanes, int64_t planes, int64_t stride, int64_t dilation, bool downsample);
    torch::Tensor forward(const torch::Tensor& x) override;

private:
    torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
    torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, bn3_{nullptr};
    torch::nn::Sequential downsample_{nullptr};
};

}  // namespace instyle
