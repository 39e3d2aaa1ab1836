// Image reading and writing: formats taken from content, clear errors, atomic writes, and the
// exact cv::Mat ↔ tensor round trip.

#include "core/error.h"
#include "imaging/image_io.h"
#include "imaging/mat_tensor.h"

#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace instyle;

namespace {

cv::Mat gradient(int w, int h) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) m.at<cv::Vec3b>(y, x) = cv::Vec3b(x % 256, y % 256, (x * y) % 256);
    return m;
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Runs f and returns the message of the instyle::Error it throws ("" when none).
template <typename F>
QString errorOf(F f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
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

    void formatComesFromContent() {
        const std::string png = dir_.filePath("real.png").toStdString();
        saveImage(png, gradient(8, 8));
        const QString renamed = dir_.filePath("picture.txt");
        QVERIFY(QFile::copy(QString::fromStdString(png), renamed));
        QCOMPARE(loadImageRgb(renamed.toStdString()).cols, 8);
    }

    void badFilesGiveOneLineErrors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << "empty file";
        QTest::newRow("text") << QByteArray("hello, this is not an image\n") << "not an image";
        QTest::newRow("gif") << QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14) << "unsupported format";
        QTest::newRow("truncated png") << QByteArray("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16) << "truncated png";
        // A valid PNG header declaring 60000x60000: refused before any pixel is decoded.
        QByteArray huge("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\xea\x60\x00\x00\xea\x60\x08\x02\x00\x00\x00", 29);
        QTest::newRow("huge header") << huge << "too large";
    }

    void badFilesGiveOneLineErrors() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = dir_.filePath(QString("bad-%1.png").arg(QTest::currentDataTag()).replace(' ', '_'));
        writeBytes(path, bytes);
        const QString message = errorOf([&] { loadImageRgb(path.toStdString()); });
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY(!message.contains('\n'));
    }

    void truncatedFilesAreRefused_data() {
        QTest::addColumn<QString>("extension");
        QTest::newRow("jpeg") << "jpg";
        QTest::newRow("png") << "png";
    }

    void truncatedFilesAreRefused() {
        QFETCH(QString, extension);
        const std::string full = dir_.filePath("full." + extension).toStdString();
        saveImage(full, gradient(200, 150));
        QFile f(QString::fromStdString(full));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        for (double fraction : {0.3, 0.6, 0.9}) {
            const QString cut = dir_.filePath(QString("cut-%1.%2").arg(fraction).arg(extension));
            writeBytes(cut, bytes.left(int(bytes.size() * fraction)));
            const QString message = errorOf([&] { loadImageRgb(cut.toStdString()); });
            QVERIFY2(message.contains("truncated") || message.contains("cannot decode"), qPrintable(message));
        }
    }

    void layoutsBecomeRgb_data() {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("bitDepth");
        QTest::addColumn<bool>("alpha");
        QTest::newRow("grey 8") << int(CV_8UC1) << 8 << false;
        QTest::newRow("grey 16") << int(CV_16UC1) << 16 << false;
        QTest::newRow("rgb 16") << int(CV_16UC3) << 16 << false;
        QTest::newRow("rgba 8") << int(CV_8UC4) << 8 << true;
        QTest::newRow("rgba 16") << int(CV_16UC4) << 16 << true;
    }

    void layoutsBecomeRgb() {
        QFETCH(int, type);
        QFETCH(int, bitDepth);
        QFETCH(bool, alpha);
        cv::Mat m(12, 17, type);
        cv::randu(m, 0, CV_MAT_DEPTH(type) == CV_16U ? 65535 : 255);
        const std::string path = dir_.filePath(QString("layout-%1.png").arg(type)).toStdString();
        QVERIFY(cv::imwrite(path, m));
        const DecodedImage d = loadImage(path);
        QCOMPARE(d.rgb.type(), CV_8UC3);
        QCOMPARE(d.rgb.size(), cv::Size(17, 12));
        QCOMPARE(d.bitDepth, bitDepth);
        QCOMPARE(!d.alpha.empty(), alpha);
        if (type == CV_16UC3) {  // 16-bit values scale to 8 bits, channels swap to RGB
            const cv::Vec3w v = m.at<cv::Vec3w>(3, 4);
            QCOMPARE(int(d.rgb.at<cv::Vec3b>(3, 4)[0]), int(std::lround(v[2] / 257.0)));
        }
    }

    void exifOrientationIsApplied() {
        const std::string plain = dir_.filePath("plain.jpg").toStdString();
        saveImage(plain, gradient(40, 20));
        QFile f(QString::fromStdString(plain));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        // APP1 Exif segment with one IFD entry: Orientation (0x0112) = 6, "rotate 90° clockwise".
        const QByteArray app1("\xff\xe1\x00\x22" "Exif\x00\x00" "II\x2a\x00\x08\x00\x00\x00" "\x01\x00"
                              "\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00" "\x00\x00\x00\x00", 36);
        bytes.insert(2, app1);
        const QString rotated = dir_.filePath("rotated.jpg");
        writeBytes(rotated, bytes);
        const cv::Mat m = loadImageRgb(rotated.toStdString());
        QCOMPARE(m.cols, 20);
        QCOMPARE(m.rows, 40);
    }

    void tinyImagesAreRefused() {
        const std::string path = dir_.filePath("tiny.png").toStdString();
        QVERIFY(cv::imwrite(path, cv::Mat(1, 1, CV_8UC3, cv::Scalar(1, 2, 3))));
        QVERIFY(errorOf([&] { loadImageRgb(path); }).contains("too small"));
    }

    void unicodeAndSpacesInPaths() {
        const QString path = dir_.filePath(QString::fromUtf8("Bild mit Leerzeichen – äöü 猫.png"));
        saveImage(path.toStdString(), gradient(9, 9));
        QCOMPARE(loadImageRgb(path.toStdString()).cols, 9);
    }

    void missingAndDirectoryPaths() {
        QVERIFY(errorOf([&] { loadImageRgb(dir_.filePath("nope.png").toStdString()); }).contains("No such file"));
        QVERIFY(errorOf([&] { loadImageRgb(dir_.path().toStdString()); }).contains("directory"));
    }

    void outputPathsAreCheckedBeforeWork() {
        const std::string file = dir_.filePath("plain.png").toStdString();
        saveImage(file, gradient(4, 4));
        QVERIFY(errorOf([&] { checkOutputImagePath(file + "/child.png"); }).contains("not a folder"));
        QVERIFY(errorOf([&] { checkOutputImagePath(dir_.filePath("missing/x.png").toStdString()); }).contains("does not exist"));
        QVERIFY(errorOf([&] { checkOutputImagePath(dir_.filePath("x.xyz").toStdString()); }).contains("unknown output format"));
        QVERIFY(errorOf([&] { checkOutputImagePath(dir_.filePath("ok.jpg").toStdString()); }).isEmpty());
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
