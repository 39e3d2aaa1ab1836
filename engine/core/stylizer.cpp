#include "core/stylizer.h"

#include "core/depth_model.h"
#include "core/error.h"
#include "core/image_tensor.h"
#include "core/loss_evaluator.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <memory>

namespace instyle {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void requireImage(const at::Tensor& t, const char* what) {
    if (!t.defined() || t.dim() != 4 || t.size(0) != 1 || t.size(1) != 3)
        throw Error(ErrorCategory::InvalidArgument, std::string(what) + " must be a 1x3xHxW tensor");
    if (t.size(2) < 16 || t.size(3) < 16)
        throw Error(ErrorCategory::InvalidArgument,
                    std::string(what) + " is too small (" + std::to_string(t.size(3)) + "x" +
                        std::to_string(t.size(2)) + "; at least 16x16 is needed)");
}

// Describes the first non-finite term ("the style loss became NaN"), or returns "".
std::string nonFiniteTerm(const LossTerms& t) {
    const std::pair<const char*, double> terms[] = {
        {"content", t.content}, {"style", t.style}, {"depth", t.depth}, {"Laplacian", t.laplacian}, {"total", t.total}};
    for (const auto& [name, value] : terms)
        if (!std::isfinite(value))
            return std::string("the ") + name + " loss became " + (std::isnan(value) ? "NaN" : "infinite");
    return {};
}

at::Tensor initialImage(const StyleRequest& r, const at::Tensor& content) {
    switch (r.init) {
    case InitMode::Content: return content.clone();
    case InitMode::Noise: {
        auto gen = at::detail::createCPUGenerator(r.seed);
        return torch::randn(content.sizes(), gen, torch::TensorOptions().dtype(torch::kFloat32))
            .to(content.device());
    }
    case InitMode::Image: return r.initImage.to(content.device(), torch::kFloat32).clone();
    }
    return content.clone();
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const StyleRequest& r, const at::Tensor& x, double lr) {
    if (r.schedule.optimizer == OptimizerKind::Lbfgs)
        return std::make_unique<torch::optim::LBFGS>(
            std::vector<at::Tensor>{x},
            torch::optim::LBFGSOptions(lr).max_iter(1).history_size(r.schedule.lbfgsHistory));
    return std::make_unique<torch::optim::Adam>(
        std::vector<at::Tensor>{x}, torch::optim::AdamOptions(lr).weight_decay(r.schedule.weightDecay));
}

}  // namespace

void validateRequest(const StyleRequest& r) {
    requireImage(r.content, "content image");
    if (r.styles.empty()) throw Error(ErrorCategory::InvalidArgument, "at least one style image is needed");
    for (const auto& s : r.styles) requireImage(s.image, "style image");
    if (r.schedule.iterations < 0) throw Error(ErrorCategory::InvalidArgument, "iterations must be >= 0");
    if (!(r.schedule.lr > 0)) throw Error(ErrorCategory::InvalidArgument, "learning rate must be > 0");
    if (r.schedule.weightDecay < 0) throw Error(ErrorCategory::InvalidArgument, "weight decay must be >= 0");
    const auto& w = r.weights;
    for (double v : {w.alpha, w.beta, w.theta, w.gamma})
        if (!(v >= 0) || !std::isfinite(v))
            throw Error(ErrorCategory::InvalidArgument, "loss weights must be finite and >= 0");
    if (r.init == InitMode::Image && (!r.initImage.defined() || r.initImage.sizes() != r.content.sizes()))
        throw Error(ErrorCategory::InvalidArgument, "the init image must have the content image's size");
    if (r.mask) {
        const auto& m = *r.mask;
        if (m.dim() != 4 || m.size(0) != 1 || m.size(1) != 1 || m.size(2) != r.content.size(2) ||
            m.size(3) != r.content.size(3))
            throw Error(ErrorCategory::InvalidArgument, "the mask must be 1x1xHxW at the content's size");
    }
}

Stylizer::Stylizer(Vgg19Features vgg) : vgg_(std::move(vgg)) {}

Stylizer::Stylizer(Vgg19Features vgg, std::shared_ptr<DepthModel> depth)
    : vgg_(std::move(vgg)), depth_(std::move(depth)) {}

void Stylizer::setWeights(const LossWeights& weights) {
    std::lock_guard<std::mutex> lock(mutex_);
    weights_ = weights;
}

LossWeights Stylizer::weights() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return weights_;
}

StyleResult Stylizer::run(const StyleRequest& r, const ProgressCallback& onProgress, const std::atomic_bool& cancel) {
    validateRequest(r);
    setWeights(r.weights);
    StyleResult result;
    const auto setupStart = Clock::now();

    if (depth_ && (r.depthSize <= 0 || r.depthSize % depth_->sizeMultiple() != 0))
        throw Error(ErrorCategory::InvalidArgument, "the depth size must be a positive multiple of " +
                                                        std::to_string(depth_->sizeMultiple()) + " (got " +
                                                        std::to_string(r.depthSize) + ")");
    vgg_->to(r.device);
    if (depth_) depth_->to(r.device);
    const auto content = r.content.to(r.device, torch::kFloat32);
    std::vector<WeightedStyle> styles;
    for (const auto& s : r.styles) styles.push_back({s.image.to(r.device, torch::kFloat32), s.weight});
    DepthLossOptions depthOptions;
    depthOptions.size = r.depthSize;
    depthOptions.gradient = r.depthGradient;
    LossEvaluator evaluator(vgg_, content, styles, r.layers, r.laplacian, depth_, depthOptions);

    at::Tensor mask;
    if (r.mask) mask = r.mask->to(r.device, torch::kFloat32).expand_as(content).contiguous();
    const auto low = validRangeLow(content.options()), high = validRangeHigh(content.options());

    at::Tensor x;
    {
        torch::NoGradGuard noGrad;
        x = initialImage(r, content);
    }
    x.requires_grad_(true);
    const int iterations = r.schedule.iterations;
    const int decayAt = r.schedule.decayAt < 1 ? static_cast<int>(std::lround(r.schedule.decayAt * iterations)) : -1;
    const int clampUntil = static_cast<int>(std::lround(r.schedule.notebookClampUntil * iterations));
    auto optimizer = makeOptimizer(r, x, r.schedule.lr);
    result.secondsSetup = secondsSince(setupStart);

    const auto loopStart = Clock::now();
    at::Tensor lastGood;
    for (int t = 0; t < iterations; ++t) {
        if (cancel.load()) {
            result.cancelled = true;
            break;
        }
        const LossWeights weights = this->weights();
        if (t == decayAt && r.schedule.optimizer == OptimizerKind::Adam)
            optimizer = makeOptimizer(r, x, r.schedule.lr * r.schedule.decayFactor);
        if (r.schedule.clamp == ClampMode::Notebook && t < clampUntil) {
            torch::NoGradGuard noGrad;
            x.clamp_(-r.schedule.notebookClampLimit, r.schedule.notebookClampLimit);
        }

        LossTerms terms;
        bool evaluated = false;
        auto closure = [&]() -> at::Tensor {
            optimizer->zero_grad();
            auto [total, evaluatedTerms] = evaluator.evaluate(x, weights);
            total.backward();
            if (mask.defined()) x.mutable_grad().mul_(mask);
            if (!evaluated) terms = evaluatedTerms;  // L-BFGS may evaluate more than once
            evaluated = true;
            return total;
        };
        if (r.schedule.optimizer == OptimizerKind::Lbfgs) {
            optimizer->step(closure);
        } else {
            closure();
        }
        if (const auto fault = nonFiniteTerm(terms); !fault.empty()) {
            result.error = fault + " at iteration " + std::to_string(t + 1) +
                           "; try lower loss weights or a lower learning rate";
            break;
        }
        lastGood = x.detach().clone();
        if (t == 0) result.lossFirst = terms;
        result.lossLast = terms;
        if (r.schedule.optimizer == OptimizerKind::Adam) optimizer->step();
        {
            torch::NoGradGuard noGrad;
            if (r.schedule.clamp == ClampMode::ValidRange) x.copy_(torch::max(torch::min(x, high), low));
        }
        result.iterationsDone = t + 1;
        if (onProgress) onProgress(Progress{t + 1, iterations, terms, secondsSince(loopStart), x});
    }
    result.secondsLoop = secondsSince(loopStart);

    at::Tensor finalImage = x.detach();
    if (!result.error.empty() || !torch::isfinite(finalImage).all().item<bool>()) {
        if (result.error.empty())
            result.error = "the image became non-finite; try lower loss weights or a lower learning rate";
        finalImage = lastGood.defined() ? lastGood : content;
    }
    if (iterations == 0) {
        auto [total, terms] = evaluator.evaluate(x.detach(), weights());
        result.lossFirst = result.lossLast = terms;
    }
    result.image = finalImage.to(torch::kCPU).clone();
    return result;
}

}  // namespace instyle
