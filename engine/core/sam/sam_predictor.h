#pragma once
// Room sam/: MobileSAM — the network (mobile_sam.h; its blocks are private to mobile_sam.cpp),
// this predictor that prepares photos and prompts as the official code does, and the on-disk
// cache of image embeddings. Includes the rooms below it (base/, checkpoint/, kernels/, nets/);
// not style/ or segmentation/, its siblings.
//
// MobileSAM selection as the official SamPredictor does it (facebookresearch/segment-anything
// `segment_anything/predictor.py`, ChaoningZhang/MobileSAM): the photo's embedding once, then
// any number of prompt decodes against it.
//
// Pre-processing (encode): the photo's RGB values as stored (no colour management); longest
// side resized to 1024 (ResizeLongestSide.get_preprocess_shape: scale = 1024 / max(h, w),
// sides = int(side * scale + 0.5)), antialiased bilinear on 8-bit values; normalised with
// SAM's pixel mean (123.675, 116.28, 103.53) / std (58.395, 57.12, 57.375) on 0–255 values;
// zero-padded at the right/bottom to 1024×1024; TinyViT-5M → 1×256×64×64.
//
// Prompts are in photo pixels: x scaled by inputWidth/originalWidth, y by
// inputHeight/originalHeight, no offset; the prompt encoder adds +0.5 (the pixel centre). A
// padding point (label −1) is appended when there is no box. Post-processing: 256×256 logits →
// bilinear to 1024×1024 → crop to inputHeight×inputWidth → bilinear to the photo's size → > 0.
//
// Thread ownership: a SamPredictor may be used by one thread at a time (it owns its modules).

#include "core/base/compute_choices.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace instyle {

struct SamPoint {
    double x = 0, y = 0;  // photo pixels
    bool include = true;  // label 1 (include) or 0 (exclude)
};

struct SamBox {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // photo pixels, corners as given
};

struct SamPrompt {
    std::vector<SamPoint> points;
    std::optional<SamBox> box;
    bool empty() const { return points.empty() && !box; }
};

// Throws Error(InvalidArgument) with one line naming the prompt ("--point 2000,10: outside the
// 1024x768 photo", "--box 10,10,10,50: empty box") when a point or a box corner lies outside
// [0, width] x [0, height], a box has x1 <= x0 or y1 <= y0, or the prompt is empty.
void checkSamPrompt(const SamPrompt& prompt, int64_t width, int64_t height);

// "X,Y" or "X,Y:1" / "X,Y:0" → a point; "X0,Y0,X1,Y1" → a box. Throw Error(InvalidArgument)
// with a one-line message quoting the text on a malformed value.
SamPoint parseSamPoint(const std::string& text);
SamBox parseSamBox(const std::string& text);
// The inverse of the parsers ("120.5,80:0", "10,20,300,400"), shortest round-tripping numbers.
std::string samPointText(const SamPoint& point);
std::string samBoxText(const SamBox& box);

struct SamEmbedding {
    at::Tensor features;             // 1x256x64x64 float32, on the CPU
    int64_t originalHeight = 0, originalWidth = 0;  // the photo
    int64_t inputHeight = 0, inputWidth = 0;        // after the longest-side resize (<= 1024)
    bool defined() const { return features.defined(); }
};

struct SamMasks {
    at::Tensor masks;                  // KxHxW bool at the photo's size
    at::Tensor lowResLogits;           // Kx256x256 float32 (the next decode's mask input)
    std::vector<double> iouPredictions;  // K
    // The index of the mask the CLI reports: the best predicted IoU of a multimask decode, else 0.
    int best = 0;
};

class MobileSam;  // the network (image_encoder, prompt_encoder, mask_decoder), mobile_sam.h

// The image encoder's memory layouts (TinyVitImpl::setLayouts) and how they were chosen.
struct SamLayouts {
    MemoryLayout convStage = MemoryLayout::Nchw, tokenStages = MemoryLayout::Nchw;
    double secondsTuning = 0;  // spent measuring in this call (0: remembered, forced or CUDA)
    std::string summary;       // "conv stage nchw (measured: nchw 0.29 s, nhwc 0.41 s); token stages nhwc (…)"
    std::string text() const;  // "nchw/nhwc": conv stage / token stages
};

class SamPredictor {
public:
    explicit SamPredictor(std::shared_ptr<MobileSam> model, c10::Device device = c10::Device(c10::kCPU));
    // The official `mobile_sam.pt` (a bare state dict, 439 tensors; image_encoder.head.* unused)
    // or a file of the same layout. Throws Error naming the file on a missing/extra key or shape.
    static SamPredictor fromFile(const std::string& path, c10::Device device = c10::Device(c10::kCPU));

    // HxWx3 uint8 RGB, any size. No gradients.
    SamEmbedding encode(const at::Tensor& rgb8) const;
    // The encoder on a photo already resized by resizeLongestSide (or by the official code: the
    // parity tests give both sides the same resized image), of an originalHeight×originalWidth photo.
    SamEmbedding encodeResized(const at::Tensor& resized8, int64_t originalHeight, int64_t originalWidth) const;
    // The official ResizeLongestSide(1024) of HxWx3 uint8: sides int(side·1024/max(h,w) + 0.5);
    // antialiased bilinear as PIL does it (a horizontal pass, rounded to 8 bits, then a vertical
    // one); PIL's fixed-point arithmetic is not reproduced bit for bit (±1 on a few values).
    static at::Tensor resizeLongestSide(const at::Tensor& rgb8);
    // The encoder's input from resizeLongestSide's image: 1x3x1024x1024 float32 on `device`,
    // normalised with SAM's pixel mean/std on 0–255 values, zero-padded at the right/bottom.
    static at::Tensor preprocess(const at::Tensor& resized8, c10::Device device = c10::Device(c10::kCPU));
    static std::pair<int64_t, int64_t> preprocessShape(int64_t height, int64_t width);  // (h, w)
    // One decoder call with all of the prompt's points (and its box, if any). maskInput: an
    // earlier decode's 1x256x256 (or 256x256) low-resolution logits, or undefined for none.
    // multimask: three masks (the official multimask_output=True), else one.
    SamMasks decode(const SamEmbedding& embedding, const SamPrompt& prompt,
                    const at::Tensor& maskInput = {}, bool multimask = false) const;
    // The CLI's rule: one point and no box → multimask, the best predicted IoU; otherwise mask 0.
    SamMasks decodeOnce(const SamEmbedding& embedding, const SamPrompt& prompt) const;

    const MobileSam& model() const { return *model_; }

    // The encoder's layouts: `forced` (Nchw or Nhwc) for both parts, or with Auto the faster of
    // each part on this CPU — two encoder passes on a blank input (one per layout, timed part by
    // part; ~3 s on a 2-core machine), once per CPU model, LibTorch, ISA and thread count, then
    // remembered in ConvTuner's cache file (conv-choices.tsv; `cacheFile` as ConvTuner's). On CUDA:
    // Nchw, nothing timed. encode() runs it with Auto the first time unless it ran already.
    SamLayouts chooseLayouts(MemoryLayout forced = MemoryLayout::Auto, const std::string& cacheFile = {}) const;
    const SamLayouts& layouts() const { return layouts_; }

private:
    std::shared_ptr<MobileSam> model_;
    c10::Device device_;
    mutable SamLayouts layouts_;
    mutable bool layoutsChosen_ = false;
};

}  // namespace instyle
