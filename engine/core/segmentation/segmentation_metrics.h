#pragma once
// Semantic segmentation metrics from one confusion matrix accumulated over a whole data set
// (the standard, dataset-level figures; FCN's score.py / wkentaro's label_accuracy_score):
// n_ij = pixels of ground-truth class i predicted as j, t_i = Σ_j n_ij.
//   pixel accuracy        Σ_i n_ii / Σ_i t_i
//   mean class accuracy   nanmean_i n_ii / t_i                (classes present in the ground truth)
//   IoU_i                 n_ii / (t_i + Σ_j n_ji − n_ii)       (undefined when class i is absent
//                                                             from both ground truth and prediction)
//   mean IoU              nanmean_i IoU_i
//   frequency-weighted    Σ_i (t_i / Σ t) IoU_i over classes with t_i > 0
// Ground-truth pixels outside [0, classes) (255 = ignore) are not counted.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace instyle {

struct SegmentationScores {
    int64_t images = 0;
    int64_t pixels = 0;  // counted (non-ignored) pixels
    double pixelAccuracy = 0;
    double meanClassAccuracy = 0;
    double meanIou = 0;
    double frequencyWeightedIou = 0;
    std::vector<std::optional<double>> perClassIou;  // nullopt for a class absent from both
};

class SegmentationMetrics {
public:
    explicit SegmentationMetrics(int numClasses = 21);

    // truth and prediction: integer tensors of equal shape (any dims). Predictions outside
    // [0, classes) where the truth is counted throw Error(InvalidArgument).
    void add(const at::Tensor& truth, const at::Tensor& prediction);
    void reset();

    SegmentationScores scores() const;
    // numClasses x numClasses int64 (rows: ground truth, columns: prediction), on the CPU.
    const at::Tensor& confusion() const { return confusion_; }
    int numClasses() const { return numClasses_; }

private:
    int numClasses_;
    int64_t images_ = 0;
    at::Tensor confusion_;
};

}  // namespace instyle
