#include "core/segmentation/segmentation_metrics.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"

#include <torch/torch.h>

namespace instyle {

SegmentationMetrics::SegmentationMetrics(int numClasses) : numClasses_(numClasses) {
    if (numClasses < 1) throw Error(ErrorCategory::InvalidArgument, "SegmentationMetrics: at least one class is needed");
    reset();
}

void SegmentationMetrics::reset() {
    confusion_ = torch::zeros({numClasses_, numClasses_}, torch::kInt64);
    images_ = 0;
}

void SegmentationMetrics::add(const at::Tensor& truth, const at::Tensor& prediction) {
    if (!truth.defined() || !prediction.defined() || !truth.sizes().equals(prediction.sizes()))
        throw Error(ErrorCategory::InvalidArgument, "SegmentationMetrics: ground truth " + shapeString(truth.sizes()) +
                                                        " and prediction " + shapeString(prediction.sizes()) +
                                                        " differ in shape");
    auto t = truth.detach().to(torch::kCPU, torch::kInt64).flatten();
    auto p = prediction.detach().to(torch::kCPU, torch::kInt64).flatten();
    auto valid = (t >= 0).logical_and(t < numClasses_);
    t = t.masked_select(valid);
    p = p.masked_select(valid);
    if (p.numel() > 0) {
        if (p.min().item<int64_t>() < 0 || p.max().item<int64_t>() >= numClasses_)
            throw Error(ErrorCategory::InvalidArgument,
                        "SegmentationMetrics: a predicted class is outside [0, " + std::to_string(numClasses_) + ")");
        confusion_ += torch::bincount(t * numClasses_ + p, {}, numClasses_ * numClasses_).view({numClasses_, numClasses_});
    }
    ++images_;
}

SegmentationScores SegmentationMetrics::scores() const {
    SegmentationScores s;
    s.images = images_;
    const int n = numClasses_;
    auto acc = confusion_.accessor<int64_t, 2>();
    std::vector<double> rowSum(n, 0), colSum(n, 0), diag(n, 0);
    double total = 0;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const double v = static_cast<double>(acc[i][j]);
            rowSum[i] += v;
            colSum[j] += v;
            total += v;
        }
        diag[i] = static_cast<double>(acc[i][i]);
    }
    s.pixels = static_cast<int64_t>(total);
    s.perClassIou.assign(n, std::nullopt);
    if (total <= 0) return s;
    double diagSum = 0, classAccSum = 0, iouSum = 0, fw = 0;
    int classAccCount = 0, iouCount = 0;
    for (int i = 0; i < n; ++i) {
        diagSum += diag[i];
        if (rowSum[i] > 0) {
            classAccSum += diag[i] / rowSum[i];
            ++classAccCount;
        }
        const double denom = rowSum[i] + colSum[i] - diag[i];
        if (denom > 0) {
            const double iou = diag[i] / denom;
            s.perClassIou[i] = iou;
            iouSum += iou;
            ++iouCount;
            if (rowSum[i] > 0) fw += rowSum[i] / total * iou;
        }
    }
    s.pixelAccuracy = diagSum / total;
    s.meanClassAccuracy = classAccCount ? classAccSum / classAccCount : 0.0;
    s.meanIou = iouCount ? iouSum / iouCount : 0.0;
    s.frequencyWeightedIou = fw;
    return s;
}

}  // namespace instyle
