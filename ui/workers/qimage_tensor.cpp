#include "ui/workers/qimage_tensor.h"

#include "core/base/error.h"
#include "core/nets/image_tensor.h"

#include <torch/torch.h>

namespace instyle {
namespace ui {

at::Tensor qimageToTensor(const QImage& image) {
    if (image.isNull()) throw Error(ErrorCategory::InvalidArgument, "qimageToTensor: the image is empty");
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    // Rows are padded to 4 bytes: describe the strides instead of copying row by row.
    auto hwc = torch::from_blob(const_cast<uchar*>(rgb.constBits()), {rgb.height(), rgb.width(), 3},
                                {rgb.bytesPerLine(), 3, 1}, torch::kUInt8);
    return normalizeRgb8(hwc);  // copies
}

QImage tensorToQImage(const at::Tensor& image) {
    const auto hwc = denormalizeToRgb8(image.detach());
    const int h = static_cast<int>(hwc.size(0)), w = static_cast<int>(hwc.size(1));
    QImage view(hwc.data_ptr<uint8_t>(), w, h, 3 * w, QImage::Format_RGB888);
    return view.copy();
}

at::Tensor maskToTensor(const QImage& mask) {
    const QImage g = mask.convertToFormat(QImage::Format_Grayscale8);
    auto hw = torch::from_blob(const_cast<uchar*>(g.constBits()), {g.height(), g.width()},
                               {g.bytesPerLine(), 1}, torch::kUInt8);
    return hw.to(torch::kFloat32).div(255.0).view({1, 1, g.height(), g.width()}).clone();
}

}  // namespace ui
}  // namespace instyle
