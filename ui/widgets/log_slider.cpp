#include "ui/widgets/log_slider.h"

#include "ui/widgets/log_scale.h"

#include <QMouseEvent>

namespace instyle {
namespace ui {

namespace {

// Mouse travel along the slider's axis, growing towards larger values.
int travel(const QSlider* slider, const QPoint& p) {
    return slider->orientation() == Qt::Horizontal ? (slider->isRightToLeft() ? -p.x() : p.x()) : -p.y();
}

}  // namespace

LogSlider::LogSlider(QWidget* parent) : QSlider(Qt::Horizontal, parent) {
    setRange(0, logscale::kSliderMax);
    setSingleStep(logscale::kStepsPerDecade / 10);
    setPageStep(logscale::kStepsPerDecade);
}

void LogSlider::mousePressEvent(QMouseEvent* event) {
    QSlider::mousePressEvent(event);  // grabs the handle, or pages/jumps towards the click
    dragging_ = isSliderDown();
    if (!dragging_) return;
    dragStartPosition_ = sliderPosition();
    dragStartPixel_ = travel(this, event->position().toPoint());
}

void LogSlider::mouseMoveEvent(QMouseEvent* event) {
    if (!dragging_ || event->buttons() == Qt::NoButton) {
        QSlider::mouseMoveEvent(event);
        return;
    }
    setSliderPosition(logscale::dragPosition(dragStartPosition_, travel(this, event->position().toPoint()) - dragStartPixel_));
    event->accept();
}

void LogSlider::mouseReleaseEvent(QMouseEvent* event) {
    dragging_ = false;
    QSlider::mouseReleaseEvent(event);
}

}  // namespace ui
}  // namespace instyle
