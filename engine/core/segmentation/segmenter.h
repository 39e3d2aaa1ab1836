#pragma once
// Room segmentation/: semantic segmentation of a photo with the nets' FCNs (this Segmenter), their
// training and evaluation (segmentation_trainer, segmentation_metrics, the dataset interface) and
// the VOC class names. Includes base/, checkpoint/, kernels/ and nets/; not style/ or sam/, its
// siblings.
//
// Semantic segmentation of one photo: image in, per-pixel class scores and the label map out, at
// the image's size. The network sees the image at its own resolution unless its long side
// exceeds `maxLongSide`; then it sees a scaled-down copy and the scores are upsampled
// bilinearly back.
//
// Architectures: "fcn8s_resnet34" (the paper's), "fcn_resnet50", "fcn_resnet101" (torchvision;
// the official COCO-with-VOC-labels files load unchanged); the list is segmentationArchitectures()
// in core/checkpoint/model_registry.h.
//
// Thread ownership: a Segmenter may be used by one thread at a time (it owns its module).

#include "core/checkpoint/model_registry.h"
#include "core/checkpoint/state_dict.h"
#include "core/nets/segmentation_model.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <string>
#include <vector>

namespace instyle {

struct SegmenterOptions {
    int maxLongSide = 1024;  // <= 0: never scale down
    c10::Device device = c10::Device(c10::kCPU);
};

struct Segmentation {
    at::Tensor scores;  // 1xCxHxW float32 logits on the CPU
    at::Tensor labels;  // HxW uint8 class indices (argmax of scores) on the CPU
};

// The ids of segmentationArchitectures(), in the order the CLI lists them.
const std::vector<std::string>& segmentationArchs();
// A randomly initialised network of the given architecture; auxHead builds fcn_resnet*'s
// aux_classifier (ignored by fcn8s_resnet34; officialAuxHead(arch) says whether the official file
// has one). Throws Error(InvalidArgument) for an unknown id.
std::shared_ptr<SegmentationModel> createSegmentationModel(const std::string& arch, bool auxHead = false,
                                                           int64_t numClasses = 21);
// Loads a state dict (an official file or a train-seg checkpoint) into `model`: strict on the
// network's own keys; ignores aux_classifier.* when the model has no aux head and the trainer's
// "training." entries; strips "module.". A bare ImageNet ResNet file given as an fcn8s_resnet34
// segmenter is refused with a hint to use it as --backbone.
void loadSegmentationWeights(SegmentationModel& model, const StateDict& stateDict, const std::string& sourceName);

class Segmenter {
public:
    Segmenter(std::shared_ptr<SegmentationModel> model, const SegmenterOptions& options = {});
    // The network of `arch` with the weights of `path` (an official torchvision FCN file or a
    // train-seg checkpoint, read with readCheckpoint). Throws instyle::Error naming the file.
    static Segmenter fromFile(const std::string& path, const std::string& arch, const SegmenterOptions& options = {});

    // HxWx3 uint8 RGB (any device).
    Segmentation segment(const at::Tensor& rgb8) const;
    // 1x3xHxW ImageNet-normalised float.
    Segmentation segmentNormalized(const at::Tensor& image) const;

    SegmentationModel& model() const { return *model_; }
    const SegmenterOptions& options() const { return options_; }
    std::string arch() const { return model_->arch(); }

private:
    std::shared_ptr<SegmentationModel> model_;
    SegmenterOptions options_;
};

}  // namespace instyle
