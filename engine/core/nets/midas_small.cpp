#include "core/nets/midas_small.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"

#include <torch/torch.h>

namespace instyle {

namespace {

namespace F = torch::nn::functional;

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, bool bias) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(bias));
}

torch::Tensor upsample2x(const torch::Tensor& x, bool alignCorners) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{x.size(2) * 2, x.size(3) * 2})
                                 .mode(torch::kBilinear)
                                 .align_corners(alignCorners));
}

}  // namespace

ResidualConvUnitImpl::ResidualConvUnitImpl(int64_t features) {
    conv1_ = register_module("conv1", conv(features, features, 3, true));
    conv2_ = register_module("conv2", conv(features, features, 3, true));
}

torch::Tensor ResidualConvUnitImpl::forward(const torch::Tensor& x) {
    auto y = conv1_->forward(torch::relu(x));
    y = conv2_->forward(torch::relu(y));
    return y + x;
}

FeatureFusionBlockImpl::FeatureFusionBlockImpl(int64_t features, bool expand) {
    outConv_ = register_module("out_conv", conv(features, expand ? features / 2 : features, 1, true));
    unit1_ = register_module("resConfUnit1", ResidualConvUnit(features));
    unit2_ = register_module("resConfUnit2", ResidualConvUnit(features));
}

torch::Tensor FeatureFusionBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& skip) {
    auto out = skip.defined() ? x + unit1_->forward(skip) : x;
    out = unit2_->forward(out);
    return outConv_->forward(upsample2x(out, /*alignCorners=*/true));
}

MidasDecoderImpl::MidasDecoderImpl(int64_t features) {
    // expand=True: the lateral widths grow ×2 per level; each fusion block halves its width.
    const auto& in = EfficientNetLite3EncoderImpl::kChannels;
    for (int i = 0; i < 4; ++i)
        lateral_[i] = register_module("layer" + std::to_string(i + 1) + "_rn",
                                      conv(in[i], features << i, 3, false));
    for (int i = 3; i >= 0; --i)
        fusion_[i] = register_module("refinenet" + std::to_string(i + 1),
                                     FeatureFusionBlock(features << i, /*expand=*/i > 0));
    outputConv_ = torch::nn::Sequential(
        conv(features, features / 2, 3, true),
        torch::nn::Functional([](const torch::Tensor& x) { return upsample2x(x, /*alignCorners=*/false); }),
        conv(features / 2, 32, 3, true), torch::nn::ReLU(), conv(32, 1, 1, true), torch::nn::ReLU(),
        torch::nn::Identity());
    register_module("output_conv", outputConv_);
}

torch::Tensor MidasDecoderImpl::forward(const std::array<torch::Tensor, 4>& encoded) {
    std::array<torch::Tensor, 4> rn;
    for (int i = 0; i < 4; ++i) rn[i] = lateral_[i]->forward(encoded[i]);
    auto path = fusion_[3]->forward(rn[3]);
    for (int i = 2; i >= 0; --i) path = fusion_[i]->forward(path, rn[i]);
    return outputConv_->forward(path);
}

MidasSmallImpl::MidasSmallImpl(uint64_t seed) {
    torch::manual_seed(seed);
    encoder_ = register_module("pretrained", EfficientNetLite3Encoder());
    scratch_ = register_module("scratch", MidasDecoder(64));
    for (auto& p : parameters()) p.requires_grad_(false);
    eval();
    foldBatchNorms();
}

void MidasSmallImpl::foldBatchNorms() { encoder_->foldBatchNorms(); }

torch::Tensor MidasSmallImpl::forward(const torch::Tensor& input) {
    if (input.dim() != 4 || input.size(1) != 3 || input.size(2) < kSizeMultiple || input.size(3) < kSizeMultiple ||
        input.size(2) % kSizeMultiple != 0 || input.size(3) % kSizeMultiple != 0)
        throw Error(ErrorCategory::InvalidArgument,
                    "MiDaS small: input must be Nx3xHxW with H and W multiples of 32, got " +
                        shapeString(input.sizes()));
    return scratch_->forward(encoder_->forward(input)).squeeze(1);
}

void MidasSmallImpl::loadOfficial(const StateDict& stateDict, const std::string& sourceName) {
    LoadOptions options;
    options.sourceName = sourceName;
    options.ignorePrefixes = {"optimizer."};
    options.stripPrefixes = {"model."};
    loadStateDict(*this, stateDict, options);
    for (auto& p : parameters()) p.requires_grad_(false);
    eval();
    foldBatchNorms();  // from the loaded statistics
    pretrained_ = true;
}

}  // namespace instyle
