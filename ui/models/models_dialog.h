#pragma once
// Every model the engine's registry knows: where its file was found (the registry's search
// folders), whether its SHA-256 matches the published one (HashVerdicts, on a pool thread), or that it
// is missing; "Locate file…" (checks that it loads, then links or copies it into the per-user
// models folder) and "Download" (ModelDownload: progress, cancel, hash check before the rename).
// "Get all models (N MiB)" queues every model a full setup needs that is missing (DownloadQueue),
// with one progress bar over them all; the sizes are the registry's.
//
// Thread ownership: GUI thread; hashing, load checks and copies run on QThreadPool and report
// back queued.

#include "core/checkpoint/model_registry.h"

#include <QDialog>
#include <QStringList>

#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace instyle {
namespace ui {

class AppSettings;
class DownloadQueue;
class ModelDownload;

class ModelsDialog : public QDialog {
    Q_OBJECT
public:
    // models: the registry's (tests pass their own entries).
    explicit ModelsDialog(AppSettings& settings, QWidget* parent = nullptr,
                          std::vector<ModelEntry> models = knownModels());
    void refresh();
    QTableWidget* table() const { return table_; }
    QString statusText(int row) const;
    QString message() const;
    ModelDownload* download() const { return download_; }
    DownloadQueue* queue() const { return queue_; }
    QPushButton* getAllButton() const { return getAll_; }

    // The models a full setup needs (VGG19, MiDaS, FCN-ResNet50) that are not found, in the
    // registry's order; `models` defaults to the registry.
    static std::vector<ModelEntry> missingForFullSetup(const AppSettings& settings,
                                                       const std::vector<ModelEntry>& models = knownModels());
    // "Get all models (764.9 MiB)": the sum of the entries' sizes.
    static QString getAllText(const std::vector<ModelEntry>& missing);

    // "Locate file…" with the file already chosen: checks that it loads as the model (pool
    // thread), then hard-links it into the per-user models folder, or copies it where a link is
    // impossible; located() reports what was done.
    void locateFile(int row, const QString& path);
    void startDownload(int row);
    // Downloads every model of missingForFullSetup() one after the other (no-op when none is missing).
    void startGetAll();

Q_SIGNALS:
    void located(bool ok, const QString& message);
    // A row's SHA-256 verdict arrived.
    void verified(int row);

private:
    void locate(int row);
    void setMessage(const QString& text, bool error);
    void updateButtons();
    void showProgress(qint64 received, qint64 total);

    AppSettings& settings_;
    std::vector<ModelEntry> models_;
    QTableWidget* table_;
    QLabel* message_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QPushButton* getAll_;
    ModelDownload* download_;
    DownloadQueue* queue_;
    int downloadRow_ = -1;
    int busyRows_ = 0;
    QStringList paths_;  // of each row's file as refresh() found it ("" when missing)
};

}  // namespace ui
}  // namespace instyle
