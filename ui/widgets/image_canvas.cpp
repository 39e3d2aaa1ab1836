#include "ui/widgets/image_canvas.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QKeyEvent>
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
    setCursor(on || prompt_ ? Qt::CrossCursor : Qt::ArrowCursor);
}

void ImageCanvas::setPromptMode(bool on) {
    prompt_ = on;
    boxing_ = false;
    setCursor(on || brush_ ? Qt::CrossCursor : Qt::ArrowCursor);
    update();
}

void ImageCanvas::setPromptMarkers(const QList<QPointF>& include, const QList<QPointF>& exclude, const QRectF& box) {
    includeMarkers_ = include;
    excludeMarkers_ = exclude;
    boxMarker_ = box;
    update();
}

void ImageCanvas::setSplit(double fraction) {
    split_ = std::clamp(fraction, 0.0, 1.0);
    update();
}

QRectF ImageCanvas::imageRect() const {
    return QRectF(offset_, QSizeF(photo_.width() * zoom_, photo_.height() * zoom_));
}

QPointF ImageCanvas::widgetToImage(QPointF p) const { return (p - offset_) / zoom_; }

QPoint ImageCanvas::pixelAt(QPointF widgetPos) const {
    const QPointF ip = widgetToImage(widgetPos);
    return QPoint(int(std::floor(ip.x())), int(std::floor(ip.y())));
}

QRectF ImageCanvas::imageBox(QPointF from, QPointF to) const {
    const auto clamped = [this](QPointF w) {
        const QPointF ip = widgetToImage(w);
        return QPointF(std::clamp(std::round(ip.x()), 0.0, double(photo_.width())),
                       std::clamp(std::round(ip.y()), 0.0, double(photo_.height())));
    };
    return QRectF(clamped(from), clamped(to)).normalized();
}
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
    if (prompt_) paintPrompts(p);
}

void ImageCanvas::paintPrompts(QPainter& p) const {
    p.setRenderHint(QPainter::Antialiasing);
    const auto drawBox = [&p](const QRectF& r) {
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::black, 3));
        p.drawRect(r);
        p.setPen(QPen(QColor(255, 220, 0), 1.5, Qt::DashLine));
        p.drawRect(r);
    };
    if (!boxMarker_.isNull()) drawBox(QRectF(imageToWidget(boxMarker_.topLeft()), imageToWidget(boxMarker_.bottomRight())));
    if (boxing_) drawBox(QRectF(QPointF(pressPos_), boxEnd_).normalized());
    const auto drawPoint = [&p, this](QPointF pixel, bool include) {
        const QPointF c = imageToWidget(pixel + QPointF(0.5, 0.5));  // the pixel's centre
        p.setPen(QPen(Qt::white, 2));
        p.setBrush(include ? QColor(40, 170, 60) : QColor(210, 40, 40));
        p.drawEllipse(c, 7, 7);
        p.drawLine(c - QPointF(4, 0), c + QPointF(4, 0));
        if (include) p.drawLine(c - QPointF(0, 4), c + QPointF(0, 4));
    };
    for (const QPointF& pt : includeMarkers_) drawPoint(pt, true);
    for (const QPointF& pt : excludeMarkers_) drawPoint(pt, false);
}

void ImageCanvas::resizeEvent(QResizeEvent*) { updateFit(); }

void ImageCanvas::wheelEvent(QWheelEvent* e) {
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0) zoomBy(std::pow(1.25, steps), e->position());
    e->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent* e) {
    const bool promptButton = prompt_ && !photo_.isNull() && e->button() == Qt::RightButton;
    if (e->button() != Qt::LeftButton && e->button() != Qt::MiddleButton && !promptButton) return;
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
    boxing_ = false;
    pressButton_ = e->button();
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
        } else if (dragging_ && prompt_ && pressButton_ == Qt::LeftButton) {
            boxing_ = true;
            boxEnd_ = e->position();
            update();
        } else if (dragging_ && pressButton_ != Qt::RightButton) {
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
    if (!pressed_ || e->button() != pressButton_) return;
    pressed_ = false;
    if (boxing_) {
        boxing_ = false;
        update();
        const QRectF box = imageBox(QPointF(pressPos_), e->position());
        if (box.width() >= 1 && box.height() >= 1) Q_EMIT promptBoxDrawn(box);
        return;
    }
    if (dragging_ || photo_.isNull()) return;
    const QPoint pixel = pixelAt(e->position());
    if (!photo_.rect().contains(pixel)) return;
    if (prompt_ && e->button() != Qt::MiddleButton)
        Q_EMIT promptClicked(QPointF(pixel), e->button() == Qt::LeftButton && !(e->modifiers() & Qt::AltModifier));
    else if (!prompt_ && e->button() == Qt::LeftButton)
        Q_EMIT imageClicked(pixel, e->modifiers());
}

bool ImageCanvas::event(QEvent* e) {
    // Enter and Esc belong to the prompts while there are some (Esc otherwise stops a run).
    if (e->type() == QEvent::ShortcutOverride && prompt_ &&
        (!includeMarkers_.isEmpty() || !excludeMarkers_.isEmpty() || !boxMarker_.isNull())) {
        const auto* k = static_cast<QKeyEvent*>(e);
        const bool plain = (k->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
        if (plain && (k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter || k->key() == Qt::Key_Escape)) {
            e->accept();
            return true;
        }
    }
    return QWidget::event(e);
}

void ImageCanvas::keyPressEvent(QKeyEvent* e) {
    if (prompt_ && (e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter)) Q_EMIT promptAccepted();
    else if (prompt_ && e->key() == Qt::Key_Escape) Q_EMIT promptDiscarded();
    else QWidget::keyPressEvent(e);
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
