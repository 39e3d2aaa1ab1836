#include "gui_fixtures.h"

#include "ui/app_settings.h"
#include "ui/main_window.h"

#include <QtTest>

#include "core/checkpoint_reader.h"
#include "core/midas_small.h"
#include "core/segmenter.h"
#include "core/state_dict.h"

#include <torch/torch.h>

namespace instyle::test {

void writeRandomMidasCheckpoint(const std::string& path, unsigned seed) {
    MidasSmall midas(seed);
    writeCheckpoint(path, moduleStateDict(*midas));
}

void writeRandomFcn8sCheckpoint(const std::string& path) {
    torch::manual_seed(3);
    auto model = createSegmentationModel("fcn8s_resnet34");
    writeCheckpoint(path, moduleStateDict(*model));
}

std::unique_ptr<ui::MainWindow> makeTestWindow(int iterations, const QString& photo, const QString& painting) {
    ui::AppSettings settings;
    settings.setValue(ui::keys::iterations, iterations);
    settings.setValue(ui::keys::workSize, 64);
    settings.setValue(ui::keys::threads, 2);
    settings.setValue(ui::keys::previewEvery, 1);
    auto w = std::make_unique<ui::MainWindow>();
    w->resize(1000, 700);
    w->show();
    [&] {
        QVERIFY(w->openPhoto(photo));
        QVERIFY(w->setStylePath(painting));
    }();
    return w;
}

}  // namespace instyle::test
