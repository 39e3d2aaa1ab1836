#pragma once
// Value types of one style-transfer job: what goes into Stylizer::run and what comes out.
// Defaults are the paper's / the authors' notebook's (../shared/PAPER.md §2).

#include "core/base/compute_choices.h"
#include "core/style/losses.h"
#include "core/style/style_types.h"
#include "core/style/stylize_options.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace instyle {

struct WeightedStyle {
    at::Tensor image;      // 1x3xHxW, ImageNet-normalised, already at the style size
    double weight = 1;     // blend weight; normalised over all styles to sum 1
};

struct Schedule {
    int iterations = static_cast<int>(options::iters.defaultValue);
    OptimizerKind optimizer = OptimizerKind::Adam;
    double lr = options::lr.defaultValue;
    // At iteration round(decayAt × iterations) Adam continues with lr × decayFactor and a fresh
    // state (the notebook's schedule; the paper's "weight decay 1e-1"). decayAt >= 1 disables it.
    double decayAt = options::decayAt.defaultValue;
    double decayFactor = 0.1;
    double weightDecay = options::weightDecay.defaultValue;  // true L2 weight decay in Adam
    ClampMode clamp = ClampMode::ValidRange;
    double notebookClampLimit = 1.5;
    double notebookClampUntil = 0.95;  // fraction of the iterations (190 of 200)
    int lbfgsHistory = 100;
    // Coarse-to-fine: 1 = one scale. N > 1 optimises N levels, each twice the size of the one
    // before and the last at the content's size (levels whose short side would fall below 64 px
    // are dropped); most iterations run at the small levels (coarseToFineLevels() in stylizer.h)
    // and each level starts from the previous result, upsampled. Per level, Adam starts fresh
    // and the decay and clamp fractions apply to that level's iterations.
    int scales = static_cast<int>(options::scales.defaultValue);
    // Levels after the first start with lr x refineLrFactor (their decay then applies to that).
    double refineLrFactor = 0.1;
    // Each level gets levelRatio times the iterations of the next finer one (2: 4:2:1 for three
    // levels), at least 1.
    double levelRatio = 2;
};

struct LayerSpec {
    std::string contentLayer = "relu4_1";
    std::vector<std::string> styleLayers{"relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"};
    std::vector<double> styleLayerWeights{1e8, 0.8e7, 0.5e6, 0.3e6, 0.1e6};
};

struct StyleRequest {
    at::Tensor content;                 // 1x3xHxW, normalised
    std::vector<WeightedStyle> styles;  // at least one
    // 1x1xHxW in [0,1]: only pixels with mask > 0 are optimised (gradients are multiplied by it).
    std::optional<at::Tensor> mask;
    LossWeights weights;
    Schedule schedule;
    LayerSpec layers;
    LaplacianOptions laplacian;
    InitMode init = InitMode::Content;
    at::Tensor initImage;               // for InitMode::Image: 1x3xHxW normalised, content's size
    c10::Device device = c10::Device(c10::kCPU);
    uint64_t seed = 0;
    // Depth term (used when the Stylizer holds a depth model and weights.theta > 0): the work
    // image is resized to depthSize x depthSize for the depth network (a multiple of 32 for
    // MiDaS small); depthGradient false reproduces the notebook's detached depth term.
    int depthSize = static_cast<int>(options::depthSize.defaultValue);
    bool depthGradient = true;
    // VGG19's 3x3 convolutions (Winograd F(4x4,3x3) or LibTorch's direct ones) and the layout
    // of its weights and activations (NCHW or channels-last NHWC); the numbers are the same up
    // to float rounding. Auto: the fastest measured on this CPU at the finest level's size and
    // these threads (ConvTuner; the timing counts in secondsSetup). One choice serves all levels.
    // On CUDA, Auto is direct/NCHW (cuDNN) and Winograd is refused.
    MemoryLayout layout = MemoryLayout::Auto;
    ConvAlgorithm conv = ConvAlgorithm::Auto;
    // Where measured choices are remembered; empty: <userCacheDir()>/conv-choices.tsv.
    std::string convCacheFile;
};

struct Progress {
    int iteration;          // completed iterations, 1-based, over all levels
    int iterations;         // planned, over all levels
    LossTerms loss;         // of this iteration's forward pass (at this level's size)
    double secondsElapsed;  // optimisation loop so far
    // The live image (normalised); clone it to keep it. With coarse-to-fine it has the current
    // level's size, smaller than the content until the last level.
    const at::Tensor& image;
    int level = 1;          // coarse-to-fine level, 1-based (1 of 1 for a single scale)
    int levels = 1;
    // Estimated optimisation time still to come in this run: the rest of this level at its
    // measured rate, finer levels at that rate scaled by their pixel count. Time spent in the
    // progress callback (previews, a paused GUI) is left out. 0 after the last iteration.
    double secondsLeft = 0;
};

struct StyleResult {
    at::Tensor image;       // 1x3xHxW normalised, on the CPU
    int iterationsDone = 0;
    LossTerms lossFirst;    // terms on the initial image, before any update (with coarse-to-fine:
                            // the first forward pass at the content's size, before its updates)
    LossTerms lossLast;     // terms of the last forward pass
    bool cancelled = false;
    std::string error;      // non-empty when the run stopped on a fault (NaN/Inf); image = last good
    double secondsSetup = 0;  // target precomputation (all levels)
    double secondsLoop = 0;   // the optimisation loops (all levels)
    int levels = 1;           // coarse-to-fine levels actually run
    // The convolution algorithm and layout the run used (never Auto), and how they were chosen
    // ("measured: direct/nchw 0.81 s, ..." or "forced"), for the JSON summary and status bars.
    ConvAlgorithm conv = ConvAlgorithm::Direct;
    MemoryLayout layout = MemoryLayout::Nchw;
    std::string convChoice;
};

}  // namespace instyle
