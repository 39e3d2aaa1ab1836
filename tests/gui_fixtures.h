#pragma once
// Model files with random weights in the official formats, written at test time for the GUI
// tests (the only translation unit of those tests that includes LibTorch).

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

// MiDaS v2.1 small (the layout of midas_v21_small_256.pt), zip format.
void writeRandomMidasCheckpoint(const std::string& path, unsigned seed);
// The paper's FCN-8s on ResNet-34 with 21 VOC classes, zip format.
void writeRandomFcn8sCheckpoint(const std::string& path);

}  // namespace instyle::test
