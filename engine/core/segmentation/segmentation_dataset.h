#pragma once
// What the segmentation trainer and evaluator read: a list of (photo, label map) pairs. The
// implementation that reads VOC folders lives in engine/imaging (it decodes JPEG/PNG), so
// engine/core stays free of OpenCV.

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <string>

namespace instyle {

struct SegmentationSample {
    at::Tensor image;  // HxWx3 uint8 RGB, CPU
    at::Tensor label;  // HxW uint8 class indices, 255 = ignore, CPU
    std::string id;    // e.g. "2011_000003"
};

class SegmentationDataset {
public:
    virtual ~SegmentationDataset() = default;
    virtual size_t size() const = 0;
    // Throws instyle::Error when the pair cannot be read.
    virtual SegmentationSample sample(size_t index) const = 0;
};

}  // namespace instyle
