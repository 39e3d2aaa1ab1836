#pragma once
// Putting a stylised region back into the photo (the paper's "image merging"), with the soft
// boundaries the paper names as its missing piece. Everything here works at the photo's full
// resolution and every width is in photo pixels.

#include "core/style/stylize_options.h"
#include "imaging/compose/merge_types.h"

#include <opencv2/core/mat.hpp>

#include <string>

namespace instyle {

// The mode's name is its row in the option table (options::blend.choices, in enum order).
BlendMode parseBlendMode(const std::string& text);  // throws Error(InvalidArgument)
std::string blendModeName(BlendMode mode);

struct BlendOptions {
    BlendMode mode = static_cast<BlendMode>(defaultChoice(options::blend));
    int featherPx = static_cast<int>(options::feather.defaultValue);
};

// The blend weight of the stylised image per pixel, CV_32FC1 in [0,1], from an 8-bit mask
// (> 0 = inside). Hard and Feather are exactly 0 outside the mask; Guided is 0 farther than
// featherPx from it. `guide` (CV_8UC3) is the photo, used by Guided.
cv::Mat blendAlpha(const cv::Mat& mask, const BlendOptions& options, const cv::Mat& guide = cv::Mat());

// Merges `stylised` (CV_8UC3, the photo's size) into `photo` (CV_8UC3) inside `mask` (CV_8UC1,
// the photo's size). Pixels whose alpha is 0 are bit-identical to the photo.
cv::Mat blendInto(const cv::Mat& photo, const cv::Mat& stylised, const cv::Mat& mask, const BlendOptions& options);

// The same merge for a 16-bit photo (CV_16UC3): the 8-bit stylised pixels are scaled to 16 bits;
// `guide8` is the photo at 8 bits (for the guided alpha and Poisson cloning). Pixels whose alpha
// is 0 keep their 16-bit values exactly.
cv::Mat blendInto16(const cv::Mat& photo16, const cv::Mat& stylised8, const cv::Mat& mask, const BlendOptions& options,
                    const cv::Mat& guide8);

// He et al.'s guided filter (radius r, regulariser eps) of a CV_32FC1 image p, guided by the
// grey version of `guide`.
cv::Mat guidedFilter(const cv::Mat& guide, const cv::Mat& p, int r, double eps);

}  // namespace instyle
