// The desktop window end to end, offscreen: load a photo, drive the sliders into a running
// optimisation, run/stop/export/close, and the GUI thread's latency while a run is going.
// Runs are tiny (64 px, a few iterations, random VGG19 weights) so the test stays fast.

#include "gui_fixtures.h"
#include "core/checkpoint/model_registry.h"
#include "imaging/io/image_io.h"
#include "test_support.h"
#include "ui/app_settings.h"
#include "ui/widgets/image_canvas.h"
#include "ui/models/model_download.h"
#include "ui/models/model_locator.h"
#include "ui/models/models_dialog.h"
#include "ui/window/preferences_dialog.h"
#include "ui/widgets/style_gallery.h"
#include "ui/project/instance_selection.h"
#include "ui/widgets/log_scale.h"
#include "ui/widgets/log_weight_control.h"
#include "ui/widgets/loss_chart.h"
#include "ui/window/main_window.h"
#include "ui/window/project_controller.h"
#include "ui/window/run_controller.h"
#include "ui/workers/image_export.h"
#include "ui/workers/style_runner.h"
#include "ui/widgets/weights_panel.h"

#include <QElapsedTimer>
#include <QImageReader>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QComboBox>
#include <QPushButton>
#include <QDockWidget>
#include <QLabel>
#include <QTranslator>
#include <QMenuBar>
#include <QDirIterator>
#include <QRegularExpression>
#include <QUndoStack>
#include <QCryptographicHash>
#include <QListWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTableWidget>
#include <QToolBar>
#include <QMessageBox>
#include <QAction>
#include <QStatusBar>

#include <memory>

#include <opencv2/core.hpp>

using namespace instyle::ui;
using instyle::LossWeights;
using instyle::BlendMode;
using instyle::ColorPreservation;

Q_DECLARE_METATYPE(instyle::ui::StyleRunner::State)

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString photo_, painting_;

    // A fresh folder for model files, named `name` under the test's temporary folder.
    QString modelsFolder(const QString& name) {
        const QString path = dir_.filePath(QStringLiteral("models-") + name);
        QDir().mkpath(path);
        return path;
    }

    // Class 15 (person) in a 30x40 block at (10,10); class 12 (dog) in a 40x20 block at (70,50).
    static QImage twoInstanceLabels() {
        QImage labels(120, 80, QImage::Format_Grayscale8);
        labels.fill(0);
        for (int y = 10; y < 50; ++y) std::fill_n(labels.scanLine(y) + 10, 30, uchar(15));
        for (int y = 50; y < 70; ++y) std::fill_n(labels.scanLine(y) + 70, 40, uchar(12));
        return labels;
    }

    std::unique_ptr<MainWindow> makeWindow(int iterations) {
        return instyle::test::makeTestWindow(iterations, photo_, painting_);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        instyle::test::isolateUserSettings(dir_.path(), QStringLiteral("tst_mainwindow"));
        // The registry's per-user models folder lies in the temporary folder; no other is searched.
        qunsetenv("INSTYLE_MODELS_DIR");
        photo_ = dir_.filePath(QStringLiteral("photo.png"));
        painting_ = dir_.filePath(QStringLiteral("painting.png"));
        instyle::test::writeTestImage(photo_, 120, 80, 1);
        instyle::test::writeTestImage(painting_, 64, 64, 7);
    }

    // Every test starts from default settings (weights, model files, presets, recent files).
    void cleanup() { QSettings().clear(); }

    // A VGG19 file that is not a checkpoint ends the run with one line naming the file.
    void badVggFileFailsWithMessage() {
        const QString models = modelsFolder(QStringLiteral("bogus-vgg"));
        const QString bogus = QDir(models).filePath(QStringLiteral("vgg19-dcbb9e9d.pth"));
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(1000, 'x'));
        f.close();
        AppSettings().setValue(keys::modelsDir, models);
        auto w = makeWindow(2);
        QSignalSpy failed(w->runner(), &StyleRunner::failed);
        QVERIFY(w->startRun());
        QVERIFY(failed.wait(60000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("vgg19-dcbb9e9d.pth")) && !message.contains(QLatin1Char('\n')),
                 qPrintable(message));
        QVERIFY(w->bannerText().contains(QStringLiteral("vgg19-dcbb9e9d.pth")));
        QCOMPARE(w->runner()->state(), StyleRunner::State::Idle);
    }

    // With a MiDaS file (random weights) the depth term enters the loss curves, and the depth
    // view shows depth maps of the photo and the result.
    void depthWithFixtureMidas() {
        const QString models = modelsFolder(QStringLiteral("midas"));
        instyle::test::writeRandomMidasCheckpoint(QDir(models).filePath(QStringLiteral("midas_v21_small_256.pt")).toStdString(), 5);
        AppSettings().setValue(keys::modelsDir, models);
        auto w = makeWindow(2);
        QSignalSpy finished(w->runner(), &StyleRunner::finished);
        QSignalSpy failed(w->runner(), &StyleRunner::failed);
        QVERIFY(w->startRun());
        QVERIFY2(finished.wait(120000), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        // Iteration 1 starts from the content image, where Ld is exactly 0 (not plottable on a
        // log axis); iteration 2 has a positive depth term.
        QCOMPARE(w->lossChart()->pointCount(LossChart::Depth), 1);
        QSignalSpy depth(w->runner(), &StyleRunner::depthReady);
        auto* view = w->findChild<QComboBox*>();
        view->setCurrentIndex(view->count() - 1);  // the depth view
        QVERIFY(depth.wait(60000));
        const QImage before = depth.first().at(0).value<QImage>();
        QCOMPARE(before.format(), QImage::Format_Grayscale8);
        QCOMPARE(w->canvas()->photo().size(), QSize(120, 80));
        QCOMPARE(w->canvas()->photo().format(), QImage::Format_Grayscale8);  // the depth map is shown
        QVERIFY(!w->canvas()->result().isNull());
    }

    // With a segmentation file (random weights) opening a photo runs the segmenter chosen in the
    // preferences on the worker thread and its label map reaches the selection.
    void segmentationWithFixtureModel() {
        const QString models = modelsFolder(QStringLiteral("segmenter"));
        instyle::test::writeRandomFcn8sCheckpoint(QDir(models).filePath(QStringLiteral("fcn8s_resnet34.pth")).toStdString());
        AppSettings().setValue(keys::modelsDir, models);
        {
            MainWindow w;  // the official segmenter is the default, and it is not there
            QVERIFY(w.openPhoto(photo_));
            bool explained = false;
            for (const QLabel* label : w.findChildren<QLabel*>())
                explained |= label->text().contains(QStringLiteral("fcn_resnet50_coco-1167a1af.pth"));
            QVERIFY(explained);  // the selection panel names the missing file
            QCOMPARE(findModelFile(AppSettings(), segmenterId(AppSettings())), QString());
        }
        {
            AppSettings settings;
            PreferencesDialog prefs(settings);
            QComboBox* box = prefs.segmenterBox();
            QCOMPARE(box->currentData().toString(), QStringLiteral("fcn_resnet50"));
            box->setCurrentIndex(box->findData(QStringLiteral("fcn8s_resnet34")));
            prefs.apply();
        }
        QCOMPARE(segmenterId(AppSettings()), QStringLiteral("fcn8s_resnet34"));
        MainWindow w;
        QSignalSpy segmented(w.runner(), &StyleRunner::segmented);
        QSignalSpy failed(w.runner(), &StyleRunner::segmentationFailed);
        QVERIFY(w.openPhoto(photo_));
        QVERIFY2(segmented.wait(60000), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        const QImage labels = segmented.first().at(0).value<QImage>();
        QCOMPARE(labels.size(), QSize(120, 80));
        QCOMPARE(segmented.first().at(1).toString(), QStringLiteral("fcn8s_resnet34"));
        QCOMPARE(w.selection()->instanceCount(),
                 [&] { InstanceSelection probe(w.undoStack()); probe.setLabelMap(labels); return probe.instanceCount(); }());
    }

    // The settings table: invalid stored values fall back to the default, invalid writes are refused.
    void settingsTableValidates() {
        AppSettings settings;
        settings.raw().setValue(keys::theta, -5.0);  // out of range: hand-edited file
        QCOMPARE(settings.real(keys::theta), 1e4);
        settings.raw().setValue(keys::device, QStringLiteral("tpu"));
        QCOMPARE(settings.text(keys::device), QStringLiteral("auto"));
        QVERIFY(!settings.setValue(keys::iterations, -1));
        QVERIFY(!settings.setValue(keys::language, QStringLiteral("xx")));
        QVERIFY(settings.setValue(keys::theta, 250.0));
        QCOMPARE(settings.real(keys::theta), 250.0);
        for (const auto& spec : AppSettings::table())  // every default passes its own validator
            QVERIFY2(!spec.validator || spec.validator(spec.defaultValue), qPrintable(spec.key));
        settings.reset(keys::theta);
        settings.reset(keys::device);
    }

    // A second painting with a blend share reaches the job; the run mixes both styles.
    void secondPaintingBlend() {
        const QString second = dir_.filePath(QStringLiteral("painting2.png"));
        instyle::test::writeTestImage(second, 48, 64, 9);
        auto w = makeWindow(2);
        w->gallery()->addPaths({second});
        w->gallery()->setSecond(second, 0.25);
        const StyleJob job = w->buildJob();
        QCOMPARE(job.style2Weight, 0.25);
        QCOMPARE(job.style2.size(), QSize(48, 64));  // as read: the engine scales it to the work size
        QSignalSpy finished(w->runner(), &StyleRunner::finished);
        QVERIFY(w->startRun());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().at(2).value<RunSummary>().iterationsDone, 2);
        w->gallery()->setSecond(QString(), 0.5);
        QVERIFY(w->buildJob().style2.isNull());
    }

    // Built-in presets and a user preset round trip through the weights panel.
    void presets() {
        auto w = makeWindow(3);
        WeightsPanel* panel = w->weightsPanel();
        QVERIFY(panel->applyPresetNamed(QStringLiteral("builtin:1")));  // Paper-exact
        QCOMPARE(panel->workSize(), 224);
        QVERIFY(panel->notebookClamp());
        QCOMPARE(panel->weights(), (LossWeights{1, 1, 1e4, 1e2}));
        const LossWeights mine{2, 30, 0.5, 1e6};
        panel->setWeights(mine);
        panel->setIterations(77);
        panel->saveUserPreset(QStringLiteral("mine"));
        QVERIFY(panel->userPresetNames().contains(QStringLiteral("mine")));
        QVERIFY(panel->applyPresetNamed(QStringLiteral("builtin:0")));  // Paper
        QVERIFY(!panel->notebookClamp());
        QCOMPARE(panel->iterations(), 200);
        QVERIFY(panel->applyPresetNamed(QStringLiteral("user:mine")));
        QCOMPARE(panel->weights(), mine);
        QCOMPARE(panel->iterations(), 77);
        QCOMPARE(w->buildJob().run.weights, mine);
    }

    void loadPhoto() {
        MainWindow w;
        QSignalSpy loaded(&w, &MainWindow::photoLoaded);
        QVERIFY(w.openPhoto(photo_));
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(w.canvas()->photo().size(), QSize(120, 80));
        QCOMPARE(AppSettings().list(keys::recentFiles).value(0), QFileInfo(photo_).absoluteFilePath());
        // A file that is not an image is refused with a message, and the photo stays.
        const QString bogus = dir_.filePath(QStringLiteral("not-an-image.png"));
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello");
        f.close();
        QVERIFY(!w.openPhoto(bogus));
        QVERIFY(w.bannerText().contains(QStringLiteral("not-an-image.png")));
        QCOMPARE(w.photoPath(), QFileInfo(photo_).absoluteFilePath());
    }

    // A label map through the engine's Instances: overlay, click to select, Ctrl+click to add,
    // undo/redo, and the run's mask.
    void clickSelectsInstance() {
        auto w = makeWindow(2);
        // Class 15 (person) in a 30x40 block at (10,10); class 7 (car) in a 40x20 block at (70,50).
        QImage labels(120, 80, QImage::Format_Grayscale8);
        labels.fill(0);
        for (int y = 10; y < 50; ++y) std::fill_n(labels.scanLine(y) + 10, 30, uchar(15));
        for (int y = 50; y < 70; ++y) std::fill_n(labels.scanLine(y) + 70, 40, uchar(7));
        w->setLabelMap(labels);
        InstanceSelection* sel = w->selection();
        QCOMPARE(sel->instanceCount(), 2);
        QVERIFY(!sel->overlay().isNull());
        QCOMPARE(qAlpha(sel->overlay().pixel(20, 20)), 90);   // tinted, not selected
        QCOMPARE(qAlpha(sel->overlay().pixel(60, 5)), 0);     // background: no tint
        QVERIFY(w->buildJob().mask.isNull());                 // nothing selected: whole photo

        ImageCanvas* canvas = w->canvas();
        const QPoint person = canvas->imageToWidget(QPointF(25.5, 30.5)).toPoint();
        const QPoint car = canvas->imageToWidget(QPointF(90.5, 60.5)).toPoint();
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, person);
        QCOMPARE(sel->selected().size(), 1);
        QCOMPARE(sel->className(sel->selected().first()), QStringLiteral("person"));
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::ControlModifier, car);
        QCOMPARE(sel->selected().size(), 2);
        const QImage mask = w->buildJob().mask;
        QCOMPARE(mask.size(), QSize(120, 80));
        QCOMPARE(qGray(mask.pixel(25, 30)), 255);
        QCOMPARE(qGray(mask.pixel(90, 60)), 255);
        QCOMPARE(qGray(mask.pixel(60, 5)), 0);
        QCOMPARE(w->undoStack()->count(), 2);
        w->undoStack()->undo();
        QCOMPARE(sel->selected().size(), 1);
        w->undoStack()->redo();
        QCOMPARE(sel->selected().size(), 2);
        sel->grow(2);
        QCOMPARE(qGray(w->buildJob().mask.pixel(9, 30)), 255);  // one pixel outside the person
        w->undoStack()->undo();
        QCOMPARE(qGray(w->buildJob().mask.pixel(9, 30)), 0);
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, canvas->imageToWidget(QPointF(60.5, 5.5)).toPoint());
        QVERIFY(sel->selected().isEmpty());

        // A run with the person selected leaves the photo unchanged far from it.
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, person);
        QSignalSpy finished(w->runner(), &StyleRunner::finished);
        QVERIFY(w->startRun());
        QVERIFY(finished.wait(120000));
        const QImage result = w->resultImage();
        const QImage photo = QImage(photo_).convertToFormat(QImage::Format_RGB888);
        QCOMPARE(result.pixel(100, 10), photo.pixel(100, 10));
    }

    // Without any segmentation a mask can be painted; one drag is one undo step; Alt erases.
    void brushPaintsMask() {
        auto w = makeWindow(2);
        QPushButton* brush = nullptr;
        for (auto* b : w->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Brush")) brush = b;
        QVERIFY(brush);
        QVERIFY(brush->isEnabled());
        brush->setChecked(true);
        ImageCanvas* canvas = w->canvas();
        const auto at = [&](double x, double y) { return canvas->imageToWidget(QPointF(x, y)).toPoint(); };
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, at(20.5, 40.5));
        QTest::mouseMove(canvas, at(60.5, 40.5));
        QTest::mouseMove(canvas, at(100.5, 40.5));
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, at(100.5, 40.5));
        QCOMPARE(w->undoStack()->count(), 1);
        QImage mask = w->buildJob().mask;
        QVERIFY(!mask.isNull());
        QCOMPARE(qGray(mask.pixel(60, 40)), 255);   // on the stroke
        QCOMPARE(qGray(mask.pixel(60, 45)), 255);   // within the 12 px radius
        QCOMPARE(qGray(mask.pixel(60, 5)), 0);      // far from it
        QTest::mousePress(canvas, Qt::LeftButton, Qt::AltModifier, at(60.5, 40.5));
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::AltModifier, at(60.5, 40.5));
        QCOMPARE(qGray(w->buildJob().mask.pixel(60, 40)), 0);   // erased
        QCOMPARE(qGray(w->buildJob().mask.pixel(25, 40)), 255);
        w->undoStack()->undo();
        QCOMPARE(qGray(w->buildJob().mask.pixel(60, 40)), 255);
        w->undoStack()->undo();
        QVERIFY(w->buildJob().mask.isNull());
    }

    // Save project → open it in a new window: photo, painting, weights, schedule and mask return.
    void projectRoundTrip() {
        const QString project = dir_.filePath(QStringLiteral("p.instyle"));
        QImage mask;
        {
            auto w = makeWindow(42);
            w->weightsPanel()->setWeights({3, 0.5, 20, 7e5});
            w->weightsPanel()->setFeatherPx(3);
            w->weightsPanel()->setBlendMode(BlendMode::Poisson);
            w->weightsPanel()->setMargin(0.4);
            w->weightsPanel()->setColorPreservation(ColorPreservation::Histogram);
            w->selection()->beginStroke(true);
            w->selection()->strokeSegment(QPoint(30, 30), QPoint(80, 30), 6);
            w->selection()->endStroke();
            mask = w->buildJob().mask;
            QVERIFY(!mask.isNull());
            QVERIFY(w->saveProject(project));
        }
        AppSettings().setValue(keys::iterations, 5);
        MainWindow w;
        QVERIFY(w.openProject(project));
        QCOMPARE(w.photoPath(), QFileInfo(photo_).absoluteFilePath());
        const StyleJob job = w.buildJob();
        QCOMPARE(job.run.weights, (LossWeights{3, 0.5, 20, 7e5}));
        QCOMPARE(job.run.iterations, 42);
        QCOMPARE(job.run.featherPx, 3);
        QCOMPARE(job.run.blend, BlendMode::Poisson);
        QCOMPARE(job.run.margin, 0.4);
        QCOMPARE(job.run.color, ColorPreservation::Histogram);
        QCOMPARE(job.mask, mask);
        QCOMPARE(job.instances.size(), 1);  // the painted mask is one instance for the engine
        QCOMPARE(job.instances.first().mask, mask);
        QCOMPARE(w.gallery()->currentPath(), QFileInfo(painting_).absoluteFilePath());
        QVERIFY(!w.openProject(photo_));  // not a project
    }

    // The slider's log mapping as the job sees it, without a run.
    void sliderMapsToJobWeights_data() {
        QTest::addColumn<int>("position");
        QTest::addColumn<double>("expected");
        QTest::newRow("left end") << 0 << 1e-2;
        QTest::newRow("1e2") << 400 << 1e2;
        QTest::newRow("1e4") << 600 << 1e4;
        QTest::newRow("right end") << logscale::kSliderMax << 1e10;
    }
    void sliderMapsToJobWeights() {
        QFETCH(int, position);
        QFETCH(double, expected);
        auto w = makeWindow(3);
        w->weightsPanel()->control(2)->slider()->setValue(position);  // θ
        const StyleJob job = w->buildJob();
        QVERIFY(qAbs(job.run.weights.theta - expected) <= 1e-12 * expected);
        QVERIFY(qAbs(w->weightsPanel()->control(2)->spinBox()->value() - expected) <= 1e-6 * expected);
    }

    // Moving a slider while the optimisation runs reaches the worker (live tuning), at both ends.
    void sliderReachesRunningWorker() {
        auto w = makeWindow(2000);
        StyleRunner* runner = w->runner();
        QSignalSpy progress(runner, &StyleRunner::progress);
        QSignalSpy applied(runner, &StyleRunner::weightsApplied);
        QVERIFY(w->startRun());
        QVERIFY(progress.wait(60000));
        QSlider* beta = w->weightsPanel()->control(1)->slider();
        for (const auto& [position, expected] : {std::pair{0, 1e-2}, std::pair{logscale::kSliderMax, 1e10}}) {
            beta->setValue(position);
            QCOMPARE(runner->workerWeights().beta, expected);
            QVERIFY(applied.wait(30000));
            const auto received = applied.takeLast().at(1).value<LossWeights>();
            QVERIFY2(qAbs(received.beta - expected) <= 1e-12 * expected, qPrintable(QString::number(received.beta)));
            QCOMPARE(received.alpha, 1.0);
        }
        QSignalSpy finished(runner, &StyleRunner::finished);
        w->stopRun();
        QVERIFY(finished.wait(30000));
    }

    void runEmitsPreviewsAndLoss() {
        const int iterations = 4;
        auto w = makeWindow(iterations);
        StyleRunner* runner = w->runner();
        QSignalSpy progress(runner, &StyleRunner::progress);
        QSignalSpy previews(runner, &StyleRunner::previewReady);
        QSignalSpy finished(runner, &StyleRunner::finished);
        QSignalSpy failed(runner, &StyleRunner::failed);
        QVERIFY(w->startRun());
        QVERIFY(!w->startRun());  // one run at a time
        QVERIFY2(finished.wait(120000), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QCOMPARE(progress.count(), iterations);
        for (int i = 0; i + 1 < iterations; ++i) QVERIFY(progress.at(i).at(4).toDouble() > 0);  // time left
        QCOMPARE(progress.last().at(4).toDouble(), 0.0);
        QVERIFY(previews.count() >= 1);
        QCOMPARE(previews.last().at(0).value<QImage>().size(), QSize(120, 80));   // merged: photo size
        QCOMPARE(previews.last().at(1).value<QImage>().size(), QSize(64, 43));  // work size (the engine rounds 42.7 up)
        QCOMPARE(w->lossChart()->pointCount(LossChart::Total), iterations);
        QCOMPARE(w->lossChart()->pointCount(LossChart::Style), iterations);
        const auto summary = finished.first().at(2).value<RunSummary>();
        QCOMPARE(summary.iterationsDone, iterations);
        QVERIFY(!summary.cancelled);
        QCOMPARE(w->resultImage().size(), QSize(120, 80));
        // A new run clears the curves.
        QVERIFY(w->startRun());
        QCOMPARE(w->lossChart()->pointCount(LossChart::Total), 0);
        QVERIFY(finished.wait(120000));
    }

    void stopEndsWithinOneIteration() {
        auto w = makeWindow(5000);
        StyleRunner* runner = w->runner();
        QSignalSpy progress(runner, &StyleRunner::progress);
        QSignalSpy finished(runner, &StyleRunner::finished);
        QVERIFY(w->startRun());
        while (progress.count() < 3) QVERIFY(progress.wait(60000));
        const int seen = progress.last().at(0).toInt();
        const double perIteration = progress.last().at(3).toDouble();
        QElapsedTimer clock;
        clock.start();
        w->stopRun();
        QVERIFY(finished.wait(30000));
        const qint64 ms = clock.elapsed();
        const auto summary = finished.first().at(2).value<RunSummary>();
        QVERIFY(summary.cancelled);
        // The worker may be one iteration ahead of the last progress the GUI had handled when
        // Stop was pressed, and finishes the iteration it is in: at most two more.
        QVERIFY2(summary.iterationsDone <= seen + 2,
                 qPrintable(QStringLiteral("%1 done, %2 seen").arg(summary.iterationsDone).arg(seen)));
        qInfo("stop: %lld ms after Stop, %.3f s per iteration", ms, perIteration);
        QVERIFY(ms < 2000 * perIteration + 1000);
        QCOMPARE(runner->state(), StyleRunner::State::Idle);
    }

    void exportWritesPhotoSize_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("format");
        QTest::newRow("png") << "out.png" << QByteArray("png");
        QTest::newRow("jpeg") << "out.jpg" << QByteArray("jpeg");
        QTest::newRow("tiff") << "out.tif" << QByteArray("tiff");
    }
    void exportWritesPhotoSize() {
        QFETCH(QString, name);
        QFETCH(QByteArray, format);
        auto w = makeWindow(2);
        QSignalSpy finished(w->runner(), &StyleRunner::finished);
        QVERIFY(w->startRun());
        QVERIFY(finished.wait(120000));
        const QString path = dir_.filePath(name);
        QVERIFY(instyle::test::exportAndWait(*w, path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray::fromStdString(instyle::sniffImageFormat(file.read(16).toStdString())), format);
        // Decoded by the engine's reader (Qt may lack a TIFF plugin).
        const cv::Mat image = instyle::loadImageRgb(path.toStdString());
        QCOMPARE(QSize(image.cols, image.rows), QSize(120, 80));
        QVERIFY(w->exportParameters(dir_.filePath(QStringLiteral("params.json"))));
        // An unwritable target fails and leaves no file.
        QVERIFY(!instyle::test::exportAndWait(*w, dir_.filePath(QStringLiteral("missing-folder/out.png"))));
    }

    // The time left in the status bar: nothing during the first iterations, then words, not a clock.
    void etaReadsAsWords() {
        auto w = makeWindow(40);
        const QList<QWidget*> labels = w->runController()->statusWidgets();
        QVERIFY(labels.size() >= 3);
        const auto* eta = qobject_cast<QLabel*>(labels.at(2));
        QVERIFY(eta);
        QStringList texts;
        connect(w->runner(), &StyleRunner::progress, this, [&texts, eta](int iteration) {
            texts << QStringLiteral("%1:%2").arg(iteration).arg(eta->text());  // the window's slot ran first
        });
        QSignalSpy finished(w->runner(), &StyleRunner::finished);
        QVERIFY(w->startRun());
        QVERIFY(finished.wait(120000));
        QCOMPARE(texts.size(), 40);
        const QRegularExpression words(QStringLiteral("^(less than a minute left|about \\d+ min left|about \\d+ h( \\d+ min)? left)$"));
        for (const QString& t : texts) {
            const int iteration = t.section(QLatin1Char(':'), 0, 0).toInt();
            const QString text = t.section(QLatin1Char(':'), 1);
            // From then on an estimate needs 3 s of the run as well, which a fast machine may not reach.
            if (iteration < 5) QVERIFY2(text.isEmpty(), qPrintable(t));
            else QVERIFY2(text.isEmpty() || words.match(text).hasMatch(), qPrintable(t));
        }
        QVERIFY(eta->text().isEmpty());  // cleared at the end
    }

    // Exporting a 20-megapixel photo: the window keeps processing events while the file is encoded
    // on the export's thread, the status bar says so, a second export is refused meanwhile, and
    // the file written is the photo.
    void exportKeepsTheWindowResponsive() {
        const QString large = dir_.filePath(QStringLiteral("large-photo.png"));
        instyle::test::writeTestImage(large, 5472, 3648, 3);
        auto w = instyle::test::makeTestWindow(2, large, painting_);
        QCOMPARE(w->photo().size(), QSize(5472, 3648));
        ImageExport* exporter = w->projectController()->imageExport();
        QAction* exportAction = w->projectController()->exportAction();
        QVERIFY(exportAction->isEnabled());
        QSignalSpy finished(exporter, &ImageExport::finished);
        QSignalSpy failed(exporter, &ImageExport::failed);
        int ticks = 0, ticksAtFinish = -1;
        QTimer timer;
        timer.setInterval(10);
        connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
        connect(exporter, &ImageExport::finished, this, [&] { ticksAtFinish = ticks; });
        timer.start();
        const QString path = dir_.filePath(QStringLiteral("large-export.png"));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(w->exportResult(path));
        const qint64 returnedMs = clock.elapsed();
        QVERIFY(exporter->busy());
        QVERIFY(!exportAction->isEnabled());
        QVERIFY2(w->statusBar()->currentMessage().contains(QStringLiteral("large-export.png")),
                 qPrintable(w->statusBar()->currentMessage()));
        QVERIFY(!w->exportResult(dir_.filePath(QStringLiteral("second.png"))));
        QVERIFY2(finished.wait(120000), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        qInfo("20 MP export from the window: exportResult() returned after %lld ms, written after %lld ms, "
              "%d timer ticks meanwhile", static_cast<long long>(returnedMs), static_cast<long long>(clock.elapsed()),
              ticksAtFinish);
        QVERIFY2(returnedMs < 300, qPrintable(QString::number(returnedMs)));
        QVERIFY2(ticksAtFinish >= 5, qPrintable(QString::number(ticksAtFinish)));
        QVERIFY(exportAction->isEnabled());
        QVERIFY(w->statusBar()->currentMessage().startsWith(QStringLiteral("Exported")));
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("second.png"))));
        const cv::Mat back = instyle::loadImageRgb(path.toStdString());
        const cv::Mat original = instyle::loadImageRgb(large.toStdString());
        QCOMPARE(QSize(back.cols, back.rows), QSize(5472, 3648));
        QCOMPARE(cv::norm(back, original, cv::NORM_INF), 0.0);
    }

    // A weight that makes the objective overflow mid-run: the run stops, the banner names the
    // term, the last good image is the result, and the window can run again.
    void numericFaultKeepsTheLastGoodImage() {
        auto w = makeWindow(50);
        StyleRunner* runner = w->runner();
        QSignalSpy progress(runner, &StyleRunner::progress);
        QSignalSpy finished(runner, &StyleRunner::finished);
        QVERIFY(w->startRun());
        QVERIFY(progress.wait(60000));
        runner->setWeights(LossWeights{1, 1e300, 1e4, 1e2});  // β·Ls overflows to infinity
        QVERIFY(finished.wait(120000));
        const auto summary = finished.first().at(2).value<RunSummary>();
        QVERIFY2(summary.error.contains("style"), qPrintable(summary.error));
        QVERIFY(summary.iterationsDone >= 1 && summary.iterationsDone < 50);
        QVERIFY2(w->bannerText().contains("last good image"), qPrintable(w->bannerText()));
        QCOMPARE(w->resultImage().size(), QSize(120, 80));
        QCOMPARE(runner->state(), StyleRunner::State::Idle);
        QVERIFY(w->startRun());
        w->stopRun();
        QVERIFY(finished.wait(120000));
    }

    void closingMidRunLeavesNoThread() {
        auto w = makeWindow(5000);
        StyleRunner* runner = w->runner();
        QSignalSpy progress(runner, &StyleRunner::progress);
        QVERIFY(w->startRun());
        QVERIFY(progress.wait(60000));
        const QThread* thread = runner->thread();
        QVERIFY(thread->isRunning());
        const auto asked = instyle::test::answerNextMessageBox(w.get(), QMessageBox::Yes);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(w->close());
        const qint64 ms = clock.elapsed();
        qInfo("close mid-run: %lld ms (with the question)", ms);
        QVERIFY(!asked->isEmpty());
        QVERIFY(!thread->isRunning());
        QVERIFY(thread->isFinished());
        QVERIFY(ms < 3000);
        w.reset();
    }

    // Quitting while a run goes (Ctrl+Q, or closing the window) asks first: No keeps the window
    // and the run, Yes quits. Without a run there is no question.
    void quitMidRunAsks() {
        auto w = makeWindow(5000);
        QAction* quit = nullptr;
        for (QAction* a : w->findChildren<QAction*>())
            if (a->text() == QStringLiteral("&Quit")) quit = a;  // Ctrl+Q (offscreen has no standard keys)
        QVERIFY(quit);
        QSignalSpy progress(w->runner(), &StyleRunner::progress);
        QVERIFY(w->startRun());
        QVERIFY(progress.wait(60000));
        auto asked = instyle::test::answerNextMessageBox(w.get(), QMessageBox::No);
        quit->trigger();
        QVERIFY2(asked->contains(QStringLiteral("run")), qPrintable(*asked));
        QVERIFY(w->isVisible());
        QVERIFY(w->runner()->busy());
        asked = instyle::test::answerNextMessageBox(w.get(), QMessageBox::Yes);
        quit->trigger();
        QVERIFY(!asked->isEmpty());
        QVERIFY(!w->isVisible());
        QVERIFY(!w->runner()->thread()->isRunning());

        auto idle = makeWindow(2);
        asked = instyle::test::answerNextMessageBox(idle.get(), QMessageBox::No, 500);
        QVERIFY(idle->close());
        QVERIFY(asked->isEmpty());
    }

    // Run becomes Pause and Resume in the toolbar without its buttons moving.
    void runButtonKeepsItsWidth() {
        auto w = makeWindow(5000);
        auto* toolbar = w->findChild<QToolBar*>(QStringLiteral("mainToolbar"));
        QVERIFY(toolbar);
        QAction* run = w->runController()->runAction();
        QWidget* runButton = toolbar->widgetForAction(run);
        QWidget* stopButton = toolbar->widgetForAction(w->runController()->stopAction());
        QVERIFY(runButton && stopButton);
        const auto settle = [] { QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); };
        settle();
        const int width = runButton->width(), stopX = stopButton->x();
        QSignalSpy progress(w->runner(), &StyleRunner::progress);
        QVERIFY(w->startRun());
        QVERIFY(progress.wait(60000));
        for (const QString& text : {QStringLiteral("&Pause"), QStringLiteral("&Resume")}) {
            QCOMPARE(run->text(), text);
            settle();
            QCOMPARE(runButton->width(), width);
            QCOMPARE(stopButton->x(), stopX);
            w->togglePause();
        }
        w->stopRun();
    }

    // Both .ts files are complete, compiled into the resources, and found by the window's tr().
    void translations_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("fileMenu");
        QTest::newRow("de") << "de" << QStringLiteral("&Datei");
        QTest::newRow("zh_CN") << "zh_CN" << QStringLiteral("文件(&F)");
    }
    void translations() {
        QFETCH(QString, language);
        QFETCH(QString, fileMenu);
        QFile ts(QStringLiteral(INSTYLE_TEST_SOURCE_DIR "/../translations/instyle_%1.ts").arg(language));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ts.readAll());
        QVERIFY(text.count(QStringLiteral("<message")) > 100);
        QVERIFY2(!text.contains(QStringLiteral("type=\"unfinished\"")), "unfinished entries");
        QVERIFY2(!text.contains(QRegularExpression(QStringLiteral("<translation>\\s*</translation>|<numerusform>\\s*</numerusform>"))),
                 "empty translations");
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/instyle_%1.qm").arg(language)));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        {
            MainWindow w;
            QCOMPARE(w.menuBar()->actions().first()->text(), fileMenu);
        }
        QCoreApplication::removeTranslator(&translator);
    }

    // Several selected instances: one engine instance each, with its own painting and weights
    // (chosen in the selection list); the run merges with the engine's hard blend, so every pixel
    // outside both masks is the photo's, exactly, in the previews and in the result.
    void perInstanceSettingsAndMerge() {
        const QString tall = dir_.filePath(QStringLiteral("tall.png"));
        instyle::test::writeTestImage(tall, 32, 64, 11);
        auto w = makeWindow(2);
        w->gallery()->addPaths({tall});
        w->weightsPanel()->setBlendMode(BlendMode::Hard);
        w->setLabelMap(twoInstanceLabels());
        InstanceSelection* sel = w->selection();
        sel->setSelected({0, 1});
        QCOMPARE(w->selectionList()->count(), 2);
        const int person = sel->className(0) == QLatin1String("person") ? 0 : 1, dog = 1 - person;

        // The person gets the tall painting and its own weights; the dog keeps the first painting.
        w->editInstance(person);
        QCOMPARE(w->editedInstance(), person);
        QVERIFY(w->gallery()->setCurrentPath(QFileInfo(tall).absoluteFilePath()));
        w->weightsPanel()->setWeights({2, 3, 4, 5});
        w->editInstance(dog);
        QCOMPARE(w->gallery()->currentPath(), QFileInfo(painting_).absoluteFilePath());  // the dog's own
        QCOMPARE(w->weightsPanel()->weights(), (LossWeights{1, 1, 1e4, 1e2}));
        w->weightsPanel()->setWeights({6, 7, 8, 9});
        QVERIFY(w->selectionList()->item(person)->text().contains(QStringLiteral("tall.png")));
        QVERIFY(w->selectionList()->item(person)->text().contains(QStringLiteral("α 2 β 3 θ 4 γ 5")));

        const StyleJob job = w->buildJob();
        QCOMPARE(job.instances.size(), 2);
        QCOMPARE(job.run.blend, BlendMode::Hard);
        const JobInstance& p = job.instances[person == sel->selected().first() ? 0 : 1];
        const JobInstance& d = job.instances[person == sel->selected().first() ? 1 : 0];
        QCOMPARE(p.weights, (LossWeights{2, 3, 4, 5}));
        QCOMPARE(d.weights, (LossWeights{6, 7, 8, 9}));
        QCOMPARE(p.style.size(), QSize(32, 64));  // the tall painting at the work size
        QCOMPARE(d.style.size(), QSize(64, 64));
        QCOMPARE(qGray(p.mask.pixel(25, 30)), 255);
        QCOMPARE(qGray(p.mask.pixel(90, 60)), 0);
        QCOMPARE(qGray(d.mask.pixel(90, 60)), 255);
        QCOMPARE(qGray(d.mask.pixel(25, 30)), 0);

        // A saved project brings the selection and each instance's own settings back once the
        // photo's label map is there (segmentation runs on the worker, so it may come later).
        {
            const QString project = dir_.filePath(QStringLiteral("instances.instyle"));
            QVERIFY(w->saveProject(project));
            MainWindow reopened;
            QVERIFY(reopened.openProject(project));
            QVERIFY(reopened.selection()->selected().isEmpty());  // no label map yet
            reopened.setLabelMap(twoInstanceLabels());
            QCOMPARE(reopened.selection()->selected().size(), 2);
            const StyleJob again = reopened.buildJob();
            QCOMPARE(again.instances.size(), 2);
            QCOMPARE(again.instances[person == sel->selected().first() ? 0 : 1].weights, (LossWeights{2, 3, 4, 5}));
            QCOMPARE(again.instances[person == sel->selected().first() ? 1 : 0].weights, (LossWeights{6, 7, 8, 9}));
            QCOMPARE(again.instances[person == sel->selected().first() ? 0 : 1].style.size(), QSize(32, 64));
        }

        QSignalSpy progress(w->runner(), &StyleRunner::progress);
        QSignalSpy previews(w->runner(), &StyleRunner::previewReady);
        QSignalSpy finished(w->runner(), &StyleRunner::finished);
        QVERIFY(w->startRun());
        QVERIFY(finished.wait(120000));
        QCOMPARE(progress.count(), 4);                      // 2 instances × 2 iterations
        QCOMPARE(progress.last().at(1).toInt(), 4);
        QCOMPARE(finished.first().at(2).value<RunSummary>().iterationsDone, 4);
        const QImage photo = QImage(photo_).convertToFormat(QImage::Format_RGB888);
        const QImage labels = twoInstanceLabels();
        // {pixels changed outside both masks, pixels changed inside}
        auto changes = [&](const QImage& merged) {
            QPair<int, int> n{0, 0};
            if (merged.size() != photo.size()) return QPair<int, int>{-1, -1};
            for (int y = 0; y < photo.height(); ++y)
                for (int x = 0; x < photo.width(); ++x) {
                    const bool inside = qGray(labels.pixel(x, y)) != 0;
                    const bool changed = merged.pixel(x, y) != photo.pixel(x, y);
                    (inside ? n.second : n.first) += changed;
                }
            return n;
        };
        QVERIFY(!previews.isEmpty());
        for (const auto& preview : previews)
            QCOMPARE(changes(preview.first().value<QImage>().convertToFormat(QImage::Format_RGB888)).first, 0);
        const QImage result = finished.first().first().value<QImage>().convertToFormat(QImage::Format_RGB888);
        const QPair<int, int> n = changes(result);
        QCOMPARE(n.first, 0);
        QVERIFY2(n.second > 1800, qPrintable(QString::number(n.second)));  // of the 2000 pixels inside, nearly all changed
        // The last preview of a hard merge is the result itself.
        QCOMPARE(previews.last().first().value<QImage>().convertToFormat(QImage::Format_RGB888), result);
    }

    // "Stylise the background": the selection stays the photo's, exactly; the rest changes.
    void backgroundOption() {
        auto w = makeWindow(2);
        w->weightsPanel()->setBlendMode(BlendMode::Hard);
        w->weightsPanel()->setBackground(true);
        QString error;
        w->buildJob(&error);
        QVERIFY(error.contains(QStringLiteral("background")));  // nothing selected: refused, with the reason
        w->setLabelMap(twoInstanceLabels());
        w->selection()->setSelected({0});
        const StyleJob job = w->buildJob(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(job.run.background);
        QSignalSpy finished(w->runner(), &StyleRunner::finished);
        QVERIFY(w->startRun());
        QVERIFY(finished.wait(120000));
        const QImage result = finished.first().first().value<QImage>().convertToFormat(QImage::Format_RGB888);
        const QImage photo = QImage(photo_).convertToFormat(QImage::Format_RGB888);
        const QImage mask = job.mask;
        int changedOutside = 0, outside = 0;
        for (int y = 0; y < photo.height(); ++y)
            for (int x = 0; x < photo.width(); ++x) {
                if (qGray(mask.pixel(x, y))) QCOMPARE(result.pixel(x, y), photo.pixel(x, y));
                else {
                    ++outside;
                    changedOutside += result.pixel(x, y) != photo.pixel(x, y);
                }
            }
        QVERIFY2(changedOutside > outside * 9 / 10, qPrintable(QStringLiteral("%1 of %2").arg(changedOutside).arg(outside)));
    }

    // The models dialog over the registry's entries: found / verified / mismatch / missing, with
    // the SHA-256 computed independently here (QCryptographicHash).
    void modelsDialogVerifies() {
        const QString models = modelsFolder(QStringLiteral("dialog"));
        AppSettings().setValue(keys::modelsDir, models);
        const QByteArray payload = QByteArray(200000, 'a') + QByteArray("tail");
        for (const char* name : {"good.bin", "bad.bin"}) {
            QFile f(QDir(models).filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(payload);
        }
        const std::string sha = QCryptographicHash::hash(payload, QCryptographicHash::Sha256).toHex().toStdString();
        std::vector<instyle::ModelEntry> entries(3);
        entries[0].id = "good"; entries[0].fileName = "good.bin"; entries[0].sha256 = sha;
        entries[1].id = "bad"; entries[1].fileName = "bad.bin"; entries[1].sha256 = std::string(64, '0');
        entries[2].id = "absent"; entries[2].fileName = "absent.bin";
        AppSettings settings;
        ModelsDialog dialog(settings, nullptr, entries);
        QCOMPARE(dialog.table()->rowCount(), 3);
        QVERIFY(dialog.statusText(0).contains(QStringLiteral("Checking SHA-256")));  // off the GUI thread
        QSignalSpy verified(&dialog, &ModelsDialog::verified);
        while (verified.count() < 2) QVERIFY(verified.wait(10000));
        QVERIFY2(dialog.statusText(0).contains(QStringLiteral("Verified")), qPrintable(dialog.statusText(0)));
        QVERIFY(dialog.statusText(0).contains(QDir::toNativeSeparators(QDir(models).filePath(QStringLiteral("good.bin")))));
        QVERIFY2(dialog.statusText(1).contains(QStringLiteral("mismatch")), qPrintable(dialog.statusText(1)));
        QCOMPARE(dialog.statusText(2), QStringLiteral("Missing"));
        // Every registry model is listed in the real dialog.
        ModelsDialog real(settings);
        QCOMPARE(real.table()->rowCount(), int(instyle::knownModels().size()));
    }

    // "Locate file…": a file that does not load is refused with the reason; one that loads is
    // linked (or copied) into the per-user folder, where the registry then finds it.
    void modelsDialogLocates() {
        const QString models = modelsFolder(QStringLiteral("locate"));
        const QString midas = QDir(models).filePath(QStringLiteral("some-name.pt"));
        instyle::test::writeRandomMidasCheckpoint(midas.toStdString(), 3);
        const QString junk = QDir(models).filePath(QStringLiteral("junk.pt"));
        {
            QFile f(junk);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a checkpoint");
        }
        AppSettings settings;
        ModelsDialog dialog(settings);
        int row = -1;
        for (int i = 0; i < int(instyle::knownModels().size()); ++i)
            if (instyle::knownModels()[size_t(i)].id == "midas_v21_small") row = i;
        QVERIFY(row >= 0);
        QSignalSpy located(&dialog, &ModelsDialog::located);
        dialog.locateFile(row, junk);
        QVERIFY(located.wait(30000));
        QCOMPARE(located.first().at(0).toBool(), false);
        QVERIFY(dialog.message().contains(QStringLiteral("junk.pt")));
        QCOMPARE(findModelFile(settings, modelIds::midas), QString());
        dialog.locateFile(row, midas);
        QVERIFY(located.wait(30000));
        QVERIFY2(located.last().at(0).toBool(), qPrintable(dialog.message()));
        QVERIFY(dialog.message().contains(QStringLiteral("linked")) || dialog.message().contains(QStringLiteral("copied")));
        const QString placed = QDir(userModelsDir()).filePath(QStringLiteral("midas_v21_small_256.pt"));
        QCOMPARE(findModelFile(settings, modelIds::midas), placed);
        QFile a(midas), b(placed);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());
        QFile::remove(placed);
    }

    // Downloads from a server on 127.0.0.1 that serves a 300 kB file: a transfer cancelled
    // half-way keeps its part; the next one resumes it with a Range request (206) and the file is
    // renamed only after its SHA-256 matched. A wrong hash deletes it; a closed port fails with a
    // message, never a hang.
    void modelDownload() {
        QByteArray payload(300000, Qt::Uninitialized);
        for (int i = 0; i < payload.size(); ++i) payload[i] = char((i * 7919) >> 3);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QList<QByteArray> requests;
        bool stallHalfway = true;
        QList<QTcpSocket*> stalled;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket* socket = server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
                    const QByteArray request = socket->readAll();
                    requests << request;
                    qint64 from = 0;
                    const int range = request.indexOf("Range: bytes=");
                    if (range >= 0) from = request.mid(range + 13, request.indexOf('-', range + 13) - range - 13).toLongLong();
                    const QByteArray body = payload.mid(from);
                    QByteArray head = from > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
                    head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
                    if (from > 0) head += "Content-Range: bytes " + QByteArray::number(from) + "-" +
                                          QByteArray::number(payload.size() - 1) + "/" + QByteArray::number(payload.size()) + "\r\n";
                    head += "Connection: close\r\n\r\n";
                    socket->write(head);
                    if (stallHalfway) {
                        socket->write(body.left(body.size() / 2));  // then nothing: the client cancels
                        stalled << socket;
                    } else {
                        socket->write(body);
                        socket->disconnectFromHost();
                    }
                });
            }
        });
        instyle::ModelEntry entry;
        entry.id = "tiny";
        entry.fileName = "tiny.bin";
        entry.url = QStringLiteral("http://127.0.0.1:%1/tiny.bin").arg(server.serverPort()).toStdString();
        entry.sha256 = QCryptographicHash::hash(payload, QCryptographicHash::Sha256).toHex().toStdString();
        const QString folder = modelsFolder(QStringLiteral("download"));

        ModelDownload download;
        QSignalSpy progress(&download, &ModelDownload::progress);
        QSignalSpy cancelled(&download, &ModelDownload::cancelled);
        QSignalSpy finished(&download, &ModelDownload::finished);
        QSignalSpy failed(&download, &ModelDownload::failed);
        QVERIFY(download.start(entry, folder));
        while (progress.isEmpty() || progress.last().at(0).toLongLong() < payload.size() / 2)
            QVERIFY2(progress.wait(10000), qPrintable(QStringLiteral("%1 requests (%5), %2 progress, last %3, failed %4")
                                                          .arg(requests.size()).arg(progress.size())
                                                          .arg(progress.isEmpty() ? -1 : progress.last().at(0).toLongLong())
                                                          .arg(failed.isEmpty() ? QString() : failed.first().first().toString())
                                                          .arg(QString::fromLatin1(requests.value(0)))));
        download.cancel();
        QVERIFY(cancelled.count() == 1 || cancelled.wait(10000));
        QCOMPARE(QFileInfo(download.partPath()).size(), qint64(payload.size() / 2));
        QVERIFY(!QFileInfo::exists(download.targetPath()));

        stallHalfway = false;
        QVERIFY(download.start(entry, folder));
        QVERIFY2(finished.wait(20000), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QVERIFY(requests.last().contains("Range: bytes=150000-"));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(payload.size()));
        QVERIFY(finished.first().at(1).toString().contains(QStringLiteral("verified")));
        QFile file(download.targetPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), payload);
        QVERIFY(!QFileInfo::exists(download.partPath()));

        // A hash that does not match: the file is not kept.
        entry.fileName = "wrong.bin";
        entry.sha256 = std::string(64, 'f');
        QVERIFY(download.start(entry, folder));
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.last().first().toString().contains(QStringLiteral("SHA-256")));
        QVERIFY(!QFileInfo::exists(download.targetPath()) && !QFileInfo::exists(download.partPath()));

        // Nothing listening: a clear message in the dialog, quickly.
        const quint16 port = server.serverPort();
        server.close();
        for (QTcpSocket* socket : stalled) socket->abort();
        entry.url = QStringLiteral("http://127.0.0.1:%1/tiny.bin").arg(port).toStdString();
        AppSettings settings;
        ModelsDialog dialog(settings, nullptr, {entry});
        QSignalSpy dialogFailed(dialog.download(), &ModelDownload::failed);
        QElapsedTimer clock;
        clock.start();
        dialog.startDownload(0);
        QVERIFY(dialogFailed.count() == 1 || dialogFailed.wait(20000));
        qInfo("download from a closed port failed after %lld ms: %s", clock.elapsed(), qPrintable(dialog.message()));
        QVERIFY(dialog.message().contains(QStringLiteral("failed")));
        QVERIFY(!dialog.download()->running());
    }

    // A 10 ms timer on the GUI thread during a run: how late does it fire?
    void eventLoopLatencyDuringRun() {
        QSettings().setValue(keys::workSize, 128);
        auto w = makeWindow(5000);
        AppSettings().setValue(keys::workSize, 128);
        w->weightsPanel()->setWorkSize(128);
        StyleRunner* runner = w->runner();
        QSignalSpy progress(runner, &StyleRunner::progress);
        QSignalSpy previews(runner, &StyleRunner::previewReady);
        QVERIFY(w->startRun());
        QVERIFY(progress.wait(60000));
        QTimer timer;
        timer.setInterval(10);
        timer.setTimerType(Qt::PreciseTimer);
        QElapsedTimer clock;
        qint64 last = -1, worst = 0;
        int ticks = 0;
        QEventLoop loop;
        connect(&timer, &QTimer::timeout, &loop, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (last >= 0) worst = qMax(worst, now - last - 10'000'000);
            last = now;
            if (++ticks >= 300) loop.quit();
        });
        clock.start();
        timer.start();
        loop.exec();
        timer.stop();
        const double worstMs = worst / 1e6;
        qInfo("event-loop latency during a run: max %.1f ms late over %d ticks (%lld progress, %lld previews)",
              worstMs, ticks, static_cast<long long>(progress.count()), static_cast<long long>(previews.count()));
        QVERIFY(progress.count() >= 2);  // the run was really going meanwhile
        QVERIFY2(worstMs < 500, qPrintable(QString::number(worstMs)));
        QSignalSpy finished(runner, &StyleRunner::finished);
        w->stopRun();
        QVERIFY(finished.wait(30000));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
