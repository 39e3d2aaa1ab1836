#pragma once
// The public-domain paintings the empty gallery offers to download: the list shipped with instyle
// (resources/sample_paintings.json, compiled in as :/data/sample_paintings.json) with each
// painting's credits, the file's URL at a fixed commit, and what the file must be (bytes,
// SHA-256, pixel size). The images themselves are not shipped; they are downloaded into
// defaultFolder() with the models' downloader (DownloadQueue).
//
// No widgets: QtCore, and QtGui's QImageReader for checkFile(), which is safe on any thread.

#include "core/checkpoint/model_registry.h"

#include <QCoreApplication>
#include <QList>
#include <QSize>
#include <QString>
#include <QUrl>

#include <optional>

namespace instyle {
namespace ui {

struct SamplePainting {
    QString id;  // also the file's base name: letters, digits, '_' and '-' only
    QString title;
    QString painter;
    QString year;  // text: "1889", "c. 1810", "1896–1926"
    QUrl source;   // a page about the painting (or the file's repository page)
    QUrl url;      // the file
    QSize size;    // the pixel size the file must decode to
    qint64 bytes = 0;
    QString sha256;  // lower-case hex, or "" when unknown

    // id + the suffix of the URL's file name: "starry_night_van_gogh.jpg".
    QString fileName() const;
    // "The Starry Night — Vincent van Gogh, 1889" and "Source: <page>" on a second line.
    QString credits() const;
    // The same file as the models' downloader takes it (URL, name, SHA-256, size).
    ModelEntry downloadEntry() const;
};

class SamplePaintings {
    Q_DECLARE_TR_FUNCTIONS(SamplePaintings)
public:
    SamplePaintings() = default;
    explicit SamplePaintings(QList<SamplePainting> paintings) : paintings_(std::move(paintings)) {}

    // The list shipped with instyle; empty (and a warning logged) if the resource is damaged.
    static const SamplePaintings& builtIn();
    // Parses a list in the format of resources/sample_paintings.json. Every entry is validated (a
    // downloaded id becomes a file name); nullopt and `error` naming the entry and field if one fails.
    static std::optional<SamplePaintings> fromJson(const QByteArray& json, QString* error = nullptr);
    // The per-user folder downloads go to: QStandardPaths::AppDataLocation + "/paintings".
    static QString defaultFolder();

    const QList<SamplePainting>& paintings() const { return paintings_; }
    bool isEmpty() const { return paintings_.isEmpty(); }
    qint64 totalBytes() const;
    // The painting whose downloaded file `path` is (in `folder`), or nullptr.
    const SamplePainting* forFile(const QString& path, const QString& folder) const;
    // The paintings whose file is not in `folder` yet.
    QList<SamplePainting> missing(const QString& folder) const;

    // "" when `path` decodes to the painting's pixel size; else one line that names the file and
    // says why not ("cannot be decoded (…)", "is 40×30 pixels, expected 64×48").
    static QString checkFile(const SamplePainting& painting, const QString& path);

private:
    QList<SamplePainting> paintings_;
};

}  // namespace ui
}  // namespace instyle
