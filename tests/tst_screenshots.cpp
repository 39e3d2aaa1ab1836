// Screenshots of the window's main states, for people to look at (run under xvfb-run; label
// "gui"). PNGs go to <build>/screenshots/. Uses the shared sample photo and painting when they
// exist, generated images otherwise.

#include "core/checkpoint/model_registry.h"
#include "test_support.h"
#include "ui/app_settings.h"
#include "ui/widgets/image_canvas.h"
#include "ui/project/instance_selection.h"
#include "ui/window/main_window.h"
#include "ui/models/model_download.h"
#include "ui/models/models_dialog.h"
#include "ui/widgets/weights_panel.h"
#include "ui/window/preferences_dialog.h"
#include "ui/workers/sam_session.h"
#include "ui/widgets/style_gallery.h"
#include "ui/workers/style_runner.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <cmath>

using namespace instyle::ui;

class TestScreenshots : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QDir out_;

    void save(QWidget* widget, const QString& name) {
        QCoreApplication::processEvents();
        const QString path = out_.filePath(name + QStringLiteral(".png"));
        QVERIFY(widget->grab().save(path));
        qInfo("saved %s", qPrintable(path));
    }

    QString sample(const QString& relative, int seed) {
        const QString shared = instyle::test::sharedData(relative);
        if (!shared.isEmpty()) return shared;
        const QString generated = dir_.filePath(QStringLiteral("sample%1.png").arg(seed));
        instyle::test::writeTestImage(generated, 480, 320, seed);
        return generated;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        instyle::test::isolateUserSettings(dir_.path(), QStringLiteral("tst_screenshots"));
        out_ = QDir(QStringLiteral(INSTYLE_BINARY_DIR "/screenshots"));
        QVERIFY(out_.mkpath(QStringLiteral(".")));
        AppSettings settings;
        settings.setValue(keys::workSize, 128);
        settings.setValue(keys::iterations, 12);
        settings.setValue(keys::threads, 2);
    }

    void mainStates() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        save(&w, QStringLiteral("01-first-start"));

        QVERIFY(w.openPhoto(sample(QStringLiteral("content/chelsea_cat.png"), 1)));
        QVERIFY(w.setStylePath(sample(QStringLiteral("styles/starry_night_van_gogh.jpg"), 2)));
        w.gallery()->addPaths({sample(QStringLiteral("styles/the_scream_munch.jpg"), 3),
                               sample(QStringLiteral("styles/great_wave_hokusai_large.jpg"), 4)});
        save(&w, QStringLiteral("02-photo-and-painting"));

        QSignalSpy progress(w.runner(), &StyleRunner::progress);
        QSignalSpy finished(w.runner(), &StyleRunner::finished);
        QVERIFY(w.startRun());
        while (progress.count() < 4) QVERIFY(progress.wait(120000));
        save(&w, QStringLiteral("03-running"));
        QVERIFY(finished.wait(300000));
        save(&w, QStringLiteral("04-finished-split"));

        auto* view = w.findChild<QComboBox*>();
        QVERIFY(view);
        for (int i = 0; i < view->count(); ++i)
            if (view->itemText(i).startsWith(QStringLiteral("Laplacian"))) view->setCurrentIndex(i);
        save(&w, QStringLiteral("05-laplacian-view"));
    }

    // A VOC photo with its ground-truth label map standing in for the segmenter's output.
    void selection() {
        const QString photo = instyle::test::sharedData(QStringLiteral("voc-mini/JPEGImages/2011_000003.jpg"));
        const QString labels = instyle::test::sharedData(QStringLiteral("voc-mini/SegmentationClass/2011_000003.png"));
        if (photo.isEmpty() || labels.isEmpty()) QSKIP("../shared/data/voc-mini is absent");
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openPhoto(photo));
        QVERIFY(w.setStylePath(sample(QStringLiteral("styles/starry_night_van_gogh.jpg"), 2)));
        const QImage indexed(labels);
        QCOMPARE(indexed.format(), QImage::Format_Indexed8);
        QImage classes(indexed.size(), QImage::Format_Grayscale8);
        for (int y = 0; y < indexed.height(); ++y)
            std::copy_n(indexed.constScanLine(y), indexed.width(), classes.scanLine(y));
        w.setLabelMap(classes);
        QVERIFY(w.selection()->instanceCount() > 0);
        save(&w, QStringLiteral("08-instances"));
        // Two instances where there are two, the second with a painting and weights of its own.
        const int count = std::min(2, w.selection()->instanceCount());
        QList<int> chosen;
        for (int i = 0; i < count; ++i) chosen << i;
        w.selection()->setSelected(chosen);
        if (count == 2) {
            const QString scream = sample(QStringLiteral("styles/the_scream_munch.jpg"), 3);
            w.gallery()->addPaths({scream});
            w.editInstance(1);
            QVERIFY(w.gallery()->setCurrentPath(QFileInfo(scream).absoluteFilePath()));
            w.weightsPanel()->setWeights({1, 10, 1e4, 1e2});
        }
        save(&w, QStringLiteral("09-instance-selected"));
        QSignalSpy finished(w.runner(), &StyleRunner::finished);
        QVERIFY(w.startRun());
        QVERIFY(finished.wait(300000));
        save(&w, QStringLiteral("10-instance-stylised"));
    }

    // The Anything (MobileSAM) mode with a click, an exclude click and a box on the dog. The
    // weights are random (tests/reference/sam_reference.py; the real file is not in ../shared), so
    // the mask shows how the window presents one, not what MobileSAM would select.
    void samSelection() {
        const QString script = instyle::test::testSource(QStringLiteral("reference/sam_reference.py"));
        if (!QFileInfo::exists(script) || !instyle::test::pythonHasTorch())
            QSKIP("needs tests/reference/sam_reference.py and python3-torch");
        const QString fixture = dir_.filePath(QStringLiteral("sam"));
        const auto r = instyle::test::runProcess(instyle::test::pythonPath(), {script, "make", "--out", fixture}, 600000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QString models = dir_.filePath(QStringLiteral("sam-models"));
        QVERIFY(QDir().mkpath(models));
        QVERIFY(QFile::copy(QDir(fixture).filePath(QStringLiteral("weights.pt")), QDir(models).filePath(QStringLiteral("mobile_sam.pt"))));
        AppSettings settings;
        settings.setValue(keys::modelsDir, models);
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openPhoto(sample(QStringLiteral("content/dog_and_person.jpg"), 5)));
        QVERIFY(w.setStylePath(sample(QStringLiteral("styles/starry_night_van_gogh.jpg"), 2)));
        SamSession* sam = w.samSession();
        QSignalSpy ready(sam, &SamSession::ready);
        w.setAnythingMode(true);
        QVERIFY(sam->isReady() || ready.wait(180000));
        // Photo pixels of the 500x375 sample (relative positions on a generated one).
        const QSizeF size = w.canvas()->photo().size();
        const auto at = [&size](double x, double y) { return QPointF(std::round(x * size.width() / 500), std::round(y * size.height() / 375)); };
        const auto decoded = [sam] {
            QSignalSpy changed(sam, &SamSession::maskChanged);
            while (sam->maskPending())
                if (!changed.wait(60000)) return false;
            return true;
        };
        sam->addPoint(at(270, 230), true);
        QVERIFY(decoded());
        sam->setBox(QRectF(at(200, 60), at(500, 375)));
        QVERIFY(decoded());
        sam->addPoint(at(360, 285), false);
        QVERIFY(decoded());
        save(&w, QStringLiteral("13-sam-selection"));
        settings.reset(keys::modelsDir);
        settings.reset(keys::selectionMode);
    }

    // The window in German and Chinese, to see the translations in place.
    void translated_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("de") << "de";
        QTest::newRow("zh_CN") << "zh_CN";
    }
    void translated() {
        QFETCH(QString, language);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/instyle_%1.qm").arg(language)));
        QCoreApplication::installTranslator(&translator);
        {
            MainWindow w;
            w.resize(1400, 900);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(w.openPhoto(sample(QStringLiteral("content/dog_and_person.jpg"), 5)));
            save(&w, QStringLiteral("11-window-%1").arg(language));
        }
        QCoreApplication::removeTranslator(&translator);
    }

    void dialogs() {
        AppSettings settings;
        ModelsDialog models(settings);
        models.show();
        QVERIFY(QTest::qWaitForWindowExposed(&models));
        save(&models, QStringLiteral("06-models-dialog"));
        // A download that cannot connect: the message in the dialog.
        instyle::ModelEntry entry = instyle::knownModels().front();
        entry.url = "http://127.0.0.1:1/" + entry.fileName;
        ModelsDialog failing(settings, nullptr, {entry});
        failing.show();
        QVERIFY(QTest::qWaitForWindowExposed(&failing));
        QSignalSpy failed(failing.download(), &ModelDownload::failed);
        failing.startDownload(0);
        QVERIFY(failed.count() == 1 || failed.wait(30000));
        save(&failing, QStringLiteral("06b-models-download-failed"));
        PreferencesDialog prefs(settings);
        prefs.show();
        QVERIFY(QTest::qWaitForWindowExposed(&prefs));
        save(&prefs, QStringLiteral("07-preferences"));
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
