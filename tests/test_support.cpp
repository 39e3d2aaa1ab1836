#include "test_support.h"

#include <QColor>
#include <QFile>
#include <QTemporaryDir>
#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QRandomGenerator>
#include <QtGlobal>

#include <cmath>

namespace instyle::test {

QString sharedData(const QString& relative) {
    const QString path = QStringLiteral(INSTYLE_SHARED_DIR) + "/data/" + relative;
    return QFileInfo::exists(path) ? path : QString();
}

QString pythonPath() { return QStringLiteral(INSTYLE_PYTHON); }

bool pythonHasTorch() {
    static const bool ok = [] {
        auto r = runProcess(pythonPath(), {"-c", "import torch, torchvision"}, 120000);
        return r.finished && r.exitCode == 0;
    }();
    return ok;
}

QString testSource(const QString& relative) { return QStringLiteral(INSTYLE_TEST_SOURCE_DIR) + "/" + relative; }

QString cliPath() { return qEnvironmentVariable("INSTYLE_CLI", QStringLiteral(INSTYLE_BINARY_DIR) + "/app/instyle-cli"); }

QString ProcessResult::describe() const {
    return QStringLiteral("started=%1 finished=%2 exit=%3\nstdout: %4\nstderr: %5")
        .arg(started)
        .arg(finished)
        .arg(exitCode)
        .arg(QString::fromUtf8(out.right(2000)), QString::fromUtf8(err.right(2000)));
}

ProcessResult runProcess(const QString& program, const QStringList& arguments, int timeoutMs,
                         const QProcessEnvironment& environment, const QString& workingDirectory) {
    ProcessResult r;
    QProcess p;
    p.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty()) p.setWorkingDirectory(workingDirectory);
    p.start(program, arguments);
    r.started = p.waitForStarted(30000);
    if (!r.started) return r;
    p.closeWriteChannel();
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void useOffscreenScreen(int width, int height) {
    if (qgetenv("QT_QPA_PLATFORM") != "offscreen") return;
    static QTemporaryDir configDir;  // read while QApplication starts
    const QString path = configDir.filePath(QStringLiteral("offscreen.json"));
    QFile config(path);
    if (!configDir.isValid() || !config.open(QIODevice::WriteOnly)) return;
    config.write(QStringLiteral(R"({"windowFrameMargins": true, "screens": [{"name": "laptop", "x": 0, "y": 0,
        "width": %1, "height": %2, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}]})")
                     .arg(width)
                     .arg(height)
                     .toUtf8());
    config.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + path.toLocal8Bit());
}

void isolateUserSettings(const QString& folder, const QString& applicationName) {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder + QStringLiteral("/config"));
    QCoreApplication::setOrganizationName(QStringLiteral("instyle-test"));
    QCoreApplication::setApplicationName(applicationName);
    qputenv("XDG_DATA_HOME", (folder + QStringLiteral("/xdg-data")).toUtf8());
    qputenv("XDG_CACHE_HOME", (folder + QStringLiteral("/xdg-cache")).toUtf8());
}

void writeStripeImage(const QString& path, int width, int height) {
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double phase = (x + 0.5 * y) * 0.8;
            image.setPixelColor(x, y, QColor(int(127.5 + 127.5 * std::sin(phase)), int(127.5 + 127.5 * std::cos(phase)),
                                             int(127.5 + 127.5 * std::sin(2 * phase))));
        }
    image.save(path);
}

void writeTestImage(const QString& path, int width, int height, int seed) {
    QImage image(width, height, QImage::Format_RGB888);
    QRandomGenerator rng(static_cast<quint32>(seed));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixelColor(x, y, QColor((x * 255) / qMax(1, width - 1), (y * 255) / qMax(1, height - 1),
                                             (seed * 53 + x * y) % 256));
    QPainter painter(&image);
    for (int i = 0; i < 6; ++i) {
        painter.setBrush(QColor::fromRgb(rng.bounded(256), rng.bounded(256), rng.bounded(256)));
        painter.drawEllipse(rng.bounded(width), rng.bounded(height), 4 + rng.bounded(qMax(1, width / 2)),
                            4 + rng.bounded(qMax(1, height / 2)));
    }
    painter.end();
    image.save(path);
}

}  // namespace instyle::test
