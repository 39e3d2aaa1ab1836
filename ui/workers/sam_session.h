#pragma once
// The window's MobileSAM selection of the current photo ("Anything" mode): the worker thread that
// encodes the photo once and decodes every change of the prompts, the prompts themselves (each
// one an undo step on the window's stack) and the masks they gave.
//
// Decodes are serialised: while one is under way, newer prompts wait and go in one call when it
// returns, so each decode gets the logits of the mask before it (SAM's refinement: a new prompt
// refines the previous mask rather than starting over).
// Masks are kept by prompts, so undo and redo show theirs without decoding again.
//
// Thread ownership: GUI thread. The SamWorker lives in a WorkerThread of its own (a style run does
// not hold up a click); at shutdown its queued work is skipped (disconnect → skip → quit → wait).

#include "ui/workers/sam_prompts.h"
#include "ui/workers/worker_thread.h"

#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QStringList>

class QUndoStack;

namespace instyle {
namespace ui {

class SamWorker;

class SamSession : public QObject {
    Q_OBJECT
public:
    explicit SamSession(QUndoStack* undo, QObject* parent = nullptr);
    ~SamSession() override;

    // Prepares the photo's embedding with the model file on the worker thread (preparing(), then
    // ready() or failed()); the prompts start empty. The same photo and model again: nothing to do.
    void setPhoto(const QImage& photo, const QString& modelPath, const QString& device, int threads);
    // No photo (another one was opened, or the model went away); queued work for the old one is skipped.
    void clearPhoto();
    bool hasPhoto() const { return photoId_ > 0 && !modelPath_.isEmpty(); }
    bool isPreparing() const { return hasPhoto() && !ready_ && failure_.isEmpty(); }
    bool isReady() const { return ready_; }
    bool isDecoding() const { return inFlight_; }
    QString failure() const { return failure_; }
    // Once ready: whether the embedding came from the cache, and the encoder's time (0 if it did).
    bool embeddingCached() const { return cached_; }
    double secondsEncode() const { return secondsEncode_; }

    // Prompts in photo pixels. Each is an undo step; the mask follows when the decoder returns.
    void addPoint(QPointF pixel, bool include);
    void setBox(const QRectF& box);  // replaces the previous box
    // Drops the prompts as an undo step named `text` (Esc; or, inside the caller's macro, the
    // mask becoming an instance).
    void clearPrompts(const QString& text);
    const SamActions& actions() const { return actions_; }
    bool hasPrompts() const { return !actions_.isEmpty(); }

    // The mask shown for the prompts (Grayscale8 0/255 at the photo's size): theirs once decoded,
    // until then the previous one; null without prompts.
    QImage mask() const { return shown_; }
    // Whether mask() is not yet the current prompts' own.
    bool maskPending() const;
    double iouPrediction() const { return shownIou_; }
    // The last decode as the window saw it: from the request to the mask (seconds), and the
    // decoder's own time on the worker.
    double lastLatency() const { return lastLatency_; }
    double lastDecodeSeconds() const { return lastDecode_; }

    // Disconnects and ends the worker thread (an encode under way is waited for up to timeoutMs).
    bool shutdown(int timeoutMs = 5000);

Q_SIGNALS:
    void preparing();
    // secondsEncode: pre-processing + encoder on the worker (0 when the embedding was cached);
    // secondsWall: from setPhoto() to now, model loading and hashing included.
    void ready(double secondsEncode, bool cached, double secondsWall);
    void failed(const QString& message);
    void promptsChanged();
    void maskChanged();

private:
    class Command;
    void applyActions(const SamActions& actions);
    void push(const QString& text, const SamActions& after);
    void requestDecode();
    void onPrepared(int photoId, double secondsEncode, bool cached);
    void onDecoded(int photoId, const QString& key, const QImage& mask, double iou, double seconds);
    void onFailed(int photoId, const QString& message);
    void showMask(const QImage& mask, double iou);

    SamWorker* worker() const;  // null once shut down

    QUndoStack* undo_;
    WorkerThread thread_;
    int photoId_ = 0;
    qint64 photoKey_ = 0;
    QString modelPath_, device_;
    int threads_ = 0;
    bool ready_ = false;
    bool cached_ = false;
    double secondsEncode_ = 0;
    QString failure_;
    QElapsedTimer preparingFor_;

    SamActions actions_;
    struct Decoded {
        QImage mask;
        double iou = 0;
    };
    QHash<QString, Decoded> masks_;  // by samActionsKey
    QStringList maskOrder_;          // oldest first (the cache is bounded)
    QImage shown_;
    double shownIou_ = 0;
    bool inFlight_ = false;
    QElapsedTimer decodeFor_;
    double lastLatency_ = 0, lastDecode_ = 0;
};

}  // namespace ui
}  // namespace instyle
