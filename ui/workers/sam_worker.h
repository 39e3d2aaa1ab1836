#pragma once
// MobileSAM on a worker thread (worker-object pattern, as StyleWorker): the photo's embedding once
// — from the SamEmbeddingCache (memory and $XDG_CACHE_HOME/instyle/sam, shared with the CLI) when
// this photo was encoded with this model file before — then one decoder call per change of the
// prompts, with the previous prompts' low-resolution logits as the mask input.
//
// Thread ownership: prepare() and decode() run on the worker thread (queued by SamSession); the
// LibTorch state (model, embedding, logits) never leaves it. setLatestPhoto() is thread-safe and
// lets queued work for a photo that has been replaced since be skipped. Signals carry deep copies.

#include "ui/workers/sam_prompts.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <memory>

namespace instyle {
namespace ui {

class SamWorker : public QObject {
    Q_OBJECT
public:
    SamWorker();
    ~SamWorker() override;

    // The photo the GUI wants now (any thread): queued prepare()/decode() calls for others are skipped.
    void setLatestPhoto(int photoId);

public Q_SLOTS:
    // Loads the model file (kept while the path and device stay) and gets the photo's embedding.
    // Emits prepared() or failed(). device: "auto" | "cpu" | "cuda"; threads 0: one per core.
    void prepare(int photoId, const QImage& photo, const QString& modelPath, const QString& device, int threads);
    // One decoder call with every point and the last box of `actions`; the mask input is the
    // logits of the longest shorter prefix decoded before (none for the first prompt, which
    // alone — one point — takes the best of three masks by predicted IoU). Emits decoded() or failed().
    void decode(int photoId, const instyle::ui::SamActions& actions);

Q_SIGNALS:
    // secondsEncode: pre-processing + image encoder (0 when the embedding came from the cache).
    void prepared(int photoId, double secondsEncode, bool cached);
    // key: samActionsKey(actions); mask: Grayscale8 0/255 at the photo's size.
    void decoded(int photoId, const QString& key, const QImage& mask, double iouPrediction, double secondsDecode);
    void failed(int photoId, const QString& message);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ui
}  // namespace instyle
