#include "ui/models/sample_paintings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtDebug>

namespace instyle {
namespace ui {

QString SamplePainting::fileName() const {
    const QString suffix = QFileInfo(url.path()).suffix().toLower();
    return suffix.isEmpty() ? id : id + QLatin1Char('.') + suffix;
}

QString SamplePainting::credits() const {
    return SamplePaintings::tr("%1 — %2, %3").arg(title, painter, year) + QLatin1Char('\n') +
           SamplePaintings::tr("Public domain. Source: %1").arg(source.toString());
}

ModelEntry SamplePainting::downloadEntry() const {
    ModelEntry entry;
    entry.id = id.toStdString();
    entry.architecture = "painting";
    entry.purpose = title.toStdString();
    entry.fileName = fileName().toStdString();
    entry.url = url.toString().toStdString();
    entry.sha256 = sha256.toStdString();
    entry.approximateBytes = uint64_t(bytes);
    return entry;
}

namespace {

// One entry of the list; `error` gets the name of the first field that is wrong, if any.
SamplePainting parseEntry(const QJsonObject& o, QString* error) {
    SamplePainting p;
    p.id = o.value(QLatin1String("id")).toString();
    p.title = o.value(QLatin1String("title")).toString();
    p.painter = o.value(QLatin1String("painter")).toString();
    p.year = o.value(QLatin1String("year")).toString();
    p.source = QUrl(o.value(QLatin1String("source")).toString(), QUrl::StrictMode);
    p.url = QUrl(o.value(QLatin1String("url")).toString(), QUrl::StrictMode);
    p.size = QSize(o.value(QLatin1String("width")).toInt(), o.value(QLatin1String("height")).toInt());
    p.bytes = o.value(QLatin1String("bytes")).toInteger();
    p.sha256 = o.value(QLatin1String("sha256")).toString();
    const auto web = [](const QUrl& u) {
        return u.isValid() && (u.scheme() == QLatin1String("https") || u.scheme() == QLatin1String("http")) &&
               !u.host().isEmpty();
    };
    // The id names the downloaded file: nothing that could leave the folder.
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    static const QRegularExpression hexPattern(QStringLiteral("^[0-9a-f]{64}$"));
    if (!idPattern.match(p.id).hasMatch())
        *error = QStringLiteral("id");
    else if (p.title.isEmpty())
        *error = QStringLiteral("title");
    else if (p.painter.isEmpty())
        *error = QStringLiteral("painter");
    else if (p.year.isEmpty())
        *error = QStringLiteral("year");
    else if (!web(p.source))
        *error = QStringLiteral("source");
    else if (!web(p.url) || QFileInfo(p.url.path()).fileName().isEmpty())
        *error = QStringLiteral("url");
    else if (p.size.width() <= 0)
        *error = QStringLiteral("width");
    else if (p.size.height() <= 0)
        *error = QStringLiteral("height");
    else if (p.bytes <= 0)
        *error = QStringLiteral("bytes");
    else if (!p.sha256.isEmpty() && !hexPattern.match(p.sha256).hasMatch())
        *error = QStringLiteral("sha256");
    return p;
}

}  // namespace

std::optional<SamplePaintings> SamplePaintings::fromJson(const QByteArray& json, QString* error) {
    const auto failWith = [error](const QString& message) {
        if (error) *error = message;
        return std::nullopt;
    };
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (doc.isNull()) return failWith(tr("not JSON (%1 at offset %2)").arg(parse.errorString()).arg(parse.offset));
    const QJsonValue list = doc.object().value(QLatin1String("paintings"));
    if (!list.isArray()) return failWith(tr("no \"paintings\" list"));
    QList<SamplePainting> paintings;
    QStringList fileNames;
    for (const QJsonValue& value : list.toArray()) {
        QString field;
        const SamplePainting p = parseEntry(value.toObject(), &field);
        const QString which = tr("painting %1 (%2)").arg(paintings.size() + 1).arg(p.id.isEmpty() ? tr("no id") : p.id);
        if (!field.isEmpty()) return failWith(tr("%1: \"%2\" is missing or invalid").arg(which, field));
        if (fileNames.contains(p.fileName()))
            return failWith(tr("%1: the file name %2 is used twice").arg(which, p.fileName()));
        fileNames << p.fileName();
        paintings << p;
    }
    return SamplePaintings(paintings);
}

const SamplePaintings& SamplePaintings::builtIn() {
    static const SamplePaintings list = [] {
        const QString path = QStringLiteral(":/data/sample_paintings.json");
        QFile file(path);
        QString error = file.errorString();
        if (file.open(QIODevice::ReadOnly)) {
            if (auto parsed = fromJson(file.readAll(), &error)) return *parsed;
        }
        qWarning("%s: %s; no sample paintings are offered", qPrintable(path), qPrintable(error));
        return SamplePaintings();
    }();
    return list;
}

QString SamplePaintings::defaultFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/paintings");
}

qint64 SamplePaintings::totalBytes() const {
    qint64 total = 0;
    for (const SamplePainting& p : paintings_) total += p.bytes;
    return total;
}

const SamplePainting* SamplePaintings::forFile(const QString& path, const QString& folder) const {
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    for (const SamplePainting& p : paintings_)
        if (QDir::cleanPath(QDir(folder).absoluteFilePath(p.fileName())) == absolute) return &p;
    return nullptr;
}

QList<SamplePainting> SamplePaintings::missing(const QString& folder) const {
    QList<SamplePainting> out;
    for (const SamplePainting& p : paintings_)
        if (!QFileInfo(QDir(folder).filePath(p.fileName())).isFile()) out << p;
    return out;
}

QString SamplePaintings::checkFile(const SamplePainting& painting, const QString& path) {
    // The stored pixels, as the file's sizes were recorded (no EXIF rotation).
    QImageReader reader(path);
    reader.setAutoTransform(false);
    const QImage image = reader.read();
    const QString name = QDir::toNativeSeparators(path);
    if (image.isNull()) return tr("%1 cannot be decoded (%2)").arg(name, reader.errorString());
    if (image.size() != painting.size)
        return tr("%1 is %2×%3 pixels, expected %4×%5")
            .arg(name)
            .arg(image.width())
            .arg(image.height())
            .arg(painting.size.width())
            .arg(painting.size.height());
    return {};
}

}  // namespace ui
}  // namespace instyle
