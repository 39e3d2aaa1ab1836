#include "ui/models/hash_verdicts.h"

#include "core/checkpoint/model_registry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QPointer>

namespace instyle {
namespace ui {

namespace {

// A file replaced by another (a download, a located file) changes its size or time.
QString fileKey(const ModelEntry& model, const QString& path) {
    const QFileInfo info(path);
    return QString::fromStdString(model.sha256) + QLatin1Char('|') + path + QLatin1Char('|') +
           QString::number(info.size()) + QLatin1Char('|') + QString::number(info.lastModified().toMSecsSinceEpoch());
}

HashVerdict check(const ModelEntry& model, const QString& path) {
    try {
        const HashCheck result = checkModelHash(model, path.toStdString());
        switch (result.result) {
        case HashCheck::Result::Match:
            return {HashVerdict::State::Verified, HashVerdicts::tr("Verified (SHA-256 matches)")};
        case HashCheck::Result::Mismatch:
            return {HashVerdict::State::Mismatch,
                    HashVerdicts::tr("SHA-256 mismatch: %1").arg(QString::fromStdString(result.message))};
        case HashCheck::Result::Unknown:
            break;
        }
        return {HashVerdict::State::Unpublished, HashVerdicts::tr("Not verified: no published hash")};
    } catch (const std::exception& e) {
        return {HashVerdict::State::Unreadable, HashVerdicts::tr("Cannot check: %1").arg(QString::fromUtf8(e.what()))};
    }
}

}  // namespace

HashVerdicts::HashVerdicts(QObject* parent) : QObject(parent) { pool_.setMaxThreadCount(1); }

HashVerdicts& HashVerdicts::shared() {
    static QPointer<HashVerdicts> instance;
    if (!instance) instance = new HashVerdicts(QCoreApplication::instance());
    return *instance;
}

HashVerdict HashVerdicts::verdict(const ModelEntry& model, const QString& path) {
    const QString key = fileKey(model, path);
    const auto it = verdicts_.constFind(key);
    if (it != verdicts_.constEnd()) return *it;
    verdicts_.insert(key, HashVerdict{});
    const QPointer<HashVerdicts> self(this);
    pool_.start([self, model, path, key] {
        const HashVerdict result = check(model, path);
        QMetaObject::invokeMethod(qApp, [self, path, key, result] {
            if (!self) return;
            self->verdicts_.insert(key, result);
            Q_EMIT self->ready(path);
        }, Qt::QueuedConnection);
    });
    return {};
}

}  // namespace ui
}  // namespace instyle
