#pragma once
// Trains a segmentation network the way the paper does (PAPER.md §1): SGD (lr 1e-2, weight
// decay 1e-4, momentum 0.9 by default), mini-batches of 8 random crops (images smaller than the
// crop are padded, their labels with 255 = ignore) with random horizontal flips, per-pixel
// cross-entropy ignoring 255, the whole network fine-tuned.
//
// Reproducible and resumable: the shuffle order, crops, flips and dropout of epoch e come from
// (seed, e) alone, and the checkpoint holds the weights, the momentum buffers and the epoch
// count, so a run resumed after epoch e computes exactly what the uninterrupted run computes.
//
// Checkpoint layout (zip, readable by Python's torch.load): the model's state dict under its own
// keys plus "training.*" entries — training.epoch (int64, epochs completed), training.seed
// (int64), training.interrupted (int64 0/1), training.momentum.<param> (SGD momentum buffers).
// A model loads from it with loadSegmentationWeights (which ignores "training.").
//
// Thread ownership: runs on the caller's thread; `cancel` may be set from any thread.

#include "core/checkpoint/state_dict.h"
#include "core/nets/segmentation_model.h"
#include "core/segmentation/segmentation_dataset.h"

#include <c10/core/Device.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace instyle {

struct SegmentationTrainOptions {
    int epochs = 1;          // train until this many epochs are completed in total
    int batchSize = 8;
    int crop = 320;
    double lr = 1e-2;
    double weightDecay = 1e-4;
    double momentum = 0.9;
    uint64_t seed = 0;
    c10::Device device = c10::Device(c10::kCPU);
    std::string checkpointPath;  // written after every epoch and on cancel; "" = never
};

struct SegmentationTrainProgress {
    int epoch = 0;              // 1-based, the epoch in progress
    int epochs = 0;
    int64_t batch = 0;          // 1-based within the epoch
    int64_t batchesPerEpoch = 0;
    double batchLoss = 0;
    double epochLoss = 0;       // running mean over the epoch's batches so far
    double imagesPerSecond = 0; // over the epoch so far
};

struct SegmentationEpochResult {
    int epoch = 0;  // 1-based
    double meanLoss = 0;
    double seconds = 0;
    double imagesPerSecond = 0;
};

struct SegmentationTrainResult {
    int firstEpoch = 1;  // 1-based epoch this run started with
    int completedEpochs = 0;  // in total, including those before a resume
    std::vector<SegmentationEpochResult> epochs;  // the epochs this run completed
    bool cancelled = false;
};

class SegmentationTrainer {
public:
    SegmentationTrainer(std::shared_ptr<SegmentationModel> model, const SegmentationTrainOptions& options);

    // Continues from a checkpoint written by this trainer: weights, momentum, epoch count.
    void restore(const StateDict& checkpoint, const std::string& sourceName);
    int completedEpochs() const { return completedEpochs_; }

    SegmentationTrainResult train(const SegmentationDataset& data,
                                  const std::function<void(const SegmentationTrainProgress&)>& onProgress,
                                  const std::function<void(const SegmentationEpochResult&)>& onEpoch,
                                  const std::atomic_bool& cancel);

    // Model weights + training state, as written to the checkpoint file.
    StateDict checkpoint(bool interrupted = false) const;

    // One augmented training pair of `sample` (normalised 3xcropxcrop image, cropxcrop int64
    // label): the flip and the crop's corner are drawn from `rngSeed` alone (train() passes the
    // next number of epoch e's stream); exposed for tests.
    static void augment(const SegmentationSample& sample, int crop, uint64_t rngSeed, at::Tensor& image,
                        at::Tensor& label);

private:
    void sgdStep();
    void save(bool interrupted) const;

    std::shared_ptr<SegmentationModel> model_;
    SegmentationTrainOptions options_;
    int completedEpochs_ = 0;
    std::vector<std::string> paramNames_;
    std::vector<at::Tensor> params_;
    std::vector<at::Tensor> momentum_;  // undefined until the first step, as in torch.optim.SGD
};

}  // namespace instyle
