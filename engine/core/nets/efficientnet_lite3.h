#pragma once
// EfficientNet-Lite3 as MiDaS v2.1 small uses it: rwightman's gen-efficientnet
// `tf_efficientnet_lite3` (TensorFlow-compatible: "SAME" padding, batch-norm eps 1e-3, ReLU6, no
// squeeze-excitation), cut into the four stages MiDaS calls `pretrained.layer1..layer4`:
//
//   layer1 = [0] stem conv 3→32 k3 s2, [1] BatchNorm, [2] ReLU6, [3] blocks[0], [4] blocks[1]
//   layer2 = [0] blocks[2]
//   layer3 = [0] blocks[3], [1] blocks[4]
//   layer4 = [0] blocks[5], [1] blocks[6]
//
// blocks[i] is a Sequential of the stage's blocks; their children are named as in
// gen-efficientnet (`conv_dw`, `bn1`, `conv_pw`, `bn2` for the depthwise-separable block;
// `conv_pw`, `bn1`, `conv_dw`, `bn2`, `conv_pwl`, `bn3` for the inverted residual), so a key such
// as `pretrained.layer3.1.2.conv_dw.weight` maps onto this module unchanged. The head
// (conv_head/bn2/classifier) is not part of MiDaS and is absent. Output strides 4, 8, 16, 32
// with 32, 48, 136, 384 channels.
//
// "SAME" padding: stride-1 convolutions pad (k−1)/2 on each side; stride-2 convolutions pad
// per input size the way TensorFlow does (total max((⌈i/s⌉−1)·s + k − i, 0), the extra pixel on
// the right/bottom). gen-efficientnet's exportable variant caches the padding of the first input
// it sees; computing it per call is the same for every input of one size.
//
// Thread ownership: a module instance may be used by one thread at a time.

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <array>
#include <utility>

namespace instyle {

// A bias-free convolution with TensorFlow "SAME" padding; its only tensor is `weight`.
class TfSameConv2dImpl : public torch::nn::Module {
public:
    TfSameConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool depthwise);
    torch::Tensor forward(const torch::Tensor& x);

    // Folds the eval-mode BatchNorm that follows into this convolution: weight·γ/√(σ²+ε) and the
    // bias β − μ·γ/√(σ²+ε), kept beside the registered weight (which the state dict names, so the
    // official keys still load) and used by forward() from then on. Call again after new weights.
    void foldBatchNorm(const torch::nn::BatchNorm2d& bn);

    torch::Tensor weight;

private:
    int64_t kernel_, stride_, groups_;
    torch::Tensor foldedWeight_, foldedBias_;
};
TORCH_MODULE(TfSameConv2d);

// dw k×k (stride) → BN → ReLU6 → pw 1×1 → BN (no activation), residual when shapes allow.
class DepthwiseSeparableBlockImpl : public torch::nn::Module {
public:
    DepthwiseSeparableBlockImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride);
    torch::Tensor forward(const torch::Tensor& x);
    void foldBatchNorms();  // see TfSameConv2dImpl::foldBatchNorm

private:
    bool folded_ = false;
    TfSameConv2d convDw_{nullptr}, convPw_{nullptr};
    torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr};
    bool residual_;
};
TORCH_MODULE(DepthwiseSeparableBlock);

// pw 1×1 expand (×6) → BN → ReLU6 → dw k×k (stride) → BN → ReLU6 → pwl 1×1 → BN, residual
// when stride 1 and in == out.
class InvertedResidualBlockImpl : public torch::nn::Module {
public:
    InvertedResidualBlockImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t expansion);
    torch::Tensor forward(const torch::Tensor& x);
    void foldBatchNorms();  // see TfSameConv2dImpl::foldBatchNorm

private:
    bool folded_ = false;
    TfSameConv2d convPw_{nullptr}, convDw_{nullptr}, convPwl_{nullptr};
    torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, bn3_{nullptr};
    bool residual_;
};
TORCH_MODULE(InvertedResidualBlock);

// One stage of blocks (children "0", "1", ...). A Sequential subclass with a concrete forward,
// because LibTorch cannot nest a plain Sequential inside another.
class EfficientNetStageImpl : public torch::nn::SequentialImpl {
public:
    using torch::nn::SequentialImpl::SequentialImpl;
    torch::Tensor forward(torch::Tensor x) { return torch::nn::SequentialImpl::forward(std::move(x)); }
};
TORCH_MODULE(EfficientNetStage);

// MiDaS's `pretrained`: the four encoder stages.
class EfficientNetLite3EncoderImpl : public torch::nn::Module {
public:
    EfficientNetLite3EncoderImpl();
    // x: Nx3xHxW → the outputs of layer1..layer4 (strides 4, 8, 16, 32).
    std::array<torch::Tensor, 4> forward(const torch::Tensor& x);
    // Folds every BatchNorm into its convolution (eval mode only; after loading weights, again
    // after each load). The depth term's forward and backward then skip ~60 normalisations.
    void foldBatchNorms();

    static constexpr std::array<int64_t, 4> kChannels{32, 48, 136, 384};

private:
    torch::nn::Sequential layer1_{nullptr}, layer2_{nullptr}, layer3_{nullptr}, layer4_{nullptr};
    bool stemFolded_ = false;  // layer1's BatchNorm (child 1) is in its convolution (child 0)
};
TORCH_MODULE(EfficientNetLite3Encoder);

}  // namespace instyle
