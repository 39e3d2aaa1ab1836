#pragma once
// The slider of a logarithmic weight (LogWeightControl): a click on the groove or the keyboard
// sets it as any QSlider does (a page is a decade, an arrow key a tenth of one), but a drag moves
// it by the distance the mouse travels, one decade per logscale::kDragPixelsPerDecade pixels,
// instead of pinning the handle under the cursor: the handle then moves slower than the mouse,
// and a short drag is a fine adjustment whatever the slider's length.
//
// Thread ownership: GUI thread.

#include <QSlider>

namespace instyle {
namespace ui {

class LogSlider : public QSlider {
    Q_OBJECT
public:
    explicit LogSlider(QWidget* parent = nullptr);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    bool dragging_ = false;
    int dragStartPosition_ = 0;
    int dragStartPixel_ = 0;
};

}  // namespace ui
}  // namespace instyle
