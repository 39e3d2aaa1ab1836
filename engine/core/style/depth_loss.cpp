#include "core/style/depth_loss.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"

#include <torch/torch.h>

#include <cmath>

namespace instyle {

namespace {

namespace F = torch::nn::functional;

torch::Tensor resize(const torch::Tensor& x, int64_t height, int64_t width, torch::nn::functional::InterpolateFuncOptions::mode_t mode) {
    if (x.size(2) == height && x.size(3) == width) return x;
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{height, width})
                                 .mode(mode)
                                 .align_corners(false));
}

void requireImage(const torch::Tensor& image) {
    if (!image.defined() || image.dim() != 4 || image.size(0) != 1 || image.size(1) != 3)
        throw Error(ErrorCategory::InvalidArgument,
                    "depth: the image must be 1x3xHxW, got " + (image.defined() ? shapeString(image.sizes()) : "none"));
}

torch::Tensor runModel(DepthModel& model, const torch::Tensor& input) {
    auto out = model.forward(input);
    if (out.dim() != 4 || out.size(0) != 1 || out.size(1) != 1)
        throw Error(ErrorCategory::Model, model.description() + ": expected a 1x1xHxW depth map, got " +
                                              shapeString(out.sizes()));
    return out;
}

}  // namespace

at::Tensor depthAtImageSize(DepthModel& model, const at::Tensor& image, int size) {
    requireImage(image);
    const int64_t multiple = model.sizeMultiple();
    if (size <= 0 || size % multiple != 0)
        throw Error(ErrorCategory::InvalidArgument, "depth size must be a positive multiple of " +
                                                        std::to_string(multiple) + " (got " + std::to_string(size) + ")");
    auto small = resize(image, size, size, torch::kBilinear);
    return resize(runModel(model, small), image.size(2), image.size(3), torch::kBicubic);
}

DepthLossImpl::DepthLossImpl(std::shared_ptr<DepthModel> model, const at::Tensor& contentImage,
                             DepthLossOptions options)
    : model_(std::move(model)), options_(options) {
    if (!model_) throw Error(ErrorCategory::InvalidArgument, "depth loss: no depth model");
    torch::NoGradGuard noGrad;
    target_ = depthAtImageSize(*model_, contentImage, options_.size).detach();
}

torch::Tensor DepthLossImpl::forward(const torch::Tensor& image) {
    if (!options_.gradient) {
        torch::NoGradGuard noGrad;
        return (depthAtImageSize(*model_, image, options_.size) - target_).pow(2).mean();
    }
    return (depthAtImageSize(*model_, image, options_.size) - target_).pow(2).mean();
}

std::pair<int64_t, int64_t> depthInputSize(int64_t width, int64_t height, int64_t size, int64_t multiple) {
    if (width <= 0 || height <= 0 || size < multiple || multiple <= 0)
        throw Error(ErrorCategory::InvalidArgument, "depth: invalid image or network size");
    // "upper_bound": one scale for both sides, the one that makes the image fit.
    const double scale = std::min(static_cast<double>(size) / width, static_cast<double>(size) / height);
    auto constrain = [&](double x) {
        // numpy's round (half to even), then floor when that overshoots; never below one multiple.
        int64_t y = static_cast<int64_t>(std::nearbyint(x / multiple)) * multiple;
        if (y > size) y = static_cast<int64_t>(std::floor(x / multiple)) * multiple;
        return std::max(y, multiple);
    };
    return {constrain(scale * width), constrain(scale * height)};
}

at::Tensor estimateDepth(DepthModel& model, const at::Tensor& image, int size) {
    requireImage(image);
    torch::NoGradGuard noGrad;
    const auto [w, h] = depthInputSize(image.size(3), image.size(2), size, model.sizeMultiple());
    auto input = resize(image, h, w, torch::kBicubic);
    return resize(runModel(model, input), image.size(2), image.size(3), torch::kBicubic);
}

}  // namespace instyle
