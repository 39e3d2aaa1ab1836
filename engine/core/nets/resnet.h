#pragma once
// torchvision's ResNet (resnet34 with BasicBlock; resnet50/101 with Bottleneck), children named as
// torchvision names them (conv1, bn1, layer1..layer4, fc) so that the official files load
// unchanged. The fully connected classifier is optional: segmentation backbones leave it out
// (load a classification file with ignorePrefixes {"fc."}).
//
// Thread ownership: a module instance may be used by one thread at a time.

#include "core/nets/resnet_blocks.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <array>
#include <vector>

namespace instyle {

struct ResNetOptions {
    int depth = 34;  // 18, 34, 50, 101 or 152
    // torchvision's replace_stride_with_dilation for layer2, layer3, layer4 (Bottleneck only);
    // {false, true, true} gives the output stride 8 backbone of torchvision's FCN.
    std::array<bool, 3> replaceStrideWithDilation{false, false, false};
    bool withClassifier = false;  // avgpool + fc(…, 1000)
    int64_t numClasses = 1000;
};

class ResNetImpl : public torch::nn::Module {
public:
    // Initialised as torchvision does (Kaiming normal, fan_out, for convs; BN weight 1, bias 0).
    explicit ResNetImpl(const ResNetOptions& options = {});

    // Outputs of layer1..layer4 (strides 4, 8, 16, 32 without dilation).
    std::vector<torch::Tensor> features(const torch::Tensor& x);
    // Classification logits (needs withClassifier).
    torch::Tensor forward(const torch::Tensor& x);

    // Channels of layer1..layer4's outputs (64,128,256,512 or 256,512,1024,2048).
    std::array<int64_t, 4> channels() const { return channels_; }

private:
    torch::nn::Sequential makeLayer(int64_t planes, int blocks, int64_t stride, bool dilate);

    ResNetOptions options_;
    bool bottleneck_ = false;
    int64_t inplanes_ = 64;
    int64_t dilation_ = 1;
    std::array<int64_t, 4> channels_{};
    torch::nn::Conv2d conv1_{nullptr};
    torch::nn::BatchNorm2d bn1_{nullptr};
    std::array<torch::nn::Sequential, 4> layers_{nullptr, nullptr, nullptr, nullptr};
    torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(ResNet);

}  // namespace instyle
