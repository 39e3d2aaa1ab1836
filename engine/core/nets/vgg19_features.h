#pragma once
// Room nets/: the networks as LibTorch modules under their official key layouts — VGG19's
// features, MiDaS small and its EfficientNet-Lite3 encoder (and the depth-model interface),
// ResNets and the FCN segmentation heads (and their SegmentationModel interface) — plus the
// ImageNet-normalised image tensors they take (image_tensor). Includes base/, checkpoint/ and
// kernels/.
//
// torchvision's VGG19 `features` stack. Children are registered as "features.N" so that a
// torchvision state dict's `features.N.weight/bias` keys map onto this module unchanged
// (the classifier is not part of it; load with ignorePrefixes {"classifier."}).
//
// Thread ownership: a module instance may be used by one thread at a time.

#include "core/checkpoint/state_dict.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace instyle {

class WinogradFilter;

// Index in torchvision's `features` of a named layer: "conv1_1" → 0, "relu1_1" → 1,
// "pool1" → 4, "relu4_1" → 20, "relu5_1" → 29 ... Throws Error for an unknown name.
int vggLayerIndex(const std::string& name);
// All 37 names in order.
const std::vector<std::string>& vggLayerNames();

class Vgg19FeaturesImpl : public torch::nn::Module {
public:
    // Randomly initialised (LibTorch's default Conv2d init) from the given seed. Parameters do
    // not require gradients: only the image is optimised.
    explicit Vgg19FeaturesImpl(uint64_t seed = 0);

    // Runs the stack up to the deepest requested layer and returns the activations of the
    // requested layers (indices into torchvision's features), in the order requested.
    std::vector<torch::Tensor> forward(const torch::Tensor& input, const std::vector<int>& layers);

    // Loads `features.N.*` from a torchvision VGG19 state dict (classifier keys are ignored).
    void loadTorchvision(const StateDict& stateDict, const std::string& sourceName);

    // True once real weights were loaded; false while the network is randomly initialised.
    bool pretrained() const { return pretrained_; }

    // Channels-last (NHWC) weights and activations: on CPUs with oneDNN (Debian's LibTorch) the
    // convolutions then skip the NCHW↔blocked reorders (measured by instyle-bench --layout).
    // The returned activations are channels-last too; gramMatrix handles both layouts.
    void setChannelsLast(bool on);
    bool channelsLast() const { return channelsLast_; }

    // Winograd F(4x4,3x3) for the 3x3 convolutions with >= 64 input channels (all but conv1_1),
    // forward and gradient w.r.t. the input (core/kernels/winograd_conv.h); CPU float32 only. The
    // filters of layers 0..lastLayer (all when negative) are transformed here, those of deeper
    // layers when a forward first reaches them, so only the layers a run uses are held (through
    // relu5_1, the default pass: 414 of the 640 MB that all fifteen take). New weights are
    // transformed as forwards reach them. Whether it is on is ConvTuner's measured choice
    // (core/kernels/conv_tuner.h) unless --conv forces it.
    void setWinograd(bool on, int lastLayer = -1);
    bool winograd() const { return winograd_; }
    // How many layers' Winograd filters are held now (tests: only the layers a run reads).
    size_t winogradFiltersHeld() const;

private:
    void forgetWinogradFilters();
    std::shared_ptr<const WinogradFilter> winogradFilter(size_t layer);

    torch::nn::Sequential features_{nullptr};
    bool pretrained_ = false;
    bool channelsLast_ = false;
    bool winograd_ = false;
    // Per layer of features_: the transformed filters, or null (not a Winograd layer, off, or
    // not reached yet). The mutex (shared, so the module stays copyable) guards the lazy transform.
    std::vector<std::shared_ptr<const WinogradFilter>> winogradFilters_;
    std::shared_ptr<std::mutex> winogradMutex_ = std::make_shared<std::mutex>();
};
TORCH_MODULE(Vgg19Features);

}  // namespace instyle
