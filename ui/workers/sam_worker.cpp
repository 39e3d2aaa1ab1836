#include "ui/workers/sam_worker.h"

#include "core/base/error.h"
#include "core/base/runtime.h"
#include "core/sam/sam_embedding_cache.h"
#include "core/sam/sam_predictor.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>

namespace instyle {
namespace ui {

Q_LOGGING_CATEGORY(lcSam, "instyle.sam")

namespace {

// Logits kept for undo/redo and refinement (each 256x256 floats, 256 KB).
constexpr size_t kMaxLogits = 64;

SamPrompt enginePrompt(const SamActions& actions) {
    SamPrompt prompt;
    for (const SamAction& a : actions)
        if (a.kind != SamAction::Box) prompt.points.push_back({a.point.x(), a.point.y(), a.kind == SamAction::Include});
    if (const auto box = samBoxOf(actions)) prompt.box = SamBox{box->left(), box->top(), box->right(), box->bottom()};
    return prompt;
}

QImage maskImage(const at::Tensor& mask) {
    const at::Tensor bytes = mask.to(torch::kCPU).to(torch::kUInt8).mul(255).contiguous();
    QImage out(int(bytes.size(1)), int(bytes.size(0)), QImage::Format_Grayscale8);
    const uint8_t* src = bytes.data_ptr<uint8_t>();
    for (int y = 0; y < out.height(); ++y) std::copy_n(src + int64_t(y) * out.width(), out.width(), out.scanLine(y));
    return out;
}

}  // namespace

struct SamWorker::State {
    std::atomic_int latest{0};
    std::shared_ptr<SamPredictor> predictor;
    QString predictorKey;  // model path and device
    // Memory (LRU) and the user's cache folder, the folder shared with instyle-cli.
    SamEmbeddingCache cache;
    SamEmbedding embedding;
    int photoId = 0;  // whose embedding it is
    std::map<QString, at::Tensor> logits;  // by samActionsKey, of photoId
    std::deque<QString> logitsOrder;
};

SamWorker::SamWorker() : state_(std::make_unique<State>()) {}
SamWorker::~SamWorker() = default;

void SamWorker::setLatestPhoto(int photoId) { state_->latest = photoId; }

void SamWorker::prepare(int photoId, const QImage& photo, const QString& modelPath, const QString& device, int threads) {
    State& s = *state_;
    if (photoId != s.latest) return;  // another photo was opened since
    try {
        s.embedding = SamEmbedding();
        s.logits.clear();
        s.logitsOrder.clear();
        configureThreads(threads);
        const c10::Device dev = resolveDevice(parseDeviceChoice(device.toStdString()));
        const QString key = modelPath + QLatin1Char('#') + QString::fromStdString(dev.str());
        if (!s.predictor || s.predictorKey != key) {
            s.predictor.reset();
            s.predictor = std::make_shared<SamPredictor>(SamPredictor::fromFile(modelPath.toStdString(), dev));
            s.predictorKey = key;
        }
        const QImage rgb = photo.convertToFormat(QImage::Format_RGB888);
        const at::Tensor hwc = torch::from_blob(const_cast<uchar*>(rgb.constBits()), {rgb.height(), rgb.width(), 3},
                                                {rgb.bytesPerLine(), 3, 1}, torch::kUInt8)
                                   .contiguous();
        const SamCacheKey cacheKey{samPhotoHash(hwc), samModelHash(modelPath.toStdString())};
        double seconds = 0;
        bool cached = false;
        if (auto hit = s.cache.find(cacheKey); hit && hit->originalHeight == rgb.height() && hit->originalWidth == rgb.width()) {
            s.embedding = std::move(*hit);
            cached = true;
        } else {
            const SamLayouts layouts = s.predictor->chooseLayouts();  // measured once per machine, then remembered
            qCDebug(lcSam) << "encoder layouts" << QString::fromStdString(layouts.summary);
            QElapsedTimer timer;
            timer.start();
            s.embedding = s.predictor->encode(hwc);
            seconds = timer.nsecsElapsed() / 1e9;
            s.cache.store(cacheKey, s.embedding);  // a failed write only costs the next opening an encode
        }
        s.photoId = photoId;
        qCDebug(lcSam) << "embedding of photo" << photoId << (cached ? "from the cache" : "encoded in") << seconds << "s";
        Q_EMIT prepared(photoId, seconds, cached);
    } catch (const std::exception& e) {
        s.embedding = SamEmbedding();
        s.predictor.reset();
        qCWarning(lcSam) << "MobileSAM failed:" << e.what();
        Q_EMIT failed(photoId, QString::fromStdString(describeFailure(e, tr("try a smaller photo").toStdString())));
    }
}

void SamWorker::decode(int photoId, const SamActions& actions) {
    State& s = *state_;
    if (photoId != s.latest || photoId != s.photoId || !s.embedding.defined() || !s.predictor || actions.isEmpty()) return;
    try {
        QElapsedTimer timer;
        timer.start();
        const SamPrompt prompt = enginePrompt(actions);
        checkSamPrompt(prompt, s.embedding.originalWidth, s.embedding.originalHeight);
        at::Tensor maskInput;
        for (qsizetype n = actions.size() - 1; n > 0 && !maskInput.defined(); --n)
            if (auto it = s.logits.find(samActionsKey(actions, n)); it != s.logits.end()) maskInput = it->second;
        // The first prompt as SamPredictor::decodeOnce takes it; every later one refines.
        const bool multimask = !maskInput.defined() && prompt.points.size() == 1 && !prompt.box;
        const SamMasks masks = [&] {
            torch::NoGradGuard noGrad;
            return s.predictor->decode(s.embedding, prompt, maskInput, multimask);
        }();
        const int chosen = multimask ? masks.best : 0;
        const QString key = samActionsKey(actions);
        if (!s.logits.count(key)) s.logitsOrder.push_back(key);
        s.logits[key] = masks.lowResLogits[chosen].clone();
        while (s.logitsOrder.size() > kMaxLogits) {
            s.logits.erase(s.logitsOrder.front());
            s.logitsOrder.pop_front();
        }
        const QImage mask = maskImage(masks.masks[chosen]);
        const double iou = chosen < int(masks.iouPredictions.size()) ? masks.iouPredictions[size_t(chosen)] : 0.0;
        Q_EMIT decoded(photoId, key, mask, iou, timer.nsecsElapsed() / 1e9);
    } catch (const std::exception& e) {
        qCWarning(lcSam) << "MobileSAM decode failed:" << e.what();
        Q_EMIT failed(photoId, QString::fromStdString(describeFailure(e, std::string())));
    }
}

}  // namespace ui
}  // namespace instyle
