#include "imaging/io/mat_tensor.h"

#include "core/base/error.h"
#include "core/nets/image_tensor.h"

#include <torch/torch.h>

namespace instyle {

at::Tensor matToTensor(const cv::Mat& rgb8) {
    if (rgb8.type() != CV_8UC3) throw Error(ErrorCategory::InvalidArgument, "expected an 8-bit RGB image");
    cv::Mat c = rgb8.isContinuous() ? rgb8 : rgb8.clone();
    auto hwc = torch::from_blob(c.data, {c.rows, c.cols, 3}, torch::kUInt8);
    return normalizeRgb8(hwc);  // copies, so `c` may go away
}

cv::Mat tensorToMat(const at::Tensor& image) {
    auto hwc = denormalizeToRgb8(image);
    cv::Mat view(static_cast<int>(hwc.size(0)), static_cast<int>(hwc.size(1)), CV_8UC3, hwc.data_ptr<uint8_t>());
    return view.clone();
}

at::Tensor maskToTensor(const cv::Mat& mask) {
    cv::Mat f;
    if (mask.type() == CV_8UC1) mask.convertTo(f, CV_32F, 1.0 / 255.0);
    else if (mask.type() == CV_32FC1) f = mask.clone();
    else throw Error(ErrorCategory::InvalidArgument, "a mask must be single-channel 8-bit or float");
    if (!f.isContinuous()) f = f.clone();
    return torch::from_blob(f.data, {1, 1, f.rows, f.cols}, torch::kFloat32).clone().clamp(0, 1);
}

}  // namespace instyle
