#pragma once
// Colour preservation (Gatys et al. 2016, "Preserving Color in Neural Artistic Style Transfer"):
// keep the object's own colours while taking the painting's texture.

#include "core/style/stylize_options.h"
#include "imaging/compose/merge_types.h"

#include <opencv2/core/mat.hpp>

#include <string>

namespace instyle {

ColorPreservation parseColorPreservation(const std::string& text);  // none|luminance|histogram
std::string colorPreservationName(ColorPreservation mode);

// CV_8UC3 RGB in and out; sizes of the two arguments may differ.
cv::Mat matchColorHistogram(const cv::Mat& painting, const cv::Mat& photo);
// Same size, CV_8UC3 RGB: luminance of `stylised`, chroma of `original`.
cv::Mat transferLuminance(const cv::Mat& stylised, const cv::Mat& original);

// Mean chroma (Cr, Cb in YCrCb) of the pixels where mask > 0 (the whole image without a mask).
cv::Vec2d meanChroma(const cv::Mat& rgb, const cv::Mat& mask = cv::Mat());

}  // namespace instyle
