#include "imaging/selection/mask_refine.h"

#include "core/base/error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace instyle {

namespace {

void requireMask(const cv::Mat& mask, const char* what) {
    if (mask.empty() || mask.type() != CV_8UC1)
        throw Error(ErrorCategory::InvalidArgument, std::string(what) + ": the mask must be a non-empty CV_8UC1 image");
}

cv::Mat disk(int radius) {
    return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
}

}  // namespace

cv::Mat growMask(const cv::Mat& mask, int radius) {
    requireMask(mask, "growMask");
    cv::Mat out;
    if (radius > 0)
        cv::dilate(mask, out, disk(radius));
    else if (radius < 0)
        cv::erode(mask, out, disk(-radius), cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    else
        out = mask.clone();
    return out;
}

void brushStroke(cv::Mat& mask, cv::Point from, cv::Point to, int radius, bool add) {
    requireMask(mask, "brushStroke");
    const cv::Scalar value(add ? 255 : 0);
    radius = std::max(0, radius);
    cv::circle(mask, from, radius, value, cv::FILLED, cv::LINE_8);
    if (from != to) {
        cv::circle(mask, to, radius, value, cv::FILLED, cv::LINE_8);
        cv::line(mask, from, to, value, 2 * radius + 1, cv::LINE_8);
    }
}

cv::Mat grabCutRefine(const cv::Mat& rgb, const cv::Mat& mask, const GrabCutOptions& options) {
    requireMask(mask, "grabCutRefine");
    if (rgb.type() != CV_8UC3 || rgb.size() != mask.size())
        throw Error(ErrorCategory::InvalidArgument, "grabCutRefine: the image must be CV_8UC3 and the mask's size");
    const cv::Rect box = cv::boundingRect(mask);
    if (box.area() == 0) return cv::Mat::zeros(mask.size(), CV_8UC1);
    int band = options.band;
    if (band <= 0) band = std::max(4, static_cast<int>(std::lround(0.1 * std::hypot(box.width, box.height))));
    // Work on the box grown by twice the band (clipped to the image): enough background context.
    cv::Rect roi(box.x - 2 * band, box.y - 2 * band, box.width + 4 * band, box.height + 4 * band);
    roi &= cv::Rect(0, 0, mask.cols, mask.rows);
    const cv::Mat m = mask(roi);
    const cv::Mat inner = growMask(m, -band), outer = growMask(m, band);
    cv::Mat seeds(m.size(), CV_8UC1, cv::Scalar(cv::GC_BGD));
    seeds.setTo(cv::GC_PR_BGD, outer);
    seeds.setTo(cv::GC_PR_FGD, m);
    seeds.setTo(cv::GC_FGD, inner);
    // GrabCut needs background samples; a mask filling its whole region has none.
    if (cv::countNonZero(seeds == cv::GC_BGD) + cv::countNonZero(seeds == cv::GC_PR_BGD) == 0) return mask.clone();
    cv::Mat bgModel, fgModel;
    cv::Mat image = rgb(roi).clone();
    cv::grabCut(image, seeds, cv::Rect(), bgModel, fgModel, std::max(1, options.iterations), cv::GC_INIT_WITH_MASK);
    cv::Mat out = cv::Mat::zeros(mask.size(), CV_8UC1);
    cv::Mat fg = (seeds == cv::GC_FGD) | (seeds == cv::GC_PR_FGD);
    fg.copyTo(out(roi));
    return out;
}

}  // namespace instyle
