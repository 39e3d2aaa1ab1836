#pragma once
// ui/workers: the window's long jobs off the GUI thread. Each job has a GUI-side owner (StyleRunner,
// SamSession, ImageExport, …) that keeps one WorkerThread; the worker objects (StyleWorker,
// SamWorker, …) live in that thread and are the only ui/ code that runs LibTorch (qimage_tensor.*
// is their one QImage ↔ tensor adapter). EtaSmoother turns the engine's estimates into what the
// status bar shows, ImageExport writes the result. Nothing here includes QtWidgets.
//
// WorkerThread: the lifecycle of one worker object in a thread of its own, written once for every
// job. The worker-object pattern: the worker is created on the owner's thread without a parent,
// moved into the thread by start(), and reached only through queued calls (invoke) or through the
// thread-safe methods it documents itself; its signals reach the owner queued.
//
// Thread ownership: a WorkerThread and its public methods belong to the thread that created it
// (the GUI thread). It owns the worker: the worker is deleted on its own thread when the thread's
// event loop ends. Shutdown follows Gwenview's rule — disconnect (nothing the worker emits from
// then on reaches anyone) → cancel (the job's own hook, e.g. an atomic flag the worker checks) →
// quit() → wait(); never terminate(), which could leave LibTorch's or a file's state half-written.

#include <QObject>
#include <QThread>

#include <functional>
#include <utility>

namespace instyle {
namespace ui {

class WorkerThread : public QObject {
    Q_OBJECT
public:
    // name: the thread's name in debuggers and crash reports ("instyle-style-worker").
    explicit WorkerThread(const QString& name, QObject* parent = nullptr);
    // Shuts down, then waits without limit for a job that outlived shutdown()'s timeout.
    ~WorkerThread() override;

    // Takes `worker` (parentless, living in this thread; null: a plain QObject, for jobs that are
    // just functions given to invoke()), moves it into the thread and starts it. `cancel` is called
    // from this thread at shutdown, after the worker has been disconnected and before quit(): it
    // must be thread-safe, and should make a job under way return soon. Only once per WorkerThread.
    void start(QObject* worker = nullptr, std::function<void()> cancel = {});

    // Queues fn() to run on the worker thread, after the calls queued before it. False (and fn
    // dropped) when the thread is not running: not started, or shut down.
    template <class F>
    bool invoke(F&& fn) {
        if (!isRunning()) return false;
        return QMetaObject::invokeMethod(worker_, std::forward<F>(fn), Qt::QueuedConnection);
    }

    // The worker while the thread runs; null before start() and after shutdown().
    QObject* worker() const { return isRunning() ? worker_ : nullptr; }
    bool isRunning() const { return running_ && thread_.isRunning(); }
    // The QThread itself (QObject::thread() is the one this object lives in).
    const QThread* workerThread() const { return &thread_; }

    // Disconnects, cancels, quits and waits up to timeoutMs (negative: no limit). Returns false when
    // the job under way did not end in time: it then finishes on its own (its signals reach no one)
    // and the destructor waits for it. Signals the worker emitted before the disconnect may still be
    // in the owner's event queue: owners that must not see them check their own state. Further
    // calls do nothing and return whether the thread has ended.
    bool shutdown(int timeoutMs = 5000);

private:
    QThread thread_;
    QObject* worker_ = nullptr;  // lives in thread_; deleted there when its event loop ends
    std::function<void()> cancel_;
    bool running_ = false;
};

}  // namespace ui
}  // namespace instyle
