#include "core/sam/mobile_sam.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"
#include "core/kernels/parallel_gemm.h"
#include "core/kernels/window_attention.h"
#include "core/sam/mobile_sam_blocks.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/torch.h>

#include <cmath>
#include <map>
#include <utility>

namespace instyle {

namespace {

namespace nn = torch::nn;

nn::Linear linear(int64_t in, int64_t out) { return nn::Linear(nn::LinearOptions(in, out)); }
nn::LayerNorm layerNorm(int64_t dim) { return nn::LayerNorm(nn::LayerNormOptions({dim})); }

// TinyViT's three stages after the conv stage: dims, depths, heads, windows (tiny_vit_5m).
constexpr int64_t kDims[] = {64, 128, 160, 320};
constexpr int64_t kDepths[] = {2, 2, 6, 2};
constexpr int64_t kHeads[] = {0, 4, 5, 10};  // stage 0 is a ConvLayer
constexpr int64_t kWindows[] = {0, 7, 14, 7};

// Tokens B×(h·w)×C ↔ a B×C×h×w grid for the convolutions. Channels-last: both ways are views of
// the same memory. NCHW: the grid is a contiguous copy, the tokens a transposed view of it.
torch::Tensor tokensToGrid(const torch::Tensor& tokens, int64_t h, int64_t w, bool nhwc) {
    const int64_t b = tokens.size(0), c = tokens.size(2);
    if (nhwc) return tokens.reshape({b, h, w, c}).permute({0, 3, 1, 2});
    return tokens.transpose(1, 2).reshape({b, c, h, w});
}

torch::Tensor gridToTokens(const torch::Tensor& grid, bool nhwc) {
    const int64_t b = grid.size(0), c = grid.size(1), l = grid.size(2) * grid.size(3);
    if (nhwc) return grid.permute({0, 2, 3, 1}).reshape({b, l, c});
    return grid.flatten(2).transpose(1, 2);
}

}  // namespace

// --- TinyViT ---------------------------------------------------------------------------------

namespace detail {

Conv2dBNImpl::Conv2dBNImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, int64_t groups)
    : stride_(stride), padding_(padding), groups_(groups) {
    c_ = register_module(
        "c", nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).groups(groups).bias(false)));
    bn_ = register_module("bn", nn::BatchNorm2d(nn::BatchNormOptions(out).eps(1e-5)));
}

void Conv2dBNImpl::foldBatchNorm() {
    torch::NoGradGuard noGrad;
    const auto scale = bn_->weight / torch::sqrt(bn_->running_var + bn_->options.eps());
    foldedWeight_ = (c_->weight * scale.view({-1, 1, 1, 1})).contiguous();
    foldedBias_ = bn_->bias - bn_->running_mean * scale;
}

torch::Tensor Conv2dBNImpl::forward(const torch::Tensor& x) {
    if (!foldedWeight_.defined()) return bn_->forward(c_->forward(x));
    const torch::Tensor w = foldedWeight_.to(x.options()), b = foldedBias_.to(x.options());
    const int64_t stride[] = {stride_, stride_}, padding[] = {padding_, padding_}, one[] = {1, 1};
    return torch::conv2d(x, w, b, stride, padding, one, groups_);
}

LayerNorm2dImpl::LayerNorm2dImpl(int64_t channels, double eps) : eps_(eps) {
    weight_ = register_parameter("weight", torch::ones({channels}));
    bias_ = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor LayerNorm2dImpl::forward(const torch::Tensor& x) {
    const auto u = x.mean(1, true);
    const auto d = x - u;
    const auto s = d.pow(2).mean(1, true);
    return weight_.view({-1, 1, 1}) * (d / torch::sqrt(s + eps_)) + bias_.view({-1, 1, 1});
}

TinyVitAttentionImpl::TinyVitAttentionImpl(int64_t dim, int64_t heads, int64_t window)
    : heads_(heads), keyDim_(dim / heads), scale_(1.0 / std::sqrt(static_cast<double>(dim / heads))) {
    // The offset table as the official code builds it: offsets numbered in order of first
    // appearance over all pairs of window positions (row-major).
    std::map<std::pair<int64_t, int64_t>, int64_t> offsets;
    const int64_t n = window * window;
    std::vector<int64_t> index;
    index.reserve(static_cast<size_t>(n * n));
    for (int64_t p1 = 0; p1 < n; ++p1)
        for (int64_t p2 = 0; p2 < n; ++p2) {
            const std::pair<int64_t, int64_t> offset{std::abs(p1 / window - p2 / window),
                                                     std::abs(p1 % window - p2 % window)};
            auto it = offsets.find(offset);
            if (it == offsets.end()) it = offsets.emplace(offset, static_cast<int64_t>(offsets.size())).first;
            index.push_back(it->second);
        }
    attentionBiases_ = register_parameter("attention_biases", torch::zeros({heads, static_cast<int64_t>(offsets.size())}));
    biasIndex_ = torch::tensor(index, torch::kLong).view({n, n});
    norm_ = register_module("norm", layerNorm(dim));
    qkv_ = register_module("qkv", linear(dim, 3 * dim));
    proj_ = register_module("proj", linear(dim, dim));
}

void TinyVitAttentionImpl::prepare() {
    torch::NoGradGuard noGrad;
    biasTable_ = attentionBiases_.index({torch::indexing::Slice(), biasIndex_}).contiguous();  // heads×N×N
}

torch::Tensor TinyVitAttentionImpl::forward(const torch::Tensor& x) {
    // norm → qkv → the windowed products (window_attention.h) → proj; the projections' products
    // split over LibTorch's threads (parallel_gemm.h).
    const auto qkv = parallelLinear(norm_->forward(x), qkv_->weight, qkv_->bias);
    return parallelLinear(windowAttention(qkv, biasTable_, heads_, scale_), proj_->weight, proj_->bias);
}

MbConvImpl::MbConvImpl(int64_t dim, int64_t expand) {
    const int64_t hidden = dim * expand;
    conv1_ = register_module("conv1", Conv2dBN(dim, hidden, 1));
    conv2_ = register_module("conv2", Conv2dBN(hidden, hidden, 3, 1, 1, hidden));
    conv3_ = register_module("conv3", Conv2dBN(hidden, dim, 1));
}

torch::Tensor MbConvImpl::forward(const torch::Tensor& x) {
    auto y = conv1_->forward(x);
    at::gelu_(y);
    y = conv2_->forward(y);
    at::gelu_(y);
    y = conv3_->forward(y);
    y += x;
    return at::gelu_(y);
}

PatchMergingImpl::PatchMergingImpl(int64_t dim, int64_t outDim, int64_t stride) : stride_(stride) {
    conv1_ = register_module("conv1", Conv2dBN(dim, outDim, 1));
    conv2_ = register_module("conv2", Conv2dBN(outDim, outDim, 3, stride, 1, outDim));
    conv3_ = register_module("conv3", Conv2dBN(outDim, outDim, 1));
}

torch::Tensor PatchMergingImpl::forward(const torch::Tensor& x, int64_t h, int64_t w, bool nhwc) {
    torch::Tensor y = x.dim() == 3 ? tokensToGrid(x, h, w, nhwc) : x;
    y = conv1_->forward(y);
    at::gelu_(y);
    y = conv2_->forward(y);
    at::gelu_(y);
    return gridToTokens(conv3_->forward(y), nhwc);
}

TinyVitMlpImpl::TinyVitMlpImpl(int64_t dim, int64_t hidden) {
    norm_ = register_module("norm", layerNorm(dim));
    fc1_ = register_module("fc1", linear(dim, hidden));
    fc2_ = register_module("fc2", linear(hidden, dim));
}

torch::Tensor TinyVitMlpImpl::forward(const torch::Tensor& x) {
    auto hidden = parallelLinear(norm_->forward(x), fc1_->weight, fc1_->bias);
    at::gelu_(hidden);
    return parallelLinear(hidden, fc2_->weight, fc2_->bias);
}

TinyVitBlockImpl::TinyVitBlockImpl(int64_t dim, int64_t heads, int64_t window) : window_(window) {
    attn_ = register_module("attn", TinyVitAttention(dim, heads, window));
    mlp_ = register_module("mlp", TinyVitMlp(dim, 4 * dim));
    localConv_ = register_module("local_conv", Conv2dBN(dim, dim, 3, 1, 1, dim));
}

torch::Tensor TinyVitBlockImpl::windowAttention(const torch::Tensor& x, int64_t h, int64_t w) {
    const int64_t b = x.size(0), c = x.size(2), ws = window_;
    if (h == ws && w == ws) return attn_->forward(x);
    // Zero padding at the bottom/right to whole windows: padded tokens take part in the attention
    // (as keys, through the LayerNorm's bias) exactly as in the official code.
    const int64_t padB = (ws - h % ws) % ws, padR = (ws - w % ws) % ws;
    torch::Tensor y = x.view({b, h, w, c});
    if (padB > 0 || padR > 0) y = torch::constant_pad_nd(y, {0, 0, 0, padR, 0, padB}, 0);
    const int64_t ph = h + padB, pw = w + padR, nh = ph / ws, nw = pw / ws;
    y = y.view({b, nh, ws, nw, ws, c}).transpose(2, 3).reshape({b * nh * nw, ws * ws, c});
    y = attn_->forward(y);
    y = y.view({b, nh, nw, ws, ws, c}).transpose(2, 3).reshape({b, ph, pw, c});
    if (padB > 0 || padR > 0)
        y = y.index({torch::indexing::Slice(), torch::indexing::Slice(0, h), torch::indexing::Slice(0, w)});
    return y.reshape({b, h * w, c});
}

torch::Tensor TinyVitBlockImpl::forward(const torch::Tensor& x, int64_t h, int64_t w, bool nhwc) {
    torch::Tensor y = x + windowAttention(x, h, w);
    y = gridToTokens(localConv_->forward(tokensToGrid(y, h, w, nhwc)), nhwc);
    return y + mlp_->forward(y);
}

TinyVitStageImpl::TinyVitStageImpl(int64_t dim, int64_t depth, int64_t heads, int64_t window, int64_t outDim,
                                   int64_t mergeStride)
    : conv_(heads == 0) {
    blocks_ = register_module("blocks", nn::ModuleList());
    for (int64_t i = 0; i < depth; ++i) {
        if (conv_)
            blocks_->push_back(MbConv(dim, 4));
        else
            blocks_->push_back(TinyVitBlock(dim, heads, window));
    }
    if (outDim > 0) downsample_ = register_module("downsample", PatchMerging(dim, outDim, mergeStride));
}

torch::Tensor TinyVitStageImpl::forward(torch::Tensor x, int64_t& h, int64_t& w, bool nhwc) {
    for (const auto& block : *blocks_)
        x = conv_ ? block->as<MbConvImpl>()->forward(x) : block->as<TinyVitBlockImpl>()->forward(x, h, w, nhwc);
    if (downsample_) {
        x = downsample_->forward(x, h, w, nhwc);
        const int64_t s = downsample_->stride();
        h = (h - 1) / s + 1;
        w = (w - 1) / s + 1;
    }
    return x;
}

void TinyVitStageImpl::prepare() {
    for (const auto& module : modules(/*include_self=*/false)) {
        if (auto* conv = module->as<Conv2dBNImpl>()) conv->foldBatchNorm();
        if (auto* attn = module->as<TinyVitAttentionImpl>()) attn->prepare();
    }
}

}  // namespace detail

// The whole encoder and network below are built of the blocks.
using namespace detail;

TinyVitImpl::TinyVitImpl() {
    auto patchEmbed = register_module("patch_embed", std::make_shared<nn::Module>());
    patchEmbed_ = patchEmbed->register_module(
        "seq", nn::Sequential(Conv2dBN(3, kDims[0] / 2, 3, 2, 1), nn::GELU(), Conv2dBN(kDims[0] / 2, kDims[0], 3, 2, 1)));
    auto layers = register_module("layers", nn::ModuleList());
    for (int i = 0; i < 4; ++i) {
        const int64_t outDim = i < 3 ? kDims[i + 1] : 0;
        // PatchMerging keeps the resolution into the last stage (the official stride_c rule for
        // out_dim 320/448/576), so the neck sees 64×64.
        const int64_t stride = outDim == 320 || outDim == 448 || outDim == 576 ? 1 : 2;
        stages_.push_back(
            std::make_shared<TinyVitStageImpl>(kDims[i], kDepths[i], kHeads[i], kWindows[i], outDim, stride));
        layers->push_back(stages_.back());
    }
    register_module("norm_head", layerNorm(kDims[3]));
    register_module("head", linear(kDims[3], 1000));
    neck_ = register_module(
        "neck", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(kDims[3], 256, 1).bias(false)), LayerNorm2d(256),
                               nn::Conv2d(nn::Conv2dOptions(256, 256, 3).padding(1).bias(false)), LayerNorm2d(256)));
}

torch::Tensor TinyVitImpl::forward(const torch::Tensor& x) { return forward(x, {}); }

torch::Tensor TinyVitImpl::forward(const torch::Tensor& x, const std::function<void(const char*)>& after) {
    static const char* const kStageNames[] = {"layers.0", "layers.1", "layers.2", "layers.3"};
    const auto done = [&after](const char* part) {
        if (after) after(part);
    };
    if (x.dim() != 4 || x.size(1) != 3 || x.size(2) != MobileSam::kImageSize || x.size(3) != MobileSam::kImageSize)
        throw Error(ErrorCategory::InvalidArgument,
                    "MobileSAM's image encoder takes Nx3x1024x1024, got " + shapeString(x.sizes()));
    // Stage 0 runs on the grid in the conv-stage layout; its PatchMerging hands tokens to the
    // token stages in theirs (gridToTokens copies only where the layouts differ).
    const bool convNhwc = convLayout_ == MemoryLayout::Nhwc, tokensNhwc = tokenLayout_ == MemoryLayout::Nhwc;
    torch::Tensor y = patchEmbed_->forward(convNhwc ? x.contiguous(at::MemoryFormat::ChannelsLast) : x.contiguous());
    done("patch_embed");
    int64_t h = y.size(2), w = y.size(3);
    for (size_t i = 0; i < stages_.size(); ++i) {
        y = stages_[i]->forward(y, h, w, tokensNhwc);
        done(kStageNames[i]);
    }
    y = neck_->forward(tokensToGrid(y, h, w, tokensNhwc));
    done("neck");
    return y;
}

void TinyVitImpl::prepare() {
    for (const auto& module : patchEmbed_->modules(false))
        if (auto* conv = module->as<Conv2dBNImpl>()) conv->foldBatchNorm();
    for (auto& stage : stages_) stage->prepare();
}

// --- Prompt encoder ----------------------------------------------------------------------------

namespace detail {

SamPromptEncoderImpl::SamPromptEncoderImpl() {
    auto pe = register_module("pe_layer", std::make_shared<nn::Module>());
    gaussian_ = pe->register_buffer("positional_encoding_gaussian_matrix", torch::randn({2, 128}));
    pointEmbeddings_ = register_module("point_embeddings", nn::ModuleList());
    for (int i = 0; i < 4; ++i) pointEmbeddings_->push_back(nn::Embedding(1, 256));
    notAPoint_ = register_module("not_a_point_embed", nn::Embedding(1, 256));
    maskDownscaling_ = register_module(
        "mask_downscaling",
        nn::Sequential(nn::Conv2d(nn::Conv2dOptions(1, 4, 2).stride(2)), LayerNorm2d(4), nn::GELU(),
                       nn::Conv2d(nn::Conv2dOptions(4, 16, 2).stride(2)), LayerNorm2d(16), nn::GELU(),
                       nn::Conv2d(nn::Conv2dOptions(16, 256, 1))));
    noMask_ = register_module("no_mask_embed", nn::Embedding(1, 256));
}

torch::Tensor SamPromptEncoderImpl::encodeCoords(const torch::Tensor& xy01) const {
    auto c = torch::matmul(2 * xy01 - 1, gaussian_.to(xy01.options()));
    c = c * (2 * M_PI);
    return torch::cat({torch::sin(c), torch::cos(c)}, -1);
}

void SamPromptEncoderImpl::prepare() {
    torch::NoGradGuard noGrad;
    const int64_t side = MobileSam::kEmbeddingSize;
    auto grid = torch::ones({side, side}, gaussian_.options());
    const auto y = (grid.cumsum(0) - 0.5) / side;
    const auto x = (grid.cumsum(1) - 0.5) / side;
    densePe_ = encodeCoords(torch::stack({x, y}, -1)).permute({2, 0, 1}).unsqueeze(0).contiguous();
}

std::pair<torch::Tensor, torch::Tensor> SamPromptEncoderImpl::forward(const torch::Tensor& coords,
                                                                      const torch::Tensor& labels,
                                                                      const torch::Tensor& box,
                                                                      const torch::Tensor& mask) {
    const auto options = gaussian_.options();
    const double size = static_cast<double>(MobileSam::kImageSize);
    std::vector<torch::Tensor> sparse;
    if (coords.defined()) {
        auto points = coords.to(options) + 0.5;  // the pixel centre
        auto lab = labels.to(torch::kLong);
        if (!box.defined()) {  // a padding point
            points = torch::cat({points, torch::zeros({points.size(0), 1, 2}, options)}, 1);
            lab = torch::cat({lab, torch::full({lab.size(0), 1}, -1, lab.options())}, 1);
        }
        auto embedding = encodeCoords(points / size);
        const auto weightOf = [](const torch::nn::ModuleHolder<torch::nn::EmbeddingImpl>& e) { return e->weight; };
        const auto isPad = (lab == -1).unsqueeze(-1);
        embedding = torch::where(isPad, torch::zeros_like(embedding), embedding);
        embedding = embedding + isPad.to(options.dtype()) * weightOf(notAPoint_).view({1, 1, -1});
        for (int label = 0; label < 2; ++label) {
            const auto weight = pointEmbeddings_[label]->as<nn::EmbeddingImpl>()->weight;
            embedding = embedding + (lab == label).unsqueeze(-1).to(options.dtype()) * weight.view({1, 1, -1});
        }
        sparse.push_back(embedding);
    }
    if (box.defined()) {
        auto corners = encodeCoords(((box.to(options) + 0.5) / size).reshape({-1, 2, 2}));
        const auto first = pointEmbeddings_[2]->as<nn::EmbeddingImpl>()->weight;
        const auto second = pointEmbeddings_[3]->as<nn::EmbeddingImpl>()->weight;
        corners = corners + torch::cat({first, second}, 0).unsqueeze(0);
        sparse.push_back(corners);
    }
    torch::Tensor sparseEmbedding = sparse.empty() ? torch::empty({1, 0, 256}, options) : torch::cat(sparse, 1);
    const int64_t side = MobileSam::kEmbeddingSize;
    torch::Tensor dense = mask.defined() ? maskDownscaling_->forward(mask.to(options))
                                         : noMask_->weight.reshape({1, -1, 1, 1}).expand({1, -1, side, side});
    return {sparseEmbedding, dense};
}

// --- Mask decoder ------------------------------------------------------------------------------

SamAttentionImpl::SamAttentionImpl(int64_t dim, int64_t heads, int64_t downsample) : heads_(heads) {
    const int64_t internal = dim / downsample;
    qProj_ = register_module("q_proj", linear(dim, internal));
    kProj_ = register_module("k_proj", linear(dim, internal));
    vProj_ = register_module("v_proj", linear(dim, internal));
    outProj_ = register_module("out_proj", linear(internal, dim));
}

torch::Tensor SamAttentionImpl::forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
    const auto separate = [this](const torch::Tensor& x) {
        return x.view({x.size(0), x.size(1), heads_, x.size(2) / heads_}).transpose(1, 2);
    };
    const auto qh = separate(qProj_->forward(q)), kh = separate(kProj_->forward(k)), vh = separate(vProj_->forward(v));
    const double scale = 1.0 / std::sqrt(static_cast<double>(qh.size(3)));
    auto attn = torch::matmul(qh, kh.transpose(2, 3)) * scale;
    attn = attn.softmax(-1);
    auto out = torch::matmul(attn, vh).transpose(1, 2);
    return outProj_->forward(out.reshape({out.size(0), out.size(1), -1}));
}

SamMlpBlockImpl::SamMlpBlockImpl(int64_t dim, int64_t hidden) {
    lin1_ = register_module("lin1", linear(dim, hidden));
    lin2_ = register_module("lin2", linear(hidden, dim));
}

torch::Tensor SamMlpBlockImpl::forward(const torch::Tensor& x) { return lin2_->forward(torch::relu(lin1_->forward(x))); }

SamMlpImpl::SamMlpImpl(int64_t in, int64_t hidden, int64_t out, int64_t layers) {
    layers_ = register_module("layers", nn::ModuleList());
    for (int64_t i = 0; i < layers; ++i)
        layers_->push_back(linear(i == 0 ? in : hidden, i + 1 == layers ? out : hidden));
}

torch::Tensor SamMlpImpl::forward(torch::Tensor x) {
    const size_t n = layers_->size();
    for (size_t i = 0; i < n; ++i) {
        x = layers_[i]->as<nn::LinearImpl>()->forward(x);
        if (i + 1 < n) x = torch::relu(x);
    }
    return x;
}

TwoWayBlockImpl::TwoWayBlockImpl(int64_t dim, int64_t heads, int64_t mlpDim, bool skipFirstPe)
    : skipFirstPe_(skipFirstPe) {
    selfAttn_ = register_module("self_attn", SamAttention(dim, heads));
    norm1_ = register_module("norm1", layerNorm(dim));
    tokenToImage_ = register_module("cross_attn_token_to_image", SamAttention(dim, heads, 2));
    norm2_ = register_module("norm2", layerNorm(dim));
    mlp_ = register_module("mlp", SamMlpBlock(dim, mlpDim));
    norm3_ = register_module("norm3", layerNorm(dim));
    norm4_ = register_module("norm4", layerNorm(dim));
    imageToToken_ = register_module("cross_attn_image_to_token", SamAttention(dim, heads, 2));
}

std::pair<torch::Tensor, torch::Tensor> TwoWayBlockImpl::forward(torch::Tensor queries, torch::Tensor keys,
                                                                 const torch::Tensor& queryPe,
                                                                 const torch::Tensor& keyPe) {
    if (skipFirstPe_) {
        queries = selfAttn_->forward(queries, queries, queries);
    } else {
        const auto q = queries + queryPe;
        queries = queries + selfAttn_->forward(q, q, queries);
    }
    queries = norm1_->forward(queries);
    const auto keysWithPe = keys + keyPe;
    queries = norm2_->forward(queries + tokenToImage_->forward(queries + queryPe, keysWithPe, keys));
    queries = norm3_->forward(queries + mlp_->forward(queries));
    keys = norm4_->forward(keys + imageToToken_->forward(keysWithPe, queries + queryPe, queries));
    return {queries, keys};
}

TwoWayTransformerImpl::TwoWayTransformerImpl() {
    layers_ = register_module("layers", nn::ModuleList());
    for (int i = 0; i < 2; ++i) layers_->push_back(TwoWayBlock(256, 8, 2048, i == 0));
    finalAttn_ = register_module("final_attn_token_to_image", SamAttention(256, 8, 2));
    normFinal_ = register_module("norm_final_attn", layerNorm(256));
}

std::pair<torch::Tensor, torch::Tensor> TwoWayTransformerImpl::forward(const torch::Tensor& image,
                                                                       const torch::Tensor& pe,
                                                                       const torch::Tensor& tokens) {
    const auto imagePe = pe.flatten(2).permute({0, 2, 1});
    torch::Tensor queries = tokens, keys = image.flatten(2).permute({0, 2, 1});
    for (const auto& layer : *layers_)
        std::tie(queries, keys) = layer->as<TwoWayBlockImpl>()->forward(queries, keys, tokens, imagePe);
    queries = normFinal_->forward(queries + finalAttn_->forward(queries + tokens, keys + imagePe, keys));
    return {queries, keys};
}

SamMaskDecoderImpl::SamMaskDecoderImpl() {
    transformer_ = register_module("transformer", TwoWayTransformer());
    iouToken_ = register_module("iou_token", nn::Embedding(1, 256));
    maskTokens_ = register_module("mask_tokens", nn::Embedding(4, 256));
    upscaling_ = register_module(
        "output_upscaling",
        nn::Sequential(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(256, 64, 2).stride(2)), LayerNorm2d(64),
                       nn::GELU(), nn::ConvTranspose2d(nn::ConvTranspose2dOptions(64, 32, 2).stride(2)), nn::GELU()));
    hyperMlps_ = register_module("output_hypernetworks_mlps", nn::ModuleList());
    for (int i = 0; i < 4; ++i) hyperMlps_->push_back(SamMlp(256, 256, 32, 3));
    iouHead_ = register_module("iou_prediction_head", SamMlp(256, 256, 4, 3));
}

std::pair<torch::Tensor, torch::Tensor> SamMaskDecoderImpl::forward(const torch::Tensor& image,
                                                                    const torch::Tensor& pe,
                                                                    const torch::Tensor& sparse,
                                                                    const torch::Tensor& dense) {
    const auto outputTokens = torch::cat({iouToken_->weight, maskTokens_->weight}, 0).unsqueeze(0);
    const auto tokens = torch::cat({outputTokens.expand({sparse.size(0), -1, -1}), sparse}, 1);
    const auto src = image + dense;
    const int64_t b = src.size(0), c = src.size(1), h = src.size(2), w = src.size(3);
    auto [hs, keys] = transformer_->forward(src, pe, tokens);
    const auto iouOut = hs.select(1, 0);
    const auto upscaled = upscaling_->forward(keys.transpose(1, 2).reshape({b, c, h, w}));
    std::vector<torch::Tensor> hyper;
    for (int64_t i = 0; i < 4; ++i) hyper.push_back(hyperMlps_[i]->as<SamMlpImpl>()->forward(hs.select(1, 1 + i)));
    const auto hyperIn = torch::stack(hyper, 1);  // b×4×32
    const int64_t uc = upscaled.size(1), uh = upscaled.size(2), uw = upscaled.size(3);
    const auto masks = torch::bmm(hyperIn, upscaled.reshape({b, uc, uh * uw})).view({b, -1, uh, uw});
    return {masks, iouHead_->forward(iouOut)};
}

}  // namespace detail

// --- The whole network -----------------------------------------------------------------------

MobileSam::MobileSam(uint64_t seed) {
    torch::manual_seed(seed);
    imageEncoder = register_module("image_encoder", TinyVit());
    promptEncoder_ = register_module("prompt_encoder", std::make_shared<SamPromptEncoderImpl>());
    maskDecoder_ = register_module("mask_decoder", std::make_shared<SamMaskDecoderImpl>());
    for (auto& p : parameters()) p.requires_grad_(false);
    eval();
    prepare();
}

void MobileSam::prepare() {
    imageEncoder->prepare();
    promptEncoder_->prepare();
}

std::pair<torch::Tensor, torch::Tensor> MobileSam::decode(const torch::Tensor& features, const torch::Tensor& coords,
                                                          const torch::Tensor& labels, const torch::Tensor& box,
                                                          const torch::Tensor& mask) {
    auto [sparse, dense] = promptEncoder_->forward(coords, labels, box, mask);
    return maskDecoder_->forward(features, promptEncoder_->densePositionalEncoding(), sparse, dense);
}

void MobileSam::loadOfficial(const StateDict& stateDict, const std::string& sourceName) {
    bool anyEncoderKey = false;
    for (const auto& item : stateDict) anyEncoderKey = anyEncoderKey || item.key().rfind("image_encoder.", 0) == 0;
    if (!anyEncoderKey)
        throw Error(ErrorCategory::Model, sourceName + ": not a MobileSAM file (no image_encoder.* tensors among its " +
                                              std::to_string(stateDict.size()) + " keys)");
    bool vitH = stateDict.contains("image_encoder.pos_embed");
    if (vitH)
        throw Error(ErrorCategory::Model,
                    sourceName + ": a SAM ViT file (image_encoder.pos_embed), not MobileSAM's TinyViT: use mobile_sam.pt");
    LoadOptions options;
    options.sourceName = sourceName;
    options.stripPrefixes = {"module."};
    loadStateDict(*this, stateDict, options);
    for (auto& p : parameters()) p.requires_grad_(false);
    eval();
    prepare();  // after loading: bias tables, positional encoding and folded BatchNorms from these weights
}

}  // namespace instyle
