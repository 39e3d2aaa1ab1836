#include "ui/window/dock_scroll.h"

#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>

namespace instyle {
namespace ui {

namespace {

int scrollBarWidth(const QScrollArea* area) {
    return area->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, area->verticalScrollBar());
}

class DockScrollArea : public QScrollArea {
public:
    explicit DockScrollArea(QWidget* parent) : QScrollArea(parent) {}

    QSize sizeHint() const override { return QScrollArea::sizeHint() + QSize(scrollBarWidth(this), 0); }
};

// Keeps the area's minimum width at the panel's minimum plus a vertical scroll bar, also when
// the panel's contents change (another language, a longer label).
class PanelWidthWatcher : public QObject {
public:
    PanelWidthWatcher(QScrollArea* area, QWidget* panel) : QObject(area), area_(area), panel_(panel) {
        panel->installEventFilter(this);
        update();
    }

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == panel_ && (event->type() == QEvent::LayoutRequest || event->type() == QEvent::Polish)) update();
        return false;
    }

private:
    void update() { area_->setMinimumWidth(panel_->minimumSizeHint().width() + scrollBarWidth(area_)); }

    QScrollArea* area_;
    QWidget* panel_;
};

}  // namespace

QScrollArea* dockScrollArea(QWidget* panel, QWidget* parent) {
    auto* area = new DockScrollArea(parent);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    area->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    area->setWidget(panel);
    new PanelWidthWatcher(area, panel);
    return area;
}

}  // namespace ui
}  // namespace instyle
