#pragma once
// Room imaging/selection/: from a photo to the masks a user picks — these instances of a label
// map, refining a mask (grow, brush, GrabCut), segmenting a whole image and MobileSAM selection.
// Includes engine/core's rooms and imaging/io/; not imaging/compose/, its sibling.
//
// From a semantic label map to clickable instances: an instance is one connected component of
// one class (PAPER.md §1, interp.), found with cv::connectedComponentsWithStats, components
// smaller than a fraction of the image dropped, holes filled, sorted by area (largest first).
//
// Masks are CV_8UC1 with 0 / 255. Value type; no shared state.

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <string>
#include <vector>

namespace instyle {

struct InstanceOptions {
    double minAreaFraction = 0.001;  // components below this fraction of the image are specks
    bool fillHoles = true;
    bool includeBackground = false;  // class 0 components as instances too
    int connectivity = 8;            // 4 or 8
};

struct Instance {
    int classId = 0;
    std::string className;
    int area = 0;            // pixels of the (hole-filled) mask
    cv::Rect bbox;           // in image pixels
    cv::Point2d centroid;    // of the mask, in image pixels
    cv::Mat localMask;       // bbox-sized CV_8UC1 0/255

    // The mask at the image's size.
    cv::Mat mask(const cv::Size& imageSize) const;
    bool contains(int x, int y) const;
};

class Instances {
public:
    Instances() = default;
    // labels: CV_8UC1 class indices (255 = ignore, never an instance).
    static Instances fromLabelMap(const cv::Mat& labels, const InstanceOptions& options = {});

    const std::vector<Instance>& list() const { return instances_; }
    size_t size() const { return instances_.size(); }
    bool empty() const { return instances_.empty(); }
    const Instance& at(size_t index) const { return instances_.at(index); }
    cv::Size imageSize() const { return imageSize_; }
    // Full-size mask of instance `index`.
    cv::Mat mask(size_t index) const { return at(index).mask(imageSize_); }

    // The instance under pixel (x, y) — the smallest one containing it, so an object inside
    // another's filled hole stays clickable — or -1.
    int instanceAt(int x, int y) const;

private:
    std::vector<Instance> instances_;
    cv::Size imageSize_;
};

}  // namespace instyle
