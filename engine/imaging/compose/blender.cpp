#include "imaging/compose/blender.h"

#include "core/base/error.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

namespace instyle {

namespace {

void requireSameSize(const cv::Mat& a, const cv::Mat& b, const char* what) {
    if (a.size() != b.size())
        throw Error(ErrorCategory::InvalidArgument,
                    std::string(what) + " has size " + std::to_string(b.cols) + "x" + std::to_string(b.rows) +
                        ", expected " + std::to_string(a.cols) + "x" + std::to_string(a.rows));
}

cv::Mat binaryMask(const cv::Mat& mask) {
    if (mask.type() != CV_8UC1) throw Error(ErrorCategory::InvalidArgument, "a mask must be 8-bit, one channel");
    cv::Mat bin;
    cv::compare(mask, 0, bin, cv::CMP_GT);  // 0 or 255
    return bin;
}

// Alpha blend pixel by pixel so that alpha 0 reproduces the photo exactly (8 or 16 bits).
template <typename Pixel>
cv::Mat compose(const cv::Mat& photo, const cv::Mat& stylised, const cv::Mat& alpha) {
    using Channel = typename Pixel::value_type;
    cv::Mat out = photo.clone();
    for (int y = 0; y < photo.rows; ++y) {
        const float* a = alpha.ptr<float>(y);
        const Pixel* s = stylised.ptr<Pixel>(y);
        Pixel* o = out.ptr<Pixel>(y);
        for (int x = 0; x < photo.cols; ++x) {
            if (a[x] <= 0.f) continue;
            for (int c = 0; c < 3; ++c)
                o[x][c] = cv::saturate_cast<Channel>(a[x] * s[x][c] + (1.f - a[x]) * o[x][c]);
        }
    }
    return out;
}

}  // namespace

BlendMode parseBlendMode(const std::string& text) { return static_cast<BlendMode>(checkedChoice(options::blend, text)); }

std::string blendModeName(BlendMode mode) { return choiceName(options::blend, static_cast<int>(mode)); }

cv::Mat guidedFilter(const cv::Mat& guide, const cv::Mat& p, int r, double eps) {
    cv::Mat I;
    if (guide.channels() == 3) cv::cvtColor(guide, I, cv::COLOR_RGB2GRAY);
    else I = guide;
    I.convertTo(I, CV_32F, 1.0 / 255.0);
    const cv::Size k(2 * r + 1, 2 * r + 1);
    auto box = [&](const cv::Mat& m) {
        cv::Mat out;
        cv::boxFilter(m, out, CV_32F, k, cv::Point(-1, -1), true, cv::BORDER_REPLICATE);
        return out;
    };
    cv::Mat meanI = box(I), meanP = box(p), corrI = box(I.mul(I)), corrIp = box(I.mul(p));
    cv::Mat varI = corrI - meanI.mul(meanI), covIp = corrIp - meanI.mul(meanP);
    cv::Mat a = covIp / (varI + eps), b = meanP - a.mul(meanI);
    return box(a).mul(I) + box(b);
}

cv::Mat blendAlpha(const cv::Mat& mask, const BlendOptions& options, const cv::Mat& guide) {
    const cv::Mat bin = binaryMask(mask);
    cv::Mat alpha;
    bin.convertTo(alpha, CV_32F, 1.0 / 255.0);
    const int feather = std::max(0, options.featherPx);
    switch (options.mode) {
    case BlendMode::Hard:
    case BlendMode::Poisson: return alpha;
    case BlendMode::Feather: {
        if (feather == 0) return alpha;
        cv::Mat dist;  // distance of each inside pixel to the nearest outside pixel
        cv::distanceTransform(bin, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
        cv::Mat ramp = cv::min(dist / static_cast<float>(feather), 1.0f);
        ramp.setTo(0.0f, bin == 0);
        return ramp;
    }
    case BlendMode::Guided: {
        if (guide.empty()) throw Error(ErrorCategory::InvalidArgument, "guided blending needs the photo as guide");
        requireSameSize(mask, guide, "the guide image");
        const int r = std::max(2, feather);
        cv::Mat refined = guidedFilter(guide, alpha, r, 1e-3);
        refined = cv::max(cv::min(refined, 1.0f), 0.0f);
        // Keep the refinement within the feather band: far outside stays the photo, exactly.
        cv::Mat outside;
        cv::distanceTransform(255 - bin, outside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
        refined.setTo(0.0f, outside > static_cast<float>(r));
        return refined;
    }
    }
    return alpha;
}

cv::Mat blendInto16(const cv::Mat& photo16, const cv::Mat& stylised8, const cv::Mat& mask, const BlendOptions& options,
                   const cv::Mat& guide8) {
    if (photo16.type() != CV_16UC3 || stylised8.type() != CV_8UC3)
        throw Error(ErrorCategory::InvalidArgument, "16-bit blending needs a 16-bit photo and an 8-bit stylised image");
    requireSameSize(photo16, stylised8, "the stylised image");
    requireSameSize(photo16, mask, "the mask");
    cv::Mat stylised16;
    if (options.mode == BlendMode::Poisson) {
        // Gradient-domain cloning is 8-bit in OpenCV: clone at 8 bits, carry the result inside the mask.
        blendInto(guide8, stylised8, mask, options).convertTo(stylised16, CV_16U, 257.0);
        cv::Mat out = photo16.clone();
        stylised16.copyTo(out, binaryMask(mask));
        return out;
    }
    stylised8.convertTo(stylised16, CV_16U, 257.0);
    return compose<cv::Vec3w>(photo16, stylised16, blendAlpha(mask, options, guide8));
}

cv::Mat blendInto(const cv::Mat& photo, const cv::Mat& stylised, const cv::Mat& mask, const BlendOptions& options) {
    if (photo.type() != CV_8UC3 || stylised.type() != CV_8UC3)
        throw Error(ErrorCategory::InvalidArgument, "blending needs 8-bit RGB images");
    requireSameSize(photo, stylised, "the stylised image");
    requireSameSize(photo, mask, "the mask");
    if (options.mode == BlendMode::Poisson) {
        const cv::Mat bin = binaryMask(mask);
        const cv::Rect box = cv::boundingRect(bin);
        if (box.empty()) return photo.clone();
        // seamlessClone needs the mask strictly inside the image: work on a 1-px padded copy.
        cv::Mat p, s, m;
        cv::copyMakeBorder(photo, p, 2, 2, 2, 2, cv::BORDER_REFLECT);
        cv::copyMakeBorder(stylised, s, 2, 2, 2, 2, cv::BORDER_REFLECT);
        cv::copyMakeBorder(bin, m, 2, 2, 2, 2, cv::BORDER_CONSTANT, 0);
        const cv::Point center(box.x + 2 + box.width / 2, box.y + 2 + box.height / 2);
        cv::Mat cloned;
        cv::seamlessClone(s, p, m, center, cloned, cv::NORMAL_CLONE);
        cv::Mat out = photo.clone();
        cloned(cv::Rect(2, 2, photo.cols, photo.rows)).copyTo(out, bin);
        return out;
    }
    return compose<cv::Vec3b>(photo, stylised, blendAlpha(mask, options, photo));
}

}  // namespace instyle
