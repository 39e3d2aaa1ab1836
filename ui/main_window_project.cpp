// MainWindow: saving and re-opening a project.

#include "ui/main_window.h"

#include "ui/instance_selection.h"
#include "ui/model_locator.h"
#include "ui/project_file.h"
#include "ui/style_gallery.h"
#include "ui/weights_panel.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStatusBar>

#include <cmath>

namespace instyle {
namespace ui {

Project MainWindow::currentProject(const QString& path) const {
    Project p;
    p.photo = photoPath_;
    const QFileInfo file(path);
    p.out = file.dir().filePath(file.completeBaseName() + QStringLiteral(".png"));
    const auto look = [](const InstanceLook& l) { return ProjectLook{l.style, l.style2, l.style2Weight, l.weights}; };
    p.look = look(panelLook());
    p.workSize = weights_->workSize();
    p.runWorkSize = photo_.isNull() ? p.workSize : std::min(p.workSize, std::max(photo_.width(), photo_.height()));
    p.iterations = weights_->iterations();
    p.scales = weights_->scales();
    p.optimizer = weights_->optimizer();
    p.learningRate = settings_.real(keys::learningRate);
    p.notebookClamp = weights_->notebookClamp();
    p.featherPx = weights_->featherPx();
    p.blend = weights_->blendMode();
    p.margin = weights_->margin();
    p.color = weights_->colorPreservation();
    p.background = weights_->background();
    p.seed = static_cast<quint64>(settings_.integer(keys::vggSeed));
    p.threads = settings_.integer(keys::threads);
    // A forced choice as set; "auto" as the last run resolved it (once there was a run).
    const auto resolved = [](const QString& setting, const QString& ran) {
        return setting == QLatin1String("auto") && !ran.isEmpty() ? ran : setting;
    };
    p.conv = resolved(settings_.text(keys::conv), runConv_);
    p.layout = resolved(settings_.text(keys::layout), runLayout_);
    p.vgg = findModelFile(settings_, modelIds::vgg);
    p.midas = findModelFile(settings_, modelIds::midas);
    // The masks as the run would use them (buildJob): each selected instance, or the selection.
    p.selectionMask = selection_->mask();
    for (const auto& [index, mask] : selection_->instanceMasks())
        p.instances.append({index, mask, look(lookOf(index)), index >= selection_->segmentedCount()});
    p.editing = editing_;
    return p;
}

bool MainWindow::saveProject(const QString& path) {
    storeLook();
    if (const QString error = saveWholeFile(path, writeProject(currentProject(path))); !error.isEmpty()) {
        showFailure(tr("%1: cannot save the project (%2)").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    statusBar()->showMessage(tr("Saved project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

namespace {

QImage unionOf(const QImage& a, const QImage& b) {
    QImage out = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage other = b.convertToFormat(QImage::Format_Grayscale8);
    for (int y = 0; y < out.height(); ++y) {
        uchar* row = out.scanLine(y);
        const uchar* add = other.constScanLine(y);
        for (int x = 0; x < out.width(); ++x) row[x] = std::max(row[x], add[x]);
    }
    return out;
}

// Whether a painting can be used ("" or why not): the gallery silently skips files it cannot read.
QString paintingProblem(const QString& path) {
    if (path.isEmpty()) return {};
    if (!QFileInfo(path).isFile()) return QObject::tr("%1: the painting is missing").arg(QDir::toNativeSeparators(path));
    QImageReader reader(path);
    if (reader.read().isNull())
        return QObject::tr("%1: cannot read the painting (%2)").arg(QDir::toNativeSeparators(path), reader.errorString());
    return {};
}

}  // namespace

bool MainWindow::openProject(const QString& path) {
    // Nothing in the window changes until the project's photo has been opened: a project that
    // cannot be opened at all leaves the current work as it was.
    const auto refuse = [this, &path](const QString& why) {
        showFailure(tr("%1: cannot open the project: %2").arg(QDir::toNativeSeparators(path), why));
        return false;
    };
    QFile file(path);
    if (!QFileInfo::exists(path)) return refuse(tr("no such file"));
    if (!QFileInfo(path).isFile()) return refuse(tr("not a file"));
    if (!file.open(QIODevice::ReadOnly)) return refuse(file.errorString());
    if (file.size() > 256 * 1024 * 1024) return refuse(tr("the file is too large for a project"));
    QString error;
    QStringList warnings;
    const std::optional<Project> read = readProject(file.readAll(), &error, &warnings);
    if (!read) return refuse(error);
    const Project& project = *read;
    {
        QImageReader reader(project.photo);
        if (!QFileInfo(project.photo).isFile())
            return refuse(tr("the photo %1 is missing").arg(QDir::toNativeSeparators(project.photo)));
        if (!reader.canRead())
            return refuse(tr("the photo %1 cannot be read (%2)").arg(QDir::toNativeSeparators(project.photo), reader.errorString()));
    }
    if (!openPhoto(project.photo)) return refuse(tr("the photo %1 cannot be opened").arg(QDir::toNativeSeparators(project.photo)));

    QHash<QString, QString> problems;  // by painting path, each file read once
    const auto unreadable = [&problems](const QString& painting) {
        auto it = problems.find(painting);
        if (it == problems.end()) it = problems.insert(painting, paintingProblem(painting));
        return *it;
    };
    // A look's paintings added to the gallery; an unreadable one is named and left out.
    const auto usable = [&](ProjectLook look) {
        for (QString* painting : {&look.painting, &look.painting2}) {
            if (painting->isEmpty()) continue;
            const QString problem = unreadable(*painting);
            if (problem.isEmpty()) {
                gallery_->addPaths({*painting});
                continue;
            }
            if (!warnings.contains(problem)) warnings << problem;
            painting->clear();
        }
        return look;
    };
    const ProjectLook panel = usable(project.look);
    if (!panel.painting.isEmpty()) setStylePath(panel.painting);
    gallery_->setSecond(panel.painting2, panel.painting2.isEmpty() ? 0.5 : panel.painting2Weight);

    Preset p;
    p.weights = panel.weights;
    p.iterations = project.iterations;
    p.scales = project.scales;
    p.workSize = project.workSize;
    p.optimizer = project.optimizer;
    p.notebookClamp = project.notebookClamp;
    weights_->applyPreset(p);
    weights_->setFeatherPx(project.featherPx);
    weights_->setBlendMode(project.blend);
    weights_->setMargin(project.margin);
    weights_->setColorPreservation(project.color);
    weights_->setBackground(project.background);
    if (project.learningRate != settings_.real(keys::learningRate)) settings_.setValue(keys::learningRate, project.learningRate);

    PendingSelection pending;
    pending.mask = project.selectionMask;
    for (const ProjectInstance& instance : project.instances) {
        if (!instance.mask.isNull() && instance.mask.size() != photo_.size()) {
            warnings << tr("an instance's mask does not fit the photo and was left out");
            continue;
        }
        if (instance.index < 0) {  // a painted mask (or a CLI job's masks): one selection
            if (pending.mask.isNull()) pending.mask = instance.mask;
            else if (project.selectionMask.isNull()) pending.mask = unionOf(pending.mask, instance.mask);
            continue;
        }
        const ProjectLook own = usable(instance.look);
        InstanceLook look;
        look.style = own.painting.isEmpty() ? gallery_->currentPath() : own.painting;  // the panel's painting instead
        look.style2 = own.painting2;
        look.style2Weight = own.painting2Weight;
        look.weights = own.weights;
        if (instance.object && !instance.mask.isNull()) {  // needs no segmentation
            pending.objects.append({instance.index, instance.mask, look});
            continue;
        }
        pending.selected << instance.index;
        pending.looks.insert(instance.index, look);
    }
    if (!pending.mask.isNull() && pending.mask.size() != photo_.size()) {
        warnings << tr("maskPng: the saved mask does not fit the photo and was left out");
        pending.mask = QImage();
    }
    pending.editing = project.editing;
    // Instances exist once the photo is segmented (at once when it already is, else later on the
    // worker); a painted mask alone is applied now.
    pendingSelection_ = pending;
    if (selection_->hasInstances() || pending.selected.isEmpty()) applyPendingSelection();
    if (!warnings.isEmpty()) {
        for (const QString& w : warnings) qWarning("%s: %s", qPrintable(path), qPrintable(w));
        showBanner(tr("%1 was opened with defaults where it was damaged:<br>%2")
                       .arg(QDir::toNativeSeparators(path).toHtmlEscaped(), warnings.join(QStringLiteral("\n")).toHtmlEscaped()
                                                                               .replace(QLatin1Char('\n'), QStringLiteral("<br>"))),
                   true, false);
        statusBar()->showMessage(tr("Opened project %1 with problems").arg(QDir::toNativeSeparators(path)), 10000);
        return true;
    }
    statusBar()->showMessage(tr("Opened project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

}  // namespace ui
}  // namespace instyle
