// A new user's first minutes: the empty gallery's "Get sample paintings" (the list shipped with
// instyle, downloads with progress, cancel and resume, each file checked by its hash, by decoding
// it and by its pixel size, credits in the tooltips) and "Get all models (N MB)" in the models
// dialog and the first-start banner. Every download comes from a server on 127.0.0.1 that serves
// images made at test time; nothing is fetched from the internet.

#include "test_support.h"

#include "core/checkpoint/model_registry.h"
#include "ui/app_settings.h"
#include "ui/models/download_queue.h"
#include "ui/window/main_window.h"
#include "ui/models/model_download.h"
#include "ui/models/model_locator.h"
#include "ui/models/models_dialog.h"
#include "ui/models/sample_paintings.h"
#include "ui/widgets/style_gallery.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace instyle;
using namespace instyle::ui;

namespace {

// Serves `files` (URL path → bytes) on 127.0.0.1 with HTTP/1.1, honouring "Range: bytes=N-" with a
// 206. The first request for `stallPath` gets half of its body and then nothing, as a transfer
// that hangs, so that a cancel leaves a part behind.
class FileServer : public QObject {
public:
    QHash<QString, QByteArray> files;
    QString stallPath;
    QList<QByteArray> requests;

    FileServer() {
        QObject::connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = server_.nextPendingConnection())
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
        });
    }
    ~FileServer() override {
        for (QTcpSocket* socket : stalled_) socket->abort();
    }
    bool listen() { return server_.listen(QHostAddress::LocalHost); }
    QUrl url(const QString& path) const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server_.serverPort()).arg(path));
    }
    int requestsFor(const QString& path) const {
        int n = 0;
        for (const QByteArray& r : requests) n += r.startsWith("GET " + path.toUtf8() + " ");
        return n;
    }

private:
    void answer(QTcpSocket* socket) {
        const QByteArray request = socket->readAll();
        requests << request;
        const QString path = QString::fromUtf8(request.split(' ').value(1));
        if (!files.contains(path)) {
            socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        const QByteArray& whole = files[path];
        qint64 from = 0;
        const int range = request.indexOf("Range: bytes=");
        if (range >= 0) from = request.mid(range + 13, request.indexOf('-', range + 13) - range - 13).toLongLong();
        const QByteArray body = whole.mid(from);
        QByteArray head = from > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (from > 0)
            head += "Content-Range: bytes " + QByteArray::number(from) + "-" + QByteArray::number(whole.size() - 1) +
                    "/" + QByteArray::number(whole.size()) + "\r\n";
        head += "Connection: close\r\n\r\n";
        socket->write(head);
        if (path == stallPath) {
            stallPath.clear();
            socket->write(body.left(body.size() / 2));
            stalled_ << socket;
            return;
        }
        socket->write(body);
        socket->disconnectFromHost();
    }

    QTcpServer server_;
    QList<QTcpSocket*> stalled_;
};

// Noise does not compress: the file is about as large as its pixels, so a transfer takes a while.
QByteArray noiseImage(int width, int height, const char* format, quint32 seed) {
    QImage image(width, height, QImage::Format_RGB888);
    QRandomGenerator rng(seed);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width * 3; ++x) image.scanLine(y)[x] = uchar(rng.bounded(256));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, 95);
    return bytes;
}

QString sha256Of(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// A painting served as `path` with `bytes`, expected to decode to `size`.
SamplePainting served(FileServer& server, const QString& id, const QString& path, const QByteArray& bytes, QSize size) {
    server.files.insert(path, bytes);
    SamplePainting p;
    p.id = id;
    p.title = QStringLiteral("Title of %1").arg(id);
    p.painter = QStringLiteral("Painter %1").arg(id);
    p.year = QStringLiteral("c. 1900");
    p.source = QUrl(QStringLiteral("https://example.org/wiki/%1").arg(id));
    p.url = server.url(path);
    p.size = size;
    p.bytes = bytes.size();
    p.sha256 = sha256Of(bytes);
    return p;
}

QStringList toolTips(const StyleGallery& gallery) {
    QStringList out;
    const auto* list = gallery.findChild<QListWidget*>();
    for (int i = 0; i < list->count(); ++i) out << list->item(i)->toolTip();
    return out;
}

QJsonObject validEntry() {
    return QJsonObject{{"id", "a_painting"},
                       {"title", "A Painting"},
                       {"painter", "Someone"},
                       {"year", "1900"},
                       {"source", "https://en.wikipedia.org/wiki/A_Painting"},
                       {"url", "https://example.org/files/a.jpg"},
                       {"width", 10},
                       {"height", 20},
                       {"bytes", 1234},
                       {"sha256", QString(64, QLatin1Char('a'))}};
}

QByteArray listJson(const QJsonArray& entries) {
    return QJsonDocument(QJsonObject{{"paintings", entries}}).toJson();
}

}  // namespace

class TestSamplePaintings : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString folder(const QString& name) {
        const QString path = dir_.filePath(name);
        QDir().mkpath(path);
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        test::isolateUserSettings(dir_.path(), QStringLiteral("tst_samplepaintings"));
        qunsetenv("INSTYLE_MODELS_DIR");
    }

    void cleanup() { QSettings().clear(); }

    // The list shipped with instyle: seven paintings, each a file at a fixed commit (a full
    // 40-hex id in the URL, so the bytes cannot change under it) with its size, SHA-256 and pixel
    // size; checked against the same files in ../shared/data/styles when that is there.
    void builtInList() {
        const SamplePaintings& list = SamplePaintings::builtIn();
        QCOMPARE(list.paintings().size(), 7);
        static const QRegularExpression commit(QStringLiteral("^/[^/]+/[^/]+/[0-9a-f]{40}/"));
        QStringList files;
        for (const SamplePainting& p : list.paintings()) {
            QCOMPARE(p.url.scheme(), QStringLiteral("https"));
            QCOMPARE(p.url.host(), QStringLiteral("raw.githubusercontent.com"));
            QVERIFY2(commit.match(p.url.path()).hasMatch(), qPrintable(p.url.toString()));
            QCOMPARE(p.source.scheme(), QStringLiteral("https"));
            QCOMPARE(p.sha256.size(), 64);
            QVERIFY(p.bytes > 0 && p.size.width() > 0 && p.size.height() > 0);
            QVERIFY(p.fileName().endsWith(QStringLiteral(".jpg")));
            files << p.fileName();
            const QString credits = p.credits();
            QVERIFY2(credits.contains(p.title) && credits.contains(p.painter) && credits.contains(p.year) &&
                         credits.contains(p.source.toString()),
                     qPrintable(credits));
        }
        files.removeDuplicates();
        QCOMPARE(files.size(), 7);
        QVERIFY(list.totalBytes() > 3'000'000 && list.totalBytes() < 4'000'000);

        const QString styles = test::sharedData(QStringLiteral("styles"));
        if (styles.isEmpty()) QSKIP("../shared/data/styles is absent: the list's sizes and hashes are not compared");
        QHash<QString, QString> bySha;
        for (QDirIterator it(styles, QDir::Files); it.hasNext();) {
            const QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            bySha.insert(sha256Of(f.readAll()), path);
        }
        for (const SamplePainting& p : list.paintings()) {
            const QString path = bySha.value(p.sha256);
            QVERIFY2(!path.isEmpty(), qPrintable(p.id + QStringLiteral(": no file with its SHA-256 in ") + styles));
            QCOMPARE(QFileInfo(path).size(), p.bytes);
            QCOMPARE(SamplePaintings::checkFile(p, path), QString());
        }
    }

    // A list that would write outside its folder, fetch a local file or has no pixel size is
    // refused with the entry and the field named.
    void parseRefuses_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const auto with = [](const char* key, const QJsonValue& value) {
            QJsonObject o = validEntry();
            if (value.isUndefined())
                o.remove(QLatin1String(key));
            else
                o.insert(QLatin1String(key), value);
            return listJson({o});
        };
        QTest::newRow("id leaves the folder") << with("id", "../evil") << "\"id\"";
        QTest::newRow("no title") << with("title", QJsonValue::Undefined) << "\"title\"";
        QTest::newRow("local file") << with("url", "file:///etc/passwd") << "\"url\"";
        QTest::newRow("no source") << with("source", "") << "\"source\"";
        QTest::newRow("zero width") << with("width", 0) << "\"width\"";
        QTest::newRow("sha256 not hex") << with("sha256", "xyz") << "\"sha256\"";
        QTest::newRow("same file twice") << listJson({validEntry(), validEntry()}) << "a_painting.jpg is used twice";
        QTest::newRow("not JSON") << QByteArray("{") << "not JSON";
        QTest::newRow("no list") << QByteArray("{}") << "no \"paintings\" list";
    }

    void parseRefuses() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        QVERIFY(SamplePaintings::fromJson(listJson({validEntry()})).has_value());
        QString error;
        QVERIFY(!SamplePaintings::fromJson(json, &error).has_value());
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    // The empty gallery's button: a transfer cancelled half-way keeps its part and adds nothing;
    // the next click resumes it (a Range request) and the paintings arrive in the gallery and in
    // the settings, each with its credits as tooltip. A third click downloads nothing.
    void galleryDownloadsCancelsAndResumes() {
        FileServer server;
        QVERIFY(server.listen());
        const QByteArray a = noiseImage(320, 240, "PNG", 1), b = noiseImage(200, 150, "JPEG", 2);
        const SamplePaintings samples({served(server, "first", "/files/first.png", a, {320, 240}),
                                       served(server, "second", "/files/second.jpg", b, {200, 150})});
        const QString paintings = folder(QStringLiteral("paintings-resume"));
        AppSettings settings;
        StyleGallery gallery(settings);
        gallery.setSamplePaintings(samples, paintings);
        QVERIFY(gallery.paths().isEmpty());
        QVERIFY(!gallery.sampleButton()->isHidden());
        QVERIFY2(
            gallery.sampleButton()->text().contains(QString::fromStdString(humanSize(uint64_t(a.size() + b.size())))),
            qPrintable(gallery.sampleButton()->text()));

        DownloadQueue* queue = gallery.sampleDownload();
        QSignalSpy progress(queue, &DownloadQueue::progress);
        QSignalSpy cancelled(queue, &DownloadQueue::cancelled);
        QSignalSpy finished(queue, &DownloadQueue::finished);
        server.stallPath = QStringLiteral("/files/first.png");
        QElapsedTimer clock;
        clock.start();
        gallery.sampleButton()->click();
        QVERIFY(queue->running());
        QVERIFY(gallery.sampleButton()->isHidden());
        while (progress.isEmpty() || progress.last().at(0).toLongLong() < a.size() / 2) QVERIFY(progress.wait(10000));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(a.size() + b.size()));
        queue->cancel();
        QVERIFY(cancelled.count() == 1 || cancelled.wait(10000));
        const QString part = QDir(paintings).filePath(QStringLiteral("first.png.part"));
        QCOMPARE(QFileInfo(part).size(), qint64(a.size() / 2));
        QVERIFY(gallery.paths().isEmpty());
        QVERIFY(gallery.sampleMessage().contains(QStringLiteral("Cancelled")));
        QVERIFY(!gallery.sampleButton()->isHidden());

        gallery.sampleButton()->click();
        QVERIFY2(finished.wait(20000), qPrintable(gallery.sampleMessage()));
        qInfo("two paintings (%lld bytes) with a cancel and a resume: %lld ms", qint64(a.size() + b.size()),
              clock.elapsed());
        QVERIFY2(finished.first().at(1).toStringList().isEmpty(),
                 qPrintable(finished.first().at(1).toStringList().join('\n')));
        QVERIFY(server.requests.last().startsWith("GET /files/second.jpg "));
        QVERIFY(server.requests[server.requests.size() - 2].contains(
            "Range: bytes=" + QByteArray::number(a.size() / 2) + "-"));
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(a.size() + b.size()));
        const QStringList expected{QDir(paintings).filePath(QStringLiteral("first.png")),
                                   QDir(paintings).filePath(QStringLiteral("second.jpg"))};
        QCOMPARE(gallery.paths(), expected);
        QCOMPARE(settings.list(keys::galleryFiles), expected);
        QVERIFY(!QFileInfo::exists(part));
        QFile first(expected[0]);
        QVERIFY(first.open(QIODevice::ReadOnly));
        QCOMPARE(first.readAll(), a);
        const QStringList tips = toolTips(gallery);
        for (int i = 0; i < 2; ++i) {
            const SamplePainting& p = samples.paintings()[i];
            QCOMPARE(gallery.findChild<QListWidget*>()->item(i)->text(), p.title);
            QVERIFY2(tips[i].contains(p.title) && tips[i].contains(p.painter) && tips[i].contains(p.year) &&
                         tips[i].contains(p.source.toString()),
                     qPrintable(tips[i]));
        }
        QVERIFY(gallery.sampleButton()->isHidden());  // the gallery is not empty any more
        QVERIFY(gallery.sampleMessage().contains(QStringLiteral("Added 2")));

        // A gallery restored from the settings shows the same credits.
        StyleGallery restored(settings);
        restored.setSamplePaintings(samples, paintings);
        QCOMPARE(toolTips(restored), tips);

        // Removed from the gallery but still on disk: back without a download.
        const int requests = server.requests.size();
        while (!gallery.paths().isEmpty()) gallery.removeCurrent();
        gallery.getSamplePaintings();
        QCOMPARE(gallery.paths().size(), 2);
        QCOMPARE(server.requests.size(), requests);
        QVERIFY(!queue->running());
    }

    // A file that is not what the list says is refused with one line that names it: the wrong
    // pixel size, one that does not decode, one whose SHA-256 differs. It is deleted (no part
    // either); the good one is added.
    void badFilesRefusedNamingTheFile() {
        FileServer server;
        QVERIFY(server.listen());
        const QByteArray good = noiseImage(64, 48, "PNG", 3), small = noiseImage(40, 30, "PNG", 4);
        QByteArray junk(5000, Qt::Uninitialized);
        for (int i = 0; i < junk.size(); ++i) junk[i] = char((i * 7919) >> 3);
        SamplePainting changed = served(server, "changed", "/changed.png", good, {64, 48});
        server.files.insert(QStringLiteral("/changed.png"), small);  // not the file the list describes
        const SamplePaintings samples({served(server, "good", "/good.png", good, {64, 48}),
                                       served(server, "small", "/small.png", small, {64, 48}),
                                       served(server, "junk", "/junk.jpg", junk, {64, 48}), changed});
        const QString paintings = folder(QStringLiteral("paintings-bad"));
        AppSettings settings;
        StyleGallery gallery(settings);
        gallery.setSamplePaintings(samples, paintings);
        QSignalSpy finished(gallery.sampleDownload(), &DownloadQueue::finished);
        QSignalSpy failed(gallery.sampleDownload(), &DownloadQueue::fileFailed);
        gallery.getSamplePaintings();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).toStringList(),
                 QStringList{QDir(paintings).filePath(QStringLiteral("good.png"))});
        const QStringList failures = finished.first().at(1).toStringList();
        QCOMPARE(failures.size(), 3);
        QCOMPARE(failed.size(), 3);
        for (const QString& f : failures) QVERIFY2(!f.contains(QLatin1Char('\n')), qPrintable(f));
        QVERIFY2(failures[0].contains(QStringLiteral("small.png")) && failures[0].contains(QStringLiteral("40×30")) &&
                     failures[0].contains(QStringLiteral("expected 64×48")),
                 qPrintable(failures[0]));
        QVERIFY2(failures[1].contains(QStringLiteral("junk.jpg")) &&
                     failures[1].contains(QStringLiteral("cannot be decoded")),
                 qPrintable(failures[1]));
        QVERIFY2(failures[2].contains(QStringLiteral("changed.png")) && failures[2].contains(QStringLiteral("SHA-256")),
                 qPrintable(failures[2]));
        for (const QString name : {"small.png", "junk.jpg", "changed.png"}) {
            QVERIFY2(!QFileInfo::exists(QDir(paintings).filePath(name)), qPrintable(name));
            QVERIFY2(!QFileInfo::exists(QDir(paintings).filePath(name + QStringLiteral(".part"))), qPrintable(name));
        }
        QCOMPARE(gallery.paths(), QStringList{QDir(paintings).filePath(QStringLiteral("good.png"))});
        for (const QString& f : failures)
            QVERIFY2(gallery.sampleMessage().contains(f), qPrintable(gallery.sampleMessage()));
    }

    // "Get all models (N MB)": the models a full setup needs that are missing, the sum of their
    // registry sizes on the button, downloaded one after the other with one progress over all.
    void getAllModelsQueuesTheMissingOnes() {
        FileServer server;
        QVERIFY(server.listen());
        std::vector<ModelEntry> entries;
        QHash<QString, QByteArray> payloads;
        quint32 seed = 10;
        for (const char* id : {"vgg19", "midas_v21_small", "fcn_resnet50", "resnet34"}) {
            ModelEntry e = modelById(id);
            QByteArray payload(20000 + int(seed) * 1000, Qt::Uninitialized);
            QRandomGenerator rng(seed++);
            for (char& c : payload) c = char(rng.bounded(256));
            const QString path = QStringLiteral("/models/") + QString::fromStdString(e.fileName);
            server.files.insert(path, payload);
            payloads.insert(QString::fromStdString(e.id), payload);
            e.url = server.url(path).toString().toStdString();
            e.sha256 = sha256Of(payload).toStdString();
            e.approximateBytes = uint64_t(payload.size());
            entries.push_back(e);
        }
        const QString models = ui::userModelsDir();
        QVERIFY(models.startsWith(dir_.path()));
        QDir().mkpath(models);
        {  // MiDaS is there already: it is neither counted nor fetched
            QFile f(QDir(models).filePath(QString::fromStdString(entries[1].fileName)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(payloads.value(QStringLiteral("midas_v21_small")));
        }
        AppSettings settings;
        ModelsDialog dialog(settings, nullptr, entries);
        const uint64_t missingBytes = entries[0].approximateBytes + entries[2].approximateBytes;
        QPushButton* getAll = dialog.getAllButton();
        QVERIFY(!getAll->isHidden());
        QCOMPARE(getAll->text(),
                 QStringLiteral("Get all models (%1)").arg(QString::fromStdString(humanSize(missingBytes))));

        QSignalSpy progress(dialog.queue(), &DownloadQueue::progress);
        QSignalSpy finished(dialog.queue(), &DownloadQueue::finished);
        getAll->click();
        QVERIFY(!getAll->isEnabled());
        QVERIFY2(finished.wait(20000), qPrintable(dialog.message()));
        QVERIFY2(finished.first().at(1).toStringList().isEmpty(), qPrintable(dialog.message()));
        QCOMPARE(finished.first().at(0).toStringList(),
                 (QStringList{QDir(models).filePath(QString::fromStdString(entries[0].fileName)),
                              QDir(models).filePath(QString::fromStdString(entries[2].fileName))}));
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(missingBytes));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(missingBytes));
        QCOMPARE(server.requestsFor(QStringLiteral("/models/") + QString::fromStdString(entries[1].fileName)), 0);
        QCOMPARE(server.requestsFor(QStringLiteral("/models/") + QString::fromStdString(entries[3].fileName)),
                 0);  // not in a full setup
        QVERIFY2(dialog.message().contains(QStringLiteral("2 model")), qPrintable(dialog.message()));
        QVERIFY(getAll->isHidden());
        for (const ModelEntry& e : entries) QFile::remove(QDir(models).filePath(QString::fromStdString(e.fileName)));
    }

    // The first start without VGG19: the banner's button names the registry's total of VGG19,
    // MiDaS, FCN-ResNet50 and MobileSAM.
    void firstStartBannerOffersAllModels() {
        const QString models = ui::userModelsDir();
        QVERIFY2(QDir(models).isEmpty() || !QFileInfo::exists(models), qPrintable(QDir(models).entryList().join(' ')));
        MainWindow window;
        QVERIFY(window.bannerText().contains(QStringLiteral("VGG19")));
        auto* getAll = window.findChild<QPushButton*>(QStringLiteral("getAllModels"));
        QVERIFY(getAll);
        QVERIFY(!getAll->isHidden());
        uint64_t total = 0;
        for (const char* id : {"vgg19", "midas_v21_small", "fcn_resnet50", "mobile_sam"}) total += modelById(id).approximateBytes;
        QCOMPARE(getAll->text(), QStringLiteral("Get all models (%1)").arg(QString::fromStdString(humanSize(total))));
        qInfo("%s", qPrintable(getAll->text()));
    }
};

QTEST_MAIN(TestSamplePaintings)
#include "tst_samplepaintings.moc"
