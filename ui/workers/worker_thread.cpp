#include "ui/workers/worker_thread.h"

#include <QDeadlineTimer>

namespace instyle {
namespace ui {

WorkerThread::WorkerThread(const QString& name, QObject* parent) : QObject(parent) { thread_.setObjectName(name); }

WorkerThread::~WorkerThread() {
    shutdown();
    thread_.wait();
}

void WorkerThread::start(QObject* worker, std::function<void()> cancel) {
    Q_ASSERT_X(!running_ && !thread_.isFinished(), "WorkerThread::start", "a WorkerThread starts once");
    if (running_ || thread_.isFinished()) return;
    if (!worker) worker = new QObject;
    Q_ASSERT_X(!worker->parent(), "WorkerThread::start", "moveToThread() refuses an object with a parent");
    worker_ = worker;
    cancel_ = std::move(cancel);
    worker->moveToThread(&thread_);
    // After the loop has ended the thread still delivers deferred deletes: the worker is deleted
    // on the thread it lived in, which is where its LibTorch state must be freed.
    connect(&thread_, &QThread::finished, worker, &QObject::deleteLater);
    running_ = true;
    thread_.start();
}

bool WorkerThread::shutdown(int timeoutMs) {
    if (!running_) return !thread_.isRunning();
    running_ = false;
    // Every outgoing connection of the worker, the owner's and any other: a job that ends after
    // this point reports to no one.
    disconnect(worker_, nullptr, nullptr, nullptr);
    if (cancel_) cancel_();
    worker_ = nullptr;  // deleted on its thread once the loop has ended
    thread_.quit();
    return thread_.wait(timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(timeoutMs));
}

}  // namespace ui
}  // namespace instyle
