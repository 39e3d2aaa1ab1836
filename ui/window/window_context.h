#pragma once
// What the window's panels and controllers share with the window and so with each other: the
// photo being worked on, the window's message areas and its view. MainWindow implements it; the
// panels (selection, MobileSAM) and controllers (run, project) each hold a reference and own
// their widgets and state.
//
// Thread ownership: GUI thread.

class QImage;
class QString;

namespace instyle {
namespace ui {

class WindowContext {
public:
    // The photo as opened (RGB888, null before one is) and its absolute path.
    virtual const QImage& photo() const = 0;
    virtual const QString& photoPath() const = 0;
    // Opens a photo as File ▸ Open does (every panel starts over). Returns success.
    virtual bool openPhoto(const QString& path) = 0;
    // A message in the status bar (0: until the next one).
    virtual void showStatus(const QString& text, int timeoutMs = 0) = 0;
    // The status bar's tooltip: details of the last run.
    virtual void setStatusDetails(const QString& toolTip) = 0;
    // The banner above the canvas (rich text); offerModels adds the models buttons.
    virtual void showBanner(const QString& html, bool error, bool offerModels) = 0;
    // A failed file operation: `text` (plain) in the error banner and for 10 s in the status bar.
    virtual void showFailure(const QString& text) = 0;
    // The canvas shows the current photo, result, selection and prompts again.
    virtual void refreshView() = 0;

protected:
    ~WindowContext() = default;
};

}  // namespace ui
}  // namespace instyle
