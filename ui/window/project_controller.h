#pragma once
// The window's files besides the photo: projects (save, open), the exported parameters (the same
// job file, for `instyle-cli stylize --job`) and the exported result image, with their actions
// and dialogs.
//
// Thread ownership: GUI thread. The result image is encoded on the ImageExport's worker thread.

#include "ui/project/project_file.h"

#include <QObject>

class QAction;
class QWidget;

namespace instyle {
namespace ui {

class AppSettings;
class ImageExport;
class RunController;
class SelectionPanel;
class StyleGallery;
class WindowContext;

class ProjectController : public QObject {
    Q_OBJECT
public:
    ProjectController(WindowContext& window, AppSettings& settings, StyleGallery* gallery, SelectionPanel* selection,
                      RunController* run, QWidget* parent);

    QAction* openProjectAction() const { return openProject_; }
    QAction* saveProjectAction() const { return saveProject_; }
    QAction* exportAction() const { return export_; }
    QAction* exportParametersAction() const { return exportParameters_; }
    // Enables the actions for the window's state (a photo, a result).
    void updateActions();

    // A project: photo, paintings, weights, schedule and the selection, in one JSON file.
    bool saveProject(const QString& path);
    bool openProject(const QString& path);
    // Starts writing the result (the photo before a run) to `path` on the export's worker thread:
    // the status bar says so meanwhile, then "Exported …" or the failure. False, with the reason in
    // the status bar, when nothing starts (nothing to export, an export under way).
    bool exportResult(const QString& path);
    ImageExport* imageExport() const { return imageExport_; }
    bool exportParameters(const QString& path);
    // The window's settings and selection as a project (the job format; project_file.h), for a
    // file at `path` (the CLI's result goes beside it).
    Project currentProject(const QString& path) const;

    // Writes `bytes` to `path` with QSaveFile: "" when done, else why not. A failed write (folder
    // gone, disk full) leaves any previous file at `path` as it was.
    static QString saveWholeFile(const QString& path, const QByteArray& bytes);

private:
    void openProjectInteractively();
    void saveProjectInteractively();
    void exportInteractively();
    void exportParametersInteractively();

    WindowContext& window_;
    AppSettings& settings_;
    StyleGallery* gallery_;
    SelectionPanel* selection_;
    RunController* run_;
    QWidget* parent_;  // of the dialogs
    QAction* openProject_;
    QAction* saveProject_;
    QAction* export_;
    QAction* exportParameters_;
    ImageExport* imageExport_;
};

}  // namespace ui
}  // namespace instyle
