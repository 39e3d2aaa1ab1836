#pragma once
// Conversions between 8-bit RGB pixels and the ImageNet-normalised tensors the method works on:
// x = (rgb/255 − mean)/std, shape 1x3xHxW, float32.

#include <ATen/core/Tensor.h>

#include <array>

namespace instyle {

constexpr std::array<double, 3> kImageNetMean{0.485, 0.456, 0.406};
constexpr std::array<double, 3> kImageNetStd{0.229, 0.224, 0.225};

// HxWx3 uint8 (RGB, any strides) → 1x3xHxW normalised float32.
at::Tensor normalizeRgb8(const at::Tensor& hwc);
// 1x3xHxW normalised → HxWx3 uint8 RGB (contiguous, on the CPU), rounded and clamped.
at::Tensor denormalizeToRgb8(const at::Tensor& image);
// Per-channel lower/upper bounds of the valid colour range in normalised space:
// [(0−m)/s, (1−m)/s], each 1x3x1x1.
at::Tensor validRangeLow(const at::TensorOptions& options);
at::Tensor validRangeHigh(const at::TensorOptions& options);

}  // namespace instyle
