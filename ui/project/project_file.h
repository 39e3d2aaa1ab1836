#pragma once
// The window's projects and exported parameters, read and written without any widget: one file
// format, the job file that `instyle-cli stylize --job` reads (each setting a row of the option
// table, core/style/stylize_options.h; instances with their masks inline as PNG data), plus what only
// the window uses under the key "instyle-window" (the CLI ignores it). So a result tuned in the
// window can be re-rendered by the CLI, bit for bit at the same settings, and a job file written
// by the CLI (--save-params) opens in the window. Older files (projects "instyle-project-1" and
// the parameter exports before them) still open.
//
// Thread ownership: any thread (plain values, QtCore/QtGui only).

#include "ui/project/style_job.h"

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace instyle {
namespace ui {

// The painting of an instance (or of the whole photo) and, optionally, a second one blended in
// with `style2Weight` (0…1) of the style target, with the instance's loss weights.
struct InstanceLook {
    QString style, style2;
    double style2Weight = 0;
    LossWeights weights;
    bool operator==(const InstanceLook& o) const {
        return style == o.style && style2 == o.style2 && style2Weight == o.style2Weight && weights == o.weights;
    }
    bool operator!=(const InstanceLook& o) const { return !(*this == o); }
};

struct ProjectInstance {
    int index = -1;  // in the photo's label map (segmentation reproduces it); -1: a painted mask
    QImage mask;     // Grayscale8 0/255 at the photo's size; null in old projects (found by index)
    InstanceLook look;
    bool object = false;  // added from MobileSAM: the mask is the instance (index: after the label map's)
};

struct Project {
    QString photo;
    QString out;                  // where the CLI writes its result
    // The panel's paintings and settings: the whole photo's, and the default of new instances.
    // run.workSize is the panel's setting; run.vggPath/midasPath the model files a run uses ("": none found).
    QString style, style2;
    double style2Weight = 0;
    RunSettings run;
    int runWorkSize = 0;          // the long side the run uses (the photo's when it is smaller; 0: run.workSize)
    QList<ProjectInstance> instances;
    QImage selectionMask;         // the whole selection (the background run's mask), or null
    int editing = -1;             // the instance the panel edits

    InstanceLook look() const { return {style, style2, style2Weight, run.weights}; }
    void setLook(const InstanceLook& look) {
        style = look.style;
        style2 = look.style2;
        style2Weight = look.style2Weight;
        run.weights = look.weights;
    }
};

// The job file (JSON, indented), each instance with its mask as the run uses it.
QByteArray writeProject(const Project& project);

// Reads a project, a parameter export or a CLI job file. Returns nothing, with `error` set, for a
// file that is not one of them (no photo, not JSON); a damaged value is replaced by its default
// and named in `warnings` ("iters: invalid value -3, using 200").
std::optional<Project> readProject(const QByteArray& bytes, QString* error, QStringList* warnings);

}  // namespace ui
}  // namespace instyle
