#pragma once
// Small helpers shared by the Qt Test executables: paths, the Python reference, child processes.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace instyle::test {

// ../shared/data/<relative>, or an empty string when it is absent (tests then QSKIP).
QString sharedData(const QString& relative);
// The Python interpreter with torch + torchvision (INSTYLE_PYTHON), and whether it works.
QString pythonPath();
bool pythonHasTorch();
// tests/<relative> in the source tree.
QString testSource(const QString& relative);
// The instyle-cli under test (env INSTYLE_CLI, set by CTest).
QString cliPath();

struct ProcessResult {
    bool started = false;
    bool finished = false;
    int exitCode = -1;
    QByteArray out, err;
    QString describe() const;  // for failure messages
};
ProcessResult runProcess(const QString& program, const QStringList& arguments, int timeoutMs = 600000);

// Writes a deterministic RGB PNG (smooth gradients + a few shapes) of the given size: a "photo".
void writeTestImage(const QString& path, int width, int height, int seed);
// Writes saturated diagonal colour stripes: a "painting" whose texture statistics (Gram matrices)
// differ clearly from writeTestImage's.
void writeStripeImage(const QString& path, int width, int height);

}  // namespace instyle::test
