#pragma once
// The depth network behind the depth loss Ld and the depth maps: MiDaS v2.1 small (built in,
// midas_small.h) or a user-supplied TorchScript model.
//
// Contract of every DepthModel (and of a user's TorchScript file):
//   input   1×3×H×W float32, ImageNet-normalised ((rgb/255 − mean)/std, mean 0.485/0.456/0.406,
//           std 0.229/0.224/0.225), H and W multiples of sizeMultiple() (32 for MiDaS small;
//           the callers use H = W = S, default 256, or an aspect-preserving size for display);
//   output  relative inverse depth (larger = nearer), 1×H'×W' or 1×1×H'×W' float32 at any
//           resolution (callers resize it bicubically to what they need); it must be
//           differentiable w.r.t. the input (the loss back-propagates through it).
// A TorchScript model is called as `module.forward(input)` in eval mode; its parameters are set
// not to require gradients.
//
// Thread ownership: a model may be used by one thread at a time; the Stylizer holds it through a
// shared_ptr and uses it only inside run().

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <string>

namespace instyle {

class DepthModel {
public:
    virtual ~DepthModel() = default;
    // 1×3×H×W normalised → 1×1×H'×W' relative inverse depth (graph kept unless grad mode is off).
    virtual at::Tensor forward(const at::Tensor& input) = 0;
    virtual void to(const c10::Device& device) = 0;
    // H and W of the input must be multiples of this.
    virtual int64_t sizeMultiple() const { return 32; }
    // "MiDaS v2.1 small (path)" — for logs and JSON.
    virtual std::string description() const = 0;
    // False while a built-in network still has random weights (tests, benchmarks).
    virtual bool pretrained() const { return true; }
};

// Brings a model's output to 1×1×H'×W'; throws Error(Model) for any other shape.
at::Tensor asDepthMap(const at::Tensor& output, const std::string& modelName);

// MiDaS v2.1 small with random weights from `seed` (tests, benchmarks, no file at hand).
std::shared_ptr<DepthModel> makeRandomMidasSmall(uint64_t seed);

// Loads a depth model file:
//  - a TorchScript archive (torch.jit.save) is used as a user model under the contract above.
//    readCheckpoint checks the whole archive first (every record's CRC, the data pickle, the
//    module tree); then LibTorch compiles its code. That code is a program: LibTorch 1.13's
//    compiler can crash on code crafted to break it, so use TorchScript files you trust;
//  - anything readCheckpoint accepts (the official midas_v21_small_256.pt, a torch.save state
//    dict) is loaded into MiDaS small, strictly (every key and shape must match).
// Throws Error (Io, Format, Model) naming the file.
std::shared_ptr<DepthModel> loadDepthModel(const std::string& path);

}  // namespace instyle
