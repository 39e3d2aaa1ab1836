// Generators of the bad and unusual inputs tst_badinput feeds the engine and instyle-cli.

#include "bad_input_files.h"

#include "imaging/io/image_io.h"

#include <opencv2/imgcodecs.hpp>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QtEndian>
#include <QtTest>

#include <cmath>
#include <memory>

#include <unistd.h>

using namespace instyle;

namespace instyle::test {

namespace {

// --- a minimal PNG writer, for the layouts OpenCV and Qt do not write (grey+alpha, palette) ---

quint32 crc32(const QByteArray& data) {
    quint32 c = 0xffffffffu;
    for (const char ch : data) {
        c ^= static_cast<quint8>(ch);
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

QByteArray be32(quint32 v) {
    QByteArray b(4, '\0');
    qToBigEndian(v, b.data());
    return b;
}

QByteArray chunk(const char* type, const QByteArray& data) {
    const QByteArray body = QByteArray(type, 4) + data;
    return be32(static_cast<quint32>(data.size())) + body + be32(crc32(body));
}

// colorType: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA (8 bits per sample); `pixel` gives the
// samples of (x, y).
template <typename Pixel>
QByteArray encodePng(int w, int h, int colorType, int samples, Pixel pixel, const QByteArray& plte = {}) {
    QByteArray ihdr = be32(w) + be32(h);
    ihdr += char(8);
    ihdr += char(colorType);
    ihdr += QByteArray(3, '\0');
    QByteArray raw;
    for (int y = 0; y < h; ++y) {
        raw += char(0);  // filter: none
        for (int x = 0; x < w; ++x) raw += pixel(x, y).left(samples);
    }
    const QByteArray zlib = qCompress(raw).mid(4);  // qCompress prefixes the length to a zlib stream
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png += chunk("IHDR", ihdr);
    if (!plte.isEmpty()) png += chunk("PLTE", plte);
    png += chunk("IDAT", zlib) + chunk("IEND", {});
    return png;
}

QByteArray bytes3(int a, int b, int c) {
    QByteArray b3(3, '\0');
    b3[0] = char(a), b3[1] = char(b), b3[2] = char(c);
    return b3;
}

cv::Mat halves(int w, int h) {  // left half red, right half blue (RGB in memory)
    cv::Mat m(h, w, CV_8UC3, cv::Scalar(255, 0, 0));
    m(cv::Rect(w / 2, 0, w - w / 2, h)).setTo(cv::Scalar(0, 0, 255));
    return m;
}

}  // namespace

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

cv::Mat ramp(int w, int h, int type) {
    cv::Mat m(h, w, type);
    const double top = CV_MAT_DEPTH(type) == CV_16U ? 65535 : 255;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < m.channels(); ++c) {
                const double v = std::fmod((x * 7 + y * 13 + c * 50) / 255.0, 1.0) * (top - 40) + 40;
                if (CV_MAT_DEPTH(type) == CV_16U)
                    m.ptr<quint16>(y)[x * m.channels() + c] = quint16(v);
                else
                    m.ptr<uchar>(y)[x * m.channels() + c] = uchar(v);
            }
    return m;
}

QStringList errorLines(const QByteArray& err) {
    QStringList lines;
    for (const QString& line : QString::fromUtf8(err).split('\n', Qt::SkipEmptyParts))
        if (!line.contains("warning: no VGG19 weights")) lines << line;
    return lines;
}

std::vector<ProcessResult> runCliConcurrently(const QList<QStringList>& argumentLists,
                                              const QProcessEnvironment& environment) {
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QStringList& arguments : argumentLists) {
        processes.push_back(std::make_unique<QProcess>());
        processes.back()->setProcessEnvironment(environment);
        processes.back()->start(cliPath(), arguments);
    }
    std::vector<ProcessResult> results;
    for (auto& p : processes) {
        ProcessResult r;
        r.started = p->waitForStarted(30000);
        r.finished = r.started && p->waitForFinished(120000);
        if (r.started && !r.finished) {
            p->kill();
            p->waitForFinished(5000);
        }
        r.exitCode = r.finished && p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
        r.out = p->readAllStandardOutput();
        r.err = p->readAllStandardError();
        results.push_back(r);
    }
    return results;
}

void writeBadInput(const QString& kind, const QString& path, QString& skip) {
    const std::string p = path.toStdString();
    if (kind == "empty")
        writeBytes(path, {});
    else if (kind == "text")
        writeBytes(path, "hello, this is a shopping list, not a picture\n");
    else if (kind == "gif")
        writeBytes(path, QByteArray("GIF89a\x10\x00\x10\x00\x00\x00\x00;", 14));
    else if (kind == "directory")
        QDir().mkpath(path);
    else if (kind == "missing")
        QFile::remove(path);
    else if (kind.startsWith("truncated ")) {  // "truncated png 60": the first 60 % of the file
        const QStringList parts = kind.split(' ');
        const QString full = path + ".full." + parts[1];
        saveImage(full.toStdString(), ramp(200, 150, CV_8UC3));
        const QByteArray bytes = readBytes(full);
        writeBytes(path, bytes.left(bytes.size() * parts[2].toInt() / 100));
    } else if (kind == "huge ppm") {  // 19 bytes that would make OpenCV allocate 2.7 GB
        writeBytes(path, QByteArray("P6\n30000 30000\n255\n"));
    } else if (kind == "huge ppm odd separator") {  // OpenCV reads "30000]" as 30000 (fuzz_image)
        writeBytes(path, QByteArray("P6\n30000] 30000\n255\n"));
    } else if (kind == "huge tiff") {  // little-endian TIFF, one IFD: ImageWidth = ImageLength = 30000
        QByteArray b("II*\0", 4);
        const auto le = [](quint32 v, int bytes) {
            QByteArray out;
            for (int i = 0; i < bytes; ++i) out.append(char((v >> (8 * i)) & 0xff));
            return out;
        };
        b += le(8, 4) + le(2, 2);
        for (quint32 tag : {256u, 257u}) b += le(tag, 2) + le(4, 2) + le(1, 4) + le(30000, 4);
        b += le(0, 4);
        writeBytes(path, b);
    } else if (kind == "dicom") {  // a WebP header with "DICM" at 128: OpenCV would hand it to GDCM
        QByteArray b = QByteArray("RIFF", 4) + QByteArray("\x80\x00\x00\x00", 4) + QByteArray("WEBP", 4);
        b.append(QByteArray(128 - b.size(), '\0'));
        b += QByteArray("DICM", 4) + QByteArray(16, '\x01');
        writeBytes(path, b);
    } else if (kind == "huge header") {  // IHDR of a 60000x60000 RGB PNG, no pixel data
        writeBytes(path, QByteArray("\x89PNG\r\n\x1a\n", 8) +
                             chunk("IHDR", be32(60000) + be32(60000) + QByteArray("\x08\x02\x00\x00\x00", 5)));
    } else if (kind.startsWith("rgb ")) {  // "rgb WxH"
        const QStringList wh = kind.mid(4).split('x');
        saveImage(p + ".png", ramp(wh[0].toInt(), wh[1].toInt(), CV_8UC3));  // any name: "picture.txt"
        QVERIFY(QFile::rename(path + ".png", path));
    } else if (kind == "grey")
        QVERIFY(cv::imwrite(p, ramp(40, 30, CV_8UC1)));
    else if (kind == "rgba")
        QVERIFY(cv::imwrite(p, ramp(40, 30, CV_8UC4)));
    else if (kind == "grey 16")
        QVERIFY(cv::imwrite(p, ramp(40, 30, CV_16UC1)));
    else if (kind == "rgba 16")
        QVERIFY(cv::imwrite(p, ramp(40, 30, CV_16UC4)));
    else if (kind == "png 16")
        QVERIFY(cv::imwrite(p, ramp(40, 30, CV_16UC3)));
    else if (kind == "tiff 16")
        QVERIFY(cv::imwrite(p, ramp(40, 30, CV_16UC3), {cv::IMWRITE_TIFF_COMPRESSION, 1}));
    else if (kind == "grey+alpha")
        writeBytes(path, encodePng(40, 30, 4, 2, [](int x, int y) { return bytes3(40 + x * 5, 255 - y * 4, 0); }));
    else if (kind == "palette") {
        const QByteArray plte = bytes3(255, 0, 0) + bytes3(0, 255, 0) + bytes3(0, 0, 255) + bytes3(250, 250, 250);
        writeBytes(path, encodePng(
                             40, 30, 3, 1, [](int x, int y) { return bytes3((x / 10 + y / 10) % 4, 0, 0); }, plte));
    } else if (kind == "exif rotated") {
        // 40x20, red left, blue right; APP1 Exif with Orientation (0x0112) = 6: "rotate 90° clockwise".
        saveImage(path.toStdString() + ".plain.jpg", halves(40, 20));
        QByteArray bytes = readBytes(path + ".plain.jpg");
        bytes.insert(2, QByteArray("\xff\xe1\x00\x22"
                                   "Exif\x00\x00"
                                   "II\x2a\x00\x08\x00\x00\x00"
                                   "\x01\x00"
                                   "\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00"
                                   "\x00\x00\x00\x00",
                                   36));
        writeBytes(path, bytes);
    } else if (kind == "cmyk jpeg") {
        if (QStandardPaths::findExecutable("convert").isEmpty()) {
            skip = "ImageMagick's convert is not installed";
            return;
        }
        const QString rgb = path + ".rgb.png";
        saveImage(rgb.toStdString(), halves(40, 30));
        const auto r = runProcess("convert", {rgb, "-colorspace", "CMYK", "-quality", "95", path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    } else if (kind == "unreadable") {
        if (::geteuid() == 0) {
            skip = "running as root: root reads files without read permission";
            return;
        }
        saveImage(p, ramp(40, 30, CV_8UC3));
        QFile::setPermissions(path, QFileDevice::Permissions());
    } else {
        QFAIL(qPrintable("unknown input kind " + kind));
    }
}

}  // namespace instyle::test
