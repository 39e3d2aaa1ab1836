#include "ui/models/model_download.h"

#include <QCoreApplication>
#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThreadPool>

namespace instyle {
namespace ui {

ModelDownload::ModelDownload(QObject* parent) : QObject(parent), network_(new QNetworkAccessManager(this)) {}

ModelDownload::~ModelDownload() {
    if (reply_) {
        reply_->disconnect(this);
        reply_->abort();
        reply_->deleteLater();
    }
}

QString ModelDownload::partPath() const { return targetPath() + QStringLiteral(".part"); }
QString ModelDownload::targetPath() const { return QDir(dir_).filePath(QString::fromStdString(entry_.fileName)); }

bool ModelDownload::start(const ModelEntry& entry, const QString& dir, int stallTimeoutMs) {
    if (running_) return false;
    entry_ = entry;
    dir_ = dir;
    cancelled_ = false;
    opened_ = false;
    running_ = true;
    if (entry.url.empty()) {
        fail(tr("%1 cannot be downloaded: it is trained with instyle-cli train-seg").arg(QString::fromStdString(entry.id)));
        return false;
    }
    if (!QDir().mkpath(dir)) {
        fail(tr("%1: cannot create the folder").arg(dir));
        return false;
    }
    file_.setFileName(partPath());
    offset_ = file_.exists() ? file_.size() : 0;
    QNetworkRequest request(QUrl(QString::fromStdString(entry.url)));
    request.setTransferTimeout(stallTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    if (offset_ > 0) request.setRawHeader("Range", "bytes=" + QByteArray::number(offset_) + '-');
    reply_ = network_->get(request);
    connect(reply_, &QNetworkReply::metaDataChanged, this, &ModelDownload::onMetaData);
    connect(reply_, &QNetworkReply::readyRead, this, &ModelDownload::onReadyRead);
    connect(reply_, &QNetworkReply::finished, this, &ModelDownload::onFinished);
    return true;
}

void ModelDownload::cancel() {
    if (!running_) return;
    cancelled_ = true;
    if (reply_) reply_->abort();  // onFinished() reports it
}

void ModelDownload::onMetaData() {
    if (opened_ || !reply_) return;
    const QVariant status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() >= 300) return;  // an error or a redirect: no body for the file
    opened_ = true;
    // 206: the server continues the part; anything else sends the whole file again.
    const bool resume = offset_ > 0 && status.toInt() == 206;
    if (!resume) offset_ = 0;
    if (!file_.open(resume ? QIODevice::Append : QIODevice::WriteOnly | QIODevice::Truncate)) {
        const QString message = tr("%1: cannot write (%2)").arg(file_.fileName(), file_.errorString());
        reply_->abort();
        fail(message);
    }
}

void ModelDownload::onReadyRead() {
    if (!reply_) return;
    if (!opened_) onMetaData();
    if (!file_.isOpen()) return;
    const QByteArray data = reply_->readAll();
    if (file_.write(data) != data.size()) {
        const QString message = tr("%1: cannot write (%2)").arg(file_.fileName(), file_.errorString());
        file_.close();
        reply_->abort();
        fail(message);
        return;
    }
    // From the bytes written (QNetworkReply::downloadProgress is throttled and would miss the last
    // chunk before a stall).
    const QVariant length = reply_->header(QNetworkRequest::ContentLengthHeader);
    Q_EMIT progress(file_.size(), length.isValid() ? offset_ + length.toLongLong() : -1);
}

void ModelDownload::onFinished() {
    QNetworkReply* reply = reply_;
    reply_ = nullptr;
    reply->deleteLater();
    if (!running_) return;  // failed already
    if (file_.isOpen()) {
        if (reply->isOpen()) file_.write(reply->readAll());
        file_.close();
    }
    if (cancelled_) {
        running_ = false;
        Q_EMIT cancelled();
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 416 && offset_ > 0) {  // the part is already whole
        verify();
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        fail(tr("Downloading %1 from %2 failed: %3")
                 .arg(QString::fromStdString(entry_.fileName), reply->url().toString(), reply->errorString()));
        return;
    }
    verify();
}

void ModelDownload::verify() {
    Q_EMIT verifying();
    const QPointer<ModelDownload> self(this);
    const ModelEntry entry = entry_;
    const std::string part = partPath().toStdString();
    QThreadPool::globalInstance()->start([self, entry, part] {
        HashCheck check;
        QString error;
        try {
            check = checkModelHash(entry, part);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        // Back on the GUI thread, where the QPointer may be checked safely.
        QMetaObject::invokeMethod(qApp, [self, check, error] {
            if (!self) return;
            ModelDownload& d = *self;
            if (!error.isEmpty()) return d.fail(error);
            if (check.result == HashCheck::Result::Mismatch) {
                QFile::remove(d.partPath());  // corrupt: a resume would only extend it
                return d.fail(tr("The downloaded file failed the SHA-256 check and was deleted: %1")
                                  .arg(QString::fromStdString(check.message)));
            }
            QFile::remove(d.targetPath());
            if (!QFile::rename(d.partPath(), d.targetPath()))
                return d.fail(tr("%1: cannot rename to %2").arg(d.partPath(), d.targetPath()));
            d.running_ = false;
            Q_EMIT d.finished(d.targetPath(), check.result == HashCheck::Result::Match
                                                  ? tr("Downloaded and verified (SHA-256 %1)").arg(QString::fromStdString(check.sha256))
                                                  : tr("Downloaded; no published hash to check against (SHA-256 %1)")
                                                        .arg(QString::fromStdString(check.sha256)));
        }, Qt::QueuedConnection);
    });
}

void ModelDownload::fail(const QString& message) {
    if (file_.isOpen()) file_.close();
    running_ = false;
    Q_EMIT failed(message);
}

}  // namespace ui
}  // namespace instyle
