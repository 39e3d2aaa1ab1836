#pragma once
// A photo (cv::Mat RGB) through a Segmenter to its label map and clickable instances.

#include "core/segmentation/segmenter.h"
#include "imaging/selection/instances.h"

#include <opencv2/core/mat.hpp>

namespace instyle {

// CV_8UC1 class indices at the photo's size.
cv::Mat segmentLabels(const Segmenter& segmenter, const cv::Mat& rgb);

}  // namespace instyle
