#include "imaging/compose/color_transfer.h"

#include "core/base/error.h"

#include <opencv2/imgproc.hpp>

namespace instyle {

namespace {

// Pixels as an N x 3 CV_64F matrix in [0,1].
cv::Mat pixelRows(const cv::Mat& rgb) {
    cv::Mat f;
    rgb.convertTo(f, CV_64F, 1.0 / 255.0);
    return f.reshape(1, static_cast<int>(rgb.total()));
}

// Lower-triangular L with L·Lᵀ = C (C symmetric positive definite after regularisation).
cv::Mat cholesky(cv::Mat c) {
    c = c + cv::Mat::eye(3, 3, CV_64F) * 1e-5;
    cv::Mat l = cv::Mat::zeros(3, 3, CV_64F);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j <= i; ++j) {
            double s = c.at<double>(i, j);
            for (int k = 0; k < j; ++k) s -= l.at<double>(i, k) * l.at<double>(j, k);
            l.at<double>(i, j) = i == j ? std::sqrt(std::max(s, 1e-12)) : s / l.at<double>(j, j);
        }
    return l;
}

}  // namespace

ColorPreservation parseColorPreservation(const std::string& text) {
    return static_cast<ColorPreservation>(checkedChoice(options::preserveColor, text));
}

std::string colorPreservationName(ColorPreservation mode) {
    return choiceName(options::preserveColor, static_cast<int>(mode));
}

cv::Mat matchColorHistogram(const cv::Mat& painting, const cv::Mat& photo) {
    if (painting.type() != CV_8UC3 || photo.type() != CV_8UC3)
        throw Error(ErrorCategory::InvalidArgument, "colour matching needs 8-bit RGB images");
    cv::Mat s = pixelRows(painting), t = pixelRows(photo);
    cv::Mat covS, meanS, covT, meanT;
    cv::calcCovarMatrix(s, covS, meanS, cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE, CV_64F);
    cv::calcCovarMatrix(t, covT, meanT, cv::COVAR_NORMAL | cv::COVAR_ROWS | cv::COVAR_SCALE, CV_64F);
    const cv::Mat a = cholesky(covT) * cholesky(covS).inv();  // maps the painting's covariance onto the photo's
    cv::Mat centred = s - cv::repeat(meanS, s.rows, 1);
    cv::Mat mapped = centred * a.t() + cv::repeat(meanT, s.rows, 1);
    cv::Mat out;
    mapped.reshape(3, painting.rows).convertTo(out, CV_8UC3, 255.0);  // saturates to [0,255]
    return out;
}

cv::Mat transferLuminance(const cv::Mat& stylised, const cv::Mat& original) {
    if (stylised.size() != original.size() || stylised.type() != CV_8UC3 || original.type() != CV_8UC3)
        throw Error(ErrorCategory::InvalidArgument, "luminance transfer needs two 8-bit RGB images of one size");
    cv::Mat ys, yo;
    cv::cvtColor(stylised, ys, cv::COLOR_RGB2YCrCb);
    cv::cvtColor(original, yo, cv::COLOR_RGB2YCrCb);
    const int fromTo[] = {0, 0};
    cv::mixChannels(&ys, 1, &yo, 1, fromTo, 1);  // stylised Y into the original's YCrCb
    cv::Mat out;
    cv::cvtColor(yo, out, cv::COLOR_YCrCb2RGB);
    return out;
}

cv::Vec2d meanChroma(const cv::Mat& rgb, const cv::Mat& mask) {
    cv::Mat ycc;
    cv::cvtColor(rgb, ycc, cv::COLOR_RGB2YCrCb);
    const cv::Scalar m = mask.empty() ? cv::mean(ycc) : cv::mean(ycc, mask);
    return {m[1], m[2]};
}

}  // namespace instyle
