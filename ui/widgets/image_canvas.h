#pragma once
// The photo canvas: zoom (wheel around the cursor, fit, 100 %), pan (drag), the photo with an
// optional overlay (segmentation), and a before/after split when a result exists. A click that
// does not move is reported in image coordinates (selection); a drag pans. In prompt mode
// (MobileSAM) a click is an include point, Alt+click or a right click an exclude point, a drag
// draws a box, Enter accepts and Esc discards the prompts; the middle button pans.
//
// Thread ownership: GUI thread.

#include <QImage>
#include <QWidget>

namespace instyle {
namespace ui {

class ImageCanvas : public QWidget {
    Q_OBJECT
public:
    explicit ImageCanvas(QWidget* parent = nullptr);

    void setPhoto(const QImage& photo);      // resets the result, overlay and view (fit)
    // Replaces what is shown as "before" (e.g. a Laplacian view of the photo) keeping the view
    // when the size is unchanged.
    void setBefore(const QImage& before);
    void setResult(const QImage& result);    // shown right of the split (same size as the photo)
    void setOverlay(const QImage& overlay);  // ARGB32 at the photo's size, drawn over both halves
    void setOutline(const QImage& outline);  // ARGB32, the hovered instance's outline
    void setPlaceholderText(const QString& text);
    const QImage& photo() const { return photo_; }
    const QImage& result() const { return result_; }
    const QImage& overlay() const { return overlay_; }
    bool hasPhoto() const { return !photo_.isNull(); }

    // 0 = all result, 1 = all photo; the split line is at this fraction of the image width.
    void setSplit(double fraction);
    double split() const { return split_; }

    double zoom() const { return zoom_; }
    bool fitted() const { return fit_; }
    // Brush mode: a left drag paints (strokeSegment) instead of panning; the middle button pans.
    void setBrushMode(bool on);
    bool brushMode() const { return brush_; }
    void setPromptMode(bool on);
    bool promptMode() const { return prompt_; }
    // The prompts drawn over the image (photo pixels): include and exclude points and a box.
    void setPromptMarkers(const QList<QPointF>& include, const QList<QPointF>& exclude, const QRectF& box);
    void zoomToFit();
    void zoomTo100();
    void zoomBy(double factor, QPointF anchor);

    QPointF widgetToImage(QPointF p) const;
    QPointF imageToWidget(QPointF p) const;

Q_SIGNALS:
    void imageClicked(QPoint imagePos, Qt::KeyboardModifiers modifiers);
    void imageHovered(QPoint imagePos);  // (-1,-1) when outside the image
    void zoomChanged(double zoom);
    void filesDropped(const QStringList& paths);
    void strokeStarted(Qt::KeyboardModifiers modifiers);
    void strokeSegment(QPoint from, QPoint to);  // image pixels
    void strokeFinished();
    // Prompt mode: a point (the clicked pixel) and a box (corners in photo pixels, inside the photo).
    void promptClicked(QPointF imagePos, bool include);
    void promptBoxDrawn(QRectF imageBox);
    void promptAccepted();   // Enter while prompts are shown
    void promptDiscarded();  // Esc while prompts are shown
protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;
    bool event(QEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    void dragEnterEvent(QDragEnterEvent*) override;
    void dropEvent(QDropEvent*) override;

private:
    void updateFit();
    QRectF imageRect() const;
    void paintPrompts(QPainter& p) const;
    // The photo pixel under a widget position, and the box between two widget positions (clamped).
    QPoint pixelAt(QPointF widgetPos) const;
    QRectF imageBox(QPointF from, QPointF to) const;

    QImage photo_, result_, overlay_, outline_;
    QString placeholder_;
    double split_ = 0.5;
    double zoom_ = 1;
    bool fit_ = true;
    QPointF offset_;  // widget position of the image's top-left corner
    QPoint pressPos_;
    QPointF pressOffset_;
    bool pressed_ = false;
    bool dragging_ = false;
    bool draggingSplit_ = false;
    bool brush_ = false;
    bool stroking_ = false;
    QPoint lastStroke_;
    bool prompt_ = false;
    bool boxing_ = false;
    Qt::MouseButton pressButton_ = Qt::NoButton;
    QPointF boxEnd_;  // widget position of the box being drawn
    QList<QPointF> includeMarkers_, excludeMarkers_;
    QRectF boxMarker_;
};

}  // namespace ui
}  // namespace instyle
