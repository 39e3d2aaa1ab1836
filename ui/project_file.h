#pragma once
// The window's projects and exported parameters, read and written without any widget: one file
// format, the job file that `instyle-cli stylize --job` reads (each setting a row of the option
// table, core/stylize_options.h; instances with their masks inline as PNG data), plus what only
// the window uses under the key "instyle-window" (the CLI ignores it). So a result tuned in the
// window can be re-rendered by the CLI, bit for bit at the same settings, and a job file written
// by the CLI (--save-params) opens in the window. Older files (projects "instyle-project-1" and
// the parameter exports before them) still open.
//
// Thread ownership: any thread (plain values, QtCore/QtGui only).

#include "ui/style_job.h"

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace instyle {
namespace ui {

// A painting and, optionally, a second one blended in with `weight2` (0…1) — an instance's look.
struct ProjectLook {
    QString painting, painting2;
    double painting2Weight = 0;
    JobWeights weights;
    bool operator==(const ProjectLook& o) const {
        return painting == o.painting && painting2 == o.painting2 && painting2Weight == o.painting2Weight &&
               weights == o.weights;
    }
};

struct ProjectInstance {
    int index = -1;  // in the photo's label map (segmentation reproduces it); -1: a painted mask
    QImage mask;     // Grayscale8 0/255 at the photo's size; null in old projects (found by index)
    ProjectLook look;
    bool object = false;  // added from MobileSAM: the mask is the instance (index: after the label map's)
};

struct Project {
    QString photo;
    QString out;                  // where the CLI writes its result
    ProjectLook look;             // the panel's: the whole photo, and the default of new instances
    int workSize = static_cast<int>(options::size.defaultValue);  // the panel's setting
    int runWorkSize = 0;          // the long side the run uses (the photo's when it is smaller; 0: workSize)
    int iterations = static_cast<int>(options::iters.defaultValue);
    int scales = static_cast<int>(options::scales.defaultValue);
    JobOptimizer optimizer = JobOptimizer::Adam;
    double learningRate = options::lr.defaultValue;
    bool notebookClamp = false;   // Paper-exact: the notebook's clamp and detached depth term
    int featherPx = static_cast<int>(options::feather.defaultValue);
    JobBlend blend = JobBlend::Feather;
    double margin = options::margin.defaultValue;
    JobColor color = JobColor::None;
    bool background = false;      // stylise everything except the selection
    quint64 seed = 0;
    int threads = 0;
    // The convolution algorithm and layout: what the last run resolved "auto" to, so that the CLI
    // replays the same arithmetic (options::conv, options::layout names).
    QString conv = QString::fromUtf8(options::conv.defaultText.data(), int(options::conv.defaultText.size()));
    QString layout = QString::fromUtf8(options::layout.defaultText.data(), int(options::layout.defaultText.size()));
    QString vgg, midas;           // the model files a run uses ("" : none found)
    QList<ProjectInstance> instances;
    QImage selectionMask;         // the whole selection (the background run's mask), or null
    int editing = -1;             // the instance the panel edits
};

// The job file (JSON, indented). `runMasks`: each instance's mask as the run uses it.
QByteArray writeProject(const Project& project);

// Reads a project, a parameter export or a CLI job file. Returns nothing, with `error` set, for a
// file that is not one of them (no photo, not JSON); a damaged value is replaced by its default
// and named in `warnings` ("iters: invalid value -3, using 200").
std::optional<Project> readProject(const QByteArray& bytes, QString* error, QStringList* warnings);

}  // namespace ui
}  // namespace instyle
