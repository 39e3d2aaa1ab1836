// MobileSAM outside the window: the embedding cache (SamEmbeddingCache: file round trip, damaged
// files, keys, the cache folder) and instyle-cli with MobileSAM prompts end to end (segment with
// points and boxes, its JSON and errors; stylize with --point/--box instances, job files and
// --save-params) on a random-weight fixture in the official mobile_sam.pt layout.

#include "sam_fixture.h"
#include "test_support.h"

#include "core/base/error.h"
#include "core/checkpoint/model_registry.h"
#include "core/sam/sam_embedding_cache.h"
#include "imaging/io/image_io.h"

#include <opencv2/imgcodecs.hpp>

#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace instyle;

namespace {

QJsonObject lastJsonLine(const QByteArray& out) {
    return QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
}

SamEmbedding randomEmbedding(int64_t seed, int64_t channels = 256, int64_t side = 64) {
    torch::manual_seed(static_cast<uint64_t>(seed));
    SamEmbedding e;
    e.features = torch::randn({1, channels, side, side});
    e.originalHeight = 480;
    e.originalWidth = 640;
    e.inputHeight = 768;
    e.inputWidth = 1024;
    return e;
}

SamCacheKey key(const std::string& photo, const std::string& model) {
    return {std::string(64, photo[0]), std::string(64, model[0])};
}

QStringList cacheFiles(const QString& folder) {
    return QDir(folder).entryList({"*.samemb"}, QDir::Files, QDir::Name);
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool sameEmbedding(const SamEmbedding& a, const SamEmbedding& b) {
    return a.originalHeight == b.originalHeight && a.originalWidth == b.originalWidth &&
           a.inputHeight == b.inputHeight && a.inputWidth == b.inputWidth && a.features.sizes() == b.features.sizes() &&
           torch::equal(a.features, b.features);
}

}  // namespace

// QSKIP returns from the function it is in, so this is a macro.
#define REQUIRE_FIXTURE() \
    if (fixture_.isEmpty()) QSKIP(qPrintable(fixtureNote_))

class TestSamCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString fixture_;      // the random-weight mobile_sam.pt, or "" (CLI tests skip)
    QString fixtureNote_;  // why there is none
    QString photo_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    // instyle-cli with its cache folder in `cacheHome` (XDG_CACHE_HOME).
    test::ProcessResult cli(const QStringList& args, const QString& cacheHome) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CACHE_HOME", cacheHome);
        QStringList all = args;  // shared options right after the command, before any --instance
        all.insert(1, "--threads");
        all.insert(2, "2");
        all.insert(3, "--device");
        all.insert(4, "cpu");
        return test::runProcess(test::cliPath(), all, 600000, env);
    }


private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString shared = test::sharedData("content/dog_and_person.jpg");
        photo_ = shared.isEmpty() ? path("photo.png") : shared;
        if (shared.isEmpty()) test::writeTestImage(photo_, 320, 240, 7);

        const QString file = path("mobile_sam.pt");
        QVERIFY(test::writeMobileSamFixture(file));
        fixture_ = file;
    }

    // --- SamEmbeddingCache ---------------------------------------------------------------------

    void cacheRoundTrip() {
        QTemporaryDir folder;
        const SamEmbedding e = randomEmbedding(1);
        {
            SamEmbeddingCache cache(folder.path().toStdString());
            QVERIFY(!cache.find(key("a", "b")));
            QVERIFY(cache.store(key("a", "b"), e));
            const auto hit = cache.find(key("a", "b"));  // from memory
            QVERIFY(hit && sameEmbedding(*hit, e));
        }
        QCOMPARE(cacheFiles(folder.path()).size(), 1);
        // No temporary file is left behind.
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files).size(), 1);
        SamEmbeddingCache fresh(folder.path().toStdString());  // empty memory: from the file
        const auto hit = fresh.find(key("a", "b"));
        QVERIFY(hit);
        QVERIFY(sameEmbedding(*hit, e));
        QCOMPARE(hit->features.scalar_type(), torch::kFloat32);
        // 1x256x64x64 float32 and a small header: about 4 MB a photo.
        const qint64 size = QFileInfo(folder.filePath(cacheFiles(folder.path()).first())).size();
        QVERIFY2(size > 256 * 64 * 64 * 4 && size < 256 * 64 * 64 * 4 + 512, qPrintable(QString::number(size)));
    }

    void cacheIgnoresDamagedFiles_data() {
        QTest::addColumn<QString>("damage");
        for (const char* d : {"truncated", "flipped-data", "bad-magic", "empty", "trailing", "other-key", "huge-size"})
            QTest::newRow(d) << QString(d);
    }

    void cacheIgnoresDamagedFiles() {
        QFETCH(QString, damage);
        QTemporaryDir folder;
        const SamEmbedding e = randomEmbedding(2, 8, 4);
        QVERIFY(SamEmbeddingCache(folder.path().toStdString()).store(key("c", "d"), e));
        const QString file = folder.filePath(cacheFiles(folder.path()).first());
        QByteArray bytes = readBytes(file);
        QVERIFY(bytes.size() > 200);
        if (damage == "truncated") bytes.chop(10);
        else if (damage == "flipped-data") bytes[bytes.size() - 20] = char(bytes[bytes.size() - 20] ^ 0x40);
        else if (damage == "bad-magic") bytes[0] = 'X';
        else if (damage == "empty") bytes.clear();
        else if (damage == "trailing") bytes.append("junk");
        else if (damage == "other-key") bytes[20] = bytes[20] == 'c' ? 'e' : 'c';  // first character of the stored key
        else if (damage == "huge-size") {
            // The channel count (after magic, version, key length, the key and four sizes).
            const int offset = 8 + 4 + 4 + int(key("c", "d").text().size()) + 4 * 8;
            const qint64 huge = qint64(1) << 40;
            bytes.replace(offset, 8, QByteArray(reinterpret_cast<const char*>(&huge), 8));
        }
        writeBytes(file, bytes);
        SamEmbeddingCache cache(folder.path().toStdString());
        QVERIFY(!cache.find(key("c", "d")));
        // Encoding again replaces the damaged file.
        QVERIFY(cache.store(key("c", "d"), e));
        const auto hit = SamEmbeddingCache(folder.path().toStdString()).find(key("c", "d"));
        QVERIFY(hit && sameEmbedding(*hit, e));
    }

    void cacheKeysSeparatePhotosAndModels() {
        QTemporaryDir folder;
        SamEmbeddingCache cache(folder.path().toStdString());
        QVERIFY(cache.store(key("a", "b"), randomEmbedding(3, 4, 2)));
        QVERIFY(!cache.find(key("a", "c")));  // another model file
        QVERIFY(!cache.find(key("f", "b")));  // another photo
        QVERIFY(!SamEmbeddingCache(folder.path().toStdString()).find(key("a", "c")));

        // Photo hashes: the pixels and their size, not the file.
        const torch::Tensor pixels = torch::randint(0, 256, {6, 4, 3}, torch::kUInt8);
        QCOMPARE(samPhotoHash(pixels), samPhotoHash(pixels.clone()));
        QVERIFY(samPhotoHash(pixels) != samPhotoHash(pixels.reshape({4, 6, 3})));
        torch::Tensor changed = pixels.clone();
        changed[0][0][0] = (changed[0][0][0].item<int>() + 1) % 256;
        QVERIFY(samPhotoHash(pixels) != samPhotoHash(changed));
        QCOMPARE(samPhotoHash(pixels).size(), size_t(64));

        // Model hashes: the content; a rewritten file is hashed again.
        const QString a = folder.filePath("a.pt"), b = folder.filePath("b.pt");
        writeBytes(a, "weights one");
        writeBytes(b, "weights one");
        QCOMPARE(samModelHash(a.toStdString()), samModelHash(b.toStdString()));
        // hashlib.sha256(b"weights one").hexdigest()
        QCOMPARE(samModelHash(a.toStdString()), std::string("0b58304e84fd78c3ce0421116fbde92ed848ccea3aee4f2ff04489e1a49157eb"));
        writeBytes(b, "weights two, longer");
        QVERIFY(samModelHash(a.toStdString()) != samModelHash(b.toStdString()));
        try {
            samModelHash(folder.filePath("absent.pt").toStdString());
            QFAIL("a missing model file was hashed");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Io);
        }
    }

    void cacheKeepsRecentInMemory() {
        QTemporaryDir folder;
        SamEmbeddingCache cache(folder.path().toStdString(), 2);
        for (const char* p : {"1", "2", "3"}) QVERIFY(cache.store(key(p, "b"), randomEmbedding(p[0], 4, 2)));
        for (const QString& f : cacheFiles(folder.path())) QVERIFY(QFile::remove(folder.filePath(f)));
        QVERIFY(!cache.find(key("1", "b")));  // the oldest left memory
        QVERIFY(cache.find(key("2", "b")) && cache.find(key("3", "b")));
    }

    void cacheFolderFollowsXdg() {
        test::EnvGuard xdg("XDG_CACHE_HOME"), home("HOME");
        QTemporaryDir folder;
        qputenv("XDG_CACHE_HOME", folder.path().toUtf8());
        QCOMPARE(QString::fromStdString(SamEmbeddingCache::defaultFolder()), folder.path() + "/instyle/sam");
        SamEmbeddingCache cache;
        QCOMPARE(QString::fromStdString(cache.folder()), folder.path() + "/instyle/sam");
        QVERIFY(cache.store(key("a", "b"), randomEmbedding(4, 4, 2)));  // creates the folders
        QCOMPARE(cacheFiles(folder.path() + "/instyle/sam").size(), 1);
        qunsetenv("XDG_CACHE_HOME");
        qputenv("HOME", folder.path().toUtf8());
        QCOMPARE(QString::fromStdString(SamEmbeddingCache::defaultFolder()), folder.path() + "/.cache/instyle/sam");
    }

    void unwritableFolderIsNotFatal() {
        QTemporaryDir folder;
        writeBytes(folder.filePath("file"), "not a folder");
        SamEmbeddingCache cache(folder.filePath("file").toStdString() + "/sam");
        QVERIFY(!cache.store(key("a", "b"), randomEmbedding(5, 4, 2)));
        QVERIFY(cache.find(key("a", "b")));  // still in memory
    }

    // --- instyle-cli segment --arch mobile_sam -------------------------------------------------

    void segmentOnePointCachedSecondTime() {
        REQUIRE_FIXTURE();
        QTemporaryDir cacheHome;
        const cv::Mat photo = loadImageRgb(photo_.toStdString());
        const QString point = QString("%1,%2").arg(photo.cols / 2).arg(photo.rows / 2);
        const QStringList args{"segment", "--image", photo_, "--segmenter", fixture_, "--arch", "mobile_sam", "--point", point, "--json"};
        cv::Mat first;
        for (int run = 0; run < 2; ++run) {
            const QString mask = path(QString("one_point_%1.png").arg(run));
            const auto r = cli(args + QStringList{"--out-mask", mask}, cacheHome.path());
            QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
            const QJsonObject j = lastJsonLine(r.out);
            for (const char* k : {"seconds_encode", "seconds_decode", "mask_pixels", "iou_pred"})
                QVERIFY2(j.value(k).isDouble(), k);
            QCOMPARE(j.value("cached").toBool(), run == 1);
            if (run == 1) QCOMPARE(j.value("seconds_encode").toDouble(), 0.0);
            else QVERIFY(j.value("seconds_encode").toDouble() > 0);
            qInfo("run %d: encode %.3f s, decode %.3f s, %d pixels, IoU %.3f", run, j.value("seconds_encode").toDouble(),
                  j.value("seconds_decode").toDouble(), j.value("mask_pixels").toInt(), j.value("iou_pred").toDouble());
            const cv::Mat m = cv::imread(mask.toStdString(), cv::IMREAD_UNCHANGED);
            QCOMPARE(m.size(), photo.size());
            QCOMPARE(m.type(), CV_8UC1);
            QCOMPARE(cv::countNonZero(m), j.value("mask_pixels").toInt());
            QCOMPARE(cv::countNonZero(m == 0) + cv::countNonZero(m == 255), int(m.total()));
            if (run == 0) first = m;
            else QCOMPARE(cv::countNonZero(m != first), 0);  // the cached embedding gives the same mask
        }
        QCOMPARE(cacheFiles(cacheHome.path() + "/instyle/sam").size(), 1);
        const auto r = cli(args + QStringList{"--no-cache"}, cacheHome.path());
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(lastJsonLine(r.out).value("cached").toBool(), false);
    }

    void segmentPointsAndBox_data() {
        QTest::addColumn<QStringList>("prompt");
        QTest::newRow("include+exclude") << QStringList{"--point", "40,30", "--point", "60,40:0", "--point", "20,20:1"};
        QTest::newRow("box") << QStringList{"--box", "10,10,120,90"};
        QTest::newRow("box+point") << QStringList{"--box", "10,10,120,90", "--point", "50,50:0"};
    }
    void segmentPointsAndBox() {
        REQUIRE_FIXTURE();
        QFETCH(QStringList, prompt);
        const QString mask = path("prompt.png");
        const auto r = cli(QStringList{"segment", "--image", photo_, "--segmenter", fixture_, "--arch", "mobile_sam",
                                       "--out-mask", mask, "--json"} + prompt,
                           path("cache"));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject j = lastJsonLine(r.out);
        const cv::Mat m = cv::imread(mask.toStdString(), cv::IMREAD_UNCHANGED);
        QCOMPARE(m.size(), loadImageRgb(photo_.toStdString()).size());
        QCOMPARE(cv::countNonZero(m), j.value("mask_pixels").toInt());
    }

    // Bad prompts are refused before the model loads (the segmenter file need not exist), in one
    // line that names the option and its value.
    void segmentErrorsAreOneLine_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("needle");
        QTest::newRow("point outside") << QStringList{"--point", "5000,10"} << "--point 5000,10";
        QTest::newRow("empty box") << QStringList{"--box", "10,10,10,50"} << "--box 10,10,10,50";
        QTest::newRow("malformed point") << QStringList{"--point", "12;7"} << "12;7";
        QTest::newRow("bad label") << QStringList{"--point", "12,7:2"} << "12,7:2";
        QTest::newRow("malformed box") << QStringList{"--box", "1,2,3"} << "1,2,3";
        QTest::newRow("two boxes") << QStringList{"--box", "1,1,9,9", "--box", "2,2,8,8"} << "--box";
        QTest::newRow("class") << QStringList{"--point", "5,5", "--class", "dog"} << "--class";
        QTest::newRow("no prompt") << QStringList{} << "--point";
        QTest::newRow("FCN with --box") << QStringList{"--arch", "fcn_resnet50", "--box", "1,1,9,9"} << "--arch mobile_sam";
    }
    void segmentErrorsAreOneLine() {
        QFETCH(QStringList, options);
        QFETCH(QString, needle);
        const QString segmenter = fixture_.isEmpty() ? path("absent_mobile_sam.pt") : fixture_;
        const auto r = cli(QStringList{"segment", "--image", photo_, "--segmenter", segmenter, "--arch", "mobile_sam"} + options,
                           path("cache"));
        QVERIFY2(r.finished && r.exitCode != 0, qPrintable(r.describe()));
        const QByteArray err = r.err.trimmed();
        QVERIFY2(!err.isEmpty() && !err.contains('\n'), qPrintable(r.describe()));
        QVERIFY2(err.contains(needle.toUtf8()), qPrintable(r.describe()));
        QVERIFY(r.out.trimmed().isEmpty());
    }

    void trainAndEvalRefuseMobileSam() {
        const auto r = cli({"eval-seg", "--voc", path("voc"), "--segmenter", path("x.pt"), "--arch", "mobile_sam"}, path("cache"));
        QVERIFY2(r.finished && r.exitCode == 2, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("--arch mobile_sam selects from points and boxes"), r.err.constData());
        const auto t = cli({"train-seg", "--voc", path("voc"), "--arch", "mobile_sam", "--epochs", "1", "--out", path("x.pth")}, path("cache"));
        QVERIFY2(t.finished && t.exitCode == 2 && t.err.contains("mobile_sam"), qPrintable(t.describe()));
    }

    // --- instyle-cli stylize with prompts ----------------------------------------------------------

    // The instances' prompts in --save-params (a dry run: nothing loads) and back through --job.
    void stylizeSavesPrompts() {
        const QString small = path("small.png"), painting = path("painting.png");
        test::writeTestImage(small, 96, 64, 3);
        test::writeStripeImage(painting, 64, 64);
        const QString first = path("first.json"), second = path("second.json");
        auto r = cli({"stylize", "--content", small, "--out", path("out.png"), "--save-params", first, "--arch", "mobile_sam",
                      "--dry-run",
                      "--instance", "--point", "10,10", "--point", "30,20:0", "--box", "5,5,60,40", "--style", painting,
                      "--instance", "--point", "40,30:1", "--style", painting, "--blend", "hard",
                      "--instance", "--box", "1,1,50,50", "--style", painting},
                     path("cache"));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QFile f(first);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject job = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(job.value("arch").toString(), QStringLiteral("mobile_sam"));
        const QJsonArray instances = job.value("instances").toArray();
        QCOMPARE(instances.size(), 3);
        QCOMPARE(instances[0].toObject().value("point").toArray(), (QJsonArray{"10,10", "30,20:0"}));
        QCOMPARE(instances[0].toObject().value("box").toString(), QStringLiteral("5,5,60,40"));
        QCOMPARE(instances[1].toObject().value("point").toString(), QStringLiteral("40,30:1"));
        QVERIFY(!instances[1].toObject().contains("box"));
        QCOMPARE(instances[2].toObject().value("box").toString(), QStringLiteral("1,1,50,50"));
        QVERIFY(!instances[2].toObject().contains("point"));

        r = cli({"stylize", "--job", first, "--dry-run", "--save-params", second}, path("cache"));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QFile g(second);
        QVERIFY(g.open(QIODevice::ReadOnly) && f.seek(0));
        QCOMPARE(QString::fromUtf8(g.readAll()), QString::fromUtf8(f.readAll()));
    }

    void stylizeRefusesBadPrompts_data() {
        QTest::addColumn<QStringList>("instance");
        QTest::addColumn<QString>("needle");
        QTest::newRow("class with mobile_sam") << QStringList{"--class", "dog"} << "--class needs an FCN";
        QTest::newRow("malformed point") << QStringList{"--point", "1,x"} << "1,x";
        QTest::newRow("two boxes") << QStringList{"--box", "1,1,5,5", "--box", "2,2,6,6"} << "--box";
        QTest::newRow("point and mask") << QStringList{"--point", "3,3", "--rect", "1,1,5,5"} << "exactly one of";
    }
    void stylizeRefusesBadPrompts() {
        QFETCH(QStringList, instance);
        QFETCH(QString, needle);
        const QString small = path("small.png"), painting = path("painting.png");
        test::writeTestImage(small, 96, 64, 3);
        test::writeStripeImage(painting, 64, 64);
        const auto r = cli(QStringList{"stylize", "--content", small, "--out", path("out.png"), "--arch", "mobile_sam",
                                       "--dry-run", "--instance", "--style", painting} + instance,
                           path("cache"));
        QVERIFY2(r.finished && r.exitCode != 0, qPrintable(r.describe()));
        const QByteArray err = r.err.trimmed();
        QVERIFY2(!err.contains('\n') && err.contains(needle.toUtf8()), qPrintable(r.describe()));
    }

    // A few iterations on a small photo with a MobileSAM instance: the result keeps the photo's
    // size, and a point outside the photo is refused naming the instance.
    void stylizeWithPointInstance() {
        REQUIRE_FIXTURE();
        const QString small = path("small.png"), painting = path("painting.png"), out = path("styled.png");
        test::writeTestImage(small, 96, 64, 3);
        test::writeStripeImage(painting, 64, 64);
        const QStringList common{"stylize", "--content", small, "--out", out, "--size", "64", "--iters", "2", "--scales", "1",
                                 "--theta", "0", "--arch", "mobile_sam", "--segmenter", fixture_, "--json"};
        auto r = cli(common + QStringList{"--save-mask", path("union.png"), "--instance", "--box", "4,4,90,60", "--point",
                                          "48,32", "--style", painting},
                     path("cache"));
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(loadImageRgb(out.toStdString()).size(), cv::Size(96, 64));
        QCOMPARE(lastJsonLine(r.out).value("instances").toArray().size(), 1);

        r = cli(common + QStringList{"--instance", "--point", "500,10", "--style", painting}, path("cache"));
        QVERIFY2(r.finished && r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("instance 1: --point 500,10"), qPrintable(r.describe()));
    }

    // --- the registry ----------------------------------------------------------------------------

    void registryHasMobileSam() {
        const ModelEntry& m = modelById("mobile_sam");
        QCOMPARE(QString::fromStdString(m.fileName), QStringLiteral("mobile_sam.pt"));
        QCOMPARE(m.approximateBytes, uint64_t(40728226));
        QCOMPARE(m.sha256.size(), size_t(64));
        QVERIFY(QString::fromStdString(m.url).endsWith("/weights/mobile_sam.pt"));
        const auto r = test::runProcess(test::cliPath(), {"models", "list", "--no-hash"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains("mobile_sam") && r.out.contains("mobile_sam.pt"), r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestSamCli)
#include "tst_samcli.moc"
