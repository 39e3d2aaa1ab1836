#include "gui_fixtures.h"

#include "ui/app_settings.h"
#include "ui/window/main_window.h"
#include "ui/window/project_controller.h"
#include "ui/workers/image_export.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "core/checkpoint/checkpoint_reader.h"
#include "core/nets/midas_small.h"
#include "core/segmentation/segmenter.h"
#include "core/checkpoint/state_dict.h"

#include <torch/torch.h>

namespace instyle::test {

bool exportAndWait(ui::MainWindow& window, const QString& path) {
    ui::ImageExport* exporter = window.projectController()->imageExport();
    QSignalSpy finished(exporter, &ui::ImageExport::finished);
    QSignalSpy failed(exporter, &ui::ImageExport::failed);
    if (!window.exportResult(path)) return false;
    QDeadlineTimer deadline(120000);
    while (finished.isEmpty() && failed.isEmpty() && !deadline.hasExpired()) finished.wait(100);
    return !finished.isEmpty();
}

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

std::shared_ptr<QString> answerNextMessageBox(QWidget* window, QMessageBox::StandardButton button, int timeoutMs) {
    auto text = std::make_shared<QString>();
    auto* timer = new QTimer(window);
    timer->setInterval(10);
    const QDeadlineTimer deadline(timeoutMs);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, deadline, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QAbstractButton* answer = box ? box->button(button) : nullptr;
        if (!answer && !deadline.hasExpired()) return;
        timer->stop();
        timer->deleteLater();
        if (!answer) return;
        *text = box->text();
        answer->click();
    });
    timer->start();
    return text;
}

}  // namespace instyle::test
