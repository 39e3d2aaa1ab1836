#pragma once
// cv::Mat (CV_8UC3 RGB) ↔ the engine's normalised 1x3xHxW tensors.

#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

namespace instyle {

at::Tensor matToTensor(const cv::Mat& rgb8);
cv::Mat tensorToMat(const at::Tensor& image);
// CV_8UC1 / CV_32FC1 mask → 1x1xHxW float in [0,1].
at::Tensor maskToTensor(const cv::Mat& mask);

}  // namespace instyle
