#pragma once
// Room style/: the method — the job's value types (style_types, style_request), the option table
// every front end reads (stylize_options), the losses, the depth loss, the loss evaluator and
// this optimisation loop. Includes base/, checkpoint/, kernels/ and nets/; not segmentation/ or
// sam/, its siblings.
//
// The optimisation of one image under L = α·Lc + β·Ls + θ·Ld + γ·Llap.
//
// Thread ownership: run() executes on the caller's thread (the CLI's main thread, the GUI's
// worker thread); setWeights() may be called from any thread while run() is going, and takes
// effect from the next iteration (live tuning). One run at a time per Stylizer.

#include "core/nets/vgg19_features.h"
#include "core/style/style_request.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace instyle {

class DepthModel;

using ProgressCallback = std::function<void(const Progress&)>;

class Stylizer {
public:
    explicit Stylizer(Vgg19Features vgg);
    // With a depth model (may be null) the depth term θ·Ld is part of the objective; θ = 0 never
    // runs the depth network. The model is moved to the request's device by run().
    Stylizer(Vgg19Features vgg, std::shared_ptr<DepthModel> depth);

    // Calls onProgress after every iteration; returns early (result.cancelled) when cancel is set,
    // checked once per iteration. Throws Error for invalid requests; numeric faults end the run
    // with result.error set and the last good image kept.
    StyleResult run(const StyleRequest& request, const ProgressCallback& onProgress,
                    const std::atomic_bool& cancel);

    void setWeights(const LossWeights& weights);
    LossWeights weights() const;

private:
    Vgg19Features vgg_;
    std::shared_ptr<DepthModel> depth_;
    mutable std::mutex mutex_;
    LossWeights weights_;
};

// Validates a request (shapes, counts, the option table's ranges); throws Error(InvalidArgument)
// naming the problem.
void validateRequest(const StyleRequest& request);
// The four loss weights against the option table ("--beta: -1 is not >= 0").
void checkWeights(const LossWeights& weights);

// One level of a coarse-to-fine schedule.
struct ScaleLevel {
    int64_t height = 0, width = 0;
    int iterations = 0;
};
// The levels Stylizer::run optimises for a content of height x width, coarsest first, the last at
// height x width: `scales` levels halving the size (fewer when the short side would drop below
// 64 px) and the iterations split so that each level gets `ratio` times the iterations of the next
// finer one (ratio 2: 4:2:1; every level at least one when there are enough).
std::vector<ScaleLevel> coarseToFineLevels(int64_t height, int64_t width, int scales, int iterations,
                                           double ratio = 2);

}  // namespace instyle
