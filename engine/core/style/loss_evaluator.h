#pragma once
// The full objective for one content image and its style targets: one VGG pass per evaluation
// serves the content and all style layers. Targets are computed once, without gradients, at
// construction. With a depth model the depth term θ·Ld is added; its target D(x_c) is computed
// on the first evaluation with θ > 0, so θ = 0 (or no model) never runs the depth network and
// gives exactly the result without depth.

#include "core/nets/vgg19_features.h"
#include "core/style/depth_loss.h"
#include "core/style/losses.h"
#include "core/style/style_request.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <utility>

namespace instyle {

// The 5-vector of evaluatePacked as doubles (one copy to the host).
LossTerms unpackTerms(const at::Tensor& packed);

class LossEvaluator {
public:
    LossEvaluator(Vgg19Features vgg, const at::Tensor& content, const std::vector<WeightedStyle>& styles,
                  const LayerSpec& layers, const LaplacianOptions& laplacian,
                  std::shared_ptr<DepthModel> depth = nullptr, DepthLossOptions depthOptions = {});

    // Returns the weighted total (a scalar tensor connected to x's graph) and the terms as doubles.
    std::pair<at::Tensor, LossTerms> evaluate(const at::Tensor& x, const LossWeights& weights);
    // The same, the terms left on x's device as one detached 5-vector (content, style, depth,
    // Laplacian, total) so that the caller reads them with a single device→host copy.
    std::pair<at::Tensor, at::Tensor> evaluatePacked(const at::Tensor& x, const LossWeights& weights);

private:
    Vgg19Features vgg_;
    std::vector<int> indices_;  // the VGG layers one pass must return
    int contentSlot_ = 0;       // position of the content layer in indices_
    std::vector<int> styleSlots_;
    ContentLoss contentLoss_{nullptr};
    StyleLoss styleLoss_{nullptr};
    LaplacianLoss laplacianLoss_{nullptr};
    std::shared_ptr<DepthModel> depthModel_;
    DepthLossOptions depthOptions_;
    at::Tensor content_;              // kept for the lazily built depth target
    DepthLoss depthLoss_{nullptr};
};

}  // namespace instyle
