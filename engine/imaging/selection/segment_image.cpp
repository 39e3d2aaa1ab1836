#include "imaging/selection/segment_image.h"

#include "core/base/error.h"

#include <torch/torch.h>

namespace instyle {

cv::Mat segmentLabels(const Segmenter& segmenter, const cv::Mat& rgb) {
    if (rgb.type() != CV_8UC3) throw Error(ErrorCategory::InvalidArgument, "segmentation needs an 8-bit RGB image");
    const at::Tensor hwc = torch::from_blob(const_cast<uint8_t*>(rgb.ptr<uint8_t>()), {rgb.rows, rgb.cols, 3},
                                            {static_cast<int64_t>(rgb.step[0]), 3, 1}, torch::kUInt8);
    const Segmentation seg = segmenter.segment(hwc);
    return cv::Mat(rgb.rows, rgb.cols, CV_8UC1, seg.labels.contiguous().data_ptr<uint8_t>()).clone();
}

}  // namespace instyle
