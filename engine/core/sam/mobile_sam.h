#pragma once
// MobileSAM (ChaoningZhang/MobileSAM `build_sam_vit_t`): a TinyViT-5M image encoder with SAM's
// prompt encoder and mask decoder (facebookresearch/segment-anything), the network of the
// official file `mobile_sam.pt` (a bare state dict of 439 tensors, 10.14 M parameters).
//
// Key scheme (../shared/models/mobile_sam.manifest.tsv), unchanged from the official file:
//   image_encoder.patch_embed.seq.{0,2}     Conv2d_BN 3→32→64, 3×3 stride 2 (GELU between)
//   image_encoder.layers.0                  ConvLayer: 2 MBConv (64, expand 4) + PatchMerging → 128
//   image_encoder.layers.{1,2,3}            BasicLayer: TinyViTBlocks (dims 128/160/320, heads
//                                           4/5/10, windows 7/14/7, depths 2/6/2); layers 1 and 2
//                                           end in PatchMerging (→160 stride 2, →320 stride 1)
//   image_encoder.norm_head, .head          the classifier (in the file, unused)
//   image_encoder.neck.{0..3}               1×1 conv 320→256, LayerNorm2d, 3×3 conv, LayerNorm2d
//   prompt_encoder.*                        random-Fourier positional encoding, point/box corner
//                                           embeddings, not_a_point_embed, mask_downscaling,
//                                           no_mask_embed
//   mask_decoder.*                          two-way transformer (depth 2, 8 heads, MLP 2048),
//                                           iou_token, 4 mask tokens, output upscaling,
//                                           hypernetwork MLPs, IoU head
//
// Loading (loadOfficial) is strict. Afterwards prepare() builds what the official code derives
// from the weights: the attention-bias tables (attention_biases[:, idxs], built after loading so
// that they are never stale), the dense positional encoding, and every Conv2d_BN's BatchNorm
// folded into its convolution. The module is always in eval mode, without gradients.
//
// Only the two networks callers drive are declared here; their blocks (Conv2d_BN, the TinyViT
// stages, the prompt encoder, the two-way transformer, the mask decoder) live in
// mobile_sam_blocks.h, which only mobile_sam.cpp includes.
//
// Thread ownership: one thread at a time.

#include "core/base/compute_choices.h"
#include "core/checkpoint/state_dict.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace instyle {

namespace detail {
class TinyVitStageImpl;
class SamPromptEncoderImpl;
class SamMaskDecoderImpl;
}  // namespace detail

// TinyViT-5M for 1024×1024 input with SAM's neck: 1×3×1024×1024 → 1×256×64×64.
class TinyVitImpl : public torch::nn::Module {
public:
    TinyVitImpl();
    torch::Tensor forward(const torch::Tensor& x);
    // The same, calling after(part) when each part is done: "patch_embed", "layers.0" … "layers.3",
    // "neck" (instyle-bench-sam times the parts this way).
    torch::Tensor forward(const torch::Tensor& x, const std::function<void(const char* part)>& after);
    void prepare();
    // The convolutions' memory layout, one for the convolution stage (patch_embed, layers.0) and
    // one for the token stages (layers.1–3, neck): Nchw (LibTorch's default) or Nhwc (channels-
    // last; the token grids around the TinyViT blocks' local convolutions are then views, not
    // copies). SamPredictor sets the measured faster ones (sam_predictor.h); Auto means Nchw here.
    void setLayouts(MemoryLayout convStage, MemoryLayout tokenStages) {
        convLayout_ = convStage;
        tokenLayout_ = tokenStages;
    }
    MemoryLayout convStageLayout() const { return convLayout_; }
    MemoryLayout tokenStagesLayout() const { return tokenLayout_; }

private:
    torch::nn::Sequential patchEmbed_{nullptr};
    std::vector<std::shared_ptr<detail::TinyVitStageImpl>> stages_;
    torch::nn::Sequential neck_{nullptr};
    MemoryLayout convLayout_ = MemoryLayout::Nchw, tokenLayout_ = MemoryLayout::Nchw;
};
TORCH_MODULE(TinyVit);


class MobileSam : public torch::nn::Module {
public:
    // Randomly initialised (PyTorch's default initialisers, seeded) and prepared; eval mode.
    explicit MobileSam(uint64_t seed = 0);
    // The official state dict (strict; `image_encoder.head.*` and `norm_head.*` load but are
    // unused), then prepare(). Throws Error(Model) naming `sourceName` on a missing or unexpected
    // key or a shape mismatch, with a hint when the file is another architecture.
    void loadOfficial(const StateDict& stateDict, const std::string& sourceName);
    // Re-derives the bias tables, the dense positional encoding and the folded BatchNorms from the
    // current weights (loadOfficial calls it).
    void prepare();

    // The prompt encoder and the mask decoder on an image embedding (features 1×256×64×64): coords
    // 1×N×2 in the 1024 input frame with labels 1×N (1, 0, or −1 = padding), box 1×4, mask
    // 1×1×256×256 logits, each undefined when absent. Returns all four masks' low-resolution
    // logits 1×4×256×256 and their IoU predictions 1×4 (mask 0 = the single-mask output, 1..3 =
    // the multimask outputs).
    std::pair<torch::Tensor, torch::Tensor> decode(const torch::Tensor& features, const torch::Tensor& coords,
                                                   const torch::Tensor& labels, const torch::Tensor& box,
                                                   const torch::Tensor& mask);

    TinyVit imageEncoder{nullptr};

    static constexpr int64_t kImageSize = 1024;   // the padded encoder input
    static constexpr int64_t kEmbeddingSize = 64;  // the image embedding's side
    static constexpr int64_t kLowResSize = 256;    // the decoder's mask logits' side

private:
    std::shared_ptr<detail::SamPromptEncoderImpl> promptEncoder_;
    std::shared_ptr<detail::SamMaskDecoderImpl> maskDecoder_;
};

}  // namespace instyle
