#pragma once
// The paper's segmentation network: FCN-8s on a torchvision ResNet-34 backbone
// (PAPER.md §1). Keys: `backbone.*` (torchvision resnet34 names, no fc), `score1/2/3.*`
// (1x1 convs on layer4/layer3/layer2), `up2a.weight`, `up2b.weight` (ConvTranspose2d(21,21,4,2,1),
// stride 32→16→8) and `up8.weight` (ConvTranspose2d(21,21,16,8,4), 8→1), the transposed convs
// without bias (as in the authors' notebook) and initialised as bilinear upsampling.
//
// Any input size works: the image is padded at the bottom/right to a multiple of 32 and the
// scores are cropped back, so the output has the input's height and width.
//
// Thread ownership: a module instance may be used by one thread at a time.

#include "core/checkpoint/state_dict.h"
#include "core/nets/resnet.h"
#include "core/nets/segmentation_model.h"

#include <torch/nn/modules/conv.h>

#include <string>

namespace instyle {

// The (in, out, k, k) weight of a transposed convolution that performs bilinear upsampling
// channel by channel (FCN's bilinear_kernel / upsample_filt).
torch::Tensor bilinearUpsamplingWeight(int64_t channels, int64_t kernelSize);

class Fcn8sResNet34Impl : public SegmentationModel {
public:
    explicit Fcn8sResNet34Impl(int64_t numClasses = 21);

    torch::Tensor forward(const torch::Tensor& image) override;
    std::string arch() const override { return "fcn8s_resnet34"; }
    int64_t numClasses() const override { return numClasses_; }

    // Loads an ImageNet classification file (resnet34-b627a593.pth or the legacy
    // resnet34-333f7ec4.pth) into the backbone; its fc.* keys are ignored.
    void loadBackbone(const StateDict& stateDict, const std::string& sourceName);

    ResNet& backbone() { return backbone_; }

private:
    int64_t numClasses_;
    ResNet backbone_{nullptr};
    torch::nn::Conv2d score1_{nullptr}, score2_{nullptr}, score3_{nullptr};
    torch::nn::ConvTranspose2d up2a_{nullptr}, up2b_{nullptr}, up8_{nullptr};
};
TORCH_MODULE(Fcn8sResNet34);

}  // namespace instyle
