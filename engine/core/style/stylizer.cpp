#include "core/style/stylizer.h"

#include "core/base/error.h"
#include "core/kernels/conv_tuner.h"
#include "core/kernels/cpu_memory_cache.h"
#include "core/nets/depth_model.h"
#include "core/nets/image_tensor.h"
#include "core/style/loss_evaluator.h"

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
    // The ranges of the option table (core/style/stylize_options.h), as every front end checks them.
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

// The run's own checks of the request (validateRequest has the option table's): those that need
// the depth model, and the coarse-to-fine schedule's.
void checkRunRequest(const StyleRequest& r, const DepthModel* depth) {
    if (depth && (r.depthSize <= 0 || r.depthSize % depth->sizeMultiple() != 0))
        throw Error(ErrorCategory::InvalidArgument, "the depth size must be a positive multiple of " +
                                                        std::to_string(depth->sizeMultiple()) + " (got " +
                                                        std::to_string(r.depthSize) + ")");
    if (r.schedule.scales < 1 || r.schedule.scales > 8)
        throw Error(ErrorCategory::InvalidArgument, "scales must be between 1 and 8 (got " +
                                                        std::to_string(r.schedule.scales) + ")");
    if (!(r.schedule.levelRatio >= 1 && r.schedule.levelRatio <= 16))
        throw Error(ErrorCategory::InvalidArgument, "the level ratio must be between 1 and 16 (got " +
                                                        std::to_string(r.schedule.levelRatio) + ")");
}

// What the steps of one Stylizer::run share: its inputs, and what it carries from level to level.
struct RunContext {
    RunContext(const StyleRequest& request, const Stylizer& owner, Vgg19Features features,
               std::shared_ptr<DepthModel> depthModel, const ProgressCallback& progress, const std::atomic_bool& stop)
        : r(request), stylizer(owner), vgg(std::move(features)), depth(std::move(depthModel)), onProgress(progress),
          cancel(stop) {}

    const StyleRequest& r;
    const Stylizer& stylizer;  // its weights() are read every iteration (live tuning)
    Vgg19Features vgg;
    std::shared_ptr<DepthModel> depth;
    const ProgressCallback& onProgress;
    const std::atomic_bool& cancel;
    at::Tensor content;    // the request's, on its device
    at::Tensor low, high;  // the valid colour range (ClampMode::ValidRange)
    std::vector<ScaleLevel> levels;

    StyleResult result;
    at::Tensor x, lastGood;  // the image being optimised; its last state with finite losses
    int done = 0;            // the iterations of the levels before the current one

    bool finest(size_t level) const { return level + 1 == levels.size(); }
};

// The content and styles one level is compared with, at its size.
struct LevelTargets {
    at::Tensor content;
    std::vector<WeightedStyle> styles;
    DepthLossOptions depthOptions;
};

LevelTargets levelTargets(const RunContext& c, size_t li) {
    const ScaleLevel& level = c.levels[li];
    LevelTargets t;
    t.content = resizeTo(c.content, level.height, level.width);
    // Styles scale with the content, so that brush strokes keep their size relative to it.
    const double factor = static_cast<double>(level.width) / static_cast<double>(c.content.size(3));
    for (const auto& s : c.r.styles) {
        auto image = s.image.to(c.r.device, torch::kFloat32);
        if (!c.finest(li)) {
            const auto h = std::max<int64_t>(32, std::llround(image.size(2) * factor));
            const auto w = std::max<int64_t>(32, std::llround(image.size(3) * factor));
            image = resizeTo(image, h, w);
        }
        t.styles.push_back({image, s.weight});
    }
    t.depthOptions.size = c.finest(li) || !c.depth ? c.r.depthSize
                                                   : levelDepthSize(c.r.depthSize, c.depth->sizeMultiple(), level);
    t.depthOptions.gradient = c.r.depthGradient;
    return t;
}

// The request's mask at the level's size, over the three channels; undefined without a mask.
at::Tensor levelMask(const StyleRequest& r, const at::Tensor& levelContent) {
    if (!r.mask) return {};
    return resizeTo(r.mask->to(r.device, torch::kFloat32), levelContent.size(2), levelContent.size(3))
        .expand_as(levelContent)
        .contiguous();
}

// Sets x to the image level li starts from: the request's initial image at the first level, the
// previous level's result upsampled at the others (outside the mask: the photo).
void startLevel(RunContext& c, size_t li, const at::Tensor& levelContent, const at::Tensor& mask) {
    const ScaleLevel& level = c.levels[li];
    {
        torch::NoGradGuard noGrad;
        if (li == 0) {
            StyleRequest init = c.r;
            if (c.r.init == InitMode::Image)
                init.initImage = resizeTo(c.r.initImage.to(c.r.device, torch::kFloat32), level.height, level.width);
            c.x = initialImage(init, levelContent);
        } else {
            c.x = resizeTo(c.x.detach(), level.height, level.width).clone();
            if (mask.defined()) c.x = c.x * mask + levelContent * (1 - mask);
        }
        c.lastGood = c.x.clone();
    }
    c.x.requires_grad_(true);
}

// A level's share of the schedule: its iterations, learning rate, and the iterations at which
// Adam decays and the notebook clamp ends.
struct LevelSchedule {
    int iterations = 0, decayAt = -1, clampUntil = 0;
    double lr = 0;
};

LevelSchedule levelSchedule(const Schedule& schedule, const ScaleLevel& level, bool first) {
    LevelSchedule s;
    s.iterations = level.iterations;
    s.decayAt = schedule.decayAt < 1 ? static_cast<int>(std::lround(schedule.decayAt * s.iterations)) : -1;
    s.clampUntil = static_cast<int>(std::lround(schedule.notebookClampUntil * s.iterations));
    // Finer levels start from an image that is already close: a full-size first Adam step
    // (about lr per pixel) would undo it (measured: final loss 45x the single-scale run's
    // with lr x 1, 5x with x 0.3, 0.68x with x 0.1).
    s.lr = schedule.lr * (first ? 1.0 : schedule.refineLrFactor);
    return s;
}

// The losses at x and their gradient (zero outside the mask). L-BFGS takes its step here (it may
// evaluate more than once; the terms are those of its first evaluation); Adam's step is left to
// the caller, after the terms are checked.
LossTerms evaluateAt(RunContext& c, LossEvaluator& evaluator, torch::optim::Optimizer& optimizer,
                     const at::Tensor& mask, const LossWeights& weights) {
    LossTerms terms;
    bool evaluated = false;
    auto closure = [&]() -> at::Tensor {
        optimizer.zero_grad();
        auto [total, packed] = evaluator.evaluatePacked(c.x, weights);
        total.backward();
        if (mask.defined()) c.x.mutable_grad().mul_(mask);
        if (!evaluated) terms = unpackTerms(packed);
        evaluated = true;
        return total;
    };
    if (c.r.schedule.optimizer == OptimizerKind::Lbfgs) {
        optimizer.step(closure);
    } else {
        closure();
    }
    return terms;
}

// Checks iteration t's terms: a non-finite one ends the run (result.error; lastGood keeps the image
// before it) and returns false. Otherwise x becomes the last good image and the terms are recorded.
bool acceptTerms(RunContext& c, size_t li, int t, const LossTerms& terms, const LossWeights& weights) {
    if (const auto fault = nonFiniteTerm(terms, weights); !fault.empty()) {
        c.result.error = fault + " at iteration " + std::to_string(c.done + t + 1) +
                         "; try lower loss weights or a lower learning rate";
        return false;
    }
    {
        torch::NoGradGuard noGrad;
        c.lastGood.copy_(c.x);
    }
    if (c.done + t == 0 || (c.finest(li) && t == 0 && c.levels.size() > 1)) c.result.lossFirst = terms;
    c.result.lossLast = terms;
    return true;
}

// Calls onProgress after iteration t of level li, `levelSeconds` into the level of which
// `inCallbacks` were spent in earlier calls. Returns the seconds this call took.
double reportProgress(const RunContext& c, size_t li, int t, const LossTerms& terms, double levelSeconds,
                      double inCallbacks) {
    Progress p{c.done + t + 1, c.r.schedule.iterations, terms, c.result.secondsLoop + levelSeconds, c.x};
    p.level = static_cast<int>(li) + 1;
    p.levels = static_cast<int>(c.levels.size());
    p.secondsLeft = secondsLeftAfter(c.levels, li, t + 1, std::max(0.0, levelSeconds - inCallbacks) / (t + 1));
    const auto callbackStart = Clock::now();
    c.onProgress(p);
    return secondsSince(callbackStart);
}

// Optimises level li: its targets and start image, then its iterations, until they are done, the
// run is cancelled or a loss becomes non-finite. `setupStart`: when this level's setup began.
void runLevel(RunContext& c, size_t li, Clock::time_point setupStart) {
    const StyleRequest& r = c.r;
    const ScaleLevel& level = c.levels[li];
    const LevelTargets targets = levelTargets(c, li);
    LossEvaluator evaluator(c.vgg, targets.content, targets.styles, r.layers, r.laplacian, c.depth,
                            targets.depthOptions);
    const at::Tensor mask = levelMask(r, targets.content);
    startLevel(c, li, targets.content, mask);
    const LevelSchedule s = levelSchedule(r.schedule, level, li == 0);
    auto optimizer = makeOptimizer(r, c.x, s.lr);
    c.result.secondsSetup += secondsSince(setupStart);

    const auto loopStart = Clock::now();
    double inCallbacks = 0;  // this level's time in onProgress, left out of its rate
    for (int t = 0; t < s.iterations; ++t) {
        if (c.cancel.load()) {
            c.result.cancelled = true;
            break;
        }
        const LossWeights weights = c.stylizer.weights();
        if (t == s.decayAt && r.schedule.optimizer == OptimizerKind::Adam)
            optimizer = makeOptimizer(r, c.x, s.lr * r.schedule.decayFactor);
        if (r.schedule.clamp == ClampMode::Notebook && t < s.clampUntil) {
            torch::NoGradGuard noGrad;
            c.x.clamp_(-r.schedule.notebookClampLimit, r.schedule.notebookClampLimit);
        }
        const LossTerms terms = evaluateAt(c, evaluator, *optimizer, mask, weights);
        if (!acceptTerms(c, li, t, terms, weights)) break;
        if (r.schedule.optimizer == OptimizerKind::Adam) optimizer->step();
        if (r.schedule.clamp == ClampMode::ValidRange) {
            torch::NoGradGuard noGrad;
            c.x.copy_(torch::max(torch::min(c.x, c.high), c.low));
        }
        c.result.iterationsDone = c.done + t + 1;
        if (c.onProgress) inCallbacks += reportProgress(c, li, t, terms, secondsSince(loopStart), inCallbacks);
    }
    c.result.secondsLoop += secondsSince(loopStart);
    c.done += s.iterations;
    if (c.finest(li) && r.schedule.iterations == 0) {
        auto [total, terms] = evaluator.evaluate(c.x.detach(), c.stylizer.weights());
        c.result.lossFirst = c.result.lossLast = terms;
    }
}

// The VGG19 layers a run reads: the content layer, then the style layers.
std::vector<int> lossLayerIndices(const LayerSpec& layers) {
    std::vector<int> indices{vggLayerIndex(layers.contentLayer)};
    for (const auto& name : layers.styleLayers) indices.push_back(vggLayerIndex(name));
    return indices;
}

// Winograd's filter transforms are made for the layers the run reads (up to the deepest), before
// any timing.
void applyConvChoice(Vgg19Features& vgg, const ConvChoice& choice, const LayerSpec& layers) {
    const std::vector<int> indices = lossLayerIndices(layers);
    vgg->setChannelsLast(choice.layout == MemoryLayout::Nhwc);
    vgg->setWinograd(choice.conv == ConvAlgorithm::Winograd, *std::max_element(indices.begin(), indices.end()));
}

// Seconds of one forward and backward of VGG19 up to its deepest loss layer on a height x width
// image (fixed pseudo-random pixels), in `choice`'s mode.
double timeVgg(Vgg19Features& vgg, const LayerSpec& layers, int64_t height, int64_t width, c10::Device device,
               const ConvChoice& choice) {
    applyConvChoice(vgg, choice, layers);
    const std::vector<int> indices = lossLayerIndices(layers);
    auto gen = at::detail::createCPUGenerator(1);
    const at::Tensor x = torch::randn({1, 3, height, width}, gen, torch::kFloat32).to(device).requires_grad_(true);
    const auto start = Clock::now();
    at::Tensor sum = torch::zeros({}, x.options().requires_grad(false));
    for (const auto& f : vgg->forward(x, indices)) sum = sum + f.sum();
    sum.backward();
    (void)x.grad().sum().item<float>();  // waits for a GPU to finish
    return secondsSince(start);
}

// Decides VGG19's convolution algorithm and layout for the whole run at its finest size (measured
// and remembered by ConvTuner where the request says auto) and puts the network in that mode.
void chooseConv(RunContext& c) {
    const StyleRequest& r = c.r;
    const bool cpu = r.device.is_cpu();
    ConvAlgorithm conv = r.conv;
    MemoryLayout layout = r.layout;
    if (!cpu && conv == ConvAlgorithm::Auto) conv = ConvAlgorithm::Direct;  // cuDNN
    if (!cpu && layout == MemoryLayout::Auto) layout = MemoryLayout::Nchw;
    ConvTuneKey key;
    key.height = c.levels.back().height;
    key.width = c.levels.back().width;
    key.threads = at::get_num_threads();
    const ConvTuning t = ConvTuner(r.convCacheFile).resolve(key, conv, layout, cpu, [&](const ConvChoice& choice) {
        return timeVgg(c.vgg, r.layers, key.height, key.width, r.device, choice);
    });
    applyConvChoice(c.vgg, t.choice, r.layers);
    c.result.conv = t.choice.conv;
    c.result.layout = t.choice.layout;
    c.result.convChoice = t.summary();
}

// The result image at the content's size: the last good one after a numeric fault; a run that was
// cancelled or stopped at a coarse level upsampled, with the photo kept outside the mask.
at::Tensor finalImage(RunContext& c) {
    at::Tensor image = c.x.detach();
    if (!c.result.error.empty() || !torch::isfinite(image).all().item<bool>()) {
        if (c.result.error.empty())
            c.result.error = "the image became non-finite; try lower loss weights or a lower learning rate";
        image = c.lastGood;
    }
    const int64_t height = c.content.size(2), width = c.content.size(3);
    if (image.size(2) != height || image.size(3) != width) {
        torch::NoGradGuard noGrad;
        image = resizeTo(image, height, width);
        if (c.r.mask) {
            const auto m = c.r.mask->to(c.r.device, torch::kFloat32);
            image = image * m + c.content * (1 - m);
        }
    }
    return image.to(torch::kCPU).clone();
}

}  // namespace

StyleResult Stylizer::run(const StyleRequest& r, const ProgressCallback& onProgress, const std::atomic_bool& cancel) {
    validateRequest(r);
    checkRunRequest(r, depth_.get());
    setWeights(r.weights);
    CpuMemoryCacheScope memoryCache;  // the loop reuses its large buffers instead of faulting them in anew
    const auto setupStart = Clock::now();

    vgg_->to(r.device);
    if (depth_) depth_->to(r.device);
    RunContext c(r, *this, vgg_, depth_, onProgress, cancel);
    c.content = r.content.to(r.device, torch::kFloat32);
    c.levels = coarseToFineLevels(c.content.size(2), c.content.size(3), r.schedule.scales, r.schedule.iterations,
                                  r.schedule.levelRatio);
    c.result.levels = static_cast<int>(c.levels.size());
    c.low = validRangeLow(c.content.options());
    c.high = validRangeHigh(c.content.options());
    chooseConv(c);

    for (size_t li = 0; li < c.levels.size() && c.result.error.empty() && !c.result.cancelled; ++li)
        runLevel(c, li, li == 0 ? setupStart : Clock::now());
    c.result.image = finalImage(c);
    return std::move(c.result);
}

}  // namespace instyle
