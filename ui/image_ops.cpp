#include "ui/image_ops.h"

#include "core/base/error.h"
#include "imaging/io/image_io.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace instyle {
namespace ui {

cv::Mat matView(const QImage& image) {
    Q_ASSERT(image.format() == QImage::Format_RGB888 || image.format() == QImage::Format_Grayscale8);
    const int type = image.format() == QImage::Format_Grayscale8 ? CV_8UC1 : CV_8UC3;
    return cv::Mat(image.height(), image.width(), type, const_cast<uchar*>(image.constBits()),
                   static_cast<size_t>(image.bytesPerLine()));
}

cv::Mat toMat(const QImage& image, bool gray) {
    return matView(image.convertToFormat(gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888)).clone();
}

QImage toQImage(const cv::Mat& mat) {
    Q_ASSERT(mat.type() == CV_8UC3 || mat.type() == CV_8UC1);
    QImage out(mat.cols, mat.rows, mat.type() == CV_8UC1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < mat.rows; ++y) std::copy_n(mat.ptr<uchar>(y), size_t(mat.cols) * mat.channels(), out.scanLine(y));
    return out;
}

QString saveImageWithEngine(const QImage& image, const QString& path) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    try {
        saveImage(path.toStdString(), matView(rgb));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QImage scaledToLongSide(const QImage& image, int longSide) {
    if (image.isNull()) return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    if (std::max(rgb.width(), rgb.height()) == longSide) return rgb;
    return rgb.scaled(longSide, longSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

QImage laplacianView(const QImage& image) {
    if (image.isNull()) return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    cv::Mat f;
    matView(rgb).convertTo(f, CV_32FC3, 1.0 / 255.0);
    cv::Mat pooled;
    // Replicated borders for display: the loss's zero padding would frame the view in white.
    cv::blur(f, pooled, cv::Size(3, 3), cv::Point(-1, -1), cv::BORDER_REPLICATE);
    const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 0, -1, 0, -1, 4, -1, 0, -1, 0);
    cv::Mat lap;
    cv::filter2D(pooled, lap, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    std::vector<cv::Mat> ch;
    cv::split(lap, ch);
    cv::Mat sum = cv::abs(ch[0] + ch[1] + ch[2]);
    // Scaled so that four times the mean response is white: a single strong edge (or the zero
    // padding at the border) would otherwise leave everything else black.
    const double mean = cv::mean(sum)[0];
    QImage out(rgb.size(), QImage::Format_Grayscale8);
    sum.convertTo(matView(out), CV_8UC1, mean > 0 ? 255.0 / (4 * mean) : 0);
    return out;
}

}  // namespace ui
}  // namespace instyle
