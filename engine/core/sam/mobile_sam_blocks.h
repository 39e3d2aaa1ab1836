#pragma once
// MobileSAM's building blocks, private to the sam/ room: only mobile_sam.cpp includes this
// header (packaging/test.sh checks). Callers see MobileSam and TinyVit (mobile_sam.h); the
// classes here follow the official modules one to one so that the state dict's keys
// (mobile_sam.h lists the scheme) are the registered names.

#include "core/sam/mobile_sam.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <utility>

namespace instyle::detail {

// TinyViT's Conv2d_BN: a bias-free convolution `c` and a BatchNorm2d `bn` (eps 1e-5), used folded
// once foldBatchNorm() ran.
class Conv2dBNImpl : public torch::nn::Module {
public:
    Conv2dBNImpl(int64_t in, int64_t out, int64_t kernel = 1, int64_t stride = 1, int64_t padding = 0,
                 int64_t groups = 1);
    torch::Tensor forward(const torch::Tensor& x);
    void foldBatchNorm();

private:
    torch::nn::Conv2d c_{nullptr};
    torch::nn::BatchNorm2d bn_{nullptr};
    torch::Tensor foldedWeight_, foldedBias_;  // not registered: the file has no such keys
    int64_t stride_, padding_, groups_;
};
TORCH_MODULE(Conv2dBN);

// SAM's LayerNorm2d: per-pixel normalisation over channels of N×C×H×W (eps 1e-6).
class LayerNorm2dImpl : public torch::nn::Module {
public:
    explicit LayerNorm2dImpl(int64_t channels, double eps = 1e-6);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::Tensor weight_, bias_;
    double eps_;
};
TORCH_MODULE(LayerNorm2d);

// TinyViT's windowed attention with learned per-offset biases (attn_ratio 1).
class TinyVitAttentionImpl : public torch::nn::Module {
public:
    TinyVitAttentionImpl(int64_t dim, int64_t heads, int64_t window);
    torch::Tensor forward(const torch::Tensor& x);  // B×N×C, N = window²
    void prepare();  // the bias table, from the loaded attention_biases

private:
    int64_t heads_, keyDim_;
    double scale_;
    torch::Tensor attentionBiases_, biasIndex_, biasTable_;
    torch::nn::LayerNorm norm_{nullptr};
    torch::nn::Linear qkv_{nullptr}, proj_{nullptr};
};
TORCH_MODULE(TinyVitAttention);

// Conv2d_BN-based inverted residual (ConvLayer blocks) and the stage-ending PatchMerging.
class MbConvImpl : public torch::nn::Module {
public:
    MbConvImpl(int64_t dim, int64_t expand);
    torch::Tensor forward(const torch::Tensor& x);  // N×C×H×W

private:
    Conv2dBN conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
};
TORCH_MODULE(MbConv);

class PatchMergingImpl : public torch::nn::Module {
public:
    PatchMergingImpl(int64_t dim, int64_t outDim, int64_t stride);
    // N×C×H×W, or B×L×C tokens of an h×w grid → B×L'×C' tokens.
    // nhwc: the convolutions run channels-last (see TinyVitImpl::setLayouts).
    torch::Tensor forward(const torch::Tensor& x, int64_t h, int64_t w, bool nhwc);
    int64_t stride() const { return stride_; }

private:
    Conv2dBN conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
    int64_t stride_;
};
TORCH_MODULE(PatchMerging);

// TinyViT's Mlp: LayerNorm, fc1, GELU, fc2.
class TinyVitMlpImpl : public torch::nn::Module {
public:
    TinyVitMlpImpl(int64_t dim, int64_t hidden);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::LayerNorm norm_{nullptr};
    torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(TinyVitMlp);

class TinyVitBlockImpl : public torch::nn::Module {
public:
    TinyVitBlockImpl(int64_t dim, int64_t heads, int64_t window);
    torch::Tensor forward(const torch::Tensor& x, int64_t h, int64_t w, bool nhwc);  // B×(h·w)×C
    void prepare() { attn_->prepare(); }

private:
    torch::Tensor windowAttention(const torch::Tensor& x, int64_t h, int64_t w);
    int64_t window_;
    TinyVitAttention attn_{nullptr};
    TinyVitMlp mlp_{nullptr};
    Conv2dBN localConv_{nullptr};
};
TORCH_MODULE(TinyVitBlock);

// One stage (`layers.N`): MBConv blocks (stage 0, on N×C×H×W) or TinyViT blocks (on tokens),
// then an optional PatchMerging.
class TinyVitStageImpl : public torch::nn::Module {
public:
    // heads 0: a ConvLayer of MBConv blocks. outDim 0: no downsampling.
    TinyVitStageImpl(int64_t dim, int64_t depth, int64_t heads, int64_t window, int64_t outDim, int64_t mergeStride);
    // x on an h×w grid → tokens B×L×C' and the grid it is on now.
    torch::Tensor forward(torch::Tensor x, int64_t& h, int64_t& w, bool nhwc);
    void prepare();

private:
    bool conv_;
    torch::nn::ModuleList blocks_{nullptr};
    PatchMerging downsample_{nullptr};
};
TORCH_MODULE(TinyVitStage);

// SAM's prompt encoder (embed_dim 256, 64×64 embedding, 1024 input, 16 mask channels).
class SamPromptEncoderImpl : public torch::nn::Module {
public:
    SamPromptEncoderImpl();
    // coords: 1×N×2 in the 1024 input frame (before the +0.5 shift), labels 1×N (1, 0, or −1 =
    // padding); either may be undefined (no points). box: 1×4 or undefined. mask: 1×1×256×256 or
    // undefined. Returns sparse 1×T×256 and dense 1×256×64×64 embeddings.
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& coords, const torch::Tensor& labels,
                                                    const torch::Tensor& box, const torch::Tensor& mask);
    const torch::Tensor& densePositionalEncoding() const { return densePe_; }  // 1×256×64×64
    void prepare();

private:
    torch::Tensor encodeCoords(const torch::Tensor& xy01) const;  // …×2 in [0,1] → …×256
    torch::Tensor gaussian_, densePe_;
    torch::nn::ModuleList pointEmbeddings_{nullptr};
    torch::nn::Embedding notAPoint_{nullptr}, noMask_{nullptr};
    torch::nn::Sequential maskDownscaling_{nullptr};
};
TORCH_MODULE(SamPromptEncoder);

// SAM's attention with an optional internal downsampling of the embedding (8 heads).
class SamAttentionImpl : public torch::nn::Module {
public:
    SamAttentionImpl(int64_t dim, int64_t heads, int64_t downsample = 1);
    torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);

private:
    int64_t heads_;
    torch::nn::Linear qProj_{nullptr}, kProj_{nullptr}, vProj_{nullptr}, outProj_{nullptr};
};
TORCH_MODULE(SamAttention);

// SAM's MLPBlock (lin1, ReLU, lin2) and MLP (Linear layers with ReLU between them).
class SamMlpBlockImpl : public torch::nn::Module {
public:
    SamMlpBlockImpl(int64_t dim, int64_t hidden);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear lin1_{nullptr}, lin2_{nullptr};
};
TORCH_MODULE(SamMlpBlock);

class SamMlpImpl : public torch::nn::Module {
public:
    SamMlpImpl(int64_t in, int64_t hidden, int64_t out, int64_t layers);
    torch::Tensor forward(torch::Tensor x);

private:
    torch::nn::ModuleList layers_{nullptr};
};
TORCH_MODULE(SamMlp);

class TwoWayBlockImpl : public torch::nn::Module {
public:
    TwoWayBlockImpl(int64_t dim, int64_t heads, int64_t mlpDim, bool skipFirstPe);
    // queries B×T×C, keys B×HW×C → updated (queries, keys).
    std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor queries, torch::Tensor keys,
                                                    const torch::Tensor& queryPe, const torch::Tensor& keyPe);

private:
    bool skipFirstPe_;
    SamAttention selfAttn_{nullptr}, tokenToImage_{nullptr}, imageToToken_{nullptr};
    torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr}, norm3_{nullptr}, norm4_{nullptr};
    SamMlpBlock mlp_{nullptr};
};
TORCH_MODULE(TwoWayBlock);

// SAM's TwoWayTransformer (depth 2, 256 channels, 8 heads, MLP 2048, attention downsampling 2).
class TwoWayTransformerImpl : public torch::nn::Module {
public:
    TwoWayTransformerImpl();
    // image, pe: 1×256×64×64; tokens 1×T×256 → (queries 1×T×256, keys 1×4096×256).
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& image, const torch::Tensor& pe,
                                                    const torch::Tensor& tokens);

private:
    torch::nn::ModuleList layers_{nullptr};
    SamAttention finalAttn_{nullptr};
    torch::nn::LayerNorm normFinal_{nullptr};
};
TORCH_MODULE(TwoWayTransformer);

class SamMaskDecoderImpl : public torch::nn::Module {
public:
    SamMaskDecoderImpl();
    // image 1×256×64×64, pe 1×256×64×64, sparse 1×T×256, dense 1×256×64×64 → all four masks'
    // low-resolution logits 1×4×256×256 and IoU predictions 1×4 (mask 0 = the single-mask output,
    // 1..3 = the multimask outputs).
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& image, const torch::Tensor& pe,
                                                    const torch::Tensor& sparse, const torch::Tensor& dense);

private:
    TwoWayTransformer transformer_{nullptr};
    torch::nn::Embedding iouToken_{nullptr}, maskTokens_{nullptr};
    torch::nn::Sequential upscaling_{nullptr};
    torch::nn::ModuleList hyperMlps_{nullptr};
    SamMlp iouHead_{nullptr};
};
TORCH_MODULE(SamMaskDecoder);

}  // namespace instyle::detail
