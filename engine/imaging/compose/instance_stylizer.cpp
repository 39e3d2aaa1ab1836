#include "imaging/compose/instance_stylizer.h"

#include "core/base/error.h"
#include "imaging/io/image_io.h"
#include "imaging/io/mat_tensor.h"

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

namespace instyle {

namespace {

void validate(const MergeRequest& r) {
    if (r.photo.empty() || r.photo.type() != CV_8UC3)
        throw Error(ErrorCategory::InvalidArgument, "the photo must be an 8-bit RGB image");
    if (r.instances.empty()) throw Error(ErrorCategory::InvalidArgument, "no instance to stylise");
    for (const auto& inst : r.instances) {
        if (inst.mask.size() != r.photo.size() || inst.mask.type() != CV_8UC1)
            throw Error(ErrorCategory::InvalidArgument,
                        inst.label + ": the mask must be 8-bit, one channel, the photo's size (" +
                            std::to_string(r.photo.cols) + "x" + std::to_string(r.photo.rows) + ")");
        const int inside = cv::countNonZero(inst.mask);
        if (inside == 0) throw Error(ErrorCategory::InvalidArgument, inst.label + ": the mask is empty (no pixel is inside); nothing to stylise");
        if (inst.background && inside == static_cast<int>(inst.mask.total()))
            throw Error(ErrorCategory::InvalidArgument, inst.label + ": the mask covers the whole photo, no background is left");
        if (inst.styles.empty()) throw Error(ErrorCategory::InvalidArgument, inst.label + ": no painting given");
        try {
            checkedNumber(options::margin, inst.margin);
            checkedInt(options::feather, inst.blend.featherPx);
            checkWeights(inst.weights);
        } catch (const Error& e) {
            throw Error(ErrorCategory::InvalidArgument, inst.label + ": " + e.what());
        }
    }
}

}  // namespace

double mergeSecondsLeft(const Progress& progress, int instance, int instances, double pausedSeconds) {
    const double instanceSeconds = std::max(0.0, progress.secondsElapsed - pausedSeconds) + progress.secondsLeft;
    return progress.secondsLeft + std::max(0, instances - instance - 1) * instanceSeconds;
}

cv::Mat resizeResult(const cv::Mat& work, const cv::Size& size) {
    if (work.size() == size) return work.clone();
    cv::Mat out;
    cv::resize(work, out, size, 0, 0, size.width > work.cols ? cv::INTER_CUBIC : cv::INTER_AREA);
    return out;
}

cv::Rect cropWithMargin(const cv::Rect& box, double margin, const cv::Size& image) {
    const int mx = static_cast<int>(std::lround(box.width * margin));
    const int my = static_cast<int>(std::lround(box.height * margin));
    cv::Rect grown(box.x - mx, box.y - my, box.width + 2 * mx, box.height + 2 * my);
    return grown & cv::Rect(cv::Point(0, 0), image);
}

std::pair<cv::Rect, cv::Mat> instanceRegion(const InstanceSpec& inst) {
    cv::Mat mask;
    cv::compare(inst.mask, 0, mask, cv::CMP_GT);
    if (inst.background) {
        cv::bitwise_not(mask, mask);
        return {cv::Rect(cv::Point(0, 0), mask.size()), mask};
    }
    return {cropWithMargin(cv::boundingRect(mask), inst.margin, mask.size()), mask};
}

InstanceStylizer::InstanceStylizer(Stylizer& stylizer) : stylizer_(stylizer) {}

MergeResult InstanceStylizer::run(const MergeRequest& r, const std::function<void(const MergeProgress&)>& onProgress,
                                  const std::atomic_bool& cancel) {
    validate(r);
    MergeResult merged;
    merged.image = r.photo.clone();
    if (!r.photo16.empty()) {
        if (r.photo16.type() != CV_16UC3 || r.photo16.size() != r.photo.size())
            throw Error(ErrorCategory::InvalidArgument, "the 16-bit photo must be CV_16UC3 at the photo's size");
        merged.image16 = r.photo16.clone();
    }
    const int count = static_cast<int>(r.instances.size());
    // The first instance decides the convolution algorithm and layout for all (one choice per
    // merge, so that a job file records it and replays bit for bit).
    ConvAlgorithm conv = r.style.conv;
    MemoryLayout layout = r.style.layout;
    for (int i = 0; i < count && !merged.cancelled; ++i) {
        const InstanceSpec& inst = r.instances[i];
        const auto [crop, mask] = instanceRegion(inst);
        // Later instances see the earlier ones already merged (applied in order).
        const cv::Mat cropPixels = merged.image(crop).clone();
        const cv::Mat work = resizeLongSide(cropPixels, r.workSize, kMinWorkSide);

        StyleRequest request = r.style;
        request.content = matToTensor(work);
        request.styles.clear();
        request.mask.reset();
        const int styleSize = r.styleSize > 0 ? r.styleSize : r.workSize;
        for (const auto& style : inst.styles) {
            cv::Mat painting = resizeLongSide(style.rgb, styleSize, kMinWorkSide);
            if (inst.color == ColorPreservation::Histogram) painting = matchColorHistogram(painting, cropPixels);
            request.styles.push_back({matToTensor(painting), style.weight});
        }
        request.weights = inst.weights;
        if (request.init == InitMode::Image) request.init = InitMode::Content, request.initImage = at::Tensor();
        request.seed = r.style.seed + static_cast<uint64_t>(i);
        request.conv = conv;
        request.layout = layout;

        StyleResult result = stylizer_.run(
            request, [&](const Progress& p) { if (onProgress) onProgress(MergeProgress{i, count, p}); }, cancel);
        merged.cancelled = result.cancelled;
        conv = result.conv;
        layout = result.layout;
        if (!result.error.empty() && merged.error.empty()) merged.error = inst.label + ": " + result.error;

        cv::Mat stylisedCrop = resizeResult(tensorToMat(result.image), crop.size());
        if (inst.color == ColorPreservation::Luminance) stylisedCrop = transferLuminance(stylisedCrop, cropPixels);

        // Blend within the crop only: the mask is empty outside it (the crop holds the bounding
        // box), so memory stays bounded by the crop, not the photo.
        cv::Mat region = merged.image(crop);
        if (!merged.image16.empty()) {
            cv::Mat region16 = merged.image16(crop);
            blendInto16(region16, stylisedCrop, mask(crop), inst.blend, region).copyTo(region16);
        }
        blendInto(region, stylisedCrop, mask(crop), inst.blend).copyTo(region);
        merged.instances.push_back({crop, work.size(), std::move(result)});
    }
    return merged;
}

}  // namespace instyle
