#include "ui/style_runner.h"

#include "ui/style_worker.h"

#include <QMetaObject>

namespace instyle {
namespace ui {

namespace {
void registerTypes() {
    qRegisterMetaType<JobWeights>();
    qRegisterMetaType<LossPoint>();
    qRegisterMetaType<StyleJob>();
    qRegisterMetaType<RunSummary>();
}
}  // namespace

StyleRunner::StyleRunner(QObject* parent) : QObject(parent) {
    registerTypes();
    thread_.setObjectName(QStringLiteral("instyle-style-worker"));
    worker_ = new StyleWorker;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

    connect(worker_, &StyleWorker::started, this, &StyleRunner::started);
    connect(worker_, &StyleWorker::progress, this, &StyleRunner::progress);
    connect(worker_, &StyleWorker::weightsApplied, this, &StyleRunner::weightsApplied);
    connect(worker_, &StyleWorker::previewReady, this, [this](const QImage& m, const QImage& s, int i) {
        if (state_ != State::Stopping) Q_EMIT previewReady(m, s, i);
    });
    connect(worker_, &StyleWorker::finished, this,
            [this](const QImage& m, const QImage& s, const RunSummary& summary) {
                setState(State::Idle);
                Q_EMIT finished(m, s, summary);
            });
    connect(worker_, &StyleWorker::failed, this, [this](const QString& message) {
        setState(State::Idle);
        Q_EMIT failed(message);
    });
    connect(worker_, &StyleWorker::segmented, this, &StyleRunner::segmented);
    connect(worker_, &StyleWorker::segmentationFailed, this, &StyleRunner::segmentationFailed);
    connect(worker_, &StyleWorker::depthReady, this, &StyleRunner::depthReady);
    connect(worker_, &StyleWorker::depthFailed, this, &StyleRunner::depthFailed);
    thread_.start();
}

void StyleRunner::depthMaps(const QImage& content, const QImage& current, const QString& midasPath) {
    if (!worker_) return;
    StyleWorker* worker = worker_;
    const QImage a = content.copy(), b = current.copy();
    QMetaObject::invokeMethod(worker, [worker, a, b, midasPath] { worker->depthMaps(a, b, midasPath); }, Qt::QueuedConnection);
}

void StyleRunner::segment(const QImage& photo, const QString& modelPath, const QString& arch) {
    if (!worker_) return;
    StyleWorker* worker = worker_;
    const QImage copy = photo.copy();
    QMetaObject::invokeMethod(worker, [worker, copy, modelPath, arch] { worker->segment(copy, modelPath, arch); }, Qt::QueuedConnection);
}

StyleRunner::~StyleRunner() {
    shutdown();
    thread_.wait();
}

bool StyleRunner::start(const StyleJob& job) {
    if (busy() || !worker_ || !thread_.isRunning()) return false;
    worker_->setPaused(false);
    worker_->clearCancel();
    setState(State::Running);
    StyleWorker* worker = worker_;
    QMetaObject::invokeMethod(worker, [worker, job] { worker->run(job); }, Qt::QueuedConnection);
    return true;
}

void StyleRunner::setPaused(bool paused) {
    if (!worker_ || (state_ != State::Running && state_ != State::Paused)) return;
    worker_->setPaused(paused);
    setState(paused ? State::Paused : State::Running);
}

void StyleRunner::stop() {
    if (!worker_ || !busy()) return;
    setState(State::Stopping);
    worker_->requestCancel();
}

void StyleRunner::setWeights(const JobWeights& weights) {
    if (worker_) worker_->setWeights(weights);
}

JobWeights StyleRunner::workerWeights() const { return worker_ ? worker_->weights() : JobWeights{}; }

bool StyleRunner::shutdown(int timeoutMs) {
    if (!thread_.isRunning()) return true;
    if (worker_) {
        disconnect(worker_, nullptr, this, nullptr);
        worker_->requestCancel();
    }
    thread_.quit();
    const bool ended = thread_.wait(QDeadlineTimer(timeoutMs));
    worker_ = nullptr;  // deleted by deleteLater when the thread's loop ended
    setState(State::Idle);
    return ended;
}

void StyleRunner::setState(State state) {
    if (state_ == state) return;
    state_ = state;
    Q_EMIT stateChanged(state);
}

}  // namespace ui
}  // namespace instyle
