#include "ui/window/space_pause_filter.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QKeySequenceEdit>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace instyle {
namespace ui {

SpacePauseFilter::SpacePauseFilter(QAction* action, QWidget* window)
    : QObject(window), action_(action), window_(window) {
    qApp->installEventFilter(this);
}

SpacePauseFilter::~SpacePauseFilter() { qApp->removeEventFilter(this); }

bool SpacePauseFilter::isTextEntry(const QWidget* widget) {
    if (!widget) return false;
    if (const auto* line = qobject_cast<const QLineEdit*>(widget)) {
        // A spin box's own line edit holds a number: Space has nothing to type there.
        if (qobject_cast<const QAbstractSpinBox*>(line->parentWidget())) return false;
        return !line->isReadOnly();
    }
    if (const auto* combo = qobject_cast<const QComboBox*>(widget)) return combo->isEditable();
    if (const auto* text = qobject_cast<const QTextEdit*>(widget)) return !text->isReadOnly();
    if (const auto* plain = qobject_cast<const QPlainTextEdit*>(widget)) return !plain->isReadOnly();
    return qobject_cast<const QKeySequenceEdit*>(widget) != nullptr;
}

bool SpacePauseFilter::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress) return false;
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() != Qt::Key_Space || (key->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier) return false;
    // The event reaches the filter once for the focus widget and again for each parent it
    // propagates to; only the first counts.
    QWidget* focus = QApplication::focusWidget();
    if (!focus) focus = window_;
    if (watched != focus || focus->window() != window_ || isTextEntry(focus) || !action_->isEnabled()) return false;
    if (type == QEvent::ShortcutOverride) {
        // Claimed here so that the key press arrives at this filter, not at the action's
        // shortcut as well: the run is toggled exactly once.
        key->accept();
        return true;
    }
    if (!key->isAutoRepeat()) action_->trigger();  // a held key does not toggle back and forth
    return true;
}

}  // namespace ui
}  // namespace instyle
