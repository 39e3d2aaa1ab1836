// One parameter format: the window's "Export parameters…" (and its projects) write the job file
// that `instyle-cli stylize --job` reads, and the CLI renders from it the image the window
// exported, bit for bit; CLI job files and older projects and parameter exports open in the window.

#include "test_support.h"
#include "gui_fixtures.h"

#include "ui/app_settings.h"
#include "ui/project/instance_selection.h"
#include "ui/window/main_window.h"
#include "ui/widgets/style_gallery.h"
#include "ui/workers/style_runner.h"
#include "ui/widgets/weights_panel.h"

#include <QBuffer>
#include <QStatusBar>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace instyle::ui;
using instyle::LossWeights;
using instyle::BlendMode;
using instyle::ColorPreservation;

namespace {

QImage rectMask(const QSize& size, const QRect& r) {
    QImage mask(size, QImage::Format_Grayscale8);
    mask.fill(0);
    QPainter(&mask).fillRect(r, Qt::white);
    return mask;
}

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

// The number of pixels that differ between two images (RGB888), or -1 when their sizes differ.
int differingPixels(const QImage& a, const QImage& b) {
    const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
    if (x.size() != y.size()) return -1;
    int n = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col) n += x.pixel(col, row) != y.pixel(col, row);
    return n;
}

}  // namespace

class TestJobReplay : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString photo_, painting_, painting2_;

    // Runs the window's job to the end and exports its result and parameters.
    void runAndExport(MainWindow& w, const QString& image, const QString& params) {
        QSignalSpy finished(w.runner(), &StyleRunner::finished);
        QSignalSpy failed(w.runner(), &StyleRunner::failed);
        QVERIFY(w.startRun());
        QVERIFY2(finished.wait(120000), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QVERIFY(instyle::test::exportAndWait(w, image));
        QVERIFY(w.exportParameters(params));
    }

    // The CLI's rendering of a parameter file.
    QImage replay(const QString& params, const QString& out) {
        const auto r = instyle::test::runProcess(instyle::test::cliPath(), {"stylize", "--job", params, "--out", out});
        if (r.exitCode != 0) qWarning("%s", qPrintable(r.describe()));
        return QImage(out);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        instyle::test::isolateUserSettings(dir_.path(), QStringLiteral("tst_jobreplay"));
        qunsetenv("INSTYLE_MODELS_DIR");  // no model file: random VGG19 from the seed on both sides
        photo_ = dir_.filePath(QStringLiteral("photo.png"));
        painting_ = dir_.filePath(QStringLiteral("painting.png"));
        painting2_ = dir_.filePath(QStringLiteral("painting2.png"));
        instyle::test::writeTestImage(photo_, 120, 80, 1);
        instyle::test::writeTestImage(painting_, 64, 64, 7);
        instyle::test::writeTestImage(painting2_, 48, 64, 9);
    }

    void cleanup() { QSettings().clear(); }

    // A selection (two painted regions, a second painting blended in, Poisson blend) exported from
    // the window renders bit-identically in the CLI.
    void selectionReplaysBitIdentically() {
        auto w = instyle::test::makeTestWindow(4, photo_, painting_);
        QImage mask = rectMask(QSize(120, 80), QRect(20, 10, 50, 40));
        QPainter(&mask).fillRect(QRect(90, 50, 20, 20), Qt::white);
        w->selection()->setMask(mask);
        w->gallery()->addPaths({painting2_});
        w->gallery()->setSecond(painting2_, 0.25);
        w->weightsPanel()->setBlendMode(BlendMode::Poisson);
        w->weightsPanel()->setFeatherPx(5);
        w->weightsPanel()->setWeights(LossWeights{2, 3, 1e4, 50});
        const QString image = dir_.filePath(QStringLiteral("window-selection.png"));
        const QString params = dir_.filePath(QStringLiteral("selection.json"));
        runAndExport(*w, image, params);

        const QJsonObject job = readJson(params);
        QCOMPARE(job.value("content").toString(), photo_);
        QCOMPARE(job.value("size").toInt(), 64);
        QCOMPARE(job.value("scales").toInt(), 3);  // coarse to fine by default
        const QJsonArray instances = job.value("instances").toArray();
        QCOMPARE(instances.size(), 1);  // a painted mask is one instance
        QVERIFY(instances.at(0).toObject().value("mask").toString().startsWith("data:image/png;base64,"));
        QCOMPARE(instances.at(0).toObject().value("blend").toString(), QStringLiteral("poisson"));
        QCOMPARE(instances.at(0).toObject().value("beta").toDouble(), 3.0);
        QVERIFY(job.contains("instyle-window"));
        // "auto" as this run resolved it, so that the CLI does the same arithmetic; the status bar's
        // tooltip tells the user.
        const QString conv = job.value("conv").toString(), layout = job.value("layout").toString();
        QVERIFY2(conv == "winograd" || conv == "direct", qPrintable(conv));
        QVERIFY2(layout == "nchw" || layout == "nhwc", qPrintable(layout));
        QVERIFY2(w->statusBar()->toolTip().contains(conv + "/" + layout), qPrintable(w->statusBar()->toolTip()));

        const QImage window(image);
        const QImage cli = replay(params, dir_.filePath(QStringLiteral("cli-selection.png")));
        QVERIFY(!cli.isNull());
        QVERIFY(differingPixels(window, QImage(photo_)) > 0);  // something was stylised
        QCOMPARE(differingPixels(window, cli), 0);
    }

    // The whole photo (no selection): the work-size result scaled to the photo, in both; with the
    // convolutions measured, and forced in the preferences.
    void wholePhotoReplaysBitIdentically_data() {
        QTest::addColumn<QString>("conv");
        QTest::newRow("auto") << "auto";
        QTest::newRow("winograd") << "winograd";
        QTest::newRow("direct") << "direct";
    }

    void wholePhotoReplaysBitIdentically() {
        QFETCH(QString, conv);
        QSettings().setValue(QStringLiteral("run/conv"), conv);
        auto w = instyle::test::makeTestWindow(3, photo_, painting_);
        const QString image = dir_.filePath(QStringLiteral("window-whole.png"));
        const QString params = dir_.filePath(QStringLiteral("whole.json"));
        runAndExport(*w, image, params);
        const QJsonObject job = readJson(params);
        QVERIFY(job.value("full-size").toBool());
        QVERIFY(!job.contains("instances"));
        if (conv != "auto") QCOMPARE(job.value("conv").toString(), conv);
        else QVERIFY(job.value("conv").toString() != conv);
        const QImage cli = replay(params, dir_.filePath(QStringLiteral("cli-whole.png")));
        QCOMPARE(cli.size(), QSize(120, 80));
        QCOMPARE(differingPixels(QImage(image), cli), 0);
    }

    // The exported file opens again in the window with the same settings and selection.
    void exportOpensAsProject() {
        QString params;
        QImage mask = rectMask(QSize(120, 80), QRect(10, 10, 30, 30));
        {
            auto w = instyle::test::makeTestWindow(7, photo_, painting_);
            w->selection()->setMask(mask);
            w->weightsPanel()->setWeights(LossWeights{1, 4, 2e3, 10});
            w->weightsPanel()->setColorPreservation(ColorPreservation::Luminance);
            w->weightsPanel()->setScales(2);
            params = dir_.filePath(QStringLiteral("reopen.json"));
            QVERIFY(w->exportParameters(params));
        }
        MainWindow w;
        QVERIFY(w.openProject(params));
        QVERIFY2(w.bannerText().isEmpty() || !w.bannerText().contains("damaged"), qPrintable(w.bannerText()));
        const StyleJob job = w.buildJob();
        QCOMPARE(job.run.weights, (LossWeights{1, 4, 2e3, 10}));
        QCOMPARE(job.run.iterations, 7);
        QCOMPARE(job.run.scales, 2);
        QCOMPARE(job.run.color, ColorPreservation::Luminance);
        QCOMPARE(job.mask, mask);
    }

    // A job file written by the CLI (--save-params) opens in the window: its rectangle becomes the
    // selection, its painting and weights the panel's.
    void cliJobOpensInTheWindow() {
        const QString params = dir_.filePath(QStringLiteral("cli-job.json"));
        const auto r = instyle::test::runProcess(
            instyle::test::cliPath(), {"stylize", "--content", photo_, "--style", painting_, "--out", dir_.filePath("x.png"),
                                       "--rect", "5,6,30,20", "--beta", "7", "--iters", "9", "--blend", "guided",
                                       "--save-params", params, "--dry-run"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        MainWindow w;
        QVERIFY(w.openProject(params));
        const StyleJob job = w.buildJob();
        QCOMPARE(job.run.iterations, 9);
        QCOMPARE(job.run.weights.beta, 7.0);
        QCOMPARE(job.run.blend, BlendMode::Guided);
        QCOMPARE(job.mask, rectMask(QSize(120, 80), QRect(5, 6, 30, 20)));
        QCOMPARE(w.gallery()->currentPath(), painting_);
    }

    // Files written before the job format still open: a project "instyle-project-1" and a
    // parameter export (no "format" key).
    void olderFilesOpen_data() {
        QTest::addColumn<bool>("project");
        QTest::newRow("project instyle-project-1") << true;
        QTest::newRow("parameter export") << false;
    }
    void olderFilesOpen() {
        QFETCH(bool, project);
        QJsonObject root{{"photo", photo_},
                         {"painting", painting_},
                         {"weights", QJsonObject{{"alpha", 3}, {"beta", 0.5}, {"theta", 20}, {"gamma", 7e5}}},
                         {"iterations", 42},
                         {"scales", 1},
                         {"workSize", 96},
                         {"optimizer", "adam"},
                         {"notebookClamp", false},
                         {"feather", 3},
                         {"blend", "poisson"},
                         {"margin", 0.4},
                         {"colorPreservation", "histogram"},
                         {"background", false},
                         {"vgg", "random weights"}};
        const QImage mask = rectMask(QSize(120, 80), QRect(30, 20, 40, 30));
        if (project) {
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            mask.save(&buffer, "PNG");
            root.insert("format", "instyle-project-1");
            root.insert("maskPng", QString::fromLatin1(png.toBase64()));
            root.insert("instances", QJsonArray{});
        }
        const QString path = dir_.filePath(project ? "old-project.json" : "old-params.json");
        writeFile(path, QJsonDocument(root).toJson());
        MainWindow w;
        QVERIFY(w.openProject(path));
        const StyleJob job = w.buildJob();
        QCOMPARE(job.run.weights, (LossWeights{3, 0.5, 20, 7e5}));
        QCOMPARE(job.run.iterations, 42);
        QCOMPARE(job.run.scales, 1);
        QCOMPARE(job.run.workSize, 96);
        QCOMPARE(job.run.featherPx, 3);
        QCOMPARE(job.run.blend, BlendMode::Poisson);
        QCOMPARE(job.run.margin, 0.4);
        QCOMPARE(job.run.color, ColorPreservation::Histogram);
        if (project) QCOMPARE(job.mask, mask);
        else QVERIFY(job.mask.isNull());
    }

    // A damaged value in a job file is replaced by its default and named.
    void damagedValueFallsBack() {
        const QString path = dir_.filePath(QStringLiteral("damaged.json"));
        writeFile(path, QJsonDocument(QJsonObject{{"content", photo_}, {"style", QJsonArray{painting_}},
                                                  {"iters", -3}, {"margin", 9}, {"blend", "smudge"}}).toJson());
        MainWindow w;
        QVERIFY(w.openProject(path));
        QVERIFY2(w.bannerText().contains("iters"), qPrintable(w.bannerText()));
        QVERIFY(w.bannerText().contains("margin"));
        QVERIFY(w.bannerText().contains("blend"));
        const StyleJob job = w.buildJob();
        QCOMPARE(job.run.iterations, 200);
        QCOMPARE(job.run.margin, 0.15);
        QCOMPARE(job.run.blend, BlendMode::Feather);
    }
};

QTEST_MAIN(TestJobReplay)
#include "tst_jobreplay.moc"
