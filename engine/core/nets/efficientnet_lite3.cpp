#include "core/nets/efficientnet_lite3.h"

#include <torch/torch.h>

#include <cmath>

namespace instyle {

namespace {

// TensorFlow's batch-norm epsilon (gen-efficientnet BN_EPS_TF_DEFAULT) for every tf_* model.
constexpr double kBatchNormEps = 1e-3;

torch::nn::BatchNorm2d batchNorm(int64_t channels) {
    return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(channels).eps(kBatchNormEps));
}

// One stage of tf_efficientnet_lite3 after gen-efficientnet's scaling (channel multiplier 1.2,
// rounded to multiples of 8; depth multiplier 1.4 with ⌈·⌉, first and last stage fixed):
// arch "ds_r1_k3_s1_e1_c16, ir_r2_k3_s2_e6_c24, ir_r2_k5_s2_e6_c40, ir_r3_k3_s2_e6_c80,
// ir_r3_k5_s1_e6_c112, ir_r4_k5_s2_e6_c192, ir_r1_k3_s1_e6_c320".
struct StageSpec {
    bool depthwiseSeparable;
    int64_t kernel, stride, out, repeats;
};
constexpr StageSpec kStages[] = {
    {true, 3, 1, 24, 1},   {false, 3, 2, 32, 3},  {false, 5, 2, 48, 3},  {false, 3, 2, 96, 5},
    {false, 5, 1, 136, 5}, {false, 5, 2, 232, 6}, {false, 3, 1, 384, 1},
};
constexpr int64_t kStemChannels = 32;
constexpr int64_t kExpansion = 6;

// Builds stage `index` starting from `in` channels; returns it and updates `in`.
EfficientNetStage makeStage(int index, int64_t& in) {
    const StageSpec& s = kStages[index];
    EfficientNetStage stage;
    for (int64_t r = 0; r < s.repeats; ++r) {
        const int64_t stride = r == 0 ? s.stride : 1;
        if (s.depthwiseSeparable)
            stage->push_back(DepthwiseSeparableBlock(in, s.out, s.kernel, stride));
        else
            stage->push_back(InvertedResidualBlock(in, s.out, s.kernel, stride, kExpansion));
        in = s.out;
    }
    return stage;
}

int64_t samePadTotal(int64_t size, int64_t kernel, int64_t stride) {
    const int64_t outSize = (size + stride - 1) / stride;
    return std::max<int64_t>((outSize - 1) * stride + kernel - size, 0);
}

}  // namespace

TfSameConv2dImpl::TfSameConv2dImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, bool depthwise)
    : kernel_(kernel), stride_(stride), groups_(depthwise ? out : 1) {
    // gen-efficientnet's "goog" init (normal, std sqrt(2 / fan_out)); only matters before loading.
    const int64_t fanOut = kernel * kernel * out / groups_;
    weight = register_parameter(
        "weight", torch::randn({out, in / groups_, kernel, kernel}) * std::sqrt(2.0 / static_cast<double>(fanOut)));
}

void TfSameConv2dImpl::foldBatchNorm(const torch::nn::BatchNorm2d& bn) {
    torch::NoGradGuard noGrad;
    const auto scale = bn->weight / torch::sqrt(bn->running_var + bn->options.eps());
    foldedWeight_ = weight * scale.view({-1, 1, 1, 1});
    foldedBias_ = bn->bias - bn->running_mean * scale;
}

torch::Tensor TfSameConv2dImpl::forward(const torch::Tensor& x) {
    // The folded tensors are not registered (the state dict has no such keys): they follow the
    // input's device and type here instead of through to().
    const bool folded = foldedWeight_.defined();
    const torch::Tensor w = folded ? foldedWeight_.to(x.options()) : weight;
    const torch::Tensor b = folded ? foldedBias_.to(x.options()) : torch::Tensor();
    if (stride_ == 1) {
        const int64_t p = (kernel_ - 1) / 2;
        const int64_t one[] = {1, 1}, padding[] = {p, p};
        return torch::conv2d(x, w, b, one, torch::IntArrayRef(padding), one, groups_);
    }
    const int64_t padH = samePadTotal(x.size(2), kernel_, stride_);
    const int64_t padW = samePadTotal(x.size(3), kernel_, stride_);
    auto padded = torch::constant_pad_nd(x, {padW / 2, padW - padW / 2, padH / 2, padH - padH / 2}, 0);
    const int64_t one[] = {1, 1}, zero[] = {0, 0}, stride[] = {stride_, stride_};
    return torch::conv2d(padded, w, b, stride, torch::IntArrayRef(zero), one, groups_);
}

DepthwiseSeparableBlockImpl::DepthwiseSeparableBlockImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride)
    : residual_(stride == 1 && in == out) {
    convDw_ = register_module("conv_dw", TfSameConv2d(in, in, kernel, stride, true));
    bn1_ = register_module("bn1", batchNorm(in));
    convPw_ = register_module("conv_pw", TfSameConv2d(in, out, 1, 1, false));
    bn2_ = register_module("bn2", batchNorm(out));
}

torch::Tensor DepthwiseSeparableBlockImpl::forward(const torch::Tensor& x) {
    auto norm = [this](torch::nn::BatchNorm2d& bn, const torch::Tensor& y) { return folded_ ? y : bn->forward(y); };
    auto y = torch::relu6(norm(bn1_, convDw_->forward(x)));
    y = norm(bn2_, convPw_->forward(y));
    return residual_ ? y + x : y;
}

void DepthwiseSeparableBlockImpl::foldBatchNorms() {
    convDw_->foldBatchNorm(bn1_);
    convPw_->foldBatchNorm(bn2_);
    folded_ = true;
}

InvertedResidualBlockImpl::InvertedResidualBlockImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                                                     int64_t expansion)
    : residual_(stride == 1 && in == out) {
    const int64_t mid = in * expansion;  // a multiple of 8 for every stage here, as make_divisible wants
    convPw_ = register_module("conv_pw", TfSameConv2d(in, mid, 1, 1, false));
    bn1_ = register_module("bn1", batchNorm(mid));
    convDw_ = register_module("conv_dw", TfSameConv2d(mid, mid, kernel, stride, true));
    bn2_ = register_module("bn2", batchNorm(mid));
    convPwl_ = register_module("conv_pwl", TfSameConv2d(mid, out, 1, 1, false));
    bn3_ = register_module("bn3", batchNorm(out));
}

torch::Tensor InvertedResidualBlockImpl::forward(const torch::Tensor& x) {
    auto norm = [this](torch::nn::BatchNorm2d& bn, const torch::Tensor& y) { return folded_ ? y : bn->forward(y); };
    auto y = torch::relu6(norm(bn1_, convPw_->forward(x)));
    y = torch::relu6(norm(bn2_, convDw_->forward(y)));
    y = norm(bn3_, convPwl_->forward(y));
    return residual_ ? y + x : y;
}

void InvertedResidualBlockImpl::foldBatchNorms() {
    convPw_->foldBatchNorm(bn1_);
    convDw_->foldBatchNorm(bn2_);
    convPwl_->foldBatchNorm(bn3_);
    folded_ = true;
}

EfficientNetLite3EncoderImpl::EfficientNetLite3EncoderImpl() {
    int64_t in = kStemChannels;
    layer1_ = torch::nn::Sequential(TfSameConv2d(3, kStemChannels, 3, 2, false), batchNorm(kStemChannels),
                                    torch::nn::ReLU6());
    layer1_->push_back(makeStage(0, in));
    layer1_->push_back(makeStage(1, in));
    // (push_back, not the constructor: Sequential(Sequential) would copy the holder.)
    layer2_ = torch::nn::Sequential();
    layer2_->push_back(makeStage(2, in));
    layer3_ = torch::nn::Sequential();
    layer3_->push_back(makeStage(3, in));
    layer3_->push_back(makeStage(4, in));
    layer4_ = torch::nn::Sequential();
    layer4_->push_back(makeStage(5, in));
    layer4_->push_back(makeStage(6, in));
    register_module("layer1", layer1_);
    register_module("layer2", layer2_);
    register_module("layer3", layer3_);
    register_module("layer4", layer4_);
}

void EfficientNetLite3EncoderImpl::foldBatchNorms() {
    const torch::nn::BatchNorm2d stemBn(std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(layer1_->ptr(1)));
    layer1_->ptr(0)->as<TfSameConv2dImpl>()->foldBatchNorm(stemBn);
    stemFolded_ = true;
    for (const auto& m : modules(/*include_self=*/false)) {
        if (auto* ds = m->as<DepthwiseSeparableBlockImpl>()) ds->foldBatchNorms();
        else if (auto* ir = m->as<InvertedResidualBlockImpl>()) ir->foldBatchNorms();
    }
}

std::array<torch::Tensor, 4> EfficientNetLite3EncoderImpl::forward(const torch::Tensor& x) {
    std::array<torch::Tensor, 4> out;
    if (stemFolded_) {  // layer1 without its BatchNorm (child 1)
        torch::Tensor y = x;
        size_t index = 0;
        for (auto& module : *layer1_)
            if (index++ != 1) y = module.forward(y);
        out[0] = y;
    } else {
        out[0] = layer1_->forward(x);
    }
    out[1] = layer2_->forward(out[0]);
    out[2] = layer3_->forward(out[1]);
    out[3] = layer4_->forward(out[2]);
    return out;
}

}  // namespace instyle
