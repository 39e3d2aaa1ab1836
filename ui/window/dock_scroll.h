#pragma once
// A dock's panel inside a scroll area, so that a tall panel (the weights, the gallery) scrolls on a
// small screen instead of forcing the window taller than the screen or being drawn over.

class QScrollArea;
class QWidget;

namespace instyle {
namespace ui {

// `panel` in a frameless QScrollArea (widgetResizable, scroll bars as needed) owned by `parent`.
// The area is at least as wide as the panel's minimum plus a vertical scroll bar (and asks for
// the panel's preferred width plus the bar), so that the panel scrolls vertically without also
// needing a horizontal scroll bar; its minimum height is a few lines.
QScrollArea* dockScrollArea(QWidget* panel, QWidget* parent);

}  // namespace ui
}  // namespace instyle
