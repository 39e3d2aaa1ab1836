#pragma once
// The depth term of the paper's loss, differentiable through the depth network
// (../shared/PAPER.md §2: the authors' notebook computed it on detached copies, so it never
// steered the result; here gradients flow through MiDaS to the image).
//
//   D(x) = bicubic_{H×W}( depth( bilinear_{S×S}(x) ) )      (both with align_corners=false)
//   Ld   = mean over the H×W pixels of (D(x_c) − D(x))²
//
// x is the ImageNet-normalised 1×3×H×W work image, which is also MiDaS small's input
// normalisation, so no conversion is needed. S is the depth size (default 256, a multiple of
// the model's sizeMultiple()). D(x_c) is computed once, without gradients, at construction.
//
// Thread ownership: one thread at a time (the model it holds has the same rule).

#include "core/nets/depth_model.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>
#include <utility>

namespace instyle {

struct DepthLossOptions {
    int size = 256;         // S
    // false: D(x) is evaluated without gradients (the notebook's behaviour: Ld is reported and
    // added to the total, but does not steer the image).
    bool gradient = true;
};

// D(x) above: 1×1×H×W relative inverse depth at the image's size, with x's graph unless grad
// mode is off. Throws Error(InvalidArgument) when S is not a positive multiple of the model's
// sizeMultiple().
at::Tensor depthAtImageSize(DepthModel& model, const at::Tensor& image, int size);

class DepthLossImpl : public torch::nn::Module {
public:
    DepthLossImpl(std::shared_ptr<DepthModel> model, const at::Tensor& contentImage, DepthLossOptions options = {});
    // Ld for the current image (a scalar tensor connected to its graph when options.gradient).
    torch::Tensor forward(const torch::Tensor& image);
    const torch::Tensor& target() const { return target_; }

private:
    std::shared_ptr<DepthModel> model_;
    DepthLossOptions options_;
    torch::Tensor target_;
};
TORCH_MODULE(DepthLoss);

// For display: the network input size the official MiDaS transform picks for a W×H image
// (resize method "upper_bound", keep aspect ratio, each side a multiple of `multiple`, fitting
// into size×size). Returns {width, height}.
std::pair<int64_t, int64_t> depthInputSize(int64_t width, int64_t height, int64_t size = 256, int64_t multiple = 32);

// For display: the depth map of a normalised 1×3×H×W image (RGB/255 then ImageNet mean/std) —
// resized bicubically to depthInputSize (the official transform resizes with OpenCV's
// INTER_CUBIC; bicubic in LibTorch differs slightly), run without gradients, the prediction
// upsampled bicubically back to H×W as MiDaS's run.py does. Returns 1×1×H×W relative inverse
// depth (larger = nearer).
at::Tensor estimateDepth(DepthModel& model, const at::Tensor& image, int size = 256);

}  // namespace instyle
