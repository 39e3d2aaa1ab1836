#include "ui/workers/style_worker.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/kernels/conv_tuner.h"
#include "core/nets/depth_model.h"
#include "core/base/error.h"
#include "core/base/runtime.h"
#include "core/segmentation/segmenter.h"
#include "core/style/stylizer.h"
#include "imaging/compose/blender.h"
#include "imaging/compose/color_transfer.h"
#include "imaging/compose/instance_stylizer.h"
#include "imaging/io/mat_tensor.h"
#include "imaging/io/image_io.h"
#include "ui/image_ops.h"
#include "ui/workers/qimage_tensor.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <torch/torch.h>

#include <opencv2/imgproc.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>

namespace instyle {
namespace ui {

Q_LOGGING_CATEGORY(lcWorker, "instyle.worker")

namespace {

void noteConv(RunSummary& summary, const StyleResult& result) {
    summary.conv = QString::fromStdString(convName(result.conv));
    summary.layout = QString::fromStdString(layoutName(result.layout));
    summary.convChoice = QString::fromStdString(result.convChoice);
}

Vgg19Features makeVgg(const StyleJob& job) {
    Vgg19Features vgg(static_cast<uint64_t>(job.run.seed));
    if (!job.run.vggPath.isEmpty()) vgg->loadTorchvision(readCheckpoint(job.run.vggPath.toStdString()), job.run.vggPath.toStdString());
    return vgg;
}

}  // namespace

struct StyleWorker::State {
    mutable std::mutex mutex;
    std::condition_variable wake;
    LossWeights weights;          // the latest weights asked for
    bool paused = false;
    std::atomic_bool cancel{false};
    Stylizer* stylizer = nullptr;  // while a run is going
    std::optional<Stylizer> cached;
    QString cachedKey;
    std::shared_ptr<DepthModel> depthModel;
    QString depthPath;
    std::unique_ptr<Segmenter> segmenter;
    QString segmenterPath;
};

StyleWorker::StyleWorker() : state_(std::make_unique<State>()) {}
StyleWorker::~StyleWorker() = default;

void StyleWorker::setWeights(const LossWeights& weights) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->weights = weights;
    if (state_->stylizer) state_->stylizer->setWeights(weights);
}

LossWeights StyleWorker::weights() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->stylizer ? state_->stylizer->weights() : state_->weights;
}

void StyleWorker::setPaused(bool paused) {
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->paused = paused;
    }
    state_->wake.notify_all();
}

void StyleWorker::clearCancel() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->cancel = false;
}

void StyleWorker::requestCancel() {
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->cancel = true;
    }
    state_->wake.notify_all();
}

namespace {

BlendOptions blendOptions(const StyleJob& job) { return {job.run.blend, job.run.featherPx}; }

std::vector<StyleImage> paintings(const QImage& style, const QImage& style2, double weight2) {
    if (style2.isNull() || weight2 <= 0) return {{toMat(style), 1.0}};
    std::vector<StyleImage> out;
    if (weight2 < 1) out.push_back({toMat(style), 1.0 - weight2});
    out.push_back({toMat(style2), weight2});
    return out;
}

// The engine's instances of a job: one per selected instance, or the selection's complement.
std::vector<InstanceSpec> instanceSpecs(const StyleJob& job) {
    std::vector<InstanceSpec> specs;
    auto spec = [&](const QImage& mask, const QImage& style, const QImage& style2, double w2, const LossWeights& w,
                    const QString& label) {
        InstanceSpec s;
        s.mask = toMat(mask.scaled(job.photo.size()), true);
        s.styles = paintings(style, style2, w2);
        s.weights = w;
        s.blend = blendOptions(job);
        s.color = job.run.color;
        s.margin = job.run.margin;
        s.background = job.run.background;
        s.label = label.toStdString();
        specs.push_back(std::move(s));
    };
    if (job.run.background)
        spec(job.mask, job.style, job.style2, job.style2Weight, job.run.weights, QStringLiteral("background"));
    else
        for (const JobInstance& i : job.instances) spec(i.mask, i.style, i.style2, i.style2Weight, i.weights, i.label);
    return specs;
}

// What every optimisation of the job shares (the engine's StyleRequest without images).
StyleRequest baseRequest(const StyleJob& job, const c10::Device& device) {
    StyleRequest request;
    request.schedule.iterations = job.run.iterations;
    request.schedule.scales = job.run.scales;
    request.schedule.optimizer = job.run.optimizer;
    request.schedule.lr = job.run.learningRate;
    if (job.run.notebookClamp) request.schedule.clamp = ClampMode::Notebook;
    request.device = device;
    request.seed = job.run.seed;
    request.conv = static_cast<ConvAlgorithm>(std::max(0, checkedChoice(options::conv, job.run.conv.toStdString())));
    request.layout = static_cast<MemoryLayout>(std::max(0, checkedChoice(options::layout, job.run.layout.toStdString())));
    request.depthGradient = job.depthGradient;
    return request;
}

}  // namespace

// The live side of one run on the worker thread: progress, weight changes, throttled previews of
// the merged photo, and pausing between iterations.
class StyleWorker::RunReporter {
public:
    RunReporter(StyleWorker& worker, State& state, const StyleJob& job, const cv::Mat& photo,
                const std::vector<InstanceSpec>& specs)
        : worker_(worker), state_(state), job_(job), photo_(photo), specs_(specs), base_(photo.clone()),
          applied_(state.stylizer->weights()) {
        sincePreview_.start();
    }

    // The photo with the instances finished so far and `image` (the current one's) blended in,
    // scaled back as InstanceStylizer does, so that the last preview is the result.
    cv::Mat merged(const at::Tensor& image) const {
        if (specs_.empty()) return resizeResult(tensorToMat(image), photo_.size());
        const auto& [crop, mask] = region_;
        cv::Mat up = resizeResult(tensorToMat(image), crop.size());
        const InstanceSpec& spec = specs_[size_t(current_)];
        if (spec.color == ColorPreservation::Luminance) up = transferLuminance(up, base_(crop));
        cv::Mat out = base_.clone();
        cv::Mat target = out(crop);
        blendInto(base_(crop), up, mask(crop), spec.blend).copyTo(target);
        return out;
    }

    void onProgress(int instance, const Progress& p) {
        if (!specs_.empty() && instance != current_) startInstance(instance);
        lastImage_ = p.image;
        reportWeights(instance * job_.run.iterations + p.iteration);
        const int iteration = instance * job_.run.iterations + p.iteration;
        const double perIteration = std::max(0.0, p.secondsElapsed - pausedSeconds_) / p.iteration;
        const int instances = specs_.empty() ? 1 : int(specs_.size());
        Q_EMIT worker_.progress(iteration, instances * job_.run.iterations, p.loss, perIteration,
                                mergeSecondsLeft(p, instance, instances, pausedSeconds_));
        if (previewDue(iteration, p.iteration == p.iterations))
            Q_EMIT worker_.previewReady(toQImage(merged(p.image)), tensorToQImage(p.image), iteration);
        waitWhilePaused();
    }

private:
    void startInstance(int instance) {
        if (current_ >= 0 && lastImage_.defined()) base_ = merged(lastImage_);
        current_ = instance;
        region_ = instanceRegion(specs_[size_t(instance)]);
        applied_ = specs_[size_t(instance)].weights;
        pausedSeconds_ = 0;  // each instance's run has its own clock
    }

    void reportWeights(int iteration) {
        const LossWeights now = state_.stylizer->weights();
        if (now == applied_) return;
        applied_ = now;
        Q_EMIT worker_.weightsApplied(iteration + 1, now);  // the next iteration uses them
    }

    bool previewDue(int iteration, bool last) {
        if (!last && (iteration - lastPreview_ < job_.previewEveryIterations ||
                      sincePreview_.elapsed() < job_.previewMinIntervalMs))
            return false;
        lastPreview_ = iteration;
        sincePreview_.restart();
        return true;
    }

    // Pausing holds the optimisation between two iterations; the time paused is left out of the rates.
    void waitWhilePaused() {
        std::unique_lock<std::mutex> lock(state_.mutex);
        if (!state_.paused || state_.cancel) return;
        QElapsedTimer pausedFor;
        pausedFor.start();
        state_.wake.wait(lock, [&] { return !state_.paused || state_.cancel.load(); });
        pausedSeconds_ += pausedFor.elapsed() / 1000.0;
    }

    StyleWorker& worker_;
    State& state_;
    const StyleJob& job_;
    const cv::Mat& photo_;
    const std::vector<InstanceSpec>& specs_;
    cv::Mat base_;  // the photo with the finished instances merged
    int current_ = -1;
    std::pair<cv::Rect, cv::Mat> region_;
    at::Tensor lastImage_;
    LossWeights applied_;
    int lastPreview_ = 0;
    QElapsedTimer sincePreview_;
    double pausedSeconds_ = 0;
};

Stylizer& StyleWorker::prepareStylizer(const StyleJob& job) {
    State& s = *state_;
    const QString key = job.run.vggPath + QLatin1Char('#') + QString::number(job.run.seed) + QLatin1Char('#') + job.run.midasPath;
    if (!s.cached || s.cachedKey != key) {
        s.cached.reset();
        std::shared_ptr<DepthModel> depth;
        if (!job.run.midasPath.isEmpty()) depth = loadDepthModel(job.run.midasPath.toStdString());
        s.cached.emplace(makeVgg(job), std::move(depth));
        s.cachedKey = key;
    }
    return *s.cached;
}

void StyleWorker::run(const StyleJob& job) {
    State& s = *state_;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.weights = job.run.weights;
    }
    const auto detach = [&s] {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.stylizer = nullptr;
    };
    try {
        configureThreads(job.run.threads);
        const c10::Device device = resolveDevice(parseDeviceChoice(job.device.toStdString()));
        Stylizer& stylizer = prepareStylizer(job);
        const bool merging = job.run.background || !job.instances.isEmpty();
        const std::vector<InstanceSpec> specs = merging ? instanceSpecs(job) : std::vector<InstanceSpec>{};
        const cv::Mat photo = toMat(job.photo);
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            s.stylizer = &stylizer;
            // The first optimisation starts with the weights of what it optimises.
            s.stylizer->setWeights(merging ? specs.front().weights : s.weights);
        }
        Q_EMIT started(QString::fromStdString(describeDevice(device)), !job.run.vggPath.isEmpty());
        RunReporter reporter(*this, s, job, photo, specs);
        StyleRequest request = baseRequest(job, device);
        QImage merged, stylised;
        const RunSummary summary = merging ? runMerge(job, request, photo, specs, reporter, merged, stylised)
                                           : runWhole(job, request, photo, reporter, merged, stylised);
        detach();
        Q_EMIT finished(merged, stylised, summary);
    } catch (const std::exception& e) {
        detach();
        qCWarning(lcWorker) << "run failed:" << e.what();
        // One line (c10::Error messages carry a backtrace); out of memory suggests a smaller size.
        Q_EMIT failed(QString::fromStdString(describeFailure(e, tr("try a smaller work size").toStdString())));
    }
}

// Selected instances (or the background): the engine's InstanceStylizer, as `instyle-cli stylize`
// runs them.
RunSummary StyleWorker::runMerge(const StyleJob& job, const StyleRequest& base, const cv::Mat& photo,
                                 const std::vector<InstanceSpec>& specs, RunReporter& reporter, QImage& merged,
                                 QImage& stylised) {
    MergeRequest request;
    request.photo = photo;
    request.instances = specs;
    request.workSize = job.run.workSize;
    request.style = base;
    InstanceStylizer instanceStylizer(*state_->stylizer);
    const MergeResult result = instanceStylizer.run(
        request, [&](const MergeProgress& mp) { reporter.onProgress(mp.instance, mp.progress); }, state_->cancel);
    RunSummary summary;
    summary.cancelled = result.cancelled;
    summary.error = QString::fromStdString(result.error);
    if (!result.instances.empty()) noteConv(summary, result.instances.front().result);
    for (const InstanceOutcome& o : result.instances) {
        summary.iterationsDone += o.result.iterationsDone;
        summary.secondsLoop += o.result.secondsLoop;
        summary.secondsSetup += o.result.secondsSetup;
    }
    merged = toQImage(result.image);
    if (!result.instances.empty()) stylised = tensorToQImage(result.instances.back().result.image);
    return summary;
}

// The whole photo at the work size, scaled back to the photo's size (`instyle-cli stylize
// --full-size`: the same engine calls, so the same pixels).
RunSummary StyleWorker::runWhole(const StyleJob& job, const StyleRequest& base, const cv::Mat& photo,
                                 RunReporter& reporter, QImage& merged, QImage& stylised) {
    StyleRequest request = base;
    request.content = matToTensor(resizeLongSide(photo, job.run.workSize, kMinWorkSide));
    for (const StyleImage& p : paintings(job.style, job.style2, job.style2Weight))
        request.styles.push_back({matToTensor(resizeLongSide(p.rgb, job.run.workSize, kMinWorkSide)), p.weight});
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        request.weights = state_->weights;
    }
    const StyleResult result = state_->stylizer->run(
        request, [&](const Progress& p) { reporter.onProgress(0, p); }, state_->cancel);
    RunSummary summary;
    summary.iterationsDone = result.iterationsDone;
    summary.cancelled = result.cancelled;
    summary.error = QString::fromStdString(result.error);
    summary.secondsLoop = result.secondsLoop;
    summary.secondsSetup = result.secondsSetup;
    noteConv(summary, result);
    stylised = tensorToQImage(result.image);
    merged = toQImage(reporter.merged(result.image));
    return summary;
}

void StyleWorker::segment(const QImage& photo, const QString& modelPath, const QString& archId) {
    State& s = *state_;
    try {
        if (!s.segmenter || s.segmenterPath != modelPath + QLatin1Char('#') + archId) {
            const std::string arch = archId.toStdString();
            auto model = createSegmentationModel(arch, officialAuxHead(arch));
            loadSegmentationWeights(*model, readCheckpoint(modelPath.toStdString()), modelPath.toStdString());
            s.segmenter = std::make_unique<Segmenter>(model);
            s.segmenterPath = modelPath + QLatin1Char('#') + archId;
        }
        torch::NoGradGuard noGrad;
        const QImage rgb = photo.convertToFormat(QImage::Format_RGB888);
        auto hwc = torch::from_blob(const_cast<uchar*>(rgb.constBits()), {rgb.height(), rgb.width(), 3},
                                    {rgb.bytesPerLine(), 3, 1}, torch::kUInt8);
        const Segmentation result = s.segmenter->segment(hwc);
        const at::Tensor labels = result.labels.contiguous();
        QImage out(rgb.width(), rgb.height(), QImage::Format_Grayscale8);
        const uint8_t* src = labels.data_ptr<uint8_t>();
        for (int y = 0; y < out.height(); ++y) std::copy_n(src + size_t(y) * out.width(), out.width(), out.scanLine(y));
        Q_EMIT segmented(out, QString::fromStdString(s.segmenter->arch()));
    } catch (const std::exception& e) {
        s.segmenter.reset();
        Q_EMIT segmentationFailed(QString::fromStdString(describeFailure(e, tr("try a smaller photo").toStdString())));
    }
}

void StyleWorker::depthMaps(const QImage& content, const QImage& current, const QString& midasPath) {
    State& s = *state_;
    try {
        if (!s.depthModel || s.depthPath != midasPath) {
            s.depthModel = loadDepthModel(midasPath.toStdString());
            s.depthPath = midasPath;
        }
        torch::NoGradGuard noGrad;
        namespace F = torch::nn::functional;
        const int64_t side = 256;  // a multiple of 32, MiDaS small's training size
        auto depthOf = [&](const QImage& image) {
            const at::Tensor x = F::interpolate(qimageToTensor(image), F::InterpolateFuncOptions()
                                                                             .size(std::vector<int64_t>{side, side})
                                                                             .mode(torch::kBicubic)
                                                                             .align_corners(false));
            const at::Tensor d = asDepthMap(s.depthModel->forward(x), s.depthModel->description());
            return F::interpolate(d, F::InterpolateFuncOptions()
                                         .size(std::vector<int64_t>{image.height(), image.width()})
                                         .mode(torch::kBicubic)
                                         .align_corners(false));
        };
        const at::Tensor a = depthOf(content), b = depthOf(current.isNull() ? content : current);
        const double low = std::min(a.min().item<double>(), b.min().item<double>());
        const double high = std::max(a.max().item<double>(), b.max().item<double>());
        auto toImage = [&](const at::Tensor& d) {
            const at::Tensor g = ((d - low) / std::max(high - low, 1e-12) * 255.0)
                                     .clamp(0, 255).round().to(torch::kUInt8).squeeze().contiguous();
            QImage out(int(g.size(1)), int(g.size(0)), QImage::Format_Grayscale8);
            for (int y = 0; y < out.height(); ++y)
                std::copy_n(g.data_ptr<uint8_t>() + int64_t(y) * out.width(), out.width(), out.scanLine(y));
            return out;
        };
        Q_EMIT depthReady(toImage(a), toImage(b));
    } catch (const std::exception& e) {
        s.depthModel.reset();
        Q_EMIT depthFailed(QString::fromStdString(describeFailure(e, std::string())));
    }
}

}  // namespace ui
}  // namespace instyle
