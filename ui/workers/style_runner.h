#pragma once
// Owns the worker thread and its StyleWorker; the window's one handle on a run.
//
// Thread ownership: GUI thread. The StyleWorker lives in a WorkerThread (its shutdown: disconnect →
// cancel the run → quit → wait, never terminate()).

#include "ui/project/style_job.h"
#include "ui/workers/worker_thread.h"

#include <QObject>

namespace instyle {
namespace ui {

class StyleWorker;

class StyleRunner : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Stopping };
    Q_ENUM(State)

    explicit StyleRunner(QObject* parent = nullptr);
    ~StyleRunner() override;

    State state() const { return state_; }
    bool busy() const { return state_ != State::Idle; }

    // Starts a run (ignored while one is going).
    bool start(const StyleJob& job);
    void setPaused(bool paused);
    // Asks the run to end at the next iteration; finished() follows with summary.cancelled.
    void stop();
    // Live tuning: the running optimisation uses these weights from its next iteration.
    void setWeights(const LossWeights& weights);
    LossWeights workerWeights() const;
    // Queues a segmentation of the photo on the worker thread (after a run that is going).
    void segment(const QImage& photo, const QString& modelPath, const QString& arch);
    // Queues depth maps of the content and the current image on the worker thread.
    void depthMaps(const QImage& content, const QImage& current, const QString& midasPath);

    // Disconnects, cancels, quits the thread and waits for it. Returns false if it did not end
    // within timeoutMs (it is then left to finish on its own and waited for in the destructor).
    bool shutdown(int timeoutMs = 5000);
    const QThread* thread() const { return thread_.workerThread(); }

Q_SIGNALS:
    void stateChanged(instyle::ui::StyleRunner::State state);
    void started(const QString& device, bool pretrainedVgg);
    void progress(int iteration, int iterations, const instyle::LossTerms& loss, double secondsPerIteration,
                  double secondsLeft);
    void weightsApplied(int iteration, const instyle::LossWeights& weights);
    void previewReady(const QImage& merged, const QImage& stylised, int iteration);
    void finished(const QImage& merged, const QImage& stylised, const instyle::ui::RunSummary& summary);
    void failed(const QString& message);
    void segmented(const QImage& labels, const QString& arch);
    void segmentationFailed(const QString& message);
    void depthReady(const QImage& contentDepth, const QImage& currentDepth);
    void depthFailed(const QString& message);

private:
    void setState(State state);
    StyleWorker* worker() const;  // null once shut down

    WorkerThread thread_;
    State state_ = State::Idle;
};

}  // namespace ui
}  // namespace instyle
