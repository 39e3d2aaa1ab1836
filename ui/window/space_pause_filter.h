#pragma once
// Space runs, pauses and resumes (the window's run action) wherever the keyboard focus is in the
// window, except in text entry (a line edit, an editable combo box, an editable text view), where
// it types a space. A spin box, button, slider or list would otherwise take the key for itself
// (a spin box edits its field), so that a run could not be paused from the keyboard after a
// value was changed. Dialogs and popups are other windows: Space keeps its meaning there.
//
// Thread ownership: GUI thread.

#include <QObject>

class QAction;
class QWidget;

namespace instyle {
namespace ui {

class SpacePauseFilter : public QObject {
    Q_OBJECT
public:
    // Installs itself on the application for as long as `window` (its parent) lives.
    SpacePauseFilter(QAction* action, QWidget* window);
    ~SpacePauseFilter() override;

    // Whether Space types a character in `widget` (it keeps the key).
    static bool isTextEntry(const QWidget* widget);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QAction* action_;
    QWidget* window_;
};

}  // namespace ui
}  // namespace instyle
