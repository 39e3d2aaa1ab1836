#include "ui/window/run_controller.h"

#include "ui/app_settings.h"
#include "ui/models/model_locator.h"
#include "ui/project/instance_selection.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/style_gallery.h"
#include "ui/widgets/weights_panel.h"
#include "ui/window/selection_panel.h"
#include "ui/window/space_pause_filter.h"
#include "ui/window/window_context.h"
#include "ui/workers/style_runner.h"

#include <QAction>
#include <QHash>
#include <QImageReader>
#include <QLabel>
#include <QStyle>
#include <QToolBar>
#include <QWidget>

#include <algorithm>

namespace instyle {
namespace ui {

namespace {

QString formatDuration(double seconds) {
    const int s = qRound(seconds);
    return s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

RunController::RunController(WindowContext& window, AppSettings& settings, StyleRunner* runner, StyleGallery* gallery,
                             WeightsPanel* weights, SelectionPanel* selection, LossChart* lossChart, QWidget* parent)
    : QObject(parent), window_(window), settings_(settings), runner_(runner), gallery_(gallery), weights_(weights),
      selection_(selection), lossChart_(lossChart), parent_(parent) {
    runAction_ = new QAction(parent->style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run"), parent);
    runAction_->setShortcut(QKeySequence(Qt::Key_Space));
    runAction_->setToolTip(tr("Run the style transfer, or pause/resume it (Space)"));
    connect(runAction_, &QAction::triggered, this, [this] {
        if (runner_->busy()) togglePause();
        else startRun();
    });
    new SpacePauseFilter(runAction_, parent);  // Space also where a spin box or a button has the focus
    stopAction_ = new QAction(parent->style()->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), parent);
    stopAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(stopAction_, &QAction::triggered, this, &RunController::stopRun);

    iterationLabel_ = new QLabel(parent);
    speedLabel_ = new QLabel(parent);
    etaLabel_ = new QLabel(parent);
    deviceLabel_ = new QLabel(parent);
    connect(weights_, &WeightsPanel::weightsChanged, this, [this](const LossWeights& w) {
        if (selection_->loadingLook()) return;  // showing another instance's settings is no edit
        runner_->setWeights(w);  // live tuning: from the next iteration
        if (runner_->busy()) window_.showStatus(tr("New weights apply from the next iteration"), 3000);
    });
    connectRunner();
    updateActions();
}

QList<QWidget*> RunController::statusWidgets() const { return {iterationLabel_, speedLabel_, etaLabel_, deviceLabel_}; }

void RunController::keepButtonWidth(QToolBar* toolbar) {
    QWidget* button = toolbar->widgetForAction(runAction_);
    if (!button) return;
    const QString shown = runAction_->text();
    int width = 0;
    for (const QString& text : {tr("&Run"), tr("&Pause"), tr("&Resume")}) {
        runAction_->setText(text);
        width = std::max(width, button->sizeHint().width());
    }
    runAction_->setText(shown);
    button->setMinimumWidth(width);
}

RunSettings RunController::panelSettings() const {
    RunSettings run;
    run.weights = weights_->weights();
    run.workSize = weights_->workSize();
    run.iterations = weights_->iterations();
    run.scales = weights_->scales();
    run.optimizer = weights_->optimizer();
    run.learningRate = settings_.real(keys::learningRate);
    run.notebookClamp = weights_->notebookClamp();
    run.featherPx = weights_->featherPx();
    run.blend = weights_->blendMode();
    run.margin = weights_->margin();
    run.color = weights_->colorPreservation();
    run.background = weights_->background();
    run.seed = static_cast<quint64>(settings_.integer(keys::vggSeed));
    run.threads = settings_.integer(keys::threads);
    run.conv = settings_.text(keys::conv);
    run.layout = settings_.text(keys::layout);
    run.vggPath = findModelFile(settings_, modelIds::vgg);
    run.midasPath = findModelFile(settings_, modelIds::midas);
    return run;
}

RunSettings RunController::replaySettings() const {
    RunSettings run = panelSettings();
    // A forced choice as set; "auto" as the last run resolved it (once there was a run).
    const auto resolved = [](const QString& setting, const QString& ran) {
        return setting == QLatin1String("auto") && !ran.isEmpty() ? ran : setting;
    };
    run.conv = resolved(run.conv, runConv_);
    run.layout = resolved(run.layout, runLayout_);
    return run;
}

void RunController::applySettings(const RunSettings& run) {
    Preset p;
    p.weights = run.weights;
    p.iterations = run.iterations;
    p.scales = run.scales;
    p.workSize = run.workSize;
    p.optimizer = run.optimizer;
    p.notebookClamp = run.notebookClamp;
    weights_->applyPreset(p);
    weights_->setFeatherPx(run.featherPx);
    weights_->setBlendMode(run.blend);
    weights_->setMargin(run.margin);
    weights_->setColorPreservation(run.color);
    weights_->setBackground(run.background);
    if (run.learningRate != settings_.real(keys::learningRate)) settings_.setValue(keys::learningRate, run.learningRate);
}

StyleJob RunController::buildJob(QString* error) const {
    const auto fail = [error](const QString& why) {
        if (error) *error = why;
        return StyleJob{};
    };
    const QImage& photo = window_.photo();
    if (photo.isNull()) return fail(tr("Open a photo first."));
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
    job.photo = photo;
    job.run = panelSettings();
    job.run.workSize = std::min(job.run.workSize, std::max(photo.width(), photo.height()));
    job.style = painting(stylePath);
    const QString second = gallery_->secondPath();
    if (!second.isEmpty() && second != stylePath) {
        job.style2 = painting(second);
        job.style2Weight = gallery_->blend();
    }
    const InstanceSelection* selection = selection_->selection();
    job.mask = selection->mask();  // null: the whole photo
    if (job.run.background && job.mask.isNull())
        return fail(tr("Select something first: the background is everything except the selection."));
    if (!job.run.background) {
        for (const auto& [index, mask] : selection->instanceMasks()) {
            const InstanceLook look = selection_->lookOf(index);
            JobInstance instance;
            instance.mask = mask;
            instance.style = painting(look.style);
            if (!look.style2.isEmpty() && look.style2 != look.style) {
                instance.style2 = painting(look.style2);
                instance.style2Weight = look.style2Weight;
            }
            instance.weights = look.weights;
            instance.label = selection_->instanceLabel(index);
            job.instances.append(instance);
        }
    }
    if (!readError.isEmpty()) return fail(readError);
    job.device = settings_.text(keys::device);
    job.previewEveryIterations = settings_.integer(keys::previewEvery);
    job.depthGradient = !job.run.notebookClamp;  // Paper-exact: the notebook's detached depth term
    if (error) error->clear();
    return job;
}

bool RunController::startRun() {
    if (runner_->busy()) return false;
    QString error;
    const StyleJob job = buildJob(&error);
    if (!error.isEmpty()) {
        window_.showStatus(error, 5000);
        window_.showBanner(error, false, false);
        return false;
    }
    runWeights_ = job.run.weights;
    // Instances are optimised one after the other: the chart spans all of them.
    lossChart_->clear(job.run.iterations * (job.run.background ? 1 : std::max<int>(1, job.instances.size())));
    iterationLabel_->setText(tr("Starting…"));
    speedLabel_->clear();
    etaLabel_->clear();
    if (!runner_->start(job)) return false;
    eta_.start();
    window_.showStatus(tr("Running %1 iterations at %2 px").arg(job.run.iterations).arg(job.run.workSize));
    updateActions();
    return true;
}

void RunController::stopRun() {
    if (!runner_->busy()) return;
    runner_->stop();
    window_.showStatus(tr("Stopping…"));
    updateActions();
}

void RunController::togglePause() {
    if (runner_->state() == StyleRunner::State::Running) {
        runner_->setPaused(true);
        eta_.setPaused(true);
        window_.showStatus(tr("Paused"));
    } else if (runner_->state() == StyleRunner::State::Paused) {
        runner_->setPaused(false);
        eta_.setPaused(false);
        window_.showStatus(tr("Resumed"));
    }
    updateActions();
}

void RunController::clearResult() {
    result_ = QImage();
    stylised_ = QImage();
    updateActions();
}

void RunController::connectRunner() {
    connect(runner_, &StyleRunner::stateChanged, this, &RunController::updateActions);
    connect(runner_, &StyleRunner::started, this, [this](const QString& device, bool) { deviceLabel_->setText(device); });
    connect(runner_, &StyleRunner::progress, this, &RunController::onProgress);
    connect(runner_, &StyleRunner::weightsApplied, this, [this](int iteration, const LossWeights& w) {
        runWeights_ = w;
        window_.showStatus(tr("New weights in use from iteration %1").arg(iteration), 3000);
    });
    connect(runner_, &StyleRunner::previewReady, this, [this](const QImage& merged, const QImage& stylised, int) {
        result_ = merged;
        stylised_ = stylised;
        Q_EMIT resultChanged(false);
    });
    connect(runner_, &StyleRunner::finished, this, &RunController::onFinished);
    connect(runner_, &StyleRunner::failed, this, &RunController::onFailed);
}

void RunController::onProgress(int iteration, int iterations, const LossTerms& loss, double secondsPerIteration,
                               double secondsLeft) {
    lossChart_->addPoint(iteration, loss, runWeights_);
    iterationLabel_->setText(tr("Iteration %1/%2").arg(iteration).arg(iterations));
    speedLabel_->setText(tr("%1 s/iteration").arg(secondsPerIteration, 0, 'f', 2));
    eta_.update(iteration, iterations, secondsLeft);
    etaLabel_->setText(EtaSmoother::text(eta_.secondsLeft()));
}

void RunController::onFinished(const QImage& merged, const QImage& stylised, const RunSummary& summary) {
    result_ = merged;
    stylised_ = stylised;
    if (!summary.conv.isEmpty()) {  // what "auto" became: exports replay it (replaySettings)
        runConv_ = summary.conv;
        runLayout_ = summary.layout;
        window_.setStatusDetails(tr("Convolutions of the last run: %1").arg(summary.convChoice));
    }
    Q_EMIT resultChanged(true);
    etaLabel_->clear();
    if (!summary.error.isEmpty()) {
        window_.showBanner(tr("The run stopped at iteration %1: %2. The last good image is kept.")
                               .arg(summary.iterationsDone).arg(summary.error.toHtmlEscaped()), true, false);
        window_.showStatus(tr("Stopped on a numeric fault"));
    } else if (summary.cancelled) {
        window_.showStatus(tr("Stopped after %1 iterations").arg(summary.iterationsDone));
    } else {
        window_.showStatus(tr("Done: %1 iterations in %2").arg(summary.iterationsDone).arg(formatDuration(summary.secondsLoop)));
    }
    updateActions();
}

void RunController::onFailed(const QString& message) {
    iterationLabel_->clear();
    etaLabel_->clear();
    window_.showBanner(tr("The run failed: %1").arg(message.toHtmlEscaped()), true, false);
    window_.showStatus(tr("Run failed"));
    updateActions();
}

void RunController::updateActions() {
    const bool busy = runner_->busy();
    const auto state = runner_->state();
    runAction_->setEnabled(state != StyleRunner::State::Stopping && (busy || !window_.photo().isNull()));
    const bool running = state == StyleRunner::State::Running;
    runAction_->setText(running ? tr("&Pause") : state == StyleRunner::State::Paused ? tr("&Resume") : tr("&Run"));
    runAction_->setIcon(parent_->style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    stopAction_->setEnabled(busy && state != StyleRunner::State::Stopping);
    Q_EMIT stateChanged();
}

}  // namespace ui
}  // namespace instyle
