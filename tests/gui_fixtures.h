#pragma once
// Model files with random weights in the official formats, written at test time for the GUI
// tests (the only translation unit of those tests that includes LibTorch).

#include <QMessageBox>
#include <QString>

#include <memory>
#include <string>

namespace instyle::ui {
class MainWindow;
}

namespace instyle::test {

// A shown 1000x700 main window with the photo and painting opened and the run settings tests use
// (the given iterations, 64 px work size, 2 threads, a preview every iteration). Opening failures
// are reported as Qt Test failures.
std::unique_ptr<ui::MainWindow> makeTestWindow(int iterations, const QString& photo, const QString& painting);

// Exports the window's result as File > Export does, and waits until the export's worker thread has
// written it (or failed; the window has then shown why). Returns whether the file was written.
bool exportAndWait(ui::MainWindow& window, const QString& path);

// Answers the next message box that a modal exec() shows within `timeoutMs` (the window's
// question before quitting mid-run) with `button`. Returns at once; the text of the box answered
// appears in the returned string ("" while none was).
std::shared_ptr<QString> answerNextMessageBox(QWidget* window, QMessageBox::StandardButton button, int timeoutMs = 60000);

// MiDaS v2.1 small (the layout of midas_v21_small_256.pt), zip format.
void writeRandomMidasCheckpoint(const std::string& path, unsigned seed);
// The paper's FCN-8s on ResNet-34 with 21 VOC classes, zip format.
void writeRandomFcn8sCheckpoint(const std::string& path);

}  // namespace instyle::test
