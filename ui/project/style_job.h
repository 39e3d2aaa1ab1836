#pragma once
// Plain value types that travel between the window and the StyleWorker, in the engine's own
// value types (style_types.h, merge_types.h: no LibTorch or OpenCV headers); only
// style_worker.cpp converts a StyleJob into an engine StyleRequest.

#include "core/style/style_types.h"
#include "core/style/stylize_options.h"
#include "imaging/compose/merge_types.h"

#include <QImage>
#include <QList>
#include <QMetaType>
#include <QString>

namespace instyle {
namespace ui {

inline QString optionDefaultText(const OptionSpec& spec) {
    return QString::fromUtf8(spec.defaultText.data(), int(spec.defaultText.size()));
}

// The settings of a run besides its images: what the Weights panel and the preferences set, as a
// project saves them and a job runs them. Project and StyleJob each hold one (`run`), so that the
// window fills, saves and restores them as one value.
struct RunSettings {
    LossWeights weights;         // the whole photo's, and the default of new instances
    int workSize = static_cast<int>(options::size.defaultValue);  // long side the optimisation works at
    int iterations = static_cast<int>(options::iters.defaultValue);
    int scales = static_cast<int>(options::scales.defaultValue);  // coarse-to-fine levels (Schedule::scales)
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = options::lr.defaultValue;
    bool notebookClamp = false;  // Paper-exact: the authors' ±1.5 clamp and detached depth term
    int featherPx = static_cast<int>(options::feather.defaultValue);  // feather of the mask edge when merging, photo pixels
    BlendMode blend = BlendMode::Feather;
    double margin = options::margin.defaultValue;  // context around each instance's box, fraction per side
    ColorPreservation color = ColorPreservation::None;
    bool background = false;     // stylise everything except the selection
    quint64 seed = 0;
    int threads = 0;             // 0 = one per core
    // The convolution algorithm and layout (options::conv, options::layout names). A project
    // holds what the last run resolved "auto" to, so that the CLI replays the same arithmetic.
    QString conv = optionDefaultText(options::conv);
    QString layout = optionDefaultText(options::layout);
    QString vggPath;             // empty: randomly initialised VGG19
    QString midasPath;           // empty: no depth network, the θ term is inactive

    bool operator==(const RunSettings& o) const {
        return weights == o.weights && workSize == o.workSize && iterations == o.iterations && scales == o.scales &&
               optimizer == o.optimizer && learningRate == o.learningRate && notebookClamp == o.notebookClamp &&
               featherPx == o.featherPx && blend == o.blend && margin == o.margin && color == o.color &&
               background == o.background && seed == o.seed && threads == o.threads && conv == o.conv &&
               layout == o.layout && vggPath == o.vggPath && midasPath == o.midasPath;
    }
    bool operator!=(const RunSettings& o) const { return !(*this == o); }
};

// One selected instance of a run: its mask and its own painting(s) and weights.
struct JobInstance {
    QImage mask;             // Grayscale8 0/255 at the photo's size
    QImage style;            // the painting as read (RGB888; the engine scales it to the work size)
    QImage style2;           // optional second painting, or null
    double style2Weight = 0;
    LossWeights weights;
    QString label;           // "person #1", "object 1"
};

struct StyleJob {
    QImage photo;            // the full-resolution photo (RGB888); previews are merged into it
    // run.workSize is the long side used (the panel's, or the photo's when that is smaller).
    RunSettings run;
    QImage style;            // the painting as read (RGB888; the engine scales it to the work size)
    QImage style2;           // optional second painting, or null
    double style2Weight = 0; // its share of the style target (0…1); the first gets the rest
    QImage mask;             // Grayscale8 at the photo's size (the whole selection), or null
    // One entry per selected instance (the engine's InstanceStylizer crops, stylises and blends
    // each in order); empty: the plain Stylizer on the whole photo with style/style2/run.weights.
    QList<JobInstance> instances;
    QString device = QStringLiteral("auto");  // auto | cpu | cuda
    int previewEveryIterations = 1;
    int previewMinIntervalMs = 100;
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

Q_DECLARE_METATYPE(instyle::LossWeights)
Q_DECLARE_METATYPE(instyle::LossTerms)
Q_DECLARE_METATYPE(instyle::ui::StyleJob)
Q_DECLARE_METATYPE(instyle::ui::RunSummary)
