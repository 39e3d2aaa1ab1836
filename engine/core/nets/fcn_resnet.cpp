#include "core/nets/fcn_resnet.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"

#include <torch/torch.h>

namespace instyle {

namespace {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

// torchvision.models.segmentation.fcn.FCNHead: conv3x3 → BN → ReLU → Dropout(0.1) → conv1x1.
nn::Sequential fcnHead(int64_t in, int64_t classes) {
    const int64_t inter = in / 4;
    return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(in, inter, 3).padding(1).bias(false)), nn::BatchNorm2d(inter),
                          nn::ReLU(), nn::Dropout(0.1), nn::Conv2d(nn::Conv2dOptions(inter, classes, 1)));
}

torch::Tensor upsampleTo(const torch::Tensor& x, const torch::Tensor& image) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{image.size(2), image.size(3)})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

void requireImage(const torch::Tensor& image) {
    if (image.dim() != 4 || image.size(1) != 3)
        throw Error(ErrorCategory::InvalidArgument, "FcnResNet: expected an Nx3xHxW image, got " + shapeString(image.sizes()));
}

}  // namespace

FcnResNetImpl::FcnResNetImpl(const FcnResNetOptions& options) : options_(options) {
    if (options.depth != 50 && options.depth != 101)
        throw Error(ErrorCategory::InvalidArgument, "fcn_resnet: depth must be 50 or 101");
    ResNetOptions ro;
    ro.depth = options.depth;
    ro.replaceStrideWithDilation = {false, true, true};
    backbone_ = register_module("backbone", ResNet(ro));
    classifier_ = register_module("classifier", fcnHead(2048, options.numClasses));
    if (options.auxHead) auxClassifier_ = register_module("aux_classifier", fcnHead(1024, options.numClasses));
}

torch::Tensor FcnResNetImpl::forward(const torch::Tensor& image) {
    requireImage(image);
    auto f = backbone_->features(image);
    return upsampleTo(classifier_->forward(f[3]), image);
}

torch::Tensor FcnResNetImpl::forwardAux(const torch::Tensor& image) {
    requireImage(image);
    if (!auxClassifier_) throw Error(ErrorCategory::InvalidArgument, "fcn_resnet: built without the auxiliary head");
    auto f = backbone_->features(image);
    return upsampleTo(auxClassifier_->forward(f[2]), image);
}

}  // namespace instyle
