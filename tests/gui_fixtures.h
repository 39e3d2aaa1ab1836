#pragma once
// Model files with random weights in the official formats, written at test time for the GUI
// tests (the only translation unit of those tests that includes LibTorch).

#include <string>

namespace instyle::test {

// MiDaS v2.1 small (the layout of midas_v21_small_256.pt), zip format.
void writeRandomMidasCheckpoint(const std::string& path, unsigned seed);
// The paper's FCN-8s on ResNet-34 with 21 VOC classes, zip format.
void writeRandomFcn8sCheckpoint(const std::string& path);

}  // namespace instyle::test
