#pragma once
// Shared by segment, eval-seg and train-seg: building a segmentation network from --arch and a
// weights file.

#include "core/segmenter.h"

#include <c10/core/Device.h>

#include <memory>
#include <string>

namespace instyle::cli {

// The network of `arch` with the weights of `path` (an official torchvision FCN file or a
// train-seg checkpoint). Throws instyle::Error naming the file.
std::shared_ptr<SegmentationModel> loadSegmentationModel(const std::string& path, const std::string& arch);

// Throws UsageError unless `arch` is a known architecture id (checked before any file is read).
void requireKnownArch(const std::string& arch);

// "fcn8s_resnet34, fcn_resnet50, fcn_resnet101" for help texts.
std::string segmentationArchList();

}  // namespace instyle::cli
