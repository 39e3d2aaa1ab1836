// Image reading and writing: exact round trips, atomic writes, resizing, and the exact
// cv::Mat ↔ tensor round trip. Bad and unusual input files (formats, truncation, layouts, EXIF,
// paths, output paths) are in tst_badinput's matrix, through the engine and the CLI.

#include "error_of.h"

#include "core/base/error.h"
#include "imaging/io/image_io.h"
#include "imaging/io/mat_tensor.h"

#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace instyle;
using instyle::test::errorOf;

namespace {

cv::Mat gradient(int w, int h) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) m.at<cv::Vec3b>(y, x) = cv::Vec3b(x % 256, y % 256, (x * y) % 256);
    return m;
}

}  // namespace

class TestImageIo : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void roundTripIsExactForPng() {
        const cv::Mat rgb = gradient(37, 21);
        const std::string path = dir_.filePath("a.png").toStdString();
        saveImage(path, rgb);
        const cv::Mat back = loadImageRgb(path);
        QCOMPARE(back.cols, 37);
        QCOMPARE(back.rows, 21);
        QCOMPARE(cv::norm(back, rgb, cv::NORM_INF), 0.0);
    }

    void channelsStayRgb() {
        cv::Mat red(4, 4, CV_8UC3, cv::Scalar(255, 0, 0));  // RGB red in memory
        const std::string path = dir_.filePath("red.png").toStdString();
        saveImage(path, red);
        const cv::Mat onDisk = cv::imread(path);  // OpenCV reads BGR
        QCOMPARE(onDisk.at<cv::Vec3b>(0, 0)[2], uchar(255));
        QCOMPARE(onDisk.at<cv::Vec3b>(0, 0)[0], uchar(0));
    }

    void failedWriteKeepsThePreviousFile() {
        const QString sub = dir_.filePath("ro");
        QVERIFY(QDir().mkpath(sub));
        const std::string path = (sub + "/keep.png").toStdString();
        saveImage(path, gradient(5, 5));
        const QByteArray before = [&] { QFile f(QString::fromStdString(path)); f.open(QIODevice::ReadOnly); return f.readAll(); }();
        QFile::setPermissions(sub, QFile::ReadOwner | QFile::ExeOwner);
        const bool asRoot = ::geteuid() == 0;  // root ignores directory permissions
        const QString message = errorOf([&] { saveImage(path, gradient(9, 9)); });
        QFile::setPermissions(sub, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        if (!asRoot) QVERIFY2(message.contains("cannot write"), qPrintable(message));
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        if (!asRoot) QCOMPARE(f.readAll(), before);
        // No temporary files are left behind either way.
        QCOMPARE(QDir(sub).entryList(QDir::Files).size(), 1);
    }

    void resizeLongSide_data() {
        QTest::addColumn<int>("w");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("target");
        QTest::addColumn<int>("ew");
        QTest::addColumn<int>("eh");
        QTest::newRow("landscape down") << 400 << 300 << 200 << 200 << 150;
        QTest::newRow("portrait up") << 30 << 60 << 120 << 60 << 120;
        QTest::newRow("unchanged") << 64 << 32 << 64 << 64 << 32;
        QTest::newRow("extreme") << 1000 << 2 << 100 << 100 << 1;
    }

    void resizeLongSide() {
        QFETCH(int, w);
        QFETCH(int, h);
        QFETCH(int, target);
        QFETCH(int, ew);
        QFETCH(int, eh);
        const cv::Mat out = instyle::resizeLongSide(gradient(w, h), target);
        QCOMPARE(out.cols, ew);
        QCOMPARE(out.rows, eh);
    }

    void tensorRoundTripIsExact() {
        const cv::Mat rgb = gradient(19, 11);
        const auto t = matToTensor(rgb);
        QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{1, 3, 11, 19}));
        // Pixel (0,0) = (0,0,0) → (0 − mean)/std per channel.
        QVERIFY(std::abs(t[0][0][0][0].item<double>() - (-0.485 / 0.229)) < 1e-6);
        QCOMPARE(cv::norm(tensorToMat(t), rgb, cv::NORM_INF), 0.0);
    }

    void maskToTensorScalesTo01() {
        cv::Mat m(3, 4, CV_8UC1, cv::Scalar(0));
        m.at<uchar>(1, 2) = 255;
        const auto t = maskToTensor(m);
        QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{1, 1, 3, 4}));
        QCOMPARE(t[0][0][1][2].item<float>(), 1.0f);
        QCOMPARE(t.sum().item<float>(), 1.0f);
    }
};

QTEST_GUILESS_MAIN(TestImageIo)
#include "tst_imageio.moc"
