#include "ui/window/project_controller.h"

#include "ui/app_settings.h"
#include "ui/project/instance_selection.h"
#include "ui/widgets/style_gallery.h"
#include "ui/workers/image_export.h"
#include "ui/window/run_controller.h"
#include "ui/window/selection_panel.h"
#include "ui/window/window_context.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStyle>
#include <QWidget>

#include <algorithm>

namespace instyle {
namespace ui {

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
    if (!QFileInfo(path).isFile()) return ProjectController::tr("%1: the painting is missing").arg(QDir::toNativeSeparators(path));
    QImageReader reader(path);
    if (reader.read().isNull())
        return ProjectController::tr("%1: cannot read the painting (%2)").arg(QDir::toNativeSeparators(path), reader.errorString());
    return {};
}

}  // namespace

ProjectController::ProjectController(WindowContext& window, AppSettings& settings, StyleGallery* gallery,
                                     SelectionPanel* selection, RunController* run, QWidget* parent)
    : QObject(parent), window_(window), settings_(settings), gallery_(gallery), selection_(selection), run_(run),
      parent_(parent) {
    export_ = new QAction(parent->style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Export result…"), parent);
    export_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(export_, &QAction::triggered, this, &ProjectController::exportInteractively);
    exportParameters_ = new QAction(tr("Export &parameters…"), parent);
    connect(exportParameters_, &QAction::triggered, this, &ProjectController::exportParametersInteractively);
    openProject_ = new QAction(tr("Open pro&ject…"), parent);
    connect(openProject_, &QAction::triggered, this, &ProjectController::openProjectInteractively);
    saveProject_ = new QAction(tr("&Save project…"), parent);
    saveProject_->setShortcut(QKeySequence::Save);
    connect(saveProject_, &QAction::triggered, this, &ProjectController::saveProjectInteractively);
    imageExport_ = new ImageExport(this);
    connect(imageExport_, &ImageExport::busyChanged, this, &ProjectController::updateActions);
    connect(imageExport_, &ImageExport::finished, this, [this](const QString& path) {
        settings_.setValue(keys::lastExportDir, QFileInfo(path).absolutePath());
        window_.showStatus(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    });
    // A failed export (folder gone, disk full, no permission) leaves any previous file at `path`
    // untouched and the result in memory to retry.
    connect(imageExport_, &ImageExport::failed, this, [this](const QString& path, const QString& why) {
        window_.showFailure(tr("%1: cannot export (%2). The result is kept; export it elsewhere.")
                                .arg(QDir::toNativeSeparators(path), why));
    });
    updateActions();
}

void ProjectController::updateActions() {
    const bool photo = !window_.photo().isNull();
    export_->setEnabled((!run_->result().isNull() || photo) && !imageExport_->busy());
    exportParameters_->setEnabled(photo);
}

QString ProjectController::saveWholeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    // flush() before commit(): commit() misses a failed flush and would keep a truncated file.
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.flush() || !file.commit())
        return file.errorString();
    return {};
}

Project ProjectController::currentProject(const QString& path) const {
    Project p;
    p.photo = window_.photoPath();
    const QFileInfo file(path);
    p.out = file.dir().filePath(file.completeBaseName() + QStringLiteral(".png"));
    p.run = run_->replaySettings();
    p.setLook(selection_->panelLook());
    const QImage& photo = window_.photo();
    p.runWorkSize = photo.isNull() ? p.run.workSize : std::min(p.run.workSize, std::max(photo.width(), photo.height()));
    // The masks as the run would use them (RunController::buildJob): each selected instance, or the selection.
    const InstanceSelection* selection = selection_->selection();
    p.selectionMask = selection->mask();
    for (const auto& [index, mask] : selection->instanceMasks())
        p.instances.append({index, mask, selection_->lookOf(index), index >= selection->segmentedCount()});
    p.editing = selection_->editedInstance();
    return p;
}

bool ProjectController::saveProject(const QString& path) {
    selection_->storeLook();
    if (const QString error = saveWholeFile(path, writeProject(currentProject(path))); !error.isEmpty()) {
        window_.showFailure(tr("%1: cannot save the project (%2)").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    window_.showStatus(tr("Saved project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool ProjectController::openProject(const QString& path) {
    // Nothing in the window changes until the project's photo has been opened: a project that
    // cannot be opened at all leaves the current work as it was.
    const auto refuse = [this, &path](const QString& why) {
        window_.showFailure(tr("%1: cannot open the project: %2").arg(QDir::toNativeSeparators(path), why));
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
    if (!window_.openPhoto(project.photo))
        return refuse(tr("the photo %1 cannot be opened").arg(QDir::toNativeSeparators(project.photo)));

    QHash<QString, QString> problems;  // by painting path, each file read once
    const auto unreadable = [&problems](const QString& painting) {
        auto it = problems.find(painting);
        if (it == problems.end()) it = problems.insert(painting, paintingProblem(painting));
        return *it;
    };
    // A look's paintings added to the gallery; an unreadable one is named and left out.
    const auto usable = [&](InstanceLook look) {
        for (QString* painting : {&look.style, &look.style2}) {
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
    const InstanceLook panel = usable(project.look());
    if (!panel.style.isEmpty()) gallery_->setCurrentPath(QFileInfo(panel.style).absoluteFilePath());
    gallery_->setSecond(panel.style2, panel.style2.isEmpty() ? 0.5 : panel.style2Weight);
    run_->applySettings(project.run);

    const QSize photoSize = window_.photo().size();
    SelectionPanel::SavedSelection saved;
    saved.mask = project.selectionMask;
    for (const ProjectInstance& instance : project.instances) {
        if (!instance.mask.isNull() && instance.mask.size() != photoSize) {
            warnings << tr("an instance's mask does not fit the photo and was left out");
            continue;
        }
        if (instance.index < 0) {  // a painted mask (or a CLI job's masks): one selection
            if (saved.mask.isNull()) saved.mask = instance.mask;
            else if (project.selectionMask.isNull()) saved.mask = unionOf(saved.mask, instance.mask);
            continue;
        }
        InstanceLook look = usable(instance.look);
        if (look.style.isEmpty()) look.style = gallery_->currentPath();  // the panel's painting instead
        if (instance.object && !instance.mask.isNull()) {  // needs no segmentation
            saved.objects.append({instance.index, instance.mask, look});
            continue;
        }
        saved.selected << instance.index;
        saved.looks.insert(instance.index, look);
    }
    if (!saved.mask.isNull() && saved.mask.size() != photoSize) {
        warnings << tr("maskPng: the saved mask does not fit the photo and was left out");
        saved.mask = QImage();
    }
    saved.editing = project.editing;
    selection_->restore(saved);
    if (!warnings.isEmpty()) {
        for (const QString& w : warnings) qWarning("%s: %s", qPrintable(path), qPrintable(w));
        window_.showBanner(tr("%1 was opened with defaults where it was damaged:<br>%2")
                               .arg(QDir::toNativeSeparators(path).toHtmlEscaped(),
                                    warnings.join(QStringLiteral("\n")).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))),
                           true, false);
        window_.showStatus(tr("Opened project %1 with problems").arg(QDir::toNativeSeparators(path)), 10000);
        return true;
    }
    window_.showStatus(tr("Opened project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool ProjectController::exportResult(const QString& path) {
    const QImage image = run_->result().isNull() ? window_.photo() : run_->result();
    if (image.isNull()) return false;
    if (imageExport_->busy()) {
        window_.showStatus(tr("Still exporting %1; export again when it is written.")
                               .arg(QDir::toNativeSeparators(imageExport_->path())), 5000);
        return false;
    }
    if (!imageExport_->start(image, path)) return false;
    window_.showStatus(tr("Exporting %1…").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool ProjectController::exportParameters(const QString& path) {
    if (const QString error = saveWholeFile(path, writeProject(currentProject(path))); !error.isEmpty()) {
        window_.showFailure(tr("%1: cannot export the parameters (%2)").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    return true;
}

void ProjectController::openProjectInteractively() {
    const QString path = QFileDialog::getOpenFileName(parent_, tr("Open project"), settings_.text(keys::lastOpenDir),
                                                      tr("instyle projects (*.instyle)"));
    if (!path.isEmpty()) openProject(path);
}

void ProjectController::saveProjectInteractively() {
    const QString base = QFileInfo(window_.photoPath()).completeBaseName() + QStringLiteral(".instyle");
    const QString path = QFileDialog::getSaveFileName(parent_, tr("Save project"),
                                                      QDir(settings_.text(keys::lastExportDir)).filePath(base),
                                                      tr("instyle projects (*.instyle)"));
    if (!path.isEmpty()) saveProject(path);
}

void ProjectController::exportInteractively() {
    QString dir = settings_.text(keys::lastExportDir);
    if (dir.isEmpty()) dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString base = QFileInfo(window_.photoPath()).completeBaseName() + QStringLiteral("-instyle.png");
    QString selected;
    const QString path = QFileDialog::getSaveFileName(parent_, tr("Export result"), QDir(dir).filePath(base),
                                                      tr("PNG image (*.png);;JPEG image (*.jpg *.jpeg);;TIFF image (*.tif *.tiff)"),
                                                      &selected);
    if (!path.isEmpty()) exportResult(path);
}

void ProjectController::exportParametersInteractively() {
    const QString dir = settings_.text(keys::lastExportDir);
    const QString base = QFileInfo(window_.photoPath()).completeBaseName() + QStringLiteral("-instyle.json");
    const QString path = QFileDialog::getSaveFileName(parent_, tr("Export parameters"), QDir(dir).filePath(base),
                                                      tr("JSON (*.json)"));
    if (!path.isEmpty() && exportParameters(path))
        window_.showStatus(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
}

}  // namespace ui
}  // namespace instyle
