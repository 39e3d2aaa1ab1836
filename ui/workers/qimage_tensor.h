#pragma once
// The one adapter between QImage and the engine's tensors (ImageNet-normalised 1x3xHxW float32,
// masks 1x1xHxW in [0,1]). Used by the StyleWorker on its thread.

#include <ATen/core/Tensor.h>
#include <QImage>

namespace instyle {
namespace ui {

at::Tensor qimageToTensor(const QImage& image);
// A deep copy: the QImage owns its pixels.
QImage tensorToQImage(const at::Tensor& image);
at::Tensor maskToTensor(const QImage& mask);

}  // namespace ui
}  // namespace instyle
