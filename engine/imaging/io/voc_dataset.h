#pragma once
// A PASCAL VOC-format segmentation set: ROOT/JPEGImages/<id>.jpg, ROOT/SegmentationClass/<id>.png
// (palette PNG, 255 = ignore), ids listed in ROOT/ImageSets/Segmentation/<split>.txt.
//
// Thread ownership: sample() only reads files; with cacheInMemory it also fills a cache, so then
// one thread at a time.

#include "core/segmentation/segmentation_dataset.h"

#include <opencv2/core/mat.hpp>

#include <map>
#include <string>
#include <vector>

namespace instyle {

class VocDataset : public SegmentationDataset {
public:
    // Reads the split list and checks that every listed image and label file exists; throws
    // Error(Io) naming the first missing one.
    VocDataset(const std::string& root, const std::string& split, bool cacheInMemory = false);

    size_t size() const override { return ids_.size(); }
    SegmentationSample sample(size_t index) const override;

    // The same pair as OpenCV images: CV_8UC3 RGB and CV_8UC1 labels.
    void load(size_t index, cv::Mat& rgb, cv::Mat& labels) const;

    const std::vector<std::string>& ids() const { return ids_; }
    std::string imagePath(size_t index) const;
    std::string labelPath(size_t index) const;

private:
    std::string root_;
    std::vector<std::string> ids_;
    bool cache_;
    mutable std::map<size_t, SegmentationSample> cached_;
};

}  // namespace instyle
