#include "ui/workers/sam_session.h"

#include "ui/workers/sam_worker.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace instyle {
namespace ui {

namespace {
// Masks kept for undo/redo (each is the photo's size in bytes).
constexpr int kMaxMasks = 32;
}  // namespace

class SamSession::Command : public QUndoCommand {
public:
    Command(SamSession* owner, const QString& text, SamActions before, SamActions after)
        : QUndoCommand(text), owner_(owner), before_(std::move(before)), after_(std::move(after)) {}
    void undo() override { owner_->applyActions(before_); }
    void redo() override { owner_->applyActions(after_); }

private:
    SamSession* owner_;
    SamActions before_, after_;
};

SamSession::SamSession(QUndoStack* undo, QObject* parent)
    : QObject(parent), undo_(undo), thread_(QStringLiteral("instyle-sam-worker")) {
    qRegisterMetaType<SamActions>();
    auto* worker = new SamWorker;
    connect(worker, &SamWorker::prepared, this, &SamSession::onPrepared);
    connect(worker, &SamWorker::decoded, this, &SamSession::onDecoded);
    connect(worker, &SamWorker::failed, this, &SamSession::onFailed);
    // An encode under way cannot be interrupted; what is queued behind it is skipped.
    thread_.start(worker, [worker] { worker->setLatestPhoto(-1); });
}

SamSession::~SamSession() { shutdown(); }

SamWorker* SamSession::worker() const { return static_cast<SamWorker*>(thread_.worker()); }

bool SamSession::shutdown(int timeoutMs) { return thread_.shutdown(timeoutMs); }

void SamSession::setPhoto(const QImage& photo, const QString& modelPath, const QString& device, int threads) {
    SamWorker* worker = this->worker();
    if (!worker || photo.isNull() || modelPath.isEmpty()) return;
    if (hasPhoto() && photo.cacheKey() == photoKey_ && modelPath == modelPath_ && device == device_ && threads == threads_ &&
        failure_.isEmpty())
        return;
    clearPhoto();
    photoKey_ = photo.cacheKey();
    modelPath_ = modelPath;
    device_ = device;
    threads_ = threads;
    preparingFor_.start();
    const int id = photoId_;
    worker->setLatestPhoto(id);
    const QImage copy = photo.copy();
    thread_.invoke([worker, id, copy, modelPath, device, threads] { worker->prepare(id, copy, modelPath, device, threads); });
    Q_EMIT preparing();
}

void SamSession::clearPhoto() {
    ++photoId_;
    if (SamWorker* worker = this->worker()) worker->setLatestPhoto(photoId_);
    photoKey_ = 0;
    modelPath_.clear();
    ready_ = false;
    failure_.clear();
    inFlight_ = false;
    masks_.clear();
    maskOrder_.clear();
    const bool hadPrompts = !actions_.isEmpty(), hadMask = !shown_.isNull();
    actions_.clear();
    shown_ = QImage();
    if (hadPrompts) Q_EMIT promptsChanged();
    if (hadMask) Q_EMIT maskChanged();
}

void SamSession::addPoint(QPointF pixel, bool include) {
    SamActions after = actions_;
    SamAction a;
    a.kind = include ? SamAction::Include : SamAction::Exclude;
    a.point = pixel;
    after << a;
    push(include ? tr("Include point") : tr("Exclude point"), after);
}

void SamSession::setBox(const QRectF& box) {
    SamActions after = actions_;
    SamAction a;
    a.kind = SamAction::Box;
    a.box = box.normalized();
    after << a;
    push(tr("Box"), after);
}

void SamSession::clearPrompts(const QString& text) {
    if (!actions_.isEmpty()) push(text, {});
}

void SamSession::push(const QString& text, const SamActions& after) {
    undo_->push(new Command(this, text, actions_, after));  // push() calls redo()
}

bool SamSession::maskPending() const { return !actions_.isEmpty() && !masks_.contains(samActionsKey(actions_)); }

void SamSession::applyActions(const SamActions& actions) {
    actions_ = actions;
    Q_EMIT promptsChanged();
    if (actions_.isEmpty()) {
        showMask(QImage(), 0);
        return;
    }
    const auto it = masks_.constFind(samActionsKey(actions_));
    if (it != masks_.constEnd()) showMask(it->mask, it->iou);
    else requestDecode();
}

void SamSession::requestDecode() {
    SamWorker* worker = this->worker();
    if (!ready_ || inFlight_ || !worker || actions_.isEmpty()) return;  // sent when the one under way returns
    inFlight_ = true;
    decodeFor_.start();
    const int id = photoId_;
    const SamActions actions = actions_;
    thread_.invoke([worker, id, actions] { worker->decode(id, actions); });
}

void SamSession::onPrepared(int photoId, double secondsEncode, bool cached) {
    if (photoId != photoId_) return;
    ready_ = true;
    cached_ = cached;
    secondsEncode_ = secondsEncode;
    Q_EMIT ready(secondsEncode, cached, preparingFor_.nsecsElapsed() / 1e9);
    if (maskPending()) requestDecode();
}

void SamSession::onDecoded(int photoId, const QString& key, const QImage& mask, double iou, double seconds) {
    if (photoId != photoId_) return;
    inFlight_ = false;
    lastLatency_ = decodeFor_.nsecsElapsed() / 1e9;
    lastDecode_ = seconds;
    if (!masks_.contains(key)) maskOrder_ << key;
    masks_.insert(key, {mask, iou});
    while (maskOrder_.size() > kMaxMasks) masks_.remove(maskOrder_.takeFirst());
    if (key == samActionsKey(actions_)) showMask(mask, iou);
    else if (maskPending()) requestDecode();  // prompts came (or were undone) meanwhile
}

void SamSession::onFailed(int photoId, const QString& message) {
    if (photoId != photoId_) return;
    inFlight_ = false;
    if (!ready_) failure_ = message;
    Q_EMIT failed(message);
}

void SamSession::showMask(const QImage& mask, double iou) {
    shown_ = mask;
    shownIou_ = iou;
    Q_EMIT maskChanged();
}

}  // namespace ui
}  // namespace instyle
