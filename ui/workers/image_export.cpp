#include "ui/workers/image_export.h"

#include "ui/image_ops.h"

#include <QFileInfo>
#include <QImageWriter>
#include <QMetaObject>
#include <QSaveFile>

namespace instyle {
namespace ui {

ImageExport::ImageExport(QObject* parent) : QObject(parent), thread_(QStringLiteral("instyle-export")) {
    thread_.start();
}

ImageExport::~ImageExport() { shutdown(); }

QByteArray ImageExport::formatForPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg")) return "jpeg";
    if (suffix == QLatin1String("tif") || suffix == QLatin1String("tiff")) return "tiff";
    return "png";
}

QString ImageExport::write(const QImage& image, const QString& path, const ExportOptions& options) {
    if (image.isNull()) return tr("no image");
    const QByteArray format = options.format.isEmpty() ? formatForPath(path) : options.format;
    // Qt's TIFF plugin is optional; the engine's writer (OpenCV) always has TIFF.
    if (!QImageWriter::supportedImageFormats().contains(format)) return saveImageWithEngine(image, path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    QImageWriter writer(&file, format);
    if (format == "jpeg") writer.setQuality(options.jpegQuality);
    if (!writer.write(image)) return file.error() != QFileDevice::NoError ? file.errorString() : writer.errorString();
    // QSaveFile::commit() does not notice a failed flush of its buffer (disk full): it would
    // rename a truncated file over the target. Flushed here first, a failure discards it.
    if (!file.flush() || !file.commit()) return file.errorString();
    return {};
}

bool ImageExport::start(const QImage& image, const QString& path, const ExportOptions& options) {
    if (busy() || image.isNull() || path.isEmpty()) return false;
    const bool queued = thread_.invoke([this, image, path, options] {
        const QString error = write(image, path, options);
        written_.release();
        // `this` outlives the call (its destructor waits for the thread); the queued result dies
        // with it if it is destroyed before the GUI thread gets to it.
        QMetaObject::invokeMethod(this, [this, error] { onWritten(error); }, Qt::QueuedConnection);
    });
    if (!queued) return false;
    path_ = path;
    Q_EMIT busyChanged(true);
    return true;
}

void ImageExport::onWritten(const QString& error) {
    if (!busy() || !thread_.isRunning()) return;  // shut down meanwhile
    written_.acquire();  // released before this was queued
    const QString path = path_;
    path_.clear();
    Q_EMIT busyChanged(false);
    if (error.isEmpty()) Q_EMIT finished(path);
    else Q_EMIT failed(path, error);
}

bool ImageExport::shutdown(int timeoutMs) {
    if (busy() && thread_.isRunning()) {
        if (!written_.tryAcquire(1, timeoutMs < 0 ? -1 : timeoutMs)) {
            path_.clear();
            return thread_.shutdown(0);
        }
    }
    const bool ended = thread_.shutdown(timeoutMs);
    path_.clear();
    return ended;
}

}  // namespace ui
}  // namespace instyle
