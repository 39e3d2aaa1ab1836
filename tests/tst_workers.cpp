// The worker thread every long job of the window uses (WorkerThread) and the export that runs on
// it (ImageExport): queued calls run on the worker's thread in order; shutdown disconnects, cancels,
// quits and waits, and a job that ignores the cancel is left to finish rather than terminated; an
// export of a 20-megapixel image leaves the GUI thread's event loop running and writes the file
// whole; a failing export reports it and leaves no file behind.

#include "imaging/io/image_io.h"
#include "ui/workers/image_export.h"
#include "ui/workers/worker_thread.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <memory>

using namespace instyle::ui;

namespace {

// A worker whose job spins until cancelled (or, with `obeys` false, for `ignoreMs` regardless).
class SpinWorker : public QObject {
    Q_OBJECT
public:
    explicit SpinWorker(std::atomic<const QThread*>* deletedOn) : deletedOn_(deletedOn) {}
    ~SpinWorker() override { deletedOn_->store(QThread::currentThread()); }

    std::atomic_bool cancel{false};
    std::atomic_bool inJob{false};

    void spin(bool obeys, int ignoreMs) {
        inJob = true;
        QElapsedTimer clock;
        clock.start();
        while (obeys ? !cancel.load() : clock.elapsed() < ignoreMs) QThread::msleep(1);
        Q_EMIT done();
    }

Q_SIGNALS:
    void done();

private:
    std::atomic<const QThread*>* deletedOn_;
};

QStringList entries(const QString& dir) { return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden); }

// Smooth with fine detail, so that PNG and JPEG have real work and a wrong pixel shows.
QImage testImage(int width, int height) {
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x) {
            line[3 * x] = uchar(x * 255 / width);
            line[3 * x + 1] = uchar(y * 255 / height);
            line[3 * x + 2] = uchar((x * 7 + y * 13) & 0xff);
        }
    }
    return image;
}

}  // namespace

class TestWorkers : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void queuedCallsRunOnTheWorkerInOrder() {
        std::atomic<const QThread*> deletedOn{nullptr};
        const QThread* workerThread = nullptr;
        {
            WorkerThread thread(QStringLiteral("test-worker"));
            QVERIFY(!thread.invoke([] {}));  // not started
            auto* worker = new SpinWorker(&deletedOn);
            thread.start(worker);
            QVERIFY(thread.isRunning());
            QCOMPARE(thread.worker(), worker);
            QCOMPARE(thread.workerThread()->objectName(), QStringLiteral("test-worker"));
            workerThread = thread.workerThread();
            QList<int> order;
            QList<const QThread*> ranOn;
            for (int i = 0; i < 5; ++i)
                QVERIFY(thread.invoke([&order, &ranOn, i] {
                    order << i;  // the GUI thread waits below: no concurrent access
                    ranOn << QThread::currentThread();
                }));
            std::atomic_bool last{false};
            QVERIFY(thread.invoke([&last] { last = true; }));
            QTRY_VERIFY(last.load());
            QCOMPARE(order, QList<int>({0, 1, 2, 3, 4}));
            for (const QThread* t : ranOn) QCOMPARE(t, workerThread);
            QVERIFY(thread.shutdown());
            QVERIFY(!thread.isRunning());
            QVERIFY(!thread.worker());
            QVERIFY(!thread.invoke([] {}));  // shut down
            QVERIFY(thread.shutdown());      // again: nothing to do
        }
        // The worker's LibTorch state is freed where it was made.
        QCOMPARE(deletedOn.load(), workerThread);
    }

    // Gwenview's rule, for a job that is idle, one that stops when cancelled, and one that does not.
    void shutdown_data() {
        QTest::addColumn<bool>("busy");
        QTest::addColumn<bool>("obeys");
        QTest::addColumn<bool>("endsInTime");
        QTest::newRow("idle") << false << true << true;
        QTest::newRow("cancelled job") << true << true << true;
        QTest::newRow("job ignoring the cancel") << true << false << false;
    }
    void shutdown() {
        QFETCH(bool, busy);
        QFETCH(bool, obeys);
        QFETCH(bool, endsInTime);
        std::atomic<const QThread*> deletedOn{nullptr};
        auto thread = std::make_unique<WorkerThread>(QStringLiteral("test-worker"));
        auto* worker = new SpinWorker(&deletedOn);
        bool cancelSawDisconnected = false;
        QObject receiver;
        int received = 0;
        connect(worker, &SpinWorker::done, &receiver, [&received] { ++received; });
        thread->start(worker, [worker, &cancelSawDisconnected] {
            // Disconnected before the cancel: what the job emits as it stops reaches no one.
            cancelSawDisconnected = !QObject::disconnect(worker, &SpinWorker::done, nullptr, nullptr);
            worker->cancel = true;
        });
        if (busy) {
            QVERIFY(thread->invoke([worker, obeys] { worker->spin(obeys, 1500); }));
            QTRY_VERIFY(worker->inJob.load());
        }
        const QThread* workerThread = thread->workerThread();
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(thread->shutdown(300), endsInTime);
        QVERIFY(cancelSawDisconnected);
        QVERIFY(clock.elapsed() < 1000);
        QCOMPARE(thread->workerThread()->isRunning(), !endsInTime);
        // Not terminated: the destructor waits for the job to end on its own.
        thread.reset();
        QCOMPARE(deletedOn.load(), workerThread);
        QCoreApplication::processEvents();
        QCOMPARE(received, 0);
    }

    // 20 megapixels to PNG take seconds: the GUI thread's loop keeps running meanwhile, and the
    // file read back is the image.
    void exportKeepsTheEventLoopRunning() {
        const QImage image = testImage(5472, 3648);
        const QString path = dir_.filePath(QStringLiteral("large.png"));
        ImageExport exporter;
        QSignalSpy finished(&exporter, &ImageExport::finished);
        QSignalSpy failed(&exporter, &ImageExport::failed);
        QSignalSpy busy(&exporter, &ImageExport::busyChanged);
        int ticks = 0, ticksAtFinish = -1;
        QTimer timer;
        timer.setInterval(10);
        connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
        connect(&exporter, &ImageExport::finished, this, [&] { ticksAtFinish = ticks; });
        timer.start();
        QElapsedTimer clock;
        clock.start();
        QVERIFY(exporter.start(image, path));
        const qint64 startMs = clock.elapsed();
        QVERIFY(exporter.busy());
        QCOMPARE(exporter.path(), path);
        // One at a time.
        QVERIFY(!exporter.start(image, dir_.filePath(QStringLiteral("second.png"))));
        QVERIFY2(finished.wait(120000), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        const qint64 totalMs = clock.elapsed();
        qInfo("20 MP PNG: start() returned after %lld ms, written after %lld ms, %d timer ticks meanwhile",
              static_cast<long long>(startMs), static_cast<long long>(totalMs), ticksAtFinish);
        QVERIFY2(startMs < 200, qPrintable(QString::number(startMs)));
        QVERIFY2(ticksAtFinish >= 5, qPrintable(QString::number(ticksAtFinish)));
        QCOMPARE(finished.first().first().toString(), path);
        QVERIFY(!exporter.busy());
        QCOMPARE(busy.size(), 2);
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("second.png"))));
        const cv::Mat back = instyle::loadImageRgb(path.toStdString());
        QCOMPARE(QSize(back.cols, back.rows), image.size());
        for (const QPoint p : {QPoint(0, 0), QPoint(5471, 3647), QPoint(1234, 2345)}) {
            const cv::Vec3b v = back.at<cv::Vec3b>(p.y(), p.x());
            const uchar* q = image.constScanLine(p.y()) + 3 * p.x();
            QCOMPARE(QList<int>({v[0], v[1], v[2]}), QList<int>({q[0], q[1], q[2]}));
        }
    }

    void exportFormats_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("format");
        QTest::newRow("png") << "out.png" << QByteArray("png");
        QTest::newRow("jpeg") << "out.jpg" << QByteArray("jpeg");
        QTest::newRow("tiff") << "out.tiff" << QByteArray("tiff");
    }
    void exportFormats() {
        QFETCH(QString, name);
        QFETCH(QByteArray, format);
        QCOMPARE(ImageExport::formatForPath(name), format);
        const QString path = dir_.filePath(name);
        ImageExport exporter;
        QSignalSpy finished(&exporter, &ImageExport::finished);
        QVERIFY(exporter.start(testImage(300, 200), path));
        QVERIFY(finished.wait(30000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray::fromStdString(instyle::sniffImageFormat(file.read(16).toStdString())), format);
    }

    // A folder that cannot hold the file (a file stands where the folder should be, or it is gone):
    // failed() names the path and the reason, and nothing is left beside the target.
    void exportFailure_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        for (const char* kind : {"parentIsFile", "vanished"})
            for (const char* name : {"out.png", "out.jpg", "out.tif"})
                QTest::addRow("%s, %s", kind, name) << QString::fromLatin1(kind) << QString::fromLatin1(name);
    }
    void exportFailure() {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        const QString base = dir_.filePath(QStringLiteral("fail-%1-%2").arg(kind, name));
        QVERIFY(QDir().mkpath(base));
        QString path;
        if (kind == QLatin1String("parentIsFile")) {
            QFile file(QDir(base).filePath(QStringLiteral("file")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("x");
            path = QDir(base).filePath(QStringLiteral("file/") + name);
        } else {
            path = QDir(base).filePath(QStringLiteral("gone/") + name);
        }
        const QStringList before = entries(base);
        ImageExport exporter;
        QSignalSpy finished(&exporter, &ImageExport::finished);
        QSignalSpy failed(&exporter, &ImageExport::failed);
        QVERIFY(exporter.start(testImage(640, 480), path));
        QVERIFY(failed.wait(30000));
        QVERIFY(finished.isEmpty());
        QCOMPARE(failed.first().at(0).toString(), path);
        QVERIFY(!failed.first().at(1).toString().isEmpty());
        QVERIFY(!exporter.busy());
        QCOMPARE(entries(base), before);
        // The exporter takes the next one.
        QSignalSpy done(&exporter, &ImageExport::finished);
        QVERIFY(exporter.start(testImage(64, 48), QDir(base).filePath(name)));
        QVERIFY(done.wait(30000));
    }

    // Closing the window with an export under way: the file is finished, not cut off.
    void destroyedWhileExporting() {
        const QString path = dir_.filePath(QStringLiteral("closing.png"));
        const QImage image = testImage(3000, 2000);
        {
            ImageExport exporter;
            QVERIFY(exporter.start(image, path));
        }
        const cv::Mat back = instyle::loadImageRgb(path.toStdString());
        QCOMPARE(QSize(back.cols, back.rows), image.size());
        QCOMPARE(entries(dir_.path()).filter(QStringLiteral("closing")), QStringList{QStringLiteral("closing.png")});
    }
};

QTEST_GUILESS_MAIN(TestWorkers)
#include "tst_workers.moc"
