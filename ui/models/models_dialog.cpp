#include "ui/models/models_dialog.h"

#include "ui/app_settings.h"
#include "ui/models/download_queue.h"
#include "ui/models/hash_verdicts.h"
#include "ui/models/model_check.h"
#include "ui/models/model_download.h"
#include "ui/models/model_locator.h"
#include "ui/widgets/wrapping_delegate.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QThreadPool>
#include <QVBoxLayout>

#include <filesystem>

namespace instyle {
namespace ui {

namespace {

enum Column { ColModel, ColPurpose, ColFile, ColStatus, ColActions };

// What a full setup needs: VGG19 for the losses, MiDaS for the depth loss, the official segmenter
// (VOC classes) and MobileSAM (any object from clicks and boxes).
const QStringList& fullSetupIds() {
    static const QStringList ids{modelIds::vgg, modelIds::midas, modelIds::officialSegmenter, modelIds::sam};
    return ids;
}

// Runs `work` on the pool and `done(result)` on the GUI thread, unless `owner` is gone by then.
template <typename Work, typename Done>
void offThread(QObject* owner, Work work, Done done) {
    const QPointer<QObject> guard(owner);
    QThreadPool::globalInstance()->start([guard, work, done] {
        auto result = work();
        QMetaObject::invokeMethod(qApp, [guard, done, result] {
            if (guard) done(result);
        }, Qt::QueuedConnection);
    });
}

}  // namespace

ModelsDialog::ModelsDialog(AppSettings& settings, QWidget* parent, std::vector<ModelEntry> models)
    : QDialog(parent),
      settings_(settings),
      models_(std::move(models)),
      download_(new ModelDownload(this)),
      queue_(new DownloadQueue(this)) {
    setWindowTitle(tr("Models"));
    connect(&HashVerdicts::shared(), &HashVerdicts::ready, this, [this](const QString& path) {
        refresh();
        for (int row = 0; row < paths_.size(); ++row)
            if (paths_[row] == path) Q_EMIT verified(row);
    });
    auto* intro = new QLabel(
        tr("instyle uses pretrained networks that are not shipped with it. They are looked for in these "
           "folders, in this order; downloads and located files go to the per-user folder (%1):<br><i>%2</i>")
            .arg(userModelsDir().toHtmlEscaped(), [this] {
                QStringList dirs;
                for (const QString& dir : modelSearchDirs(settings_)) dirs << dir.toHtmlEscaped();
                return dirs.join(QStringLiteral("<br>"));
            }()),
        this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);

    table_ = new QTableWidget(0, 5, this);
    table_->setHorizontalHeaderLabels({tr("Model"), tr("Purpose"), tr("File"), tr("Status"), QString()});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setWordWrap(true);
    table_->setTextElideMode(Qt::ElideNone);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Paths and hashes wrap inside their column, and the rows follow the columns' widths as the
    // dialog is laid out and resized: no line of a cell is cut.
    table_->setItemDelegate(new WrappingDelegate(table_));
    connect(table_->horizontalHeader(), &QHeaderView::sectionResized, table_, &QTableView::resizeRowsToContents);

    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new QProgressBar(this);
    progress_->hide();
    cancel_ = new QPushButton(tr("Cancel download"), this);
    cancel_->hide();
    connect(cancel_, &QPushButton::clicked, this, [this] {
        download_->cancel();
        queue_->cancel();
    });
    auto* downloadRow = new QHBoxLayout;
    downloadRow->addWidget(progress_, 1);
    downloadRow->addWidget(cancel_);

    connect(download_, &ModelDownload::progress, this, &ModelsDialog::showProgress);
    connect(download_, &ModelDownload::verifying, this, [this] {
        setMessage(tr("Checking the SHA-256 of the download…"), false);
        cancel_->setEnabled(false);
    });
    const auto downloadEnded = [this] {
        progress_->hide();
        cancel_->hide();
        downloadRow_ = -1;
        refresh();
    };
    connect(download_, &ModelDownload::finished, this, [this, downloadEnded](const QString& path, const QString& message) {
        downloadEnded();
        setMessage(tr("%1: %2").arg(QDir::toNativeSeparators(path), message), false);
    });
    connect(download_, &ModelDownload::failed, this, [this, downloadEnded](const QString& message) {
        downloadEnded();
        setMessage(message, true);
    });
    connect(download_, &ModelDownload::cancelled, this, [this, downloadEnded] {
        downloadEnded();
        setMessage(tr("Download cancelled; the part already received is kept and a new download resumes it."), false);
    });

    connect(queue_, &DownloadQueue::progress, this, &ModelsDialog::showProgress);
    connect(queue_, &DownloadQueue::fileStarted, this, [this](int index, int count, const QString& fileName) {
        cancel_->setEnabled(true);
        setMessage(tr("Downloading %1 of %2: %3…").arg(index + 1).arg(count).arg(fileName), false);
    });
    connect(queue_->download(), &ModelDownload::verifying, this, [this] {
        setMessage(tr("Checking the SHA-256 of the download…"), false);
        cancel_->setEnabled(false);
    });
    connect(queue_, &DownloadQueue::fileDone, this, [this] { refresh(); });
    connect(queue_, &DownloadQueue::finished, this,
            [this, downloadEnded](const QStringList& done, const QStringList& failures) {
                downloadEnded();
                if (failures.isEmpty())
                    setMessage(tr("Downloaded and verified: %n model(s).", nullptr, int(done.size())), false);
                else
                    setMessage(failures.join(QLatin1Char('\n')), true);
            });
    connect(queue_, &DownloadQueue::cancelled, this, [this, downloadEnded] {
        downloadEnded();
        setMessage(tr("Downloads cancelled; the part already received is kept and “Get all models” resumes it."),
                   false);
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    getAll_ = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    getAll_->setToolTip(tr("Downloads those of %1 that are missing, one after the other")
                            .arg(fullSetupIds().join(QStringLiteral(", "))));
    connect(getAll_, &QPushButton::clicked, this, &ModelsDialog::startGetAll);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(table_, 1);
    layout->addWidget(message_);
    layout->addLayout(downloadRow);
    layout->addWidget(buttons);
    resize(1320, 560);
    refresh();
}

QString ModelsDialog::statusText(int row) const {
    const QTableWidgetItem* item = table_->item(row, ColStatus);
    return item ? item->text() : QString();
}

QString ModelsDialog::message() const { return message_->text(); }

void ModelsDialog::setMessage(const QString& text, bool error) {
    message_->setText(text);
    message_->setStyleSheet(error ? QStringLiteral("color: #c04030;") : QString());
}

std::vector<ModelEntry> ModelsDialog::missingForFullSetup(const AppSettings& settings,
                                                         const std::vector<ModelEntry>& models) {
    const std::string option = settings.text(keys::modelsDir).toStdString();
    std::vector<ModelEntry> missing;
    for (const ModelEntry& m : models)
        if (fullSetupIds().contains(QString::fromStdString(m.id)) && !m.url.empty() && !locateModelFile(m, option))
            missing.push_back(m);
    return missing;
}

QString ModelsDialog::getAllText(const std::vector<ModelEntry>& missing) {
    return tr("Get all models (%1)").arg(QString::fromStdString(humanSize(DownloadQueue::totalBytes(missing))));
}

void ModelsDialog::showProgress(qint64 received, qint64 total) {
    progress_->setRange(0, total > 0 ? 1000 : 0);  // busy indicator while the size is unknown
    if (total > 0) progress_->setValue(int(1000 * received / total));
    progress_->setFormat(total > 0 ? tr("%1 of %2").arg(QString::fromStdString(humanSize(uint64_t(received))),
                                                         QString::fromStdString(humanSize(uint64_t(total))))
                                   : QString::fromStdString(humanSize(uint64_t(received))));
}

void ModelsDialog::refresh() {
    const std::string option = settings_.text(keys::modelsDir).toStdString();
    table_->setRowCount(int(models_.size()));
    paths_.clear();
    for (int row = 0; row < int(models_.size()); ++row) {
        const ModelEntry& m = models_[size_t(row)];
        const auto found = locateModelFile(m, option);
        const QString path = found ? QString::fromStdString(*found) : QString();
        paths_ << path;
        QString status;
        bool good = false;
        if (path.isEmpty()) {
            status = tr("Missing");
        } else {
            status = tr("Found: %1 (%2)").arg(QDir::toNativeSeparators(path), QString::fromStdString(humanSize(uint64_t(QFileInfo(path).size()))));
            const HashVerdict verdict = HashVerdicts::shared().verdict(m, path);
            status += QLatin1Char('\n') + (verdict.state == HashVerdict::State::Checking ? tr("Checking SHA-256…") : verdict.text);
            // A file with no published hash cannot be told from the official one: not an error.
            good = verdict.state == HashVerdict::State::Verified || verdict.state == HashVerdict::State::Unpublished;
        }
        table_->setItem(row, ColModel, new QTableWidgetItem(QString::fromStdString(m.id + "\n" + m.architecture)));
        table_->setItem(row, ColPurpose, new QTableWidgetItem(QString::fromStdString(m.purpose)));
        QString file = QString::fromStdString(m.fileName);
        if (m.approximateBytes > 0) file += QStringLiteral("\n") + QString::fromStdString(humanSize(m.approximateBytes));
        table_->setItem(row, ColFile, new QTableWidgetItem(file));
        auto* statusItem = new QTableWidgetItem(status);
        statusItem->setToolTip(status);
        statusItem->setForeground(good ? QColor(0x2e, 0x8b, 0x57) : QColor(0xc0, 0x40, 0x30));
        table_->setItem(row, ColStatus, statusItem);

        auto* actions = new QWidget(table_);
        auto* box = new QHBoxLayout(actions);
        box->setContentsMargins(2, 2, 2, 2);
        auto* locateButton = new QPushButton(tr("Locate file…"), actions);
        // Queued: refresh() replaces these buttons, which must not happen inside their own signal.
        connect(locateButton, &QPushButton::clicked, this, [this, row] { locate(row); }, Qt::QueuedConnection);
        auto* downloadButton = new QPushButton(tr("Download"), actions);
        downloadButton->setEnabled(!m.url.empty());
        downloadButton->setToolTip(m.url.empty() ? tr("Not downloadable: trained with instyle-cli train-seg")
                                                 : QString::fromStdString(m.url));
        connect(downloadButton, &QPushButton::clicked, this, [this, row] { startDownload(row); }, Qt::QueuedConnection);
        box->addWidget(locateButton);
        box->addWidget(downloadButton);
        table_->setCellWidget(row, ColActions, actions);
    }
    updateButtons();
    QHeaderView* header = table_->horizontalHeader();
    header->setSectionResizeMode(ColStatus, QHeaderView::Stretch);
    header->setSectionResizeMode(ColActions, QHeaderView::ResizeToContents);
    table_->setColumnWidth(ColModel, 290);
    table_->setColumnWidth(ColPurpose, 200);
    table_->setColumnWidth(ColFile, 230);
    table_->resizeRowsToContents();
}

void ModelsDialog::updateButtons() {
    const bool idle = !download_->running() && !queue_->running() && busyRows_ == 0;
    const std::vector<ModelEntry> missing = missingForFullSetup(settings_, models_);
    getAll_->setText(getAllText(missing));
    getAll_->setVisible(!missing.empty());
    getAll_->setEnabled(idle);
    for (int row = 0; row < table_->rowCount(); ++row)
        if (QWidget* w = table_->cellWidget(row, ColActions))
            for (auto* button : w->findChildren<QPushButton*>())
                button->setEnabled(idle && (button->text() != tr("Download") || !models_[size_t(row)].url.empty()));
}

void ModelsDialog::locate(int row) {
    if (row < 0 || row >= int(models_.size())) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Locate %1").arg(QString::fromStdString(models_[size_t(row)].id)),
                                                      QString(), tr("Model files (*.pth *.pt);;All files (*)"));
    if (!path.isEmpty()) locateFile(row, path);
}

void ModelsDialog::locateFile(int row, const QString& path) {
    if (row < 0 || row >= int(models_.size())) return;
    const ModelEntry m = models_[size_t(row)];
    const QString id = QString::fromStdString(m.id);
    const QString target = QDir(userModelsDir()).filePath(QString::fromStdString(m.fileName));
    setMessage(tr("Checking that %1 loads as %2…").arg(QDir::toNativeSeparators(path), id), false);
    ++busyRows_;
    updateButtons();
    struct Outcome {
        bool ok = false;
        QString message;
    };
    offThread(
        this,
        [id, path, target] {
            const QString error = checkModelLoads(id, path);
            if (!error.isEmpty()) return Outcome{false, tr("%1 does not load as %2: %3").arg(path, id, error)};
            if (QFileInfo(path).canonicalFilePath() == QFileInfo(target).canonicalFilePath())
                return Outcome{true, tr("%1 loads and is already in place").arg(path)};
            QDir().mkpath(QFileInfo(target).absolutePath());
            // Linked or copied beside the target, then renamed over it: a failed copy (disk full)
            // leaves the model in use as it was.
            const std::string temp = (target + QStringLiteral(".locating")).toStdString();
            std::error_code ec;
            std::filesystem::remove(temp, ec);
            ec.clear();
            // A hard link costs no space; across file systems the file is copied.
            std::filesystem::create_hard_link(path.toStdString(), temp, ec);
            const bool linked = !ec;
            if (!linked) {
                ec.clear();
                std::filesystem::remove(temp, ec);
                ec.clear();
                std::filesystem::copy_file(path.toStdString(), temp, ec);
            }
            if (!ec) std::filesystem::rename(temp, target.toStdString(), ec);
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);  // left by rename() when both name the same file
            if (ec) {
                return Outcome{false, tr("%1: cannot link or copy to %2 (%3)").arg(path, target, QString::fromStdString(ec.message()))};
            }
            if (linked) return Outcome{true, tr("%1 loads; linked (hard link) as %2").arg(path, target)};
            return Outcome{true, tr("%1 loads; copied to %2").arg(path, target)};
        },
        [this](const Outcome& outcome) {
            --busyRows_;
            setMessage(outcome.message, !outcome.ok);
            refresh();
            Q_EMIT located(outcome.ok, outcome.message);
        });
}

void ModelsDialog::startDownload(int row) {
    if (row < 0 || row >= int(models_.size()) || download_->running() || queue_->running()) return;
    downloadRow_ = row;
    progress_->setRange(0, 0);
    progress_->setFormat(QString());
    progress_->show();
    cancel_->setEnabled(true);
    cancel_->show();
    setMessage(tr("Downloading %1 from %2…").arg(QString::fromStdString(models_[size_t(row)].fileName),
                                                  QString::fromStdString(models_[size_t(row)].url)), false);
    download_->start(models_[size_t(row)], userModelsDir());
    updateButtons();
}

void ModelsDialog::startGetAll() {
    const std::vector<ModelEntry> missing = missingForFullSetup(settings_, models_);
    if (missing.empty() || download_->running() || queue_->running()) return;
    progress_->setRange(0, 0);
    progress_->setFormat(QString());
    progress_->show();
    cancel_->setEnabled(true);
    cancel_->show();
    queue_->start(missing, userModelsDir());
    updateButtons();
}

}  // namespace ui
}  // namespace instyle
