#pragma once
// Writes the window's result to an image file on a worker thread: encoding a 20-megapixel PNG
// takes seconds, which on the GUI thread froze the window (and left the save dialog undrawn).
//
// One export at a time: start() refuses a second while one is under way (the window says so).
// The file appears whole or not at all: Qt's writer goes through a QSaveFile, the engine's
// (OpenCV, for TIFF when Qt has no plugin) writes a temporary file and renames it, so a failure
// (folder gone, disk full, no permission) leaves any previous file at the path as it was.
//
// Thread ownership: GUI thread. The encoding runs in a WorkerThread; the QImage goes there as an
// implicitly shared copy (Qt's reference count is atomic; neither side writes to it). Closing
// waits for an export under way rather than cancelling it: the user asked for that file.

#include "ui/workers/worker_thread.h"

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QSemaphore>
#include <QString>

namespace instyle {
namespace ui {

struct ExportOptions {
    // Qt image format name ("png", "jpeg", "tiff"); empty: from the path's suffix (png otherwise).
    QByteArray format;
    int jpegQuality = 95;
};

class ImageExport : public QObject {
    Q_OBJECT
public:
    explicit ImageExport(QObject* parent = nullptr);
    ~ImageExport() override;

    // Starts writing `image` to `path`: finished(path) or failed(path, message) follows. False,
    // and nothing starts, for a null image or while an export is under way.
    bool start(const QImage& image, const QString& path, const ExportOptions& options = {});
    bool busy() const { return !path_.isEmpty(); }
    // The file being written; empty when idle.
    QString path() const { return path_; }

    // Waits for an export under way (timeoutMs < 0: as long as it takes), then ends the thread;
    // nothing is emitted afterwards.
    bool shutdown(int timeoutMs = -1);
    const QThread* thread() const { return thread_.workerThread(); }

    // The format start() uses for path: "jpeg" for .jpg/.jpeg, "tiff" for .tif/.tiff, else "png".
    static QByteArray formatForPath(const QString& path);
    // The encoding itself, on the calling thread: "" or the error message.
    static QString write(const QImage& image, const QString& path, const ExportOptions& options = {});

Q_SIGNALS:
    void busyChanged(bool busy);
    void finished(const QString& path);
    void failed(const QString& path, const QString& message);

private:
    void onWritten(const QString& error);

    WorkerThread thread_;
    QString path_;
    QSemaphore written_;  // released by the worker after each write: quit() would drop a queued one
};

}  // namespace ui
}  // namespace instyle
