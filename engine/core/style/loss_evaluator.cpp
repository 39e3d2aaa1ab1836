#include "core/style/loss_evaluator.h"

#include "core/base/error.h"

#include <torch/torch.h>

#include <algorithm>

namespace instyle {

namespace {

int slotOf(std::vector<int>& indices, int layer) {
    auto it = std::find(indices.begin(), indices.end(), layer);
    if (it != indices.end()) return static_cast<int>(it - indices.begin());
    indices.push_back(layer);
    return static_cast<int>(indices.size()) - 1;
}

}  // namespace

LossEvaluator::LossEvaluator(Vgg19Features vgg, const at::Tensor& content,
                             const std::vector<WeightedStyle>& styles, const LayerSpec& layers,
                             const LaplacianOptions& laplacian, std::shared_ptr<DepthModel> depth,
                             DepthLossOptions depthOptions)
    : vgg_(std::move(vgg)), depthModel_(std::move(depth)), depthOptions_(depthOptions) {
    if (layers.styleLayers.size() != layers.styleLayerWeights.size())
        throw Error(ErrorCategory::InvalidArgument, "one weight per style layer is needed");
    contentSlot_ = slotOf(indices_, vggLayerIndex(layers.contentLayer));
    for (const auto& name : layers.styleLayers) styleSlots_.push_back(slotOf(indices_, vggLayerIndex(name)));

    torch::NoGradGuard noGrad;
    std::vector<int> styleIndices;
    for (int slot : styleSlots_) styleIndices.push_back(indices_[slot]);

    auto contentFeatures = vgg_->forward(content, {indices_[contentSlot_]});
    contentLoss_ = ContentLoss(contentFeatures[0]);

    std::vector<std::vector<at::Tensor>> grams;
    std::vector<double> blend;
    for (const auto& style : styles) {
        auto features = vgg_->forward(style.image, styleIndices);
        std::vector<at::Tensor> g;
        for (const auto& f : features) g.push_back(gramMatrix(f));
        grams.push_back(std::move(g));
        blend.push_back(style.weight);
    }
    styleLoss_ = StyleLoss(mixGramTargets(grams, blend), layers.styleLayerWeights);
    laplacianLoss_ = LaplacianLoss(content, laplacian);
    if (depthModel_) content_ = content.detach();
}

LossTerms unpackTerms(const at::Tensor& packed) {
    const auto v = packed.to(torch::kCPU, torch::kFloat64).contiguous();
    const double* d = v.data_ptr<double>();
    return LossTerms{d[0], d[1], d[2], d[3], d[4]};
}

std::pair<at::Tensor, LossTerms> LossEvaluator::evaluate(const at::Tensor& x, const LossWeights& w) {
    auto [total, packed] = evaluatePacked(x, w);
    return {total, unpackTerms(packed)};
}

std::pair<at::Tensor, at::Tensor> LossEvaluator::evaluatePacked(const at::Tensor& x, const LossWeights& w) {
    auto features = vgg_->forward(x, indices_);
    std::vector<at::Tensor> styleFeatures;
    styleFeatures.reserve(styleSlots_.size());
    for (int slot : styleSlots_) styleFeatures.push_back(features[slot]);

    auto lc = contentLoss_->forward(features[contentSlot_]);
    auto ls = styleLoss_->forward(styleFeatures);
    auto llap = laplacianLoss_->forward(x);
    auto total = lc * w.alpha + ls * w.beta + llap * w.gamma;

    at::Tensor ld = torch::zeros({}, total.options());
    if (depthModel_ && w.theta != 0) {
        if (depthLoss_.is_empty()) depthLoss_ = DepthLoss(depthModel_, content_, depthOptions_);
        ld = depthLoss_->forward(x);
        total = total + ld * w.theta;
    }
    auto packed = torch::stack({lc.detach(), ls.detach(), ld.detach(), llap.detach(), total.detach()});
    return {total, packed};
}

}  // namespace instyle
