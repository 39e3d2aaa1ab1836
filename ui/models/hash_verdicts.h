#pragma once
// Whether model files are the official ones: a file's SHA-256 against its registry entry's
// (checkModelHash), computed on the thread pool once per file and remembered for the process
// by the expected hash, path, size and modification time. The status bar and the models dialog
// ask the same object, so a 548 MiB file is hashed once, and again only when it changes.
//
// Thread ownership: GUI thread; the hashing runs on a thread pool of its own and reports back queued.

#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>

namespace instyle {

struct ModelEntry;

namespace ui {

struct HashVerdict {
    enum class State {
        Checking,     // the hash is being computed
        Verified,     // it matches the published one
        Unpublished,  // the registry has no hash for this model (a file the user trained)
        Mismatch,     // damaged, truncated or not the official file
        Unreadable,
    };
    State state = State::Checking;
    QString text;  // one line for the user; empty while checking
};

class HashVerdicts : public QObject {
    Q_OBJECT
public:
    // The application's (parented to qApp, created on first use).
    static HashVerdicts& shared();

    // The verdict on `path` as the file of `model`; starts the check when there is none yet for
    // the file as it is now (ready() then reports it).
    HashVerdict verdict(const ModelEntry& model, const QString& path);

Q_SIGNALS:
    void ready(const QString& path);

private:
    explicit HashVerdicts(QObject* parent);

    // Its own pool, one file at a time: reading a 548 MiB file competes for the disk, and the
    // application's global pool stays free for the work a window waits for. Destroyed with
    // the application, after the hash under way (at most a few seconds).
    QThreadPool pool_;
    QHash<QString, HashVerdict> verdicts_;
};

}  // namespace ui
}  // namespace instyle
