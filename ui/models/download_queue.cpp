#include "ui/models/download_queue.h"

#include "ui/models/model_download.h"

#include <QCoreApplication>
#include <QFile>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>

namespace instyle {
namespace ui {

DownloadQueue::DownloadQueue(QObject* parent) : QObject(parent), download_(new ModelDownload(this)) {
    connect(download_, &ModelDownload::progress, this, &DownloadQueue::onProgress);
    connect(download_, &ModelDownload::finished, this, &DownloadQueue::onFileFinished);
    connect(download_, &ModelDownload::failed, this, &DownloadQueue::onFileFailed);
    connect(download_, &ModelDownload::cancelled, this, [this] {
        running_ = false;
        ++generation_;
        Q_EMIT cancelled();
    });
}

uint64_t DownloadQueue::totalBytes(const std::vector<ModelEntry>& entries) {
    uint64_t total = 0;
    for (const ModelEntry& e : entries) total += e.approximateBytes;
    return total;
}

bool DownloadQueue::start(std::vector<ModelEntry> entries, const QString& dir, int stallTimeoutMs) {
    if (running_ || download_->running()) return false;
    entries_ = std::move(entries);
    dir_ = dir;
    stallTimeoutMs_ = stallTimeoutMs;
    index_ = 0;
    before_ = 0;
    total_ = qint64(totalBytes(entries_));
    done_.clear();
    failures_.clear();
    running_ = true;
    ++generation_;
    next();
    return true;
}

void DownloadQueue::cancel() {
    if (!running_) return;
    if (download_->running()) {
        download_->cancel();  // cancelled() ends the queue
    } else {
        // Between two files (a check is running): the check's result is dropped.
        running_ = false;
        ++generation_;
        Q_EMIT cancelled();
    }
}

void DownloadQueue::next() {
    if (!running_) return;
    if (index_ >= int(entries_.size())) {
        running_ = false;
        Q_EMIT finished(done_, failures_);
        return;
    }
    const ModelEntry& entry = entries_[size_t(index_)];
    Q_EMIT fileStarted(index_, int(entries_.size()), QString::fromStdString(entry.fileName));
    Q_EMIT progress(before_, total_ > 0 ? total_ : -1);
    // A start that fails at once has reported through failed(), which moved the queue on.
    download_->start(entry, dir_, stallTimeoutMs_);
}

void DownloadQueue::onProgress(qint64 received, qint64 total) {
    if (!running_) return;
    if (total_ <= 0) {
        Q_EMIT progress(received, -1);
        return;
    }
    const qint64 share = qint64(entries_[size_t(index_)].approximateBytes);
    // The file's part of the whole, scaled by how much of it arrived (its real size may differ
    // from the registry's approximate one).
    const qint64 current = total > 0 ? qint64(double(share) * double(std::min(received, total)) / double(total))
                                     : std::min(received, share);
    Q_EMIT progress(before_ + current, total_);
}

void DownloadQueue::onFileFinished(const QString& path, const QString& message) {
    if (!running_) return;
    if (!check_) {
        done_ << path;
        Q_EMIT fileDone(path, message);
        return fileEnded();
    }
    const QPointer<DownloadQueue> self(this);
    const Check check = check_;
    const ModelEntry entry = entries_[size_t(index_)];
    const int generation = generation_;
    QThreadPool::globalInstance()->start([self, check, entry, path, message, generation] {
        const QString problem = check(entry, path);
        if (!problem.isEmpty()) QFile::remove(path);  // a bad file is not left where it would be used
        QMetaObject::invokeMethod(qApp, [self, path, message, problem, generation] {
            if (!self || !self->running_ || self->generation_ != generation) return;
            if (problem.isEmpty()) {
                self->done_ << path;
                Q_EMIT self->fileDone(path, message);
            } else {
                self->failures_ << problem;
                Q_EMIT self->fileFailed(problem);
            }
            self->fileEnded();
        }, Qt::QueuedConnection);
    });
}

void DownloadQueue::onFileFailed(const QString& message) {
    if (!running_) return;
    failures_ << message;
    Q_EMIT fileFailed(message);
    fileEnded();
}

void DownloadQueue::fileEnded() {
    before_ += qint64(entries_[size_t(index_)].approximateBytes);
    ++index_;
    Q_EMIT progress(before_, total_ > 0 ? total_ : -1);
    // Queued: ModelDownload may still be inside the code that emitted its signal.
    const int generation = generation_;
    QMetaObject::invokeMethod(this, [this, generation] {
        if (generation == generation_) next();
    }, Qt::QueuedConnection);
}

}  // namespace ui
}  // namespace instyle
