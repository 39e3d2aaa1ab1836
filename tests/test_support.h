#pragma once
// Small helpers shared by the Qt Test executables: paths, the Python reference, child processes.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace instyle::test {

// Restores an environment variable when the scope ends.
class EnvGuard {
public:
    explicit EnvGuard(const char* name) : name_(name), had_(qEnvironmentVariableIsSet(name)), old_(qgetenv(name)) {}
    ~EnvGuard() { had_ ? qputenv(name_, old_) : qunsetenv(name_); }

private:
    const char* name_;
    bool had_;
    QByteArray old_;
};

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
// Runs a program to completion (killed after timeoutMs); `environment` and `workingDirectory`
// default to this process's.
ProcessResult runProcess(const QString& program, const QStringList& arguments, int timeoutMs = 600000,
                         const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment(),
                         const QString& workingDirectory = {});

// Points QSettings, QStandardPaths and the per-user models folder ($XDG_DATA_HOME) of a GUI test
// into `folder`, so that no user setting or model file leaks in or out.
void isolateUserSettings(const QString& folder, const QString& applicationName);

// Before QApplication exists (a test's static initMain()): when QT_QPA_PLATFORM is "offscreen",
// gives its one screen width x height at 96 dpi (it is 800x800 otherwise), windows with frame
// margins, through a configuration file the platform reads while QApplication starts.
void useOffscreenScreen(int width, int height);

// Writes a deterministic RGB PNG (smooth gradients + a few shapes) of the given size: a "photo".
void writeTestImage(const QString& path, int width, int height, int seed);
// Writes saturated diagonal colour stripes: a "painting" whose texture statistics (Gram matrices)
// differ clearly from writeTestImage's.
void writeStripeImage(const QString& path, int width, int height);

}  // namespace instyle::test
