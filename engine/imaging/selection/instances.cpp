#include "imaging/selection/instances.h"

#include "core/base/error.h"
#include "core/segmentation/voc_classes.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace instyle {

namespace {

// Sets the pixels of `mask` that the outside cannot reach (holes) to 255.
void fillHoles(cv::Mat& mask) {
    cv::Mat padded;
    cv::copyMakeBorder(mask, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::floodFill(padded, cv::Point(0, 0), cv::Scalar(128), nullptr, cv::Scalar(0), cv::Scalar(0), 4);
    cv::Mat inner = padded(cv::Rect(1, 1, mask.cols, mask.rows));
    mask.setTo(255, inner == 0);
}

}  // namespace

cv::Mat Instance::mask(const cv::Size& imageSize) const {
    cv::Mat full = cv::Mat::zeros(imageSize, CV_8UC1);
    if (!localMask.empty()) localMask.copyTo(full(bbox));
    return full;
}

bool Instance::contains(int x, int y) const {
    if (!bbox.contains(cv::Point(x, y))) return false;
    return localMask.at<uint8_t>(y - bbox.y, x - bbox.x) != 0;
}

Instances Instances::fromLabelMap(const cv::Mat& labels, const InstanceOptions& options) {
    if (labels.empty() || labels.type() != CV_8UC1)
        throw Error(ErrorCategory::InvalidArgument, "Instances: the label map must be a non-empty CV_8UC1 image");
    if (options.connectivity != 4 && options.connectivity != 8)
        throw Error(ErrorCategory::InvalidArgument, "Instances: connectivity must be 4 or 8");
    Instances out;
    out.imageSize_ = labels.size();
    const double minArea = options.minAreaFraction * static_cast<double>(labels.total());
    bool present[256] = {};
    for (int y = 0; y < labels.rows; ++y) {
        const uint8_t* row = labels.ptr<uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x) present[row[x]] = true;
    }
    cv::Mat components, stats, centroids;
    for (int c = 0; c < 255; ++c) {
        if (!present[c] || (c == 0 && !options.includeBackground)) continue;
        const cv::Mat binary = labels == c;
        const int n = cv::connectedComponentsWithStats(binary, components, stats, centroids, options.connectivity, CV_32S);
        for (int k = 1; k < n; ++k) {
            if (stats.at<int>(k, cv::CC_STAT_AREA) < minArea) continue;
            Instance inst;
            inst.classId = c;
            inst.className = vocClassName(c);
            inst.bbox = cv::Rect(stats.at<int>(k, cv::CC_STAT_LEFT), stats.at<int>(k, cv::CC_STAT_TOP),
                                 stats.at<int>(k, cv::CC_STAT_WIDTH), stats.at<int>(k, cv::CC_STAT_HEIGHT));
            inst.localMask = components(inst.bbox) == k;
            if (options.fillHoles) fillHoles(inst.localMask);
            const cv::Moments m = cv::moments(inst.localMask, true);
            inst.area = static_cast<int>(std::lround(m.m00));
            inst.centroid = cv::Point2d(inst.bbox.x + m.m10 / m.m00, inst.bbox.y + m.m01 / m.m00);
            out.instances_.push_back(std::move(inst));
        }
    }
    std::stable_sort(out.instances_.begin(), out.instances_.end(),
                     [](const Instance& a, const Instance& b) { return a.area > b.area; });
    return out;
}

int Instances::instanceAt(int x, int y) const {
    int best = -1;
    for (size_t i = 0; i < instances_.size(); ++i)
        if (instances_[i].contains(x, y) && (best < 0 || instances_[i].area < instances_[best].area))
            best = static_cast<int>(i);
    return best;
}

}  // namespace instyle
