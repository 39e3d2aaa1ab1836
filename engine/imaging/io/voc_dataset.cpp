#include "imaging/io/voc_dataset.h"

#include "core/base/error.h"
#include "imaging/io/image_io.h"
#include "imaging/io/label_png.h"

#include <torch/torch.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace instyle {

namespace {

bool isFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

at::Tensor matToByteTensor(const cv::Mat& m) {
    const int channels = m.channels();
    std::vector<int64_t> sizes = {m.rows, m.cols};
    if (channels > 1) sizes.push_back(channels);
    cv::Mat c = m.isContinuous() ? m : m.clone();
    return torch::from_blob(c.data, sizes, torch::kUInt8).clone();
}

}  // namespace

VocDataset::VocDataset(const std::string& root, const std::string& split, bool cacheInMemory)
    : root_(root), cache_(cacheInMemory) {
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
    const std::string list = root_ + "/ImageSets/Segmentation/" + split + ".txt";
    std::ifstream in(list);
    if (!in) throw Error(ErrorCategory::Io, list + ": cannot open (is " + root + " a VOC folder and '" + split + "' a split?)");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string id;
        if (words >> id) ids_.push_back(id);
    }
    if (ids_.empty()) throw Error(ErrorCategory::Format, list + ": lists no images");
    for (size_t i = 0; i < ids_.size(); ++i) {
        if (!isFile(imagePath(i))) throw Error(ErrorCategory::Io, imagePath(i) + ": missing (listed in " + list + ")");
        if (!isFile(labelPath(i))) throw Error(ErrorCategory::Io, labelPath(i) + ": missing (listed in " + list + ")");
    }
}

std::string VocDataset::imagePath(size_t index) const { return root_ + "/JPEGImages/" + ids_.at(index) + ".jpg"; }
std::string VocDataset::labelPath(size_t index) const {
    return root_ + "/SegmentationClass/" + ids_.at(index) + ".png";
}

void VocDataset::load(size_t index, cv::Mat& rgb, cv::Mat& labels) const {
    rgb = loadImageRgb(imagePath(index));
    labels = readLabelPng(labelPath(index));
    if (rgb.size() != labels.size())
        throw Error(ErrorCategory::Format, labelPath(index) + ": " + std::to_string(labels.cols) + "x" +
                                               std::to_string(labels.rows) + " does not match its image's " +
                                               std::to_string(rgb.cols) + "x" + std::to_string(rgb.rows));
}

SegmentationSample VocDataset::sample(size_t index) const {
    if (cache_) {
        auto it = cached_.find(index);
        if (it != cached_.end()) return it->second;
    }
    cv::Mat rgb, labels;
    load(index, rgb, labels);
    SegmentationSample s{matToByteTensor(rgb), matToByteTensor(labels), ids_.at(index)};
    if (cache_) cached_.emplace(index, s);
    return s;
}

}  // namespace instyle
