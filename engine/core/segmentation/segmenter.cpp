#include "core/segmentation/segmenter.h"

#include "core/base/error.h"
#include "core/checkpoint/checkpoint_reader.h"
#include "core/nets/fcn8s_resnet34.h"
#include "core/nets/fcn_resnet.h"
#include "core/nets/image_tensor.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace instyle {

namespace {

namespace F = torch::nn::functional;

bool startsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool hasKeyWithPrefix(const StateDict& dict, const std::string& prefix) {
    for (const auto& item : dict)
        if (startsWith(item.key(), prefix)) return true;
    return false;
}

}  // namespace

const std::vector<std::string>& segmentationArchs() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> v;
        for (const auto& a : segmentationArchitectures()) v.push_back(a.id);
        return v;
    }();
    return ids;
}

std::shared_ptr<SegmentationModel> createSegmentationModel(const std::string& arch, bool auxHead, int64_t numClasses) {
    if (arch == "fcn8s_resnet34") return std::make_shared<Fcn8sResNet34Impl>(numClasses);
    if (arch == "fcn_resnet50" || arch == "fcn_resnet101") {
        FcnResNetOptions o;
        o.depth = arch == "fcn_resnet50" ? 50 : 101;
        o.numClasses = numClasses;
        o.auxHead = auxHead;
        return std::make_shared<FcnResNetImpl>(o);
    }
    throw Error(ErrorCategory::InvalidArgument,
                "unknown segmentation architecture '" + arch + "' (known: " + segmentationArchIds() + ")");
}

void loadSegmentationWeights(SegmentationModel& model, const StateDict& stateDict, const std::string& sourceName) {
    if (model.arch() == "fcn8s_resnet34" && !hasKeyWithPrefix(stateDict, "backbone.") &&
        !hasKeyWithPrefix(stateDict, "module.backbone.") && hasKeyWithPrefix(stateDict, "layer4."))
        throw Error(ErrorCategory::Model, sourceName +
                                              ": this is an ImageNet ResNet (classification) file, not a trained "
                                              "FCN; pass it to train-seg as --backbone");
    LoadOptions o;
    o.sourceName = sourceName;
    o.stripPrefixes = {"module."};
    o.ignorePrefixes = {"training."};
    auto* fcn = dynamic_cast<FcnResNetImpl*>(&model);
    if (fcn && !fcn->hasAuxHead()) o.ignorePrefixes.push_back("aux_classifier.");
    loadStateDict(model, stateDict, o);
}

Segmenter::Segmenter(std::shared_ptr<SegmentationModel> model, const SegmenterOptions& options)
    : model_(std::move(model)), options_(options) {
    if (!model_) throw Error(ErrorCategory::InvalidArgument, "Segmenter: no model");
    model_->to(options_.device);
    model_->eval();
}

Segmenter Segmenter::fromFile(const std::string& path, const std::string& arch, const SegmenterOptions& options) {
    auto model = createSegmentationModel(arch);
    loadSegmentationWeights(*model, readCheckpoint(path), path);
    return Segmenter(std::move(model), options);
}

Segmentation Segmenter::segment(const at::Tensor& rgb8) const {
    return segmentNormalized(normalizeRgb8(rgb8.to(options_.device)));
}

Segmentation Segmenter::segmentNormalized(const at::Tensor& image) const {
    if (!image.defined() || image.dim() != 4 || image.size(0) != 1 || image.size(1) != 3)
        throw Error(ErrorCategory::InvalidArgument, "Segmenter: expected a 1x3xHxW image");
    torch::NoGradGuard noGrad;
    const int64_t h = image.size(2), w = image.size(3);
    auto x = image.to(options_.device, torch::kFloat32);
    const int64_t longSide = std::max(h, w);
    const bool scaled = options_.maxLongSide > 0 && longSide > options_.maxLongSide;
    if (scaled) {
        const double s = static_cast<double>(options_.maxLongSide) / static_cast<double>(longSide);
        const int64_t sh = std::max<int64_t>(1, std::llround(h * s)), sw = std::max<int64_t>(1, std::llround(w * s));
        x = F::interpolate(x, F::InterpolateFuncOptions().size(std::vector<int64_t>{sh, sw}).mode(torch::kArea));
    }
    auto scores = model_->forward(x);
    if (scaled)
        scores = F::interpolate(scores, F::InterpolateFuncOptions()
                                            .size(std::vector<int64_t>{h, w})
                                            .mode(torch::kBilinear)
                                            .align_corners(false));
    Segmentation out;
    out.labels = scores.argmax(1).squeeze(0).to(torch::kUInt8).cpu().contiguous();
    out.scores = scores.to(torch::kCPU, torch::kFloat32).contiguous();
    return out;
}

}  // namespace instyle
