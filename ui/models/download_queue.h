#pragma once
// Several files through one ModelDownload, one after the other, with a progress over them all:
// "Get all models" (the models a full setup needs) and the gallery's sample paintings. Each file
// keeps what ModelDownload gives it (a .part resumed after a cancel, the SHA-256 checked before the
// rename); an optional check then looks at the file itself (a painting must decode to its pixel
// size) and deletes it when it fails. A file that fails does not stop the others.
//
// Thread ownership: GUI thread (the check runs on QThreadPool and reports back queued).

#include "core/checkpoint/model_registry.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <vector>

namespace instyle {
namespace ui {

class ModelDownload;

class DownloadQueue : public QObject {
    Q_OBJECT
public:
    // Runs on a pool thread for each file that passed the hash check: "" keeps it, else one line
    // naming the file and saying what is wrong with it (the file is then deleted).
    using Check = std::function<QString(const ModelEntry& entry, const QString& path)>;

    explicit DownloadQueue(QObject* parent = nullptr);
    void setCheck(Check check) { check_ = std::move(check); }

    // Downloads the entries into dir, in order (ignored while a queue is running).
    bool start(std::vector<ModelEntry> entries, const QString& dir, int stallTimeoutMs = 30000);
    // Stops the file being fetched (its part is kept for a resume) and the files after it.
    void cancel();
    bool running() const { return running_; }
    ModelDownload* download() const { return download_; }
    // The sum of the entries' sizes (the registry's approximateBytes).
    static uint64_t totalBytes(const std::vector<ModelEntry>& entries);

Q_SIGNALS:
    // index counts from 0.
    void fileStarted(int index, int count, const QString& fileName);
    // Over the whole queue: each file counts with its size from the entry, so the bar moves
    // evenly; total is -1 when no entry has a size.
    void progress(qint64 received, qint64 total);
    void fileDone(const QString& path, const QString& message);
    void fileFailed(const QString& message);
    // Every file was tried: the paths kept and one line per file that failed.
    void finished(const QStringList& done, const QStringList& failures);
    void cancelled();

private:
    void next();
    void onProgress(qint64 received, qint64 total);
    void onFileFinished(const QString& path, const QString& message);
    void onFileFailed(const QString& message);
    void fileEnded();

    ModelDownload* download_;
    Check check_;
    std::vector<ModelEntry> entries_;
    QString dir_;
    int stallTimeoutMs_ = 30000;
    int index_ = 0;
    qint64 before_ = 0;  // the sizes of the files before the current one
    qint64 total_ = 0;
    QStringList done_, failures_;
    bool running_ = false;
    int generation_ = 0;  // a queued step of an earlier (cancelled) queue does nothing
};

}  // namespace ui
}  // namespace instyle
