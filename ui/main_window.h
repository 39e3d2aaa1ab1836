#pragma once
// The application window: photo canvas, painting gallery, weights, loss curves, run controls.
//
// Thread ownership: GUI thread. LibTorch runs only in the StyleRunner's worker thread.

#include "ui/app_settings.h"
#include "ui/style_job.h"

#include <QHash>

#include <optional>
#include <QImage>
#include <QMainWindow>

class QAction;
class QJsonObject;
class QCheckBox;
class QComboBox;
class QListWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QSlider;
class QUndoStack;

namespace instyle {
namespace ui {

class ImageCanvas;
class InstanceSelection;
class LossChart;
class SamSession;
class StyleGallery;
class StyleRunner;
class WeightsPanel;
struct Project;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a photo (errors go to the status bar and the message banner). Returns success.
    bool openPhoto(const QString& path);
    // Adds a painting to the gallery and selects it.
    bool setStylePath(const QString& path);
    // The job the Run button would start now; `error` says why none can be built.
    StyleJob buildJob(QString* error = nullptr) const;
    bool startRun();
    void stopRun();
    void togglePause();
    bool exportResult(const QString& path);
    bool exportParameters(const QString& path);
    // A project: photo, paintings, weights, schedule and the mask, in one JSON file.
    bool saveProject(const QString& path);
    bool openProject(const QString& path);
    // A semantic label map (Grayscale8 class indices at the photo's size) for the current photo,
    // as the segmenter produces it; makes its instances clickable.
    void setLabelMap(const QImage& labels);

    const QString& photoPath() const { return photoPath_; }
    const QImage& resultImage() const { return result_; }
    QString bannerText() const;

    ImageCanvas* canvas() const { return canvas_; }
    StyleRunner* runner() const { return runner_; }
    WeightsPanel* weightsPanel() const { return weights_; }
    StyleGallery* gallery() const { return gallery_; }
    LossChart* lossChart() const { return lossChart_; }
    QUndoStack* undoStack() const { return undo_; }
    InstanceSelection* selection() const { return selection_; }
    QListWidget* selectionList() const { return selectionList_; }

    // Selection modes: *Objects (FCN)* clicks the segmenter's instances; *Anything (MobileSAM)*
    // turns clicks, Alt+clicks and a dragged box into a mask (the setting keys::selectionMode).
    void setAnythingMode(bool on);
    bool anythingMode() const;
    SamSession* samSession() const { return sam_; }
    // The MobileSAM mask becomes an instance of the selection (Enter, *Add*; undoable). When its
    // decode is still under way, that happens as soon as it returns. False without prompts.
    bool addSamObject();
    // Esc: the prompts are dropped (undoable).
    void discardSamPrompts();

    // Per-instance settings: the gallery and the sliders edit the instance chosen in the
    // selection list (-1: every instance without settings of its own, or the whole photo).
    struct InstanceLook {
        QString style, style2;
        double style2Weight = 0;
        JobWeights weights;
    };
    void editInstance(int index);
    int editedInstance() const { return editing_; }
    // The settings a run uses for an instance (its own, or the panel's current ones).
    InstanceLook lookOf(int index) const;
    AppSettings& settings() { return settings_; }

Q_SIGNALS:
    void photoLoaded(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // The Selection panel's text when the FCN model file is missing (worded for the current mode).
    void showSegmenterMissing();
    void createActions();
    void createMenus();
    void createDocks();
    QWidget* createCentral();
    void connectRunner();
    void updateActions();
    void updateRecentMenu();
    void updateView();
    void checkModels();
    void showBanner(const QString& text, bool error, bool offerModels);
    // A failed file operation: `text` (plain) in the error banner and for 10 s in the status bar.
    void showFailure(const QString& text);
    // Writes `bytes` to `path` with QSaveFile: "" when done, else why not. A failed write (folder
    // gone, disk full) leaves any previous file at `path` as it was.
    static QString saveWholeFile(const QString& path, const QByteArray& bytes);
    void openInteractively();
    void exportInteractively();
    void exportParametersInteractively();
    // The window's settings and selection as a project (the job format; project_file.h), for a
    // file at `path` (the CLI's result goes beside it).
    Project currentProject(const QString& path) const;
    void showModelsDialog();
    void showPreferences();
    void showAbout();
    void onProgress(int iteration, int iterations, const LossPoint& loss, double secondsPerIteration, double secondsLeft);
    void onFinished(const QImage& merged, const QImage& stylised, const RunSummary& summary);
    void onFailed(const QString& message);
    QWidget* createSelectionPanel(QWidget* parent);
    void updateSelectionPanel();
    void startSegmentation();
    void requestDepthMaps();
    // Anything mode (main_window_sam.cpp).
    void createSamActions();
    QWidget* createSamTools(QWidget* parent);
    void connectSam();
    void startSamSelection();
    void updateSamMarkers();
    QImage withSamMask(QImage overlay) const;

    AppSettings settings_;
    StyleRunner* runner_;
    ImageCanvas* canvas_ = nullptr;
    WeightsPanel* weights_ = nullptr;
    StyleGallery* gallery_ = nullptr;
    LossChart* lossChart_ = nullptr;
    QUndoStack* undo_ = nullptr;
    InstanceSelection* selection_ = nullptr;
    QListWidget* selectionList_ = nullptr;
    QCheckBox* showInstances_ = nullptr;
    QWidget* maskTools_ = nullptr;
    int hovered_ = -1;
    SamSession* sam_ = nullptr;
    QAction* objectsModeAction_ = nullptr;
    QAction* anythingModeAction_ = nullptr;
    QWidget* samTools_ = nullptr;
    QLabel* samInfo_ = nullptr;
    QPushButton* samAdd_ = nullptr;
    QPushButton* samDiscard_ = nullptr;
    QProgressBar* samProgress_ = nullptr;
    bool samAddPending_ = false;  // Enter came while the mask was being decoded

    QWidget* banner_ = nullptr;
    QLabel* bannerLabel_ = nullptr;
    QPushButton* bannerModels_ = nullptr;
    QComboBox* viewMode_ = nullptr;
    QSlider* splitSlider_ = nullptr;
    QLabel* zoomLabel_ = nullptr;
    QLabel* selectionInfo_ = nullptr;
    QLabel* iterationLabel_ = nullptr;
    QLabel* speedLabel_ = nullptr;
    QLabel* deviceLabel_ = nullptr;
    QLabel* etaLabel_ = nullptr;
    QLabel* vggLabel_ = nullptr;

    QAction* openAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    QAction* exportParamsAction_ = nullptr;
    QAction* runAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* fitAction_ = nullptr;
    QAction* actualSizeAction_ = nullptr;
    QAction* fullScreenAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;

    QString photoPath_;
    QImage photo_;
    QImage result_;           // merged, photo size
    QImage stylised_;         // work size
    QString runConv_, runLayout_;  // the convolutions the last run used ("" before any run)
    JobWeights runWeights_;   // weights in force for the loss chart
    QString vggStatus_;
    QImage depthBefore_, depthAfter_;  // depth maps of the content and the current result
    bool depthPending_ = false;
    QHash<int, InstanceLook> looks_;  // by instance index, for the current label map
    // A project's selection waits for the photo's label map (segmentation runs on the worker).
    struct PendingSelection {
        QList<int> selected;
        QHash<int, InstanceLook> looks;
        int editing = -1;
        QImage mask;
        // Objects added from MobileSAM: their masks come back as they were saved (saved index, mask, look).
        struct Object {
            int index = -1;
            QImage mask;
            InstanceLook look;
        };
        QList<Object> objects;
    };
    std::optional<PendingSelection> pendingSelection_;
    void applyPendingSelection();
    int editing_ = -1;
    bool loadingLook_ = false;
    InstanceLook panelLook() const;
    QString lookText(int index) const;
    void loadLook(int index);
    QList<int> previousChosen_;
    void storeLook();
};

}  // namespace ui
}  // namespace instyle
