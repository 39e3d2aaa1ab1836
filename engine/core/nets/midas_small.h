#pragma once
// MiDaS v2.1 small (isl-org/MiDaS `MidasNet_small(features=64, backbone="efficientnet_lite3",
// exportable=True, non_negative=True, blocks={"expand": True})`), the network of the official
// file `midas_v21_small_256.pt`. Output: relative inverse depth (larger = nearer), up to an
// unknown scale and shift, non-negative.
//
// Key scheme (482 tensors, ../shared/models/midas_v21_small_256.manifest.tsv), unchanged from
// the official file:
//   pretrained.layer1..layer4.*          EfficientNet-Lite3 encoder (see efficientnet_lite3.h)
//   scratch.layer{1..4}_rn.weight        3×3 convs (no bias) 32/48/136/384 → 64/128/256/512
//   scratch.refinenet{4,3,2,1}.out_conv  1×1 conv (bias), 512→256, 256→128, 128→64, 64→64
//   scratch.refinenet*.resConfUnit{1,2}.conv{1,2}   3×3 convs with bias (resConfUnit1 of
//                                        refinenet4 exists in the file but is unused)
//   scratch.output_conv.{0,2,4}          3×3 64→32, 3×3 32→32, 1×1 32→1 (all with bias)
//
// Forward (as MidasNet_small.forward): encoder → layerN_rn → refinenet4(l4) →
// refinenet3(·, l3) → refinenet2(·, l2) → refinenet1(·, l1) → output_conv, where a fusion block
// is  out = x0 (+ RCU1(x1));  out = RCU2(out);  ×2 bilinear upsampling with align_corners=true;
// out_conv, and RCU(x) = x + conv2(relu(conv1(relu(x)))). output_conv = conv, ×2 bilinear
// upsampling with align_corners=false, conv, ReLU, conv, ReLU. The result is N×H×W.
//
// Input: N×3×H×W, ImageNet-normalised ((rgb/255 − mean)/std, mean 0.485/0.456/0.406, std
// 0.229/0.224/0.225 — the same normalisation the style transfer works in), H and W multiples of
// 32 (the decoder adds stride-32 features upsampled ×2 to stride-16 ones). The official
// preprocessing for display resizes so that the image fits into 256×256 keeping its aspect
// ratio, each side rounded to a multiple of 32 (see depth_loss.h, estimateDepth).
//
// The module is always in eval mode (batch norm uses its running statistics) and its
// parameters do not require gradients: gradients flow to the input only.
//
// Thread ownership: a module instance may be used by one thread at a time.

#include "core/checkpoint/state_dict.h"
#include "core/nets/efficientnet_lite3.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <array>
#include <string>

namespace instyle {

// MiDaS's ResidualConvUnit_custom without batch norm: x + conv2(relu(conv1(relu(x)))).
class ResidualConvUnitImpl : public torch::nn::Module {
public:
    explicit ResidualConvUnitImpl(int64_t features);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
};
TORCH_MODULE(ResidualConvUnit);

// MiDaS's FeatureFusionBlock_custom (deconv=False, bn=False, align_corners=True).
class FeatureFusionBlockImpl : public torch::nn::Module {
public:
    FeatureFusionBlockImpl(int64_t features, bool expand);
    // `skip` may be undefined (the deepest block has no lateral input).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& skip = {});

private:
    torch::nn::Conv2d outConv_{nullptr};
    ResidualConvUnit unit1_{nullptr}, unit2_{nullptr};
};
TORCH_MODULE(FeatureFusionBlock);

// MiDaS's `scratch`: lateral convs, fusion blocks and the output head.
class MidasDecoderImpl : public torch::nn::Module {
public:
    explicit MidasDecoderImpl(int64_t features = 64);
    torch::Tensor forward(const std::array<torch::Tensor, 4>& encoded);

private:
    std::array<torch::nn::Conv2d, 4> lateral_{torch::nn::Conv2d{nullptr}, torch::nn::Conv2d{nullptr},
                                              torch::nn::Conv2d{nullptr}, torch::nn::Conv2d{nullptr}};
    std::array<FeatureFusionBlock, 4> fusion_{FeatureFusionBlock{nullptr}, FeatureFusionBlock{nullptr},
                                              FeatureFusionBlock{nullptr}, FeatureFusionBlock{nullptr}};
    torch::nn::Sequential outputConv_{nullptr};
};
TORCH_MODULE(MidasDecoder);

class MidasSmallImpl : public torch::nn::Module {
public:
    // Randomly initialised from `seed`; eval mode; parameters do not require gradients.
    explicit MidasSmallImpl(uint64_t seed = 0);

    // N×3×H×W normalised, H and W multiples of 32 → N×H×W relative inverse depth.
    // Throws Error(InvalidArgument) for other shapes.
    torch::Tensor forward(const torch::Tensor& input);

    // Loads the official state dict (strict: every key and shape must match). Keys of a training
    // checkpoint wrapped as {"model": ..., "optimizer": ...} are accepted with "model." stripped.
    void loadOfficial(const StateDict& stateDict, const std::string& sourceName);
    bool pretrained() const { return pretrained_; }
    // Folds the encoder's BatchNorms into its convolutions from the current weights. The
    // constructor and loadOfficial call it; call it again after changing weights in place (the
    // folded tensors are derived copies).
    void foldBatchNorms();

    // Required multiple of the input's height and width.
    static constexpr int64_t kSizeMultiple = 32;

private:
    EfficientNetLite3Encoder encoder_{nullptr};
    MidasDecoder scratch_{nullptr};
    bool pretrained_ = false;
};
TORCH_MODULE(MidasSmall);

}  // namespace instyle
