#pragma once
// The "Anything (MobileSAM)" selection mode: the toolbar's two mode actions, the MobileSAM tools in
// the Selection dock (hint, Add, Discard) and the busy bar in the status bar. Clicks, Alt+clicks
// and a dragged box on the canvas refine a mask on the SamSession's worker thread; Enter or Add
// makes it an object of the selection.
//
// Thread ownership: GUI thread. MobileSAM runs on the SamSession's worker thread.

#include <QImage>
#include <QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QUndoStack;

namespace instyle {
namespace ui {

class AppSettings;
class ImageCanvas;
class SamSession;
class SelectionPanel;
class WindowContext;

class SamPanel : public QWidget {
    Q_OBJECT
public:
    SamPanel(WindowContext& window, AppSettings& settings, QUndoStack* undo, ImageCanvas* canvas,
             SelectionPanel* selection, QWidget* parent = nullptr);

    SamSession* session() const { return sam_; }
    QAction* objectsModeAction() const { return objectsMode_; }
    QAction* anythingModeAction() const { return anythingMode_; }
    // The encoder's busy bar, for the window's status bar.
    QProgressBar* progressBar() const { return progress_; }

    bool anythingMode() const;
    // Switches the mode (the setting keys::selectionMode) and prepares the photo for MobileSAM.
    void setAnythingMode(bool on);
    // The MobileSAM mask becomes an object of the selection (undoable). When its decode is still
    // under way, that happens as soon as it returns. False without prompts.
    bool addObject();
    // The prompts are dropped (undoable).
    void discardPrompts();
    // A new photo, or changed models or preferences: the photo is encoded again in Anything mode.
    void photoChanged();
    // The models may have changed: the mode's model file is looked for again.
    void modelsChanged();
    // `overlay` with the current mask tinted over it (Anything mode), ARGB32.
    QImage withMask(QImage overlay) const;

Q_SIGNALS:
    void modeChanged(bool anything);

private:
    void connectSession();
    void connectCanvas(ImageCanvas* canvas);
    void startSelection();
    void updateMarkers();

    WindowContext& window_;
    AppSettings& settings_;
    QUndoStack* undo_;
    ImageCanvas* canvas_;
    SelectionPanel* selection_;
    SamSession* sam_;
    QAction* objectsMode_;
    QAction* anythingMode_;
    QLabel* info_;
    QPushButton* add_;
    QPushButton* discard_;
    QProgressBar* progress_;
    bool addPending_ = false;  // Enter came while the mask was being decoded
};

}  // namespace ui
}  // namespace instyle
