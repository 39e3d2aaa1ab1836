#include "core/nets/image_tensor.h"

#include "core/base/error.h"

#include <torch/torch.h>

namespace instyle {

namespace {

at::Tensor channelTensor(const std::array<double, 3>& v, const at::TensorOptions& options) {
    return torch::tensor({v[0], v[1], v[2]}, options.dtype(torch::kFloat64))
        .to(options.dtype())
        .reshape({1, 3, 1, 1});
}

}  // namespace

at::Tensor normalizeRgb8(const at::Tensor& hwc) {
    if (hwc.dim() != 3 || hwc.size(2) != 3 || hwc.scalar_type() != torch::kUInt8)
        throw Error(ErrorCategory::InvalidArgument, "expected an HxWx3 uint8 RGB image");
    auto options = torch::TensorOptions().dtype(torch::kFloat32).device(hwc.device());
    auto x = hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32).div(255.0);
    return ((x - channelTensor(kImageNetMean, options)) / channelTensor(kImageNetStd, options)).contiguous();
}

at::Tensor denormalizeToRgb8(const at::Tensor& image) {
    torch::NoGradGuard noGrad;
    auto x = image.detach().to(torch::kCPU, torch::kFloat32);
    auto options = x.options();
    x = (x * channelTensor(kImageNetStd, options) + channelTensor(kImageNetMean, options)) * 255.0;
    return x.round().clamp(0, 255).to(torch::kUInt8).squeeze(0).permute({1, 2, 0}).contiguous();
}

at::Tensor validRangeLow(const at::TensorOptions& options) {
    auto m = channelTensor(kImageNetMean, options), s = channelTensor(kImageNetStd, options);
    return (0.0 - m) / s;
}

at::Tensor validRangeHigh(const at::TensorOptions& options) {
    auto m = channelTensor(kImageNetMean, options), s = channelTensor(kImageNetStd, options);
    return (1.0 - m) / s;
}

}  // namespace instyle
