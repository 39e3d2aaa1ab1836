// MainWindow: running the optimisation, its status, and export.

#include "ui/main_window.h"

#include "ui/image_canvas.h"
#include "ui/image_ops.h"
#include "ui/instance_selection.h"
#include "ui/loss_chart.h"
#include "ui/model_locator.h"
#include "ui/project_file.h"
#include "ui/style_gallery.h"
#include "ui/style_runner.h"
#include "ui/weights_panel.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>

namespace instyle {
namespace ui {

namespace {

QString formatDuration(double seconds) {
    const int s = qRound(seconds);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

StyleJob MainWindow::buildJob(QString* error) const {
    const auto fail = [error](const QString& why) {
        if (error) *error = why;
        return StyleJob{};
    };
    if (photo_.isNull()) return fail(tr("Open a photo first."));
    const QString stylePath = gallery_->currentPath();
    if (stylePath.isEmpty()) return fail(tr("Pick a painting in the gallery first."));
    // Paintings by path, read once per job.
    QHash<QString, QImage> paintings;
    QString readError;
    const auto painting = [&](const QString& path) -> QImage {
        if (path.isEmpty()) return {};
        auto it = paintings.find(path);
        if (it == paintings.end()) {
            QImageReader reader(path);
            reader.setAutoTransform(true);
            const QImage image = reader.read();
            if (image.isNull() && readError.isEmpty())
                readError = tr("%1: cannot read the painting (%2)").arg(path, reader.errorString());
            it = paintings.insert(path, image);
        }
        return *it;
    };

    StyleJob job;
    const int workSize = std::min(weights_->workSize(), std::max(photo_.width(), photo_.height()));
    job.photo = photo_;
    job.workSize = workSize;
    job.style = painting(stylePath);
    const QString second = gallery_->secondPath();
    if (!second.isEmpty() && second != stylePath) {
        job.style2 = painting(second);
        job.style2Weight = gallery_->blend();
    }
    job.mask = selection_->mask();  // null: the whole photo
    job.background = weights_->background();
    if (job.background && job.mask.isNull()) return fail(tr("Select something first: the background is everything except the selection."));
    if (!job.background) {
        for (const auto& [index, mask] : selection_->instanceMasks()) {
            const InstanceLook look = lookOf(index);
            JobInstance instance;
            instance.mask = mask;
            instance.style = painting(look.style);
            if (!look.style2.isEmpty() && look.style2 != look.style) {
                instance.style2 = painting(look.style2);
                instance.style2Weight = look.style2Weight;
            }
            instance.weights = look.weights;
            instance.label = index < 0 ? tr("painted mask") : tr("%1 #%2").arg(selection_->className(index)).arg(index + 1);
            job.instances.append(instance);
        }
    }
    if (!readError.isEmpty()) return fail(readError);
    job.weights = weights_->weights();
    job.iterations = weights_->iterations();
    job.scales = weights_->scales();
    job.optimizer = weights_->optimizer();
    job.notebookClamp = weights_->notebookClamp();
    job.featherPx = weights_->featherPx();
    job.blend = weights_->blendMode();
    job.margin = weights_->margin();
    job.color = weights_->colorPreservation();
    job.learningRate = settings_.real(keys::learningRate);
    job.device = settings_.text(keys::device);
    job.threads = settings_.integer(keys::threads);
    job.conv = settings_.text(keys::conv);
    job.layout = settings_.text(keys::layout);
    job.previewEveryIterations = settings_.integer(keys::previewEvery);
    job.seed = static_cast<quint64>(settings_.integer(keys::vggSeed));
    job.vggPath = findModelFile(settings_, modelIds::vgg);
    job.midasPath = findModelFile(settings_, modelIds::midas);
    job.depthGradient = !weights_->notebookClamp();  // Paper-exact: the notebook's detached depth term
    if (error) error->clear();
    return job;
}

bool MainWindow::startRun() {
    if (runner_->busy()) return false;
    QString error;
    const StyleJob job = buildJob(&error);
    if (!error.isEmpty()) {
        statusBar()->showMessage(error, 5000);
        showBanner(error, false, false);
        return false;
    }
    runWeights_ = job.weights;
    // Instances are optimised one after the other: the chart spans all of them.
    lossChart_->clear(job.iterations * (job.background ? 1 : std::max<int>(1, job.instances.size())));
    iterationLabel_->setText(tr("Starting…"));
    speedLabel_->clear();
    etaLabel_->clear();
    if (!runner_->start(job)) return false;
    statusBar()->showMessage(tr("Running %1 iterations at %2 px").arg(job.iterations).arg(job.workSize));
    updateActions();
    return true;
}

void MainWindow::stopRun() {
    if (!runner_->busy()) return;
    runner_->stop();
    statusBar()->showMessage(tr("Stopping…"));
    updateActions();
}

void MainWindow::togglePause() {
    if (runner_->state() == StyleRunner::State::Running) {
        runner_->setPaused(true);
        statusBar()->showMessage(tr("Paused"));
    } else if (runner_->state() == StyleRunner::State::Paused) {
        runner_->setPaused(false);
        statusBar()->showMessage(tr("Resumed"));
    }
    updateActions();
}

void MainWindow::connectRunner() {
    connect(runner_, &StyleRunner::stateChanged, this, &MainWindow::updateActions);
    connect(runner_, &StyleRunner::started, this, [this](const QString& device, bool) {
        deviceLabel_->setText(device);
    });
    connect(runner_, &StyleRunner::progress, this, &MainWindow::onProgress);
    connect(runner_, &StyleRunner::weightsApplied, this, [this](int iteration, const JobWeights& w) {
        runWeights_ = w;
        statusBar()->showMessage(tr("New weights in use from iteration %1").arg(iteration), 3000);
    });
    connect(runner_, &StyleRunner::previewReady, this, [this](const QImage& merged, const QImage& stylised, int) {
        result_ = merged;
        stylised_ = stylised;
        updateView();
    });
    connect(runner_, &StyleRunner::finished, this, &MainWindow::onFinished);
    connect(runner_, &StyleRunner::depthReady, this, [this](const QImage& before, const QImage& after) {
        depthPending_ = false;
        depthBefore_ = before;
        depthAfter_ = after;
        statusBar()->clearMessage();
        updateView();
    });
    connect(runner_, &StyleRunner::depthFailed, this, [this](const QString& message) {
        depthPending_ = false;
        showBanner(tr("Depth maps failed: %1").arg(message.toHtmlEscaped()), true, false);
    });
    connect(runner_, &StyleRunner::failed, this, &MainWindow::onFailed);
}

void MainWindow::onProgress(int iteration, int iterations, const LossPoint& loss, double secondsPerIteration,
                            double secondsLeft) {
    lossChart_->addPoint(iteration, loss, runWeights_);
    iterationLabel_->setText(tr("Iteration %1/%2").arg(iteration).arg(iterations));
    speedLabel_->setText(tr("%1 s/iteration").arg(secondsPerIteration, 0, 'f', 2));
    etaLabel_->setText(tr("ETA %1").arg(formatDuration(secondsLeft)));
}

void MainWindow::requestDepthMaps() {
    const QString midas = findModelFile(settings_, modelIds::midas);
    if (depthPending_ || midas.isEmpty() || photo_.isNull()) return;
    depthPending_ = true;
    const QImage content = stylised_.isNull() ? scaledToLongSide(photo_, weights_->workSize())
                                              : photo_.scaled(stylised_.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    statusBar()->showMessage(tr("Computing depth maps…"));
    runner_->depthMaps(content, stylised_, midas);
}

void MainWindow::onFinished(const QImage& merged, const QImage& stylised, const RunSummary& summary) {
    result_ = merged;
    stylised_ = stylised;
    if (!summary.conv.isEmpty()) {  // what "auto" became: exports replay it (currentProject)
        runConv_ = summary.conv;
        runLayout_ = summary.layout;
        statusBar()->setToolTip(tr("Convolutions of the last run: %1").arg(summary.convChoice));
    }
    depthBefore_ = depthAfter_ = QImage();  // of the previous result
    updateView();
    etaLabel_->clear();
    if (!summary.error.isEmpty()) {
        showBanner(tr("The run stopped at iteration %1: %2. The last good image is kept.")
                       .arg(summary.iterationsDone).arg(summary.error.toHtmlEscaped()), true, false);
        statusBar()->showMessage(tr("Stopped on a numeric fault"));
    } else if (summary.cancelled) {
        statusBar()->showMessage(tr("Stopped after %1 iterations").arg(summary.iterationsDone));
    } else {
        statusBar()->showMessage(tr("Done: %1 iterations in %2").arg(summary.iterationsDone).arg(formatDuration(summary.secondsLoop)));
    }
    updateActions();
}

void MainWindow::onFailed(const QString& message) {
    iterationLabel_->clear();
    etaLabel_->clear();
    showBanner(tr("The run failed: %1").arg(message.toHtmlEscaped()), true, false);
    statusBar()->showMessage(tr("Run failed"));
    updateActions();
}

void MainWindow::updateActions() {
    const bool busy = runner_->busy();
    const auto state = runner_->state();
    runAction_->setEnabled(state != StyleRunner::State::Stopping && (busy || !photo_.isNull()));
    if (state == StyleRunner::State::Running) {
        runAction_->setText(tr("&Pause"));
        runAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    } else if (state == StyleRunner::State::Paused) {
        runAction_->setText(tr("&Resume"));
        runAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    } else {
        runAction_->setText(tr("&Run"));
        runAction_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    }
    stopAction_->setEnabled(busy && state != StyleRunner::State::Stopping);
    exportAction_->setEnabled(!result_.isNull() || !photo_.isNull());
    exportParamsAction_->setEnabled(!photo_.isNull());
    openAction_->setEnabled(true);
}

bool MainWindow::exportResult(const QString& path) {
    // A failed export (folder gone, disk full, no permission) leaves any previous file at `path`
    // untouched (QSaveFile, or the engine's write-then-rename) and the result in memory to retry.
    const QImage image = result_.isNull() ? photo_ : result_;
    if (image.isNull()) return false;
    const auto fail = [this, &path](const QString& why) {
        showFailure(tr("%1: cannot export (%2). The result is kept; export it elsewhere.")
                        .arg(QDir::toNativeSeparators(path), why));
        return false;
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QByteArray format = suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg") ? "jpeg"
                              : suffix == QLatin1String("tif") || suffix == QLatin1String("tiff") ? "tiff"
                                                                                                  : "png";
    if (!QImageWriter::supportedImageFormats().contains(format)) {
        // Qt's TIFF plugin is optional; the engine's writer (OpenCV) always has TIFF.
        const QString error = saveImageWithEngine(image, path);
        if (!error.isEmpty()) return fail(error);
        settings_.setValue(keys::lastExportDir, QFileInfo(path).absolutePath());
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
    QImageWriter writer(&file, format);
    if (format == "jpeg") writer.setQuality(95);
    if (!writer.write(image)) return fail(file.error() != QFileDevice::NoError ? file.errorString() : writer.errorString());
    // QSaveFile::commit() does not notice a failed flush of its buffer (disk full): it would
    // rename a truncated file over the target. Flushed here first, a failure discards it.
    if (!file.flush() || !file.commit()) return fail(file.errorString());
    settings_.setValue(keys::lastExportDir, QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::exportParameters(const QString& path) {
    if (const QString error = saveWholeFile(path, writeProject(currentProject(path))); !error.isEmpty()) {
        showFailure(tr("%1: cannot export the parameters (%2)").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    return true;
}

void MainWindow::exportInteractively() {
    QString dir = settings_.text(keys::lastExportDir);
    if (dir.isEmpty()) dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString base = QFileInfo(photoPath_).completeBaseName() + QStringLiteral("-instyle.png");
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export result"), QDir(dir).filePath(base),
                                                      tr("PNG image (*.png);;JPEG image (*.jpg *.jpeg);;TIFF image (*.tif *.tiff)"),
                                                      &selected);
    if (!path.isEmpty()) exportResult(path);
}

void MainWindow::exportParametersInteractively() {
    QString dir = settings_.text(keys::lastExportDir);
    const QString base = QFileInfo(photoPath_).completeBaseName() + QStringLiteral("-instyle.json");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export parameters"), QDir(dir).filePath(base),
                                                      tr("JSON (*.json)"));
    if (!path.isEmpty() && exportParameters(path))
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
}

}  // namespace ui
}  // namespace instyle
