#pragma once
// Small image operations of the window, on QImages (OpenCV underneath, no LibTorch): the
// Laplacian view, saving through the engine, scaling. Merging is the engine's (the StyleWorker
// runs InstanceStylizer / blendInto).

#include <QImage>

namespace instyle {
namespace ui {

// |D(x)| of the paper's Laplacian term (3x3 mean, then the 4-neighbour Laplacian, channels
// summed), scaled to 0..255 for display (Grayscale8).
QImage laplacianView(const QImage& image);

// Writes an image with the engine's writer (OpenCV; used for TIFF, which Qt may lack).
// Atomic (temporary file, then rename). Returns "" or the error message.
QString saveImageWithEngine(const QImage& image, const QString& path);

// The image scaled so that its long side is longSide (smooth), RGB888.
QImage scaledToLongSide(const QImage& image, int longSide);

}  // namespace ui
}  // namespace instyle
