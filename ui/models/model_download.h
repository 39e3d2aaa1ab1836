#pragma once
// Downloads one registry model file (QNetworkAccessManager) into a folder: the bytes go to
// "<file>.part" (resumed with an HTTP Range request when a part is already there), the SHA-256 is
// checked against the registry entry on a pool thread, and only a file that passes is renamed to
// its official name. Cancel keeps the part for a later resume; a hash mismatch deletes it.
//
// Thread ownership: GUI thread (the hash runs on QThreadPool and reports back queued).

#include "core/checkpoint/model_registry.h"

#include <QFile>
#include <QObject>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;

namespace instyle {
namespace ui {

class ModelDownload : public QObject {
    Q_OBJECT
public:
    explicit ModelDownload(QObject* parent = nullptr);
    ~ModelDownload() override;

    // Starts a download of entry.url into dir (ignored while one is going). A transfer that
    // stalls for stallTimeoutMs fails instead of hanging.
    bool start(const ModelEntry& entry, const QString& dir, int stallTimeoutMs = 30000);
    void cancel();
    bool running() const { return running_; }
    QString partPath() const;
    QString targetPath() const;

Q_SIGNALS:
    // total is -1 while unknown; both count the bytes of a resumed part.
    void progress(qint64 received, qint64 total);
    void verifying();
    void finished(const QString& path, const QString& message);
    void failed(const QString& message);
    void cancelled();

private:
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void verify();
    void fail(const QString& message);

    QNetworkAccessManager* network_;
    QNetworkReply* reply_ = nullptr;
    ModelEntry entry_;
    QString dir_;
    QFile file_;
    qint64 offset_ = 0;   // bytes already in the part when the request was made
    bool running_ = false;
    bool cancelled_ = false;
    bool opened_ = false;
};

}  // namespace ui
}  // namespace instyle
