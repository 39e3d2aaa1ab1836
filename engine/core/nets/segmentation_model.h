#pragma once
// The interface every semantic segmentation network of instyle implements: a normalised
// Nx3xHxW image in, Nx(classes)xHxW per-pixel class scores (logits) out, at the input's size.
//
// Thread ownership: a module instance may be used by one thread at a time.

#include <torch/nn/module.h>

#include <string>

namespace instyle {

class SegmentationModel : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& image) = 0;
    // The architecture id ("fcn8s_resnet34", "fcn_resnet50", "fcn_resnet101").
    virtual std::string arch() const = 0;
    virtual int64_t numClasses() const = 0;
};

}  // namespace instyle
