#pragma once
// The Selection dock: the segmenter's instances (clicked on the canvas), the list of selected
// instances with their own looks (painting, second painting, weights), and the mask tools (grow,
// shrink, GrabCut, brush). The gallery and the Weights panel edit the look of the instance chosen
// in the list. The MobileSAM tools (SamPanel) sit in it, between the hint and the list.
//
// Thread ownership: GUI thread. Segmentation runs on the StyleRunner's worker thread.

#include "ui/project/project_file.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QUndoStack;
class QVBoxLayout;

namespace instyle {
namespace ui {

class AppSettings;
class ImageCanvas;
class InstanceSelection;
class StyleGallery;
class StyleRunner;
class WeightsPanel;
class WindowContext;

class SelectionPanel : public QWidget {
    Q_OBJECT
public:
    SelectionPanel(WindowContext& window, AppSettings& settings, QUndoStack* undo, ImageCanvas* canvas,
                   StyleGallery* gallery, WeightsPanel* weights, StyleRunner* runner, QWidget* parent = nullptr);

    InstanceSelection* selection() const { return selection_; }
    QListWidget* list() const { return list_; }
    // Shown between the hint and the list (the MobileSAM tools).
    void addModeTools(QWidget* tools);

    // A new photo: no selection, no instances until its segmentation (started here) returns.
    void startOver();
    // Segments the current photo again (the segmenter may have changed).
    void startSegmentation();
    // A Grayscale8 label map at the photo's size: its instances become clickable.
    void setLabelMap(const QImage& labels);
    // In Anything (MobileSAM) mode the canvas's clicks are prompts: the segmenter's instances are
    // neither hovered nor tinted, and the hint is MobileSAM's (SamPanel's) alone.
    void setAnythingMode(bool on);

    // A project's selection: instances of the label map (applied once the photo is segmented),
    // MobileSAM's objects and a painted mask (applied at once), each instance with its look.
    struct SavedSelection {
        QList<int> selected;
        QHash<int, InstanceLook> looks;
        int editing = -1;
        QImage mask;
        struct Object {  // added from MobileSAM: its mask as saved
            int index = -1;
            QImage mask;
            InstanceLook look;
        };
        QList<Object> objects;
    };
    void restore(const SavedSelection& saved);

    // The look the panel shows now, the look a run uses for an instance (its own, or the panel's),
    // and the instance whose look the panel edits (-1: every instance without a look of its own,
    // or the whole photo).
    InstanceLook panelLook() const;
    InstanceLook lookOf(int index) const;
    void editInstance(int index);
    int editedInstance() const { return editing_; }
    // Keeps the panel's look as the edited instance's (before the looks are saved).
    void storeLook();
    // True while the gallery and the sliders are being set to another instance's look (no edit).
    bool loadingLook() const { return loadingLook_; }
    // "person #3" for the segmenter's instances, "object 1" for MobileSAM's (numbered on their own).
    QString instanceLabel(int index) const;
    // The tint over the photo: every instance, the selection stronger (Objects mode, when shown);
    // only the selection (Anything mode); ARGB32 or null.
    QImage overlay(bool showInstances) const;

private:
    enum class Segmentation { NoPhoto, Running, Missing, Failed, Done };
    QWidget* createMaskTools();
    void connectCanvas(ImageCanvas* canvas);
    void connectRunner(StyleRunner* runner);
    void updateList();
    void updateHint();
    void applySaved();
    QString lookText(int index) const;
    void loadLook(int index);

    WindowContext& window_;
    AppSettings& settings_;
    QUndoStack* undo_;
    ImageCanvas* canvas_;
    StyleGallery* gallery_;
    WeightsPanel* weights_;
    StyleRunner* runner_;
    InstanceSelection* selection_;
    QVBoxLayout* layout_;
    QLabel* hint_;
    QListWidget* list_;
    QWidget* maskTools_;

    Segmentation segmentation_ = Segmentation::NoPhoto;
    QString segmentationError_;
    bool anything_ = false;
    int hovered_ = -1;
    QHash<int, InstanceLook> looks_;  // by instance index, for the current label map
    int editing_ = -1;
    bool loadingLook_ = false;
    QList<int> previousChosen_;
    // A project's selection waits for the photo's label map (segmentation runs on the worker).
    std::optional<SavedSelection> saved_;
};

}  // namespace ui
}  // namespace instyle
