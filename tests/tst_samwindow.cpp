// The window's "Anything (MobileSAM)" selection mode end to end, offscreen, on random MobileSAM
// weights in the official layout (tests/reference/sam_reference.py): the toolbar toggle, the
// photo's embedding on the worker thread (and from the cache when the photo is opened again), a
// click, an Alt+click and a dragged box each refining the mask, Enter making it an instance of
// the selection list, undo, Esc, and the message when the model file is missing.
//
// Random weights give arbitrary masks: the test checks what the window does with them (a mask at
// the photo's size after each prompt, a new one for each, an instance from it), not their shape.

#include "gui_fixtures.h"
#include "sam_fixture.h"
#include "test_support.h"
#include "ui/app_settings.h"
#include "ui/widgets/image_canvas.h"
#include "ui/project/instance_selection.h"
#include "ui/window/main_window.h"
#include "ui/workers/sam_session.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace instyle::ui;

namespace {

qint64 pixelsOn(const QImage& mask) {
    qint64 n = 0;
    for (int y = 0; y < mask.height(); ++y)
        for (int x = 0; x < mask.width(); ++x) n += mask.constScanLine(y)[x] != 0;
    return n;
}

}  // namespace

class TestSamWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString models_;   // a models folder holding the fixture as mobile_sam.pt
    QString photo_, painting_;
    QString fixtureNote_;  // why there is no fixture ("" when there is one)

    QString path(const QString& name) const { return dir_.filePath(name); }

    std::unique_ptr<MainWindow> makeWindow() { return instyle::test::makeTestWindow(2, photo_, painting_); }

    // The widget position of a photo pixel's centre.
    static QPoint at(const MainWindow& w, QPointF pixel) {
        return w.canvas()->imageToWidget(pixel + QPointF(0.5, 0.5)).toPoint();
    }

    // Waits until the mask shown is the current prompts' own; false on a timeout.
    static bool waitForMask(SamSession* sam, int timeoutMs = 60000) {
        QSignalSpy changed(sam, &SamSession::maskChanged);
        QElapsedTimer timer;
        timer.start();
        while (sam->maskPending() && timer.elapsed() < timeoutMs) changed.wait(int(timeoutMs - timer.elapsed()));
        return !sam->maskPending();
    }

    static bool waitUntilReady(SamSession* sam) {
        QSignalSpy ready(sam, &SamSession::ready);
        QSignalSpy failed(sam, &SamSession::failed);
        if (!sam->isReady() && !ready.wait(180000)) {
            qWarning("MobileSAM not ready: %s", failed.isEmpty() ? "timeout" : qPrintable(failed.first().first().toString()));
            return false;
        }
        return true;
    }

    // After a prompt: the mask is decoded, at the photo's size, not empty and not the previous one.
    void checkNewMask(MainWindow& w, QImage* previous, const char* what) {
        SamSession* sam = w.samSession();
        QVERIFY2(waitForMask(sam), what);
        const QImage mask = sam->mask();
        QVERIFY2(!mask.isNull(), what);
        QCOMPARE(mask.size(), QSize(w.canvas()->photo().size()));
        QVERIFY2(pixelsOn(mask) > 0, what);
        QVERIFY2(mask != *previous, what);
        qInfo("%s: mask of %lld pixels, decoded in %.3f s (worker %.3f s)", what, pixelsOn(mask), sam->lastLatency(),
              sam->lastDecodeSeconds());
        *previous = mask;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        instyle::test::isolateUserSettings(dir_.path(), QStringLiteral("tst_samwindow"));
        qunsetenv("INSTYLE_MODELS_DIR");
        painting_ = path(QStringLiteral("painting.png"));
        instyle::test::writeStripeImage(painting_, 64, 64);
        models_ = path(QStringLiteral("models"));
        QVERIFY(QDir().mkpath(models_));
        const QString model = QDir(models_).filePath(QStringLiteral("mobile_sam.pt"));
        // Random weights in the official layout.
        QVERIFY(instyle::test::writeMobileSamFixture(model));
        if (photo_.isEmpty() || !QFileInfo::exists(photo_)) {
            photo_ = path(QStringLiteral("photo.png"));
            instyle::test::writeTestImage(photo_, 320, 240, 3);
        }
    }

    // Every test starts from default settings.
    void cleanup() { QSettings().clear(); }

    // Without mobile_sam.pt the mode says what is missing and offers the models dialog.
    void missingModelSaysSo() {
        const QString empty = path(QStringLiteral("no-models"));
        QVERIFY(QDir().mkpath(empty));
        AppSettings().setValue(keys::modelsDir, empty);
        auto w = makeWindow();
        w->setAnythingMode(true);
        QVERIFY(w->anythingMode());
        QVERIFY2(w->bannerText().contains(QStringLiteral("mobile_sam.pt")), qPrintable(w->bannerText()));
        auto* models = w->findChild<QPushButton*>(QStringLiteral("getAllModels"));
        bool offered = false;
        for (QPushButton* b : w->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Models…") && b->isVisible()) offered = true;
        QVERIFY2(offered || (models && models->isVisible()), "the banner offers the models dialog");
        auto* info = w->findChild<QLabel*>(QStringLiteral("samInfo"));
        QVERIFY(info && info->isVisible());
        QVERIFY2(info->text().contains(QStringLiteral("not installed")), qPrintable(info->text()));
        QVERIFY(!w->samSession()->hasPhoto());
        // A click is no prompt: it repeats what is missing.
        QTest::mouseClick(w->canvas(), Qt::LeftButton, {}, at(*w, {10, 10}));
        QVERIFY(!w->samSession()->hasPrompts());
        QCOMPARE(w->selection()->instanceCount(), 0);
    }

    // The whole gesture: toggle, embedding, click, Alt+click, box, Enter, undo, Esc, reopen.
    void promptsMakeAnInstance() {
        if (!fixtureNote_.isEmpty()) QSKIP(qPrintable(fixtureNote_));
        AppSettings().setValue(keys::modelsDir, models_);
        auto w = makeWindow();
        SamSession* sam = w->samSession();
        QVERIFY(!w->anythingMode());
        auto* toggle = w->findChild<QAction*>(QStringLiteral("anythingModeAction"));
        QVERIFY(toggle);
        QSignalSpy preparing(sam, &SamSession::preparing);
        toggle->trigger();
        QVERIFY(w->anythingMode());
        QCOMPARE(AppSettings().text(keys::selectionMode), QStringLiteral("anything"));
        QVERIFY(w->canvas()->promptMode());
        QCOMPARE(preparing.count(), 1);
        QVERIFY(sam->isPreparing());
        // No FCN file here: the Selection panel shows MobileSAM's hint alone, not "unavailable".
        auto* selectionInfo = w->findChild<QLabel*>(QStringLiteral("selectionInfo"));
        QVERIFY(selectionInfo);
        QVERIFY2(!selectionInfo->isVisible(), qPrintable(selectionInfo->text()));
        QVERIFY(w->findChild<QLabel*>(QStringLiteral("samInfo"))->isVisible());
        QElapsedTimer wall;
        wall.start();
        QVERIFY(waitUntilReady(sam));
        QVERIFY(!sam->embeddingCached());
        qInfo("embedding: encoder %.2f s, %.2f s from opening the mode to ready", sam->secondsEncode(), wall.elapsed() / 1000.0);

        const QSize size = w->canvas()->photo().size();
        const QPointF centre(size.width() / 2, size.height() / 2);
        QImage mask;
        QTest::mouseClick(w->canvas(), Qt::LeftButton, {}, at(*w, centre));
        QCOMPARE(sam->actions().size(), 1);
        QCOMPARE(sam->actions().first().kind, SamAction::Include);
        QCOMPARE(sam->actions().first().point, centre);
        checkNewMask(*w, &mask, "include click");
        if (QTest::currentTestFailed()) return;

        const QPointF off(size.width() * 5 / 8, size.height() / 2);
        QTest::mouseClick(w->canvas(), Qt::LeftButton, Qt::AltModifier, at(*w, off));
        QCOMPARE(sam->actions().size(), 2);
        QCOMPARE(sam->actions().last().kind, SamAction::Exclude);
        checkNewMask(*w, &mask, "exclude click");
        if (QTest::currentTestFailed()) return;
        const QImage beforeBox = mask;

        const QPointF from(size.width() / 4, size.height() / 4), to(size.width() * 3 / 4, size.height() * 3 / 4);
        QTest::mousePress(w->canvas(), Qt::LeftButton, {}, at(*w, from));
        QTest::mouseMove(w->canvas(), at(*w, (from + to) / 2));
        QTest::mouseMove(w->canvas(), at(*w, to));
        QTest::mouseRelease(w->canvas(), Qt::LeftButton, {}, at(*w, to));
        QCOMPARE(sam->actions().size(), 3);
        QCOMPARE(sam->actions().last().kind, SamAction::Box);
        const QRectF box = sam->actions().last().box;
        QVERIFY2(qAbs(box.left() - from.x()) <= 2 && qAbs(box.bottom() - to.y()) <= 2, qPrintable(QStringLiteral("%1,%2 %3x%4")
                 .arg(box.left()).arg(box.top()).arg(box.width()).arg(box.height())));
        checkNewMask(*w, &mask, "box");
        if (QTest::currentTestFailed()) return;
        QVERIFY(sam->iouPrediction() == sam->iouPrediction());  // a number

        // Undo and redo of a prompt show their masks again without decoding.
        w->undoStack()->undo();
        QCOMPARE(sam->actions().size(), 2);
        QVERIFY(!sam->maskPending());
        QCOMPARE(sam->mask(), beforeBox);
        w->undoStack()->redo();
        QCOMPARE(sam->actions().size(), 3);
        QCOMPARE(sam->mask(), mask);

        // Enter: the mask becomes an instance of the selection list, with the panel's look.
        const int before = w->selection()->instanceCount();
        QTest::keyClick(w->canvas(), Qt::Key_Return);
        QCOMPARE(w->selection()->instanceCount(), before + 1);
        QCOMPARE(w->selection()->selected(), QList<int>{before});
        QCOMPARE(w->selection()->className(before), QStringLiteral("object"));
        QCOMPARE(w->selectionList()->count(), 1);
        // Numbered among MobileSAM's objects, not after the segmenter's instances.
        QVERIFY2(w->selectionList()->item(0)->text().startsWith(QStringLiteral("object 1 ")),
                 qPrintable(w->selectionList()->item(0)->text()));
        QCOMPARE(w->editedInstance(), before);
        QVERIFY(!sam->hasPrompts());
        QVERIFY(sam->mask().isNull());
        QCOMPARE(w->selection()->mask(), mask);
        QString error;
        const StyleJob job = w->buildJob(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(job.instances.size(), 1);
        QCOMPARE(pixelsOn(job.instances.first().mask), pixelsOn(mask));
        QCOMPARE(job.instances.first().label, QStringLiteral("object 1"));
        QVERIFY2(selectionInfo->isVisible() && selectionInfo->text().contains(QStringLiteral("selected")),
                 qPrintable(selectionInfo->text()));

        // The mask tools apply to it.
        w->selection()->grow(3);
        QVERIFY(pixelsOn(w->selection()->mask()) > pixelsOn(mask));
        w->undoStack()->undo();
        QCOMPARE(w->selection()->mask(), mask);

        // Undo takes the instance back out and gives the prompts back; redo adds it again.
        w->undoStack()->undo();
        QCOMPARE(w->selection()->instanceCount(), before);
        QCOMPARE(w->selectionList()->count(), 0);
        QCOMPARE(sam->actions().size(), 3);
        QCOMPARE(sam->mask(), mask);
        w->undoStack()->redo();
        QCOMPARE(w->selection()->instanceCount(), before + 1);
        QVERIFY(!sam->hasPrompts());

        // Esc discards pending prompts (and leaves the selection alone).
        QTest::mouseClick(w->canvas(), Qt::LeftButton, {}, at(*w, off));
        QVERIFY(sam->hasPrompts());
        QVERIFY(waitForMask(sam));
        QVERIFY(!sam->mask().isNull());
        QTest::keyClick(w->canvas(), Qt::Key_Escape);
        QVERIFY(!sam->hasPrompts());
        QVERIFY(sam->mask().isNull());
        QCOMPARE(w->selection()->instanceCount(), before + 1);

        // Enter right after a click, while its mask is being decoded: the object is added when the
        // mask arrives. Undo takes it out again and gives the click back; Esc drops that.
        QTest::mouseClick(w->canvas(), Qt::LeftButton, {}, at(*w, QPointF(size.width() / 3, size.height() / 2)));
        QVERIFY(sam->maskPending());  // a prompt not decoded before
        QTest::keyClick(w->canvas(), Qt::Key_Enter);
        QCOMPARE(w->selection()->instanceCount(), before + 1);
        QVERIFY(waitForMask(sam));
        QCOMPARE(w->selection()->instanceCount(), before + 2);
        QVERIFY(!sam->hasPrompts());
        w->undoStack()->undo();
        QCOMPARE(w->selection()->instanceCount(), before + 1);
        QCOMPARE(sam->actions().size(), 1);
        QTest::keyClick(w->canvas(), Qt::Key_Escape);
        QVERIFY(!sam->hasPrompts());

        // Objects mode: clicks select instances again, the object among them.
        w->findChild<QAction*>(QStringLiteral("objectsModeAction"))->trigger();
        QVERIFY(!w->anythingMode());
        QVERIFY(!w->canvas()->promptMode());
        QCOMPARE(AppSettings().text(keys::selectionMode), QStringLiteral("objects"));

        // Saved as a project, the object comes back from its mask. The project in a new window that
        // remembers the mode: the embedding comes from the cache (memory is per window; the file
        // in $XDG_CACHE_HOME/instyle/sam is shared with the CLI), with no encoding.
        const QString project = path(QStringLiteral("object.instyle"));
        QVERIFY(w->saveProject(project));
        w.reset();
        AppSettings().setValue(keys::selectionMode, QStringLiteral("anything"));
        QVERIFY(QDir(QString::fromLocal8Bit(qgetenv("XDG_CACHE_HOME")) + QStringLiteral("/instyle/sam"))
                    .entryList(QDir::Files).size() >= 1);
        wall.restart();
        auto again = makeWindow();
        QVERIFY(again->anythingMode());
        QVERIFY(again->openProject(project));
        QCOMPARE(again->selection()->instanceCount(), before + 1);
        QCOMPARE(again->selection()->selected(), QList<int>{before});
        QCOMPARE(again->selection()->className(before), QStringLiteral("object"));
        QCOMPARE(again->selection()->mask(), mask);
        QCOMPARE(again->selectionList()->count(), 1);
        QVERIFY(waitUntilReady(again->samSession()));
        QVERIFY(again->samSession()->embeddingCached());
        QCOMPARE(again->samSession()->secondsEncode(), 0.0);
        qInfo("reopened: ready from the cache %.2f s after opening", wall.elapsed() / 1000.0);
        QTest::mouseClick(again->canvas(), Qt::LeftButton, {}, at(*again, centre));
        QVERIFY(waitForMask(again->samSession()));
        QCOMPARE(again->samSession()->mask().size(), size);
    }

    // Anything mode shows only its own hint and tint: the segmenter's instances are neither
    // tinted nor hinted at ("Click one on the image…"), the selection keeps its outline, and
    // objects added from masks are numbered on their own ("object 1", "object 2") after six
    // segmented instances. Objects mode brings the instances' tint and hint back.
    void anythingModeShowsOnlyItsOwn() {
        const QString empty = path(QStringLiteral("no-models"));
        QVERIFY(QDir().mkpath(empty));
        AppSettings().setValue(keys::modelsDir, empty);
        auto w = makeWindow();
        const QSize size = w->canvas()->photo().size();
        // Six people, 20x20 blocks along the top.
        QImage labels(size, QImage::Format_Grayscale8);
        labels.fill(0);
        for (int k = 0; k < 6; ++k)
            for (int y = 10; y < 30; ++y) std::fill_n(labels.scanLine(y) + 10 + 40 * k, 20, uchar(15));
        w->setLabelMap(labels);
        QCOMPARE(w->selection()->instanceCount(), 6);
        auto* hint = w->findChild<QLabel*>(QStringLiteral("selectionInfo"));
        auto* samInfo = w->findChild<QLabel*>(QStringLiteral("samInfo"));
        QVERIFY(hint->isVisible() && hint->text().contains(QStringLiteral("Click one")));
        QVERIFY(!samInfo->isVisible());
        QVERIFY(qAlpha(w->canvas()->overlay().pixel(20, 20)) > 0);  // an instance, tinted

        w->setAnythingMode(true);
        QVERIFY2(!hint->isVisible(), qPrintable(hint->text()));
        QVERIFY(samInfo->isVisible());
        QVERIFY(w->canvas()->overlay().isNull() || qAlpha(w->canvas()->overlay().pixel(20, 20)) == 0);

        QImage mask(size, QImage::Format_Grayscale8);
        mask.fill(0);
        for (int y = 100; y < 160; ++y) std::fill_n(mask.scanLine(y) + 100, 80, uchar(255));
        const int first = w->selection()->addObject(mask);
        QCOMPARE(first, 6);
        QCOMPARE(w->selectionList()->count(), 1);
        QVERIFY2(w->selectionList()->item(0)->text().startsWith(QStringLiteral("object 1 ")),
                 qPrintable(w->selectionList()->item(0)->text()));
        QImage second(size, QImage::Format_Grayscale8);
        second.fill(0);
        for (int y = 170; y < 220; ++y) std::fill_n(second.scanLine(y) + 20, 60, uchar(255));
        w->selection()->setSelected({first, w->selection()->addObject(second)});
        QCOMPARE(w->buildJob().instances.size(), 2);
        QCOMPARE(w->buildJob().instances.at(1).label, QStringLiteral("object 2"));
        QVERIFY2(hint->isVisible() && !hint->text().contains(QStringLiteral("Click one")), qPrintable(hint->text()));
        // The selection's outline, nothing inside it, no instance tinted.
        const QImage overlay = w->canvas()->overlay();
        QCOMPARE(qAlpha(overlay.pixel(100, 130)), 255);
        QCOMPARE(qAlpha(overlay.pixel(140, 130)), 0);
        QCOMPARE(qAlpha(overlay.pixel(20, 20)), 0);

        w->findChild<QAction*>(QStringLiteral("objectsModeAction"))->trigger();
        QVERIFY(!samInfo->isVisible());
        QVERIFY(qAlpha(w->canvas()->overlay().pixel(20, 20)) > 0);
        w->selection()->setSelected({});
        QVERIFY2(hint->isVisible() && hint->text().contains(QStringLiteral("Click one")), qPrintable(hint->text()));
    }
};

QTEST_MAIN(TestSamWindow)
#include "tst_samwindow.moc"
