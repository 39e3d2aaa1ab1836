#pragma once
// Plain value types that travel between the window and the StyleWorker. They mirror the
// engine's LossWeights/Schedule/LossTerms without pulling LibTorch headers into the widgets;
// only style_worker.cpp converts them into an engine StyleRequest.

#include "core/stylize_options.h"

#include <QImage>
#include <QList>
#include <QMetaType>
#include <QString>

namespace instyle {
namespace ui {

// α (content), β (style), θ (depth), γ (Laplacian): the paper's defaults.
struct JobWeights {
    double alpha = options::alpha.defaultValue;
    double beta = options::beta.defaultValue;
    double theta = options::theta.defaultValue;
    double gamma = options::gamma.defaultValue;
    bool operator==(const JobWeights& o) const {
        return alpha == o.alpha && beta == o.beta && theta == o.theta && gamma == o.gamma;
    }
    bool operator!=(const JobWeights& o) const { return !(*this == o); }
};

// Unweighted terms and the weighted total of one iteration.
struct LossPoint {
    double content = 0, style = 0, depth = 0, laplacian = 0, total = 0;
};

enum class JobOptimizer { Adam, Lbfgs };

// How a stylised region goes back into the photo (the engine's BlendMode / ColorPreservation; the
// names are options::blend's and options::preserveColor's choices, in this order).
enum class JobBlend { Hard, Feather, Guided, Poisson };
enum class JobColor { None, Luminance, Histogram };

// One selected instance of a run: its mask and its own painting(s) and weights.
struct JobInstance {
    QImage mask;             // Grayscale8 0/255 at the photo's size
    QImage style;            // the painting as read (RGB888; the engine scales it to the work size)
    QImage style2;           // optional second painting, or null
    double style2Weight = 0;
    JobWeights weights;
    QString label;           // "person 1"
};

struct StyleJob {
    QImage photo;            // the full-resolution photo (RGB888); previews are merged into it
    int workSize = static_cast<int>(options::size.defaultValue);  // long side the optimisation works at
    QImage style;            // the painting as read (RGB888; the engine scales it to the work size)
    QImage style2;           // optional second painting, or null
    double style2Weight = 0; // its share of the style target (0…1); the first gets the rest
    QImage mask;             // Grayscale8 at the photo's size (the whole selection), or null
    // One entry per selected instance (the engine's InstanceStylizer crops, stylises and blends
    // each in order); empty: the plain Stylizer on the whole photo with style/style2/weights.
    QList<JobInstance> instances;
    JobBlend blend = JobBlend::Feather;
    double margin = options::margin.defaultValue;  // context around each instance's box, fraction per side
    JobColor color = JobColor::None;
    bool background = false;     // stylise everything except the selection
    JobWeights weights;
    int iterations = static_cast<int>(options::iters.defaultValue);
    int scales = static_cast<int>(options::scales.defaultValue);  // coarse-to-fine levels (Schedule::scales)
    JobOptimizer optimizer = JobOptimizer::Adam;
    double learningRate = options::lr.defaultValue;
    bool notebookClamp = false;  // the authors' ±1.5 clamp (Paper-exact preset)
    int featherPx = static_cast<int>(options::feather.defaultValue);  // feather of the mask edge when merging, photo pixels
    QString device = QStringLiteral("auto");  // auto | cpu | cuda
    int threads = 0;             // 0 = one per core
    QString conv = QString::fromUtf8(options::conv.defaultText.data(), int(options::conv.defaultText.size()));      // options::conv's choices
    QString layout = QString::fromUtf8(options::layout.defaultText.data(), int(options::layout.defaultText.size()));  // options::layout's choices
    int previewEveryIterations = 1;
    int previewMinIntervalMs = 100;
    quint64 seed = 0;
    QString vggPath;             // empty: randomly initialised VGG19
    QString midasPath;           // empty: no depth network, the θ term is inactive
    bool depthGradient = true;   // false: the notebook's detached depth term (Paper-exact)
};

// What a finished run reports besides its image.
struct RunSummary {
    int iterationsDone = 0;
    bool cancelled = false;
    QString error;               // non-empty when a numeric fault ended the run early
    double secondsLoop = 0;
    double secondsSetup = 0;
    // What the run's convolutions were (never "auto") and how that was decided (measured timings).
    QString conv, layout, convChoice;
};

}  // namespace ui
}  // namespace instyle

Q_DECLARE_METATYPE(instyle::ui::JobWeights)
Q_DECLARE_METATYPE(instyle::ui::LossPoint)
Q_DECLARE_METATYPE(instyle::ui::StyleJob)
Q_DECLARE_METATYPE(instyle::ui::RunSummary)
