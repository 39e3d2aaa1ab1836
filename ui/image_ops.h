#pragma once
// Small image operations of the window, on QImages (OpenCV underneath, no LibTorch): the one
// conversion between QImage and cv::Mat, the Laplacian view, saving through the engine, scaling.
// Merging is the engine's (the StyleWorker runs InstanceStylizer / blendInto).

#include <QImage>

#include <opencv2/core/mat.hpp>

namespace instyle {
namespace ui {

// A view of an RGB888 (CV_8UC3) or Grayscale8 (CV_8UC1) image's pixels, no copy: `image` must
// have one of those formats and outlive the view.
cv::Mat matView(const QImage& image);
// Deep copies: any QImage as RGB (CV_8UC3) or, with `gray`, one channel (CV_8UC1); and back
// (CV_8UC3 → RGB888, CV_8UC1 → Grayscale8).
cv::Mat toMat(const QImage& image, bool gray = false);
QImage toQImage(const cv::Mat& mat);

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
