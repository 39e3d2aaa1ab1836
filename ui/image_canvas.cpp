#include "ui/image_canvas.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace instyle {
namespace ui {

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
    setAcceptDrops(true);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);
    setBackgroundRole(QPalette::Dark);
    setAutoFillBackground(true);
}

void ImageCanvas::setPhoto(const QImage& photo) {
    photo_ = photo;
    result_ = QImage();
    overlay_ = QImage();
    outline_ = QImage();
    fit_ = true;
    updateFit();
    update();
}

void ImageCanvas::setBefore(const QImage& before) {
    const bool sameSize = before.size() == photo_.size();
    photo_ = before;
    if (!sameSize) {
        fit_ = true;
        updateFit();
    }
    update();
}

void ImageCanvas::setResult(const QImage& result) {
    result_ = result;
    update();
}

void ImageCanvas::setOverlay(const QImage& overlay) {
    overlay_ = overlay;
    update();
}

void ImageCanvas::setOutline(const QImage& outline) {
    outline_ = outline;
    update();
}

void ImageCanvas::setPlaceholderText(const QString& text) {
    placeholder_ = text;
    update();
}

void ImageCanvas::setBrushMode(bool on) {
    brush_ = on;
    setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

void ImageCanvas::setSplit(double fraction) {
    split_ = std::clamp(fraction, 0.0, 1.0);
    update();
}

QRectF ImageCanvas::imageRect() const {
    return QRectF(offset_, QSizeF(photo_.width() * zoom_, photo_.height() * zoom_));
}

QPointF ImageCanvas::widgetToImage(QPointF p) const { return (p - offset_) / zoom_; }
QPointF ImageCanvas::imageToWidget(QPointF p) const { return p * zoom_ + offset_; }

void ImageCanvas::updateFit() {
    if (!fit_ || photo_.isNull()) return;
    const double z = std::min(double(width()) / photo_.width(), double(height()) / photo_.height());
    zoom_ = z > 0 ? z : 1;
    offset_ = QPointF((width() - photo_.width() * zoom_) / 2, (height() - photo_.height() * zoom_) / 2);
    Q_EMIT zoomChanged(zoom_);
}

void ImageCanvas::zoomToFit() {
    fit_ = true;
    updateFit();
    update();
}

void ImageCanvas::zoomTo100() {
    zoomBy(1.0 / zoom_, QPointF(width() / 2.0, height() / 2.0));
}

void ImageCanvas::zoomBy(double factor, QPointF anchor) {
    if (photo_.isNull()) return;
    const double z = std::clamp(zoom_ * factor, 0.02, 32.0);
    const QPointF imagePoint = widgetToImage(anchor);
    zoom_ = z;
    offset_ = anchor - imagePoint * zoom_;
    fit_ = false;
    Q_EMIT zoomChanged(zoom_);
    update();
}

void ImageCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    if (photo_.isNull()) {
        p.setPen(palette().color(QPalette::BrightText));
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 2);
    const QRectF target = imageRect();
    p.drawImage(target, photo_);
    if (!result_.isNull()) {
        const double splitX = target.left() + split_ * target.width();
        p.save();
        p.setClipRect(QRectF(QPointF(splitX, target.top()), target.bottomRight()));
        p.drawImage(target, result_);
        p.restore();
        if (split_ > 0 && split_ < 1) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 2));
            p.drawLine(QPointF(splitX, target.top()), QPointF(splitX, target.bottom()));
            const QRectF handle(splitX - 7, target.center().y() - 18, 14, 36);
            p.setBrush(palette().color(QPalette::Highlight));
            p.drawRoundedRect(handle, 4, 4);
        }
    }
    if (!overlay_.isNull()) p.drawImage(target, overlay_);
    if (!outline_.isNull()) p.drawImage(target, outline_);
}

void ImageCanvas::resizeEvent(QResizeEvent*) { updateFit(); }

void ImageCanvas::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0) zoomBy(std::pow(1.25, steps), e->position());
    e->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton && e->button() != Qt::MiddleButton) return;
    if (brush_ && e->button() == Qt::LeftButton && !photo_.isNull()) {
        const QPointF ip = widgetToImage(e->position());
        lastStroke_ = QPoint(int(std::floor(ip.x())), int(std::floor(ip.y())));
        stroking_ = true;
        Q_EMIT strokeStarted(e->modifiers());
        Q_EMIT strokeSegment(lastStroke_, lastStroke_);
        return;
    }
    pressed_ = true;
    dragging_ = false;
    pressPos_ = e->position().toPoint();
    pressOffset_ = offset_;
    const QRectF target = imageRect();
    const double splitX = target.left() + split_ * target.width();
    draggingSplit_ = !result_.isNull() && e->button() == Qt::LeftButton && std::abs(e->position().x() - splitX) < 8 &&
                     target.contains(e->position());
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* e) {
    if (stroking_) {
        const QPointF ip = widgetToImage(e->position());
        const QPoint p(int(std::floor(ip.x())), int(std::floor(ip.y())));
        if (p != lastStroke_) Q_EMIT strokeSegment(lastStroke_, p);
        lastStroke_ = p;
        return;
    }
    if (pressed_) {
        const QPoint delta = e->position().toPoint() - pressPos_;
        if (!dragging_ && delta.manhattanLength() > 4) dragging_ = true;
        if (dragging_ && draggingSplit_) {
            const QRectF target = imageRect();
            setSplit((e->position().x() - target.left()) / target.width());
        } else if (dragging_) {
            offset_ = pressOffset_ + delta;
            fit_ = false;
            update();
        }
        return;
    }
    if (photo_.isNull()) return;
    const QPointF ip = widgetToImage(e->position());
    const QPoint pixel(int(std::floor(ip.x())), int(std::floor(ip.y())));
    Q_EMIT imageHovered(photo_.rect().contains(pixel) ? pixel : QPoint(-1, -1));
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* e) {
    if (stroking_ && e->button() == Qt::LeftButton) {
        stroking_ = false;
        Q_EMIT strokeFinished();
        return;
    }
    if (!pressed_) return;
    pressed_ = false;
    if (dragging_ || photo_.isNull() || e->button() != Qt::LeftButton) return;
    const QPointF ip = widgetToImage(e->position());
    const QPoint pixel(int(std::floor(ip.x())), int(std::floor(ip.y())));
    if (photo_.rect().contains(pixel)) Q_EMIT imageClicked(pixel, e->modifiers());
}

void ImageCanvas::leaveEvent(QEvent*) { Q_EMIT imageHovered(QPoint(-1, -1)); }

void ImageCanvas::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void ImageCanvas::dropEvent(QDropEvent* e) {
    QStringList paths;
    for (const QUrl& url : e->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        Q_EMIT filesDropped(paths);
        e->acceptProposedAction();
    }
}

}  // namespace ui
}  // namespace instyle
