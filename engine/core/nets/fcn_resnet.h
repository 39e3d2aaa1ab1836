#pragma once
// torchvision's fcn_resnet50 / fcn_resnet101: a dilated ResNet backbone (output stride 8,
// replace_stride_with_dilation = {false, true, true}), FCNHead on layer4 (`classifier.*`) and
// optionally the auxiliary FCNHead on layer3 (`aux_classifier.*`), scores upsampled bilinearly
// to the input size. Key names equal torchvision's, so fcn_resnet50_coco-1167a1af.pth and
// fcn_resnet101_coco-7ecb50ca.pth load unchanged.
//
// Thread ownership: a module instance may be used by one thread at a time.

#include "core/nets/resnet.h"
#include "core/nets/segmentation_model.h"

#include <torch/nn/modules/container/sequential.h>

#include <string>

namespace instyle {

struct FcnResNetOptions {
    int depth = 50;          // 50 or 101
    int64_t numClasses = 21;
    bool auxHead = false;    // build aux_classifier (needed to load a file with it strictly)
};

class FcnResNetImpl : public SegmentationModel {
public:
    explicit FcnResNetImpl(const FcnResNetOptions& options = {});

    // Main head's scores at the input's size (what torchvision returns as result["out"]).
    torch::Tensor forward(const torch::Tensor& image) override;
    // The auxiliary head's scores at the input's size (needs auxHead).
    torch::Tensor forwardAux(const torch::Tensor& image);
    std::string arch() const override { return "fcn_resnet" + std::to_string(options_.depth); }
    int64_t numClasses() const override { return options_.numClasses; }
    bool hasAuxHead() const { return options_.auxHead; }
    ResNet& backbone() { return backbone_; }

private:
    FcnResNetOptions options_;
    ResNet backbone_{nullptr};
    torch::nn::Sequential classifier_{nullptr}, auxClassifier_{nullptr};
};
TORCH_MODULE(FcnResNet);

}  // namespace instyle
