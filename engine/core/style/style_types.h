#pragma once
// The small value types of a style-transfer job that front ends hold and compare: the paper's
// four loss weights, one iteration's loss terms, the optimiser and how the image is clamped and
// initialised. Plain C++ without LibTorch (style_request.h adds the tensors), so that the window's
// widgets and view models use the engine's own types instead of mirrors of them.

#include "core/style/stylize_options.h"

namespace instyle {

struct LossWeights {
    double alpha = options::alpha.defaultValue;  // content
    double beta = options::beta.defaultValue;    // style
    double theta = options::theta.defaultValue;  // depth
    double gamma = options::gamma.defaultValue;  // Laplacian

    bool operator==(const LossWeights& o) const {
        return alpha == o.alpha && beta == o.beta && theta == o.theta && gamma == o.gamma;
    }
    bool operator!=(const LossWeights& o) const { return !(*this == o); }
};

// Unweighted terms and the weighted total of one forward pass.
struct LossTerms {
    double content = 0, style = 0, depth = 0, laplacian = 0, total = 0;
};

// In the order of options::optimizer's choices.
enum class OptimizerKind { Adam, Lbfgs };
enum class ClampMode {
    ValidRange,  // after each step, clamp to [(0−m)/s, (1−m)/s] per channel (default)
    Notebook,    // before each step while t < notebookClampUntil, clamp to ±notebookClampLimit
    None,
};
enum class InitMode { Content, Noise, Image };

}  // namespace instyle
