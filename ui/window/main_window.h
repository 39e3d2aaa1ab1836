#pragma once
// The application window: photo canvas, painting gallery, weights, loss curves and the message
// banner, composed with the panels and controllers that own the rest: SelectionPanel (instances,
// looks, mask tools), SamPanel (the Anything mode), RunController (the run, its status and
// result) and ProjectController (projects and exports). They reach the window through
// WindowContext.
//
// Thread ownership: GUI thread. LibTorch runs only in the StyleRunner's and the SamSession's
// worker threads.

#include "ui/app_settings.h"
#include "ui/project/project_file.h"
#include "ui/window/window_context.h"

#include <QImage>
#include <QMainWindow>

class QAction;
class QComboBox;
class QCheckBox;
class QLabel;
class QListWidget;
class QMenu;
class QPushButton;
class QUndoStack;

namespace instyle {
namespace ui {

class ImageCanvas;
class InstanceSelection;
class LossChart;
class ProjectController;
class RunController;
class SamPanel;
class SamSession;
class SelectionPanel;
class StyleGallery;
class StyleRunner;
class VggStatusLabel;
class WeightsPanel;

class MainWindow : public QMainWindow, public WindowContext {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a photo (errors go to the status bar and the message banner). Returns success.
    bool openPhoto(const QString& path) override;
    // Adds a painting to the gallery and selects it.
    bool setStylePath(const QString& path);
    // The job the Run button would start now; `error` says why none can be built.
    StyleJob buildJob(QString* error = nullptr) const;
    bool startRun();
    void stopRun();
    void togglePause();
    // Starts the export on its worker thread (ProjectController::exportResult); its ImageExport
    // reports the end.
    bool exportResult(const QString& path);
    bool exportParameters(const QString& path);
    // A project: photo, paintings, weights, schedule and the mask, in one JSON file.
    bool saveProject(const QString& path);
    bool openProject(const QString& path);
    // A semantic label map (Grayscale8 class indices at the photo's size) for the current photo,
    // as the segmenter produces it; makes its instances clickable.
    void setLabelMap(const QImage& labels);

    const QImage& photo() const override { return photo_; }
    const QString& photoPath() const override { return photoPath_; }
    const QImage& resultImage() const;
    QString bannerText() const;

    ImageCanvas* canvas() const { return canvas_; }
    StyleRunner* runner() const { return runner_; }
    WeightsPanel* weightsPanel() const { return weights_; }
    StyleGallery* gallery() const { return gallery_; }
    LossChart* lossChart() const { return lossChart_; }
    QUndoStack* undoStack() const { return undo_; }
    InstanceSelection* selection() const;
    QListWidget* selectionList() const;
    RunController* runController() const { return run_; }
    ProjectController* projectController() const { return project_; }

    // Selection modes: *Objects (FCN)* clicks the segmenter's instances; *Anything (MobileSAM)*
    // turns clicks, Alt+clicks and a dragged box into a mask (the setting keys::selectionMode).
    void setAnythingMode(bool on);
    bool anythingMode() const;
    SamSession* samSession() const;
    // The MobileSAM mask becomes an instance of the selection (Enter, *Add*; undoable). When its
    // decode is still under way, that happens as soon as it returns. False without prompts.
    bool addSamObject();
    // Esc: the prompts are dropped (undoable).
    void discardSamPrompts();

    // Per-instance settings: the gallery and the sliders edit the instance chosen in the
    // selection list (-1: every instance without settings of its own, or the whole photo).
    void editInstance(int index);
    int editedInstance() const;
    // The settings a run uses for an instance (its own, or the panel's current ones).
    InstanceLook lookOf(int index) const;
    AppSettings& settings() { return settings_; }

    // WindowContext
    void showStatus(const QString& text, int timeoutMs = 0) override;
    void setStatusDetails(const QString& toolTip) override;
    void showBanner(const QString& html, bool error, bool offerModels) override;
    void showFailure(const QString& text) override;
    void refreshView() override { updateView(); }

Q_SIGNALS:
    void photoLoaded(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    QWidget* createCentral();
    QWidget* createViewBar(QWidget* parent);
    void createStatusBar();
    void updateActions();
    void updateRecentMenu();
    void updateView();
    void checkModels();
    void openInteractively();
    void showModelsDialog();
    void showPreferences();
    void showAbout();
    void requestDepthMaps();
    // Asked before the window closes while a run is going: true to close.
    bool confirmClose();

    AppSettings settings_;
    StyleRunner* runner_;
    QUndoStack* undo_;
    ImageCanvas* canvas_ = nullptr;
    WeightsPanel* weights_ = nullptr;
    StyleGallery* gallery_ = nullptr;
    LossChart* lossChart_ = nullptr;
    SelectionPanel* selectionPanel_ = nullptr;
    SamPanel* samPanel_ = nullptr;
    RunController* run_ = nullptr;
    ProjectController* project_ = nullptr;

    QWidget* banner_ = nullptr;
    QLabel* bannerLabel_ = nullptr;
    QPushButton* bannerModels_ = nullptr;
    QComboBox* viewMode_ = nullptr;
    QCheckBox* showInstances_ = nullptr;
    VggStatusLabel* vggLabel_ = nullptr;
    QAction* openAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;

    QString photoPath_;
    QImage photo_;
    QImage depthBefore_, depthAfter_;  // depth maps of the content and the current result
    bool depthPending_ = false;
};

}  // namespace ui
}  // namespace instyle
