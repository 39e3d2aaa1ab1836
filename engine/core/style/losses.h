#pragma once
// The paper's loss terms (../shared/PAPER.md §2), each a module holding its target, computed
// once without gradients. All values are unweighted; the Stylizer applies α, β, θ, γ.

#include "core/style/stylize_options.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <vector>

namespace instyle {

// G = F·Fᵀ / (C·H·W) for a 1xCxHxW activation.
torch::Tensor gramMatrix(const torch::Tensor& features);

// Lc = Σ (F_c − F_x)² (a sum, not a mean).
class ContentLossImpl : public torch::nn::Module {
public:
    explicit ContentLossImpl(const torch::Tensor& targetFeatures);
    torch::Tensor forward(const torch::Tensor& features) const;

private:
    torch::Tensor target_;
};
TORCH_MODULE(ContentLoss);

// Ls = Σ_l w_l Σ (G_x − G_s)² over the style layers; the target Grams may be a weighted mix of
// several style images (see mixGramTargets).
class StyleLossImpl : public torch::nn::Module {
public:
    StyleLossImpl(std::vector<torch::Tensor> targetGrams, std::vector<double> layerWeights);
    torch::Tensor forward(const std::vector<torch::Tensor>& features) const;

private:
    std::vector<torch::Tensor> targets_;
    std::vector<double> layerWeights_;
};
TORCH_MODULE(StyleLoss);

// Σ_i b_i G_i per layer, with the blend weights b normalised to sum 1.
std::vector<torch::Tensor> mixGramTargets(const std::vector<std::vector<torch::Tensor>>& gramsPerStyle,
                                          const std::vector<double>& blendWeights);

struct LaplacianOptions {
    int poolKernel = static_cast<int>(options::lapPool.defaultValue);
    int poolStride = static_cast<int>(options::lapStride.defaultValue);
};

// D(x): AvgPool2d(k, stride, pad k/2, count_include_pad) then the 3x3 Laplacian
// [[0,−1,0],[−1,4,−1],[0,−1,0]] per channel (zero pad 1), the channel responses summed: one
// grouped-free conv with a 1x3x3x3 kernel. Returns 1x1xH'xW'.
torch::Tensor laplacianMap(const torch::Tensor& image, const LaplacianOptions& options = {});

// Llap = Σ (D(x_c) − D(x))².
class LaplacianLossImpl : public torch::nn::Module {
public:
    LaplacianLossImpl(const torch::Tensor& contentImage, LaplacianOptions options);
    torch::Tensor forward(const torch::Tensor& image) const;

private:
    LaplacianOptions options_;
    torch::Tensor target_;
};
TORCH_MODULE(LaplacianLoss);

}  // namespace instyle
