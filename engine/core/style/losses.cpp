#include "core/style/losses.h"

#include "core/base/error.h"
#include "core/kernels/parallel_gemm.h"

#include <torch/torch.h>

#include <numeric>

namespace instyle {

torch::Tensor gramMatrix(const torch::Tensor& features) {
    const auto c = features.size(1);
    const auto hw = features.size(2) * features.size(3);
    if (features.size(0) == 1 && features.is_contiguous(at::MemoryFormat::ChannelsLast) && !features.is_contiguous()) {
        // NHWC: the (hw x c) view needs no copy; G = Mᵀ·M is the same matrix.
        auto m = features.permute({0, 2, 3, 1}).reshape({hw, c});
        return parallelMm(m.t(), m).div_(static_cast<double>(c * hw));
    }
    auto f = features.reshape({c, hw});
    return parallelMm(f, f.t()).div_(static_cast<double>(c * hw));
}

ContentLossImpl::ContentLossImpl(const torch::Tensor& targetFeatures)
    : target_(targetFeatures.detach()) {}

torch::Tensor ContentLossImpl::forward(const torch::Tensor& features) const {
    return (features - target_).pow(2).sum();
}

StyleLossImpl::StyleLossImpl(std::vector<torch::Tensor> targetGrams, std::vector<double> layerWeights)
    : targets_(std::move(targetGrams)), layerWeights_(std::move(layerWeights)) {
    if (targets_.size() != layerWeights_.size())
        throw Error(ErrorCategory::InvalidArgument, "style loss: one weight per style layer is needed");
    for (auto& t : targets_) t = t.detach();
}

namespace {

// w·Σ(G − T)² for one layer, G = F·Fᵀ/(C·H·W), with the gradient written out: G is symmetric, so
// dL/dF = (4w/(C·H·W))·(G − T)·F — one matrix product in the backward pass where autograd through
// the Gram matrix does two (the two factors of F·Fᵀ).
struct StyleTermFunction : public torch::autograd::Function<StyleTermFunction> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& features,
                                 const torch::Tensor& target, double weight) {
        const torch::Tensor difference = gramMatrix(features) - target;
        ctx->save_for_backward({features, difference});
        ctx->saved_data["weight"] = weight;
        return difference.pow(2).sum() * weight;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor& features = saved[0];
        const torch::Tensor& difference = saved[1];
        const int64_t c = features.size(1), h = features.size(2), w = features.size(3);
        const torch::Tensor scale = grads[0] * (4.0 * ctx->saved_data["weight"].toDouble() / double(c * h * w));
        torch::Tensor gradient;
        if (features.size(0) == 1 && features.is_contiguous(at::MemoryFormat::ChannelsLast) && !features.is_contiguous()) {
            // NHWC: (hw x c)·(G − T), returned in the features' layout.
            const auto m = features.permute({0, 2, 3, 1}).reshape({h * w, c});
            gradient = parallelMm(m, difference).mul_(scale).reshape({1, h, w, c}).permute({0, 3, 1, 2});
        } else {
            gradient = parallelMm(difference, features.reshape({c, h * w})).mul_(scale).reshape(features.sizes());
        }
        return {gradient, torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor StyleLossImpl::forward(const std::vector<torch::Tensor>& features) const {
    torch::Tensor total;
    for (size_t l = 0; l < targets_.size(); ++l) {
        auto term = StyleTermFunction::apply(features[l], targets_[l], layerWeights_[l]);
        total = total.defined() ? total + term : term;
    }
    return total;
}

std::vector<torch::Tensor> mixGramTargets(const std::vector<std::vector<torch::Tensor>>& gramsPerStyle,
                                          const std::vector<double>& blendWeights) {
    if (gramsPerStyle.empty() || gramsPerStyle.size() != blendWeights.size())
        throw Error(ErrorCategory::InvalidArgument, "style blend: one weight per style image is needed");
    double sum = 0;
    for (double w : blendWeights) {
        if (!(w >= 0)) throw Error(ErrorCategory::InvalidArgument, "style blend weights must be >= 0");
        sum += w;
    }
    if (!(sum > 0)) throw Error(ErrorCategory::InvalidArgument, "style blend weights must not all be 0");
    std::vector<torch::Tensor> mixed(gramsPerStyle.front().size());
    for (size_t s = 0; s < gramsPerStyle.size(); ++s) {
        const double b = blendWeights[s] / sum;
        for (size_t l = 0; l < mixed.size(); ++l) {
            auto term = gramsPerStyle[s][l] * b;
            mixed[l] = mixed[l].defined() ? mixed[l] + term : term;
        }
    }
    return mixed;
}

torch::Tensor laplacianMap(const torch::Tensor& image, const LaplacianOptions& options) {
    namespace F = torch::nn::functional;
    if (options.poolKernel < 1 || options.poolStride < 1)
        throw Error(ErrorCategory::InvalidArgument, "Laplacian pooling kernel and stride must be >= 1");
    auto pooled = F::avg_pool2d(image, F::AvgPool2dFuncOptions(options.poolKernel)
                                           .stride(options.poolStride)
                                           .padding(options.poolKernel / 2)
                                           .count_include_pad(true));
    auto kernel = torch::tensor({0.f, -1.f, 0.f, -1.f, 4.f, -1.f, 0.f, -1.f, 0.f}, image.options())
                      .reshape({1, 1, 3, 3})
                      .expand({1, image.size(1), 3, 3})
                      .contiguous();
    return F::conv2d(pooled, kernel, F::Conv2dFuncOptions().padding(1));
}

LaplacianLossImpl::LaplacianLossImpl(const torch::Tensor& contentImage, LaplacianOptions options)
    : options_(options) {
    torch::NoGradGuard noGrad;
    target_ = laplacianMap(contentImage, options_).detach();
}

torch::Tensor LaplacianLossImpl::forward(const torch::Tensor& image) const {
    return (laplacianMap(image, options_) - target_).pow(2).sum();
}

}  // namespace instyle
