#pragma once
// Runs the engine's Stylizer on a worker thread (worker-object pattern: the StyleRunner moves
// it into a QThread and calls run() through a queued connection).
//
// Thread ownership: run() executes on the worker thread and blocks it for the whole
// optimisation, so the worker's own event loop is not available during a run. setWeights(),
// setPaused() and requestCancel() are therefore plain thread-safe methods, called directly from
// the GUI thread; they take effect at the next iteration boundary. Signals are delivered to the
// GUI thread queued; every QImage they carry is a deep copy.

#include "ui/project/style_job.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

namespace cv {
class Mat;
}

namespace instyle {
struct InstanceSpec;
struct StyleRequest;
class Stylizer;

namespace ui {

class StyleWorker : public QObject {
    Q_OBJECT
public:
    StyleWorker();
    ~StyleWorker() override;

    void setWeights(const LossWeights& weights);
    // The weights the optimisation uses from its next iteration on.
    LossWeights weights() const;
    void setPaused(bool paused);
    void requestCancel();
    // Clears a cancel request. The runner calls it before it queues a run (not run() itself), so
    // that a cancel arriving before the queued run begins (a window closed at once) is not lost.
    void clearCancel();

public Q_SLOTS:
    void run(const instyle::ui::StyleJob& job);
    // Segments the photo with the model file of the registry id `arch`; emits segmented()
    // with a Grayscale8 label map at the photo's size, or segmentationFailed().
    void segment(const QImage& photo, const QString& modelPath, const QString& arch);
    // Relative inverse depth of both images (same size) with the MiDaS file, as Grayscale8 on
    // one shared scale (brighter = nearer); emits depthReady() or depthFailed().
    void depthMaps(const QImage& content, const QImage& current, const QString& midasPath);

Q_SIGNALS:
    // Once per run after setup: "cpu (2 threads)" / "cuda:0", and whether VGG19 is pretrained.
    void started(const QString& device, bool pretrainedVgg);
    // Every iteration. secondsPerIteration excludes time spent paused; secondsLeft is the
    // estimated time to the end of the run (coarse-to-fine levels weighted by their size).
    void progress(int iteration, int iterations, const instyle::LossTerms& loss,
                  double secondsPerIteration, double secondsLeft);
    // The iteration at which changed weights first entered the optimisation.
    void weightsApplied(int iteration, const instyle::LossWeights& weights);
    // The merged photo (photo size) and the raw stylised image (work size), throttled.
    void previewReady(const QImage& merged, const QImage& stylised, int iteration);
    void finished(const QImage& merged, const QImage& stylised, const instyle::ui::RunSummary& summary);
    void failed(const QString& message);
    void segmented(const QImage& labels, const QString& arch);
    void segmentationFailed(const QString& message);
    void depthReady(const QImage& contentDepth, const QImage& currentDepth);
    void depthFailed(const QString& message);

private:
    struct State;
    class RunReporter;
    // The run's named steps: the (cached) Stylizer for the job's models, then one of the two ways
    // to run it (the engine's InstanceStylizer for a selection, its Stylizer for the whole photo).
    Stylizer& prepareStylizer(const StyleJob& job);
    RunSummary runMerge(const StyleJob& job, const StyleRequest& base, const cv::Mat& photo,
                        const std::vector<InstanceSpec>& specs, RunReporter& reporter, QImage& merged, QImage& stylised);
    RunSummary runWhole(const StyleJob& job, const StyleRequest& base, const cv::Mat& photo, RunReporter& reporter,
                        QImage& merged, QImage& stylised);
    std::unique_ptr<State> state_;
};

}  // namespace ui
}  // namespace instyle
