#pragma once
// Room imaging/compose/: putting stylised regions back into the photo — blending, colour
// preservation, their settings (merge_types) and this whole per-instance pipeline. Includes
// engine/core's rooms and imaging/io/; not imaging/selection/, its sibling.
//
// The paper's whole pipeline for chosen instances: crop each instance (bounding box plus a
// margin of context), stylise only that crop at the work size, scale the result back to the
// crop's full-resolution size and blend it into the photo inside the (soft) mask. Several
// instances are applied in order, each with its own paintings, weights and blend mode.
//
// Thread ownership: run() executes on the caller's thread; the Stylizer it drives may receive
// setWeights() from another thread (live tuning applies to the instance being optimised).

#include "core/style/stylizer.h"
#include "imaging/compose/blender.h"
#include "imaging/compose/color_transfer.h"

#include <opencv2/core/mat.hpp>

#include <functional>
#include <string>
#include <vector>

namespace instyle {

struct StyleImage {
    cv::Mat rgb;        // CV_8UC3, any size (resized to the style size here)
    double weight = 1;  // blend weight among this instance's paintings
};

struct InstanceSpec {
    cv::Mat mask;  // CV_8UC1 at the photo's size, > 0 = inside
    std::vector<StyleImage> styles;
    LossWeights weights;
    BlendOptions blend;
    ColorPreservation color = ColorPreservation::None;
    double margin = options::margin.defaultValue;  // context around the bounding box, fraction of its size per side
    bool background = false;  // stylise everything except the mask instead
    std::string label;        // for messages ("instance 1", "person #2")
};

struct MergeRequest {
    cv::Mat photo;  // CV_8UC3 RGB at full resolution
    // Optional: the same photo at 16 bits (CV_16UC3 RGB); then the result is merged at 16 bits
    // too (MergeResult::image16), untouched pixels keeping their exact values.
    cv::Mat photo16;
    std::vector<InstanceSpec> instances;
    int workSize = static_cast<int>(options::size.defaultValue);  // long side of each crop during optimisation
    int styleSize = 0;    // long side of the paintings (0: the work size)
    // What every instance's optimisation shares (schedule, layers, Laplacian, depth, init, device,
    // seed); content, styles, mask and weights are each instance's own. InitMode::Image is taken
    // as Content; instance i runs with seed + i.
    StyleRequest style;
};

struct InstanceOutcome {
    cv::Rect crop;         // in photo pixels
    cv::Size workSize;     // the size the crop was optimised at
    StyleResult result;    // loss, timings; result.image is the work-size crop
};

struct MergeResult {
    cv::Mat image;    // the merged photo, the input's size
    cv::Mat image16;  // the same at 16 bits, when the request had photo16
    std::vector<InstanceOutcome> instances;
    bool cancelled = false;
    std::string error;  // a numeric fault in one instance (the merge keeps the last good image)
};

struct MergeProgress {
    int instance;    // 0-based
    int instances;
    const Progress& progress;
};

// The estimated time to the end of a merge of `instances` at `progress` of the 0-based `instance`:
// the engine's estimate for this one, and each later one taken to cost as much as this one in all
// (its loop time so far, less `pausedSeconds` spent outside the optimisation, plus what is left).
double mergeSecondsLeft(const Progress& progress, int instance, int instances, double pausedSeconds = 0);

// A work-size result brought to `size` (a crop's or the photo's): bicubic when enlarging, area
// averaging when shrinking — the one scaling of results that the merge, the window's previews and
// `stylize --full-size` share, so that their pixels agree.
cv::Mat resizeResult(const cv::Mat& work, const cv::Size& size);

// The crop around a bounding box: margin × its width/height added on each side, clipped to the image.
cv::Rect cropWithMargin(const cv::Rect& box, double margin, const cv::Size& image);

// What InstanceStylizer optimises for one instance (photo pixels: the mask's box plus the margin,
// or the whole photo for a background instance) and the 0/255 mask it blends with.
std::pair<cv::Rect, cv::Mat> instanceRegion(const InstanceSpec& instance);

class InstanceStylizer {
public:
    explicit InstanceStylizer(Stylizer& stylizer);

    MergeResult run(const MergeRequest& request, const std::function<void(const MergeProgress&)>& onProgress,
                    const std::atomic_bool& cancel);

private:
    Stylizer& stylizer_;
};

}  // namespace instyle
