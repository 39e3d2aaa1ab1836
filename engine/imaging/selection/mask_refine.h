#pragma once
// Refining an instance mask (CV_8UC1, 0 / 255, image-sized): grow/shrink, brush strokes, and
// GrabCut seeded by the FCN mask for tighter object boundaries (the paper names inaccurate
// segmentation as its main weakness).
//
// Free functions on value types; safe from any thread.

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace instyle {

// radius > 0 dilates, < 0 erodes (elliptical structuring element of size 2|r|+1), 0 copies.
cv::Mat growMask(const cv::Mat& mask, int radius);

// Paints a round brush of `radius` along the segment from → to (a dot when they are equal),
// adding (255) or erasing (0) in place.
void brushStroke(cv::Mat& mask, cv::Point from, cv::Point to, int radius, bool add);

struct GrabCutOptions {
    int iterations = 5;
    // Width of the uncertain band on both sides of the FCN boundary; <= 0 picks 10% of the
    // mask's bounding-box diagonal (at least 4 pixels) — FCN boundaries are off by up to its
    // output stride (8 px), and a band narrower than the error makes background "sure" foreground.
    int band = 0;
};

// cv::grabCut on the region around the mask: pixels deeper than `band` inside the mask are sure
// foreground, the rest of the mask probable foreground, a band outside probable background,
// everything further away sure background. Returns the refined 0/255 mask (empty stays empty).
cv::Mat grabCutRefine(const cv::Mat& rgb, const cv::Mat& mask, const GrabCutOptions& options = {});

}  // namespace instyle
