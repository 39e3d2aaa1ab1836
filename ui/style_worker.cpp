#include "ui/style_worker.h"

#include "core/checkpoint_reader.h"
#include "core/depth_model.h"
#include "core/error.h"
#include "core/runtime.h"
#include "core/segmenter.h"
#include "core/stylizer.h"
#include "imaging/blender.h"
#include "imaging/color_transfer.h"
#include "imaging/instance_stylizer.h"
#include "imaging/mat_tensor.h"
#include "ui/qimage_tensor.h"

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

LossWeights toEngine(const JobWeights& w) { return {w.alpha, w.beta, w.theta, w.gamma}; }
JobWeights fromEngine(const LossWeights& w) { return {w.alpha, w.beta, w.theta, w.gamma}; }
LossPoint fromEngine(const LossTerms& t) { return {t.content, t.style, t.depth, t.laplacian, t.total}; }

Vgg19Features makeVgg(const StyleJob& job) {
    Vgg19Features vgg(static_cast<uint64_t>(job.seed));
    if (!job.vggPath.isEmpty()) vgg->loadTorchvision(readCheckpoint(job.vggPath.toStdString()), job.vggPath.toStdString());
    return vgg;
}

}  // namespace

struct StyleWorker::State {
    mutable std::mutex mutex;
    std::condition_variable wake;
    JobWeights weights;          // the latest weights asked for
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

void StyleWorker::setWeights(const JobWeights& weights) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->weights = weights;
    if (state_->stylizer) state_->stylizer->setWeights(toEngine(weights));
}

JobWeights StyleWorker::weights() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->stylizer ? fromEngine(state_->stylizer->weights()) : state_->weights;
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

// Deep copies between QImage and cv::Mat (RGB888 / Grayscale8).
cv::Mat toMat(const QImage& image, bool gray = false) {
    const QImage q = image.convertToFormat(gray ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    return cv::Mat(q.height(), q.width(), gray ? CV_8UC1 : CV_8UC3, const_cast<uchar*>(q.constBits()),
                   static_cast<size_t>(q.bytesPerLine())).clone();
}

QImage toQImage(const cv::Mat& rgb) {
    QImage out(rgb.cols, rgb.rows, QImage::Format_RGB888);
    for (int y = 0; y < rgb.rows; ++y) std::copy_n(rgb.ptr<uchar>(y), size_t(rgb.cols) * 3, out.scanLine(y));
    return out;
}

BlendOptions blendOptions(const StyleJob& job) {
    static const BlendMode modes[] = {BlendMode::Hard, BlendMode::Feather, BlendMode::Guided, BlendMode::Poisson};
    return {modes[int(job.blend)], job.featherPx};
}

ColorPreservation colorOf(const StyleJob& job) {
    static const ColorPreservation modes[] = {ColorPreservation::None, ColorPreservation::Luminance,
                                              ColorPreservation::Histogram};
    return modes[int(job.color)];
}

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
    auto spec = [&](const QImage& mask, const QImage& style, const QImage& style2, double w2, const JobWeights& w,
                    const QString& label) {
        InstanceSpec s;
        s.mask = toMat(mask.scaled(job.photo.size()), true);
        s.styles = paintings(style, style2, w2);
        s.weights = toEngine(w);
        s.blend = blendOptions(job);
        s.color = colorOf(job);
        s.margin = job.margin;
        s.background = job.background;
        s.label = label.toStdString();
        specs.push_back(std::move(s));
    };
    if (job.background)
        spec(job.mask, job.style, job.style2, job.style2Weight, job.weights, QStringLiteral("background"));
    else
        for (const JobInstance& i : job.instances) spec(i.mask, i.style, i.style2, i.style2Weight, i.weights, i.label);
    return specs;
}

}  // namespace

void StyleWorker::run(const StyleJob& job) {
    State& s = *state_;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        s.weights = job.weights;
    }
    try {
        configureThreads(job.threads);
        const c10::Device device = resolveDevice(parseDeviceChoice(job.device.toStdString()));
        const QString key = job.vggPath + QLatin1Char('#') + QString::number(job.seed) + QLatin1Char('#') + job.midasPath;
        if (!s.cached || s.cachedKey != key) {
            s.cached.reset();
            std::shared_ptr<DepthModel> depth;
            if (!job.midasPath.isEmpty()) depth = loadDepthModel(job.midasPath.toStdString());
            s.cached.emplace(makeVgg(job), std::move(depth));
            s.cachedKey = key;
        }
        Schedule schedule;
        schedule.iterations = job.iterations;
        schedule.scales = job.scales;
        schedule.optimizer = job.optimizer == JobOptimizer::Lbfgs ? OptimizerKind::Lbfgs : OptimizerKind::Adam;
        schedule.lr = job.learningRate;
        if (job.notebookClamp) schedule.clamp = ClampMode::Notebook;
        const bool merging = job.background || !job.instances.isEmpty();
        const std::vector<InstanceSpec> specs = merging ? instanceSpecs(job) : std::vector<InstanceSpec>{};
        const cv::Mat photo = toMat(job.photo);
        const int instances = merging ? int(specs.size()) : 1;
        const int total = instances * job.iterations;
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            s.stylizer = &*s.cached;
            // The first optimisation starts with the weights of what it optimises.
            s.stylizer->setWeights(merging ? specs.front().weights : toEngine(s.weights));
        }
        Q_EMIT started(QString::fromStdString(describeDevice(device)), !job.vggPath.isEmpty());

        LossWeights applied = s.stylizer->weights();
        int lastPreview = 0;
        QElapsedTimer sincePreview;
        sincePreview.start();
        double pausedSeconds = 0;
        // The live preview of the merge: the instances finished so far blended into `base`, the
        // current one's image blended on top (with the engine's blendInto, on this thread).
        cv::Mat base = photo.clone();
        int current = -1;
        std::pair<cv::Rect, cv::Mat> region;
        at::Tensor lastImage;
        auto mergedPreview = [&](const at::Tensor& image) {
            if (!merging) {
                cv::Mat up;
                cv::resize(tensorToMat(image), up, photo.size(), 0, 0, cv::INTER_CUBIC);
                return up;
            }
            const auto& [crop, mask] = region;
            // Scaled back as InstanceStylizer does, so that the last preview is the result.
            const cv::Mat work = tensorToMat(image);
            cv::Mat up;
            cv::resize(work, up, crop.size(), 0, 0, crop.width > work.cols ? cv::INTER_CUBIC : cv::INTER_AREA);
            const InstanceSpec& spec = specs[size_t(current)];
            if (spec.color == ColorPreservation::Luminance) up = transferLuminance(up, base(crop));
            cv::Mat out = base.clone();
            cv::Mat target = out(crop);
            blendInto(base(crop), up, mask(crop), spec.blend).copyTo(target);
            return out;
        };
        auto onProgress = [&](int instance, const Progress& p) {
            if (merging && instance != current) {
                if (current >= 0 && lastImage.defined()) base = mergedPreview(lastImage);
                current = instance;
                region = instanceRegion(specs[size_t(instance)]);
                applied = specs[size_t(instance)].weights;
                pausedSeconds = 0;  // each instance's run has its own clock
            }
            lastImage = p.image;
            const LossWeights nowEngine = s.stylizer->weights();
            const JobWeights now = fromEngine(nowEngine);
            const int iteration = instance * job.iterations + p.iteration;
            if (now != fromEngine(applied)) {
                applied = nowEngine;
                Q_EMIT weightsApplied(iteration + 1, now);  // the next iteration uses them
            }
            const double perIteration = std::max(0.0, p.secondsElapsed - pausedSeconds) / p.iteration;
            Q_EMIT progress(iteration, total, fromEngine(p.loss), perIteration,
                            mergeSecondsLeft(p, instance, instances, pausedSeconds));
            const bool last = p.iteration == p.iterations;
            if (!last && (iteration - lastPreview < job.previewEveryIterations ||
                          sincePreview.elapsed() < job.previewMinIntervalMs))
                return;
            lastPreview = iteration;
            sincePreview.restart();
            const QImage stylised = tensorToQImage(p.image);
            Q_EMIT previewReady(toQImage(mergedPreview(p.image)), stylised, iteration);
        };
        // Pausing holds the optimisation between two iterations.
        auto onProgressWithPause = [&](int instance, const Progress& p) {
            onProgress(instance, p);
            std::unique_lock<std::mutex> lock(s.mutex);
            if (s.paused && !s.cancel) {
                QElapsedTimer pausedFor;
                pausedFor.start();
                s.wake.wait(lock, [&] { return !s.paused || s.cancel.load(); });
                pausedSeconds += pausedFor.elapsed() / 1000.0;
            }
        };

        RunSummary summary;
        QImage merged, stylised;
        if (merging) {
            MergeRequest request;
            request.photo = photo;
            request.instances = specs;
            request.workSize = std::max(job.content.width(), job.content.height());
            request.schedule = schedule;
            request.device = device;
            request.seed = job.seed;
            request.depthGradient = job.depthGradient;
            InstanceStylizer instanceStylizer(*s.stylizer);
            const MergeResult result = instanceStylizer.run(
                request, [&](const MergeProgress& mp) { onProgressWithPause(mp.instance, mp.progress); }, s.cancel);
            summary.cancelled = result.cancelled;
            summary.error = QString::fromStdString(result.error);
            for (const InstanceOutcome& o : result.instances) {
                summary.iterationsDone += o.result.iterationsDone;
                summary.secondsLoop += o.result.secondsLoop;
                summary.secondsSetup += o.result.secondsSetup;
            }
            merged = toQImage(result.image);
            if (!result.instances.empty()) stylised = tensorToQImage(result.instances.back().result.image);
        } else {
            StyleRequest request;
            request.content = qimageToTensor(job.content);
            for (const StyleImage& p : paintings(job.style, job.style2, job.style2Weight))
                request.styles.push_back({matToTensor(p.rgb), p.weight});
            request.schedule = schedule;
            request.device = device;
            request.seed = job.seed;
            request.depthGradient = job.depthGradient;
            {
                std::lock_guard<std::mutex> lock(s.mutex);
                request.weights = toEngine(s.weights);
            }
            const StyleResult result = s.stylizer->run(
                request, [&](const Progress& p) { onProgressWithPause(0, p); }, s.cancel);
            summary.iterationsDone = result.iterationsDone;
            summary.cancelled = result.cancelled;
            summary.error = QString::fromStdString(result.error);
            summary.secondsLoop = result.secondsLoop;
            summary.secondsSetup = result.secondsSetup;
            stylised = tensorToQImage(result.image);
            merged = toQImage(mergedPreview(result.image));
        }
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            s.stylizer = nullptr;
        }
        Q_EMIT finished(merged, stylised, summary);
    } catch (const std::exception& e) {
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            s.stylizer = nullptr;
        }
        qCWarning(lcWorker) << "run failed:" << e.what();
        // One line (c10::Error messages carry a backtrace); out of memory suggests a smaller size.
        const QString message = QString::fromStdString(
            describeFailure(e, tr("try a smaller work size").toStdString()));
        Q_EMIT failed(message);
    }
}

void StyleWorker::segment(const QImage& photo, const QString& modelPath, const QString& archId) {
    State& s = *state_;
    try {
        if (!s.segmenter || s.segmenterPath != modelPath + QLatin1Char('#') + archId) {
            const std::string arch = archId.toStdString();
            auto model = createSegmentationModel(arch, arch != "fcn8s_resnet34");
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
