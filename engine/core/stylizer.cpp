#include "core/stylizer.h"

#include "core/depth_model.h"
#include "core/error.h"
#include "core/image_tensor.h"
#include "core/loss_evaluator.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>
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

// Describes the first non-finite term ("the style loss became NaN"; "the weighted style loss
// (weight 1e+300) overflowed" when a weight pushes a term beyond float range), or returns "".
std::string nonFiniteTerm(const LossTerms& t, const LossWeights& w) {
    const struct {
        const char* name;
        double value, weight;
    } terms[] = {{"content", t.content, w.alpha}, {"style", t.style, w.beta}, {"depth", t.depth, w.theta},
                 {"Laplacian", t.laplacian, w.gamma}};
    auto became = [](double v) { return std::string(std::isnan(v) ? "NaN" : "infinite"); };
    for (const auto& term : terms)
        if (!std::isfinite(term.value)) return std::string("the ") + term.name + " loss became " + became(term.value);
    if (std::isfinite(t.total)) return {};
    // The weighted sum is computed in float: name the largest weighted term.
    const auto* largest = &terms[0];
    for (const auto& term : terms)
        if (std::abs(term.value * term.weight) > std::abs(largest->value * largest->weight)) largest = &term;
    char weight[32];
    std::snprintf(weight, sizeof weight, "%g", largest->weight);
    if (std::abs(largest->value * largest->weight) > std::numeric_limits<float>::max())
        return std::string("the weighted ") + largest->name + " loss (weight " + weight + ") overflowed";
    return "the total loss became " + became(t.total) + " (the largest term: the weighted " + largest->name +
           " loss, weight " + weight + ")";
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

void checkWeights(const LossWeights& w) {
    checkedNumber(options::alpha, w.alpha);
    checkedNumber(options::beta, w.beta);
    checkedNumber(options::theta, w.theta);
    checkedNumber(options::gamma, w.gamma);
}

void validateRequest(const StyleRequest& r) {
    requireImage(r.content, "content image");
    if (r.styles.empty()) throw Error(ErrorCategory::InvalidArgument, "at least one style image is needed");
    for (const auto& s : r.styles) requireImage(s.image, "style image");
    // The ranges of the option table (core/stylize_options.h), as every front end checks them.
    checkedInt(options::iters, r.schedule.iterations);
    checkedInt(options::scales, r.schedule.scales);
    checkedNumber(options::lr, r.schedule.lr);
    checkedNumber(options::decayAt, r.schedule.decayAt);
    checkedNumber(options::weightDecay, r.schedule.weightDecay);
    checkedInt(options::depthSize, r.depthSize);
    checkedInt(options::lapPool, r.laplacian.poolKernel);
    checkedInt(options::lapStride, r.laplacian.poolStride);
    if (!(r.schedule.refineLrFactor > 0) || !std::isfinite(r.schedule.refineLrFactor))
        throw Error(ErrorCategory::InvalidArgument, "the refinement learning-rate factor must be > 0");
    checkWeights(r.weights);
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

std::vector<ScaleLevel> coarseToFineLevels(int64_t height, int64_t width, int scales, int iterations, double ratio) {
    constexpr int64_t kMinLevelSide = 64;
    std::vector<ScaleLevel> levels;
    for (int k = std::max(1, scales) - 1; k >= 0; --k) {
        const double f = std::ldexp(1.0, -k);
        const int64_t h = std::max<int64_t>(1, std::llround(height * f));
        const int64_t w = std::max<int64_t>(1, std::llround(width * f));
        if (k > 0 && std::min(h, w) < kMinLevelSide) continue;
        levels.push_back({h, w, 0});
    }
    // Level i of n gets a share ratio^(n-1-i) / (ratio^(n-1) + ... + 1); rounding leftovers go to
    // the finest, and with fewer iterations than levels all of them do.
    const int n = static_cast<int>(levels.size());
    if (iterations < n) {
        levels.back().iterations = std::max(0, iterations);
        return levels;
    }
    double parts = 0;
    for (int k = 0; k < n; ++k) parts += std::pow(ratio, k);
    int assigned = 0;
    for (int i = 0; i + 1 < n; ++i) {
        const int share = std::max(1, static_cast<int>(std::floor(iterations * std::pow(ratio, n - 1 - i) / parts + 1e-9)));
        levels[size_t(i)].iterations = share;
        assigned += share;
    }
    levels.back().iterations = std::max(0, iterations - assigned);
    return levels;
}

namespace {

at::Tensor resizeTo(const at::Tensor& t, int64_t height, int64_t width) {
    if (t.size(2) == height && t.size(3) == width) return t;
    namespace F = torch::nn::functional;
    auto options = F::InterpolateFuncOptions().size(std::vector<int64_t>{height, width});
    if (height <= t.size(2) && width <= t.size(3)) return F::interpolate(t, options.mode(torch::kArea));
    return F::interpolate(t, options.mode(torch::kBilinear).align_corners(false));
}

// The depth network's input size at a level: the request's size at the last level, otherwise the
// multiple of the network's size step that covers the level's long side (never more).
int levelDepthSize(int requested, int multiple, const ScaleLevel& level) {
    const int64_t side = std::max(level.height, level.width);
    const int64_t covering = (side + multiple - 1) / multiple * multiple;
    return static_cast<int>(std::min<int64_t>(requested, std::max<int64_t>(covering, 2 * multiple)));
}

// The time still to come after `doneInLevel` iterations of levels[level] at `secondsPerIteration`:
// the rest of that level, then each finer level at the same rate times its pixel ratio.
double secondsLeftAfter(const std::vector<ScaleLevel>& levels, size_t level, int doneInLevel,
                        double secondsPerIteration) {
    const ScaleLevel& now = levels[level];
    const double pixels = static_cast<double>(now.height * now.width);
    double left = std::max(0, now.iterations - doneInLevel) * secondsPerIteration;
    for (size_t i = level + 1; i < levels.size(); ++i)
        left += levels[i].iterations * secondsPerIteration * static_cast<double>(levels[i].height * levels[i].width) / pixels;
    return left;
}

}  // namespace

StyleResult Stylizer::run(const StyleRequest& r, const ProgressCallback& onProgress, const std::atomic_bool& cancel) {
    validateRequest(r);
    if (depth_ && (r.depthSize <= 0 || r.depthSize % depth_->sizeMultiple() != 0))
        throw Error(ErrorCategory::InvalidArgument, "the depth size must be a positive multiple of " +
                                                        std::to_string(depth_->sizeMultiple()) + " (got " +
                                                        std::to_string(r.depthSize) + ")");
    if (r.schedule.scales < 1 || r.schedule.scales > 8)
        throw Error(ErrorCategory::InvalidArgument, "scales must be between 1 and 8 (got " +
                                                        std::to_string(r.schedule.scales) + ")");
    if (!(r.schedule.levelRatio >= 1 && r.schedule.levelRatio <= 16))
        throw Error(ErrorCategory::InvalidArgument, "the level ratio must be between 1 and 16 (got " +
                                                        std::to_string(r.schedule.levelRatio) + ")");
    setWeights(r.weights);
    StyleResult result;
    auto setupStart = Clock::now();

    vgg_->to(r.device);
    if (depth_) depth_->to(r.device);
    const auto content = r.content.to(r.device, torch::kFloat32);
    const int64_t height = content.size(2), width = content.size(3);
    const auto levels = coarseToFineLevels(height, width, r.schedule.scales, r.schedule.iterations, r.schedule.levelRatio);
    result.levels = static_cast<int>(levels.size());
    const int iterations = r.schedule.iterations;
    const auto low = validRangeLow(content.options()), high = validRangeHigh(content.options());

    at::Tensor x, lastGood;
    int done = 0;  // iterations over all levels
    for (size_t li = 0; li < levels.size() && result.error.empty() && !result.cancelled; ++li) {
        const ScaleLevel& level = levels[li];
        const bool finest = li + 1 == levels.size();
        if (li > 0) setupStart = Clock::now();
        const auto levelContent = resizeTo(content, level.height, level.width);
        vgg_->setChannelsLast(r.layout == MemoryLayout::Nhwc ||
                              (r.layout == MemoryLayout::Auto && level.height * level.width >= kChannelsLastMinPixels));
        // Styles scale with the content, so that brush strokes keep their size relative to it.
        const double factor = static_cast<double>(level.width) / static_cast<double>(width);
        std::vector<WeightedStyle> styles;
        for (const auto& s : r.styles) {
            auto image = s.image.to(r.device, torch::kFloat32);
            if (!finest) {
                const auto h = std::max<int64_t>(32, std::llround(image.size(2) * factor));
                const auto w = std::max<int64_t>(32, std::llround(image.size(3) * factor));
                image = resizeTo(image, h, w);
            }
            styles.push_back({image, s.weight});
        }
        DepthLossOptions depthOptions;
        depthOptions.size = finest || !depth_ ? r.depthSize : levelDepthSize(r.depthSize, depth_->sizeMultiple(), level);
        depthOptions.gradient = r.depthGradient;
        LossEvaluator evaluator(vgg_, levelContent, styles, r.layers, r.laplacian, depth_, depthOptions);

        at::Tensor mask;
        if (r.mask)
            mask = resizeTo(r.mask->to(r.device, torch::kFloat32), level.height, level.width).expand_as(levelContent).contiguous();
        {
            torch::NoGradGuard noGrad;
            if (li == 0) {
                StyleRequest init = r;
                if (r.init == InitMode::Image) init.initImage = resizeTo(r.initImage.to(r.device, torch::kFloat32), level.height, level.width);
                x = initialImage(init, levelContent);
            } else {
                x = resizeTo(x.detach(), level.height, level.width).clone();
                if (mask.defined()) x = x * mask + levelContent * (1 - mask);  // outside the mask: the photo
            }
            lastGood = x.clone();
        }
        x.requires_grad_(true);
        const int its = level.iterations;
        const int decayAt = r.schedule.decayAt < 1 ? static_cast<int>(std::lround(r.schedule.decayAt * its)) : -1;
        const int clampUntil = static_cast<int>(std::lround(r.schedule.notebookClampUntil * its));
        // Finer levels start from an image that is already close: a full-size first Adam step
        // (about lr per pixel) would undo it (measured: final loss 45x the single-scale run's
        // with lr x 1, 5x with x 0.3, 0.68x with x 0.1).
        const double levelLr = r.schedule.lr * (li > 0 ? r.schedule.refineLrFactor : 1.0);
        auto optimizer = makeOptimizer(r, x, levelLr);
        result.secondsSetup += secondsSince(setupStart);

        const auto loopStart = Clock::now();
        double inCallbacks = 0;  // this level's time in onProgress, left out of its rate
        for (int t = 0; t < its; ++t) {
            if (cancel.load()) {
                result.cancelled = true;
                break;
            }
            const LossWeights weights = this->weights();
            if (t == decayAt && r.schedule.optimizer == OptimizerKind::Adam)
                optimizer = makeOptimizer(r, x, levelLr * r.schedule.decayFactor);
            if (r.schedule.clamp == ClampMode::Notebook && t < clampUntil) {
                torch::NoGradGuard noGrad;
                x.clamp_(-r.schedule.notebookClampLimit, r.schedule.notebookClampLimit);
            }

            LossTerms terms;
            bool evaluated = false;
            auto closure = [&]() -> at::Tensor {
                optimizer->zero_grad();
                auto [total, packed] = evaluator.evaluatePacked(x, weights);
                total.backward();
                if (mask.defined()) x.mutable_grad().mul_(mask);
                if (!evaluated) terms = unpackTerms(packed);  // L-BFGS may evaluate more than once
                evaluated = true;
                return total;
            };
            if (r.schedule.optimizer == OptimizerKind::Lbfgs) {
                optimizer->step(closure);
            } else {
                closure();
            }
            if (const auto fault = nonFiniteTerm(terms, weights); !fault.empty()) {
                result.error = fault + " at iteration " + std::to_string(done + t + 1) +
                               "; try lower loss weights or a lower learning rate";
                break;
            }
            {
                torch::NoGradGuard noGrad;
                lastGood.copy_(x);
            }
            if (done + t == 0 || (finest && t == 0 && levels.size() > 1)) result.lossFirst = terms;
            result.lossLast = terms;
            if (r.schedule.optimizer == OptimizerKind::Adam) optimizer->step();
            {
                torch::NoGradGuard noGrad;
                if (r.schedule.clamp == ClampMode::ValidRange) x.copy_(torch::max(torch::min(x, high), low));
            }
            result.iterationsDone = done + t + 1;
            if (onProgress) {
                const double levelSeconds = secondsSince(loopStart);
                Progress p{done + t + 1, iterations, terms, result.secondsLoop + levelSeconds, x};
                p.level = static_cast<int>(li) + 1;
                p.levels = static_cast<int>(levels.size());
                p.secondsLeft = secondsLeftAfter(levels, li, t + 1, std::max(0.0, levelSeconds - inCallbacks) / (t + 1));
                const auto callbackStart = Clock::now();
                onProgress(p);
                inCallbacks += secondsSince(callbackStart);
            }
        }
        result.secondsLoop += secondsSince(loopStart);
        done += its;
        if (finest && iterations == 0) {
            auto [total, terms] = evaluator.evaluate(x.detach(), weights());
            result.lossFirst = result.lossLast = terms;
        }
    }

    at::Tensor finalImage = x.detach();
    if (!result.error.empty() || !torch::isfinite(finalImage).all().item<bool>()) {
        if (result.error.empty())
            result.error = "the image became non-finite; try lower loss weights or a lower learning rate";
        finalImage = lastGood;
    }
    if (finalImage.size(2) != height || finalImage.size(3) != width) {
        // Cancelled or stopped at a coarse level: upsampled, and the photo kept outside the mask.
        torch::NoGradGuard noGrad;
        finalImage = resizeTo(finalImage, height, width);
        if (r.mask) {
            const auto m = r.mask->to(r.device, torch::kFloat32);
            finalImage = finalImage * m + content * (1 - m);
        }
    }
    result.image = finalImage.to(torch::kCPU).clone();
    return result;
}

}  // namespace instyle
