#include "ui/workers/style_runner.h"

#include "ui/workers/style_worker.h"

namespace instyle {
namespace ui {

namespace {
void registerTypes() {
    qRegisterMetaType<LossWeights>();
    qRegisterMetaType<LossTerms>();
    qRegisterMetaType<StyleJob>();
    qRegisterMetaType<RunSummary>();
}
}  // namespace

StyleRunner::StyleRunner(QObject* parent) : QObject(parent), thread_(QStringLiteral("instyle-style-worker")) {
    registerTypes();
    auto* worker = new StyleWorker;
    connect(worker, &StyleWorker::started, this, &StyleRunner::started);
    connect(worker, &StyleWorker::progress, this, &StyleRunner::progress);
    connect(worker, &StyleWorker::weightsApplied, this, &StyleRunner::weightsApplied);
    connect(worker, &StyleWorker::previewReady, this, [this](const QImage& m, const QImage& s, int i) {
        if (state_ != State::Stopping) Q_EMIT previewReady(m, s, i);
    });
    connect(worker, &StyleWorker::finished, this, [this](const QImage& m, const QImage& s, const RunSummary& summary) {
        setState(State::Idle);
        Q_EMIT finished(m, s, summary);
    });
    connect(worker, &StyleWorker::failed, this, [this](const QString& message) {
        setState(State::Idle);
        Q_EMIT failed(message);
    });
    connect(worker, &StyleWorker::segmented, this, &StyleRunner::segmented);
    connect(worker, &StyleWorker::segmentationFailed, this, &StyleRunner::segmentationFailed);
    connect(worker, &StyleWorker::depthReady, this, &StyleRunner::depthReady);
    connect(worker, &StyleWorker::depthFailed, this, &StyleRunner::depthFailed);
    thread_.start(worker, [worker] { worker->requestCancel(); });
}

StyleRunner::~StyleRunner() { shutdown(); }

StyleWorker* StyleRunner::worker() const { return static_cast<StyleWorker*>(thread_.worker()); }

void StyleRunner::depthMaps(const QImage& content, const QImage& current, const QString& midasPath) {
    StyleWorker* worker = this->worker();
    if (!worker) return;
    const QImage a = content.copy(), b = current.copy();
    thread_.invoke([worker, a, b, midasPath] { worker->depthMaps(a, b, midasPath); });
}

void StyleRunner::segment(const QImage& photo, const QString& modelPath, const QString& arch) {
    StyleWorker* worker = this->worker();
    if (!worker) return;
    const QImage copy = photo.copy();
    thread_.invoke([worker, copy, modelPath, arch] { worker->segment(copy, modelPath, arch); });
}

bool StyleRunner::start(const StyleJob& job) {
    StyleWorker* worker = this->worker();
    if (busy() || !worker) return false;
    worker->setPaused(false);
    worker->clearCancel();
    setState(State::Running);
    thread_.invoke([worker, job] { worker->run(job); });
    return true;
}

void StyleRunner::setPaused(bool paused) {
    StyleWorker* worker = this->worker();
    if (!worker || (state_ != State::Running && state_ != State::Paused)) return;
    worker->setPaused(paused);
    setState(paused ? State::Paused : State::Running);
}

void StyleRunner::stop() {
    StyleWorker* worker = this->worker();
    if (!worker || !busy()) return;
    setState(State::Stopping);
    worker->requestCancel();
}

void StyleRunner::setWeights(const LossWeights& weights) {
    if (StyleWorker* worker = this->worker()) worker->setWeights(weights);
}

LossWeights StyleRunner::workerWeights() const {
    const StyleWorker* worker = this->worker();
    return worker ? worker->weights() : LossWeights{};
}

bool StyleRunner::shutdown(int timeoutMs) {
    const bool wasRunning = thread_.isRunning();
    const bool ended = thread_.shutdown(timeoutMs);
    if (wasRunning) setState(State::Idle);
    return ended;
}

void StyleRunner::setState(State state) {
    if (state_ == state) return;
    state_ = state;
    Q_EMIT stateChanged(state);
}

}  // namespace ui
}  // namespace instyle
