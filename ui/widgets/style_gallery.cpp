#include "ui/widgets/style_gallery.h"

#include "ui/app_settings.h"
#include "ui/models/download_queue.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QAction>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QComboBox>
#include <QListWidget>
#include <QSlider>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace instyle {
namespace ui {

namespace {
constexpr int kThumb = 96;

QIcon thumbnail(const QString& path) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid()) reader.setScaledSize(size.scaled(kThumb * 2, kThumb * 2, Qt::KeepAspectRatio));
    const QImage image = reader.read();
    if (image.isNull()) return {};
    QPixmap square(kThumb * 2, kThumb * 2);
    square.fill(Qt::transparent);
    QPainter p(&square);
    const QImage scaled = image.scaled(square.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    p.drawImage((square.width() - scaled.width()) / 2, (square.height() - scaled.height()) / 2, scaled);
    return QIcon(square);
}
}  // namespace

StyleGallery::StyleGallery(AppSettings& settings, QWidget* parent)
    : QWidget(parent),
      settings_(settings),
      samples_(SamplePaintings::builtIn()),
      samplesFolder_(SamplePaintings::defaultFolder()),
      sampleDownload_(new DownloadQueue(this)) {
    setAcceptDrops(true);
    list_ = new QListWidget(this);
    list_->setViewMode(QListView::IconMode);
    list_->setIconSize(QSize(kThumb, kThumb));
    list_->setResizeMode(QListView::Adjust);
    list_->setMovement(QListView::Static);
    list_->setWordWrap(true);
    list_->setUniformItemSizes(true);
    list_->setGridSize(QSize(kThumb + 16, kThumb + 36));
    list_->setAcceptDrops(false);
    list_->setToolTip(tr("Paintings: click one to use it; drop image files or folders here"));

    auto* addFiles = new QToolButton(this);
    addFiles->setText(tr("Add paintings…"));
    auto* addFolder = new QToolButton(this);
    addFolder->setText(tr("Add folder…"));
    auto* remove = new QToolButton(this);
    remove->setText(tr("Remove"));
    connect(addFiles, &QToolButton::clicked, this, &StyleGallery::addFilesInteractively);
    connect(addFolder, &QToolButton::clicked, this, &StyleGallery::addFolderInteractively);
    connect(remove, &QToolButton::clicked, this, &StyleGallery::removeCurrent);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addFiles);
    buttons->addWidget(addFolder);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    placeholder_ = new QLabel(tr("No paintings yet.\nDrop image files or a folder here, or use “Add paintings…”."), this);
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    placeholder_->setFrameShape(QFrame::StyledPanel);
    placeholder_->setMinimumHeight(kThumb + 36);
    layout->addWidget(placeholder_, 1);
    createSampleControls(layout);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);

    auto* blendRow = new QHBoxLayout;
    second_ = new QComboBox(this);
    second_->setToolTip(tr("Optionally mix in a second painting's style"));
    blend_ = new QSlider(Qt::Horizontal, this);
    blend_->setRange(0, 100);
    blend_->setValue(50);
    blend_->setToolTip(tr("Share of the second painting in the style"));
    blendLabel_ = new QLabel(this);
    blendLabel_->setMinimumWidth(36);
    blendRow->addWidget(new QLabel(tr("Mix with:"), this));
    blendRow->addWidget(second_, 1);
    blendRow->addWidget(blend_, 1);
    blendRow->addWidget(blendLabel_);
    layout->addLayout(blendRow);
    connect(blend_, &QSlider::valueChanged, this, [this](int v) { blendLabel_->setText(tr("%1 %").arg(v)); });
    connect(second_, &QComboBox::currentIndexChanged, this, [this] { blend_->setEnabled(!secondPath().isEmpty()); });
    blendLabel_->setText(tr("%1 %").arg(blend_->value()));

    for (const QString& path : settings_.list(keys::galleryFiles)) addOne(path);
    setCurrentPath(settings_.text(keys::galleryCurrent));
    updatePlaceholder();
    refillSecond();
    connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        const QString path = item ? item->data(Qt::UserRole).toString() : QString();
        settings_.setValue(keys::galleryCurrent, path);
        Q_EMIT currentPathChanged(path);
    });
}

void StyleGallery::createSampleControls(QVBoxLayout* layout) {
    sampleButton_ = new QPushButton(this);
    connect(sampleButton_, &QPushButton::clicked, this, &StyleGallery::getSamplePaintings);
    sampleProgress_ = new QProgressBar(this);
    sampleCancel_ = new QToolButton(this);
    sampleCancel_->setText(tr("Cancel"));
    connect(sampleCancel_, &QToolButton::clicked, sampleDownload_, &DownloadQueue::cancel);
    sampleMessage_ = new QLabel(this);
    sampleMessage_->setWordWrap(true);
    sampleMessage_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sampleMessage_->hide();
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(sampleProgress_, 1);
    progressRow->addWidget(sampleCancel_);
    layout->addWidget(sampleButton_, 0, Qt::AlignHCenter);
    layout->addLayout(progressRow);
    layout->addWidget(sampleMessage_);

    // Also when the gallery is not empty: its context menu.
    sampleAction_ = new QAction(tr("Get sample paintings"), list_);
    connect(sampleAction_, &QAction::triggered, this, &StyleGallery::getSamplePaintings);
    auto* removeAction = new QAction(tr("Remove"), list_);
    connect(removeAction, &QAction::triggered, this, &StyleGallery::removeCurrent);
    list_->addAction(sampleAction_);
    list_->addAction(removeAction);
    list_->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(sampleDownload_, &DownloadQueue::progress, this, [this](qint64 received, qint64 total) {
        sampleProgress_->setRange(0, total > 0 ? 1000 : 0);
        if (total > 0) sampleProgress_->setValue(int(1000 * received / total));
        sampleProgress_->setFormat(total > 0 ? tr("%1 of %2").arg(QString::fromStdString(humanSize(uint64_t(received))),
                                                                   QString::fromStdString(humanSize(uint64_t(total))))
                                             : QString::fromStdString(humanSize(uint64_t(received))));
    });
    connect(sampleDownload_, &DownloadQueue::fileDone, this, [this](const QString& path) { addPaths({path}); });
    connect(sampleDownload_, &DownloadQueue::finished, this,
            [this](const QStringList& done, const QStringList& failures) {
                if (failures.isEmpty()) {
                    sampleDownloadEnded(tr("Added %n sample painting(s) to the gallery.", nullptr, int(done.size())),
                                        false);
                    return;
                }
                const QString heading = tr("%n sample painting(s) could not be added:", nullptr, int(failures.size()));
                sampleDownloadEnded(heading + QLatin1Char('\n') + failures.join(QLatin1Char('\n')), true);
            });
    connect(sampleDownload_, &DownloadQueue::cancelled, this, [this] {
        sampleDownloadEnded(tr("Cancelled. What was received is kept; “Get sample paintings” resumes it."), false);
    });
    updateSampleControls();
}

void StyleGallery::setSamplePaintings(const SamplePaintings& samples, const QString& folder) {
    samples_ = samples;
    samplesFolder_ = folder;
    for (int i = 0; i < list_->count(); ++i) {
        const QString path = list_->item(i)->data(Qt::UserRole).toString();
        list_->item(i)->setText(displayName(path));
        list_->item(i)->setToolTip(toolTipFor(path));
    }
    refillSecond();
    updateSampleControls();
}

QString StyleGallery::sampleMessage() const { return sampleMessage_->isHidden() ? QString() : sampleMessage_->text(); }

void StyleGallery::getSamplePaintings() {
    if (sampleDownload_->running() || samples_.isEmpty()) return;
    const QList<SamplePainting> missing = samples_.missing(samplesFolder_);
    QStringList missingIds;
    for (const SamplePainting& p : missing) missingIds << p.id;
    // Those downloaded before (and removed from the gallery since) come back without a download.
    QStringList present;
    for (const SamplePainting& p : samples_.paintings())
        if (!missingIds.contains(p.id)) present << QDir(samplesFolder_).filePath(p.fileName());
    addPaths(present);
    if (missing.isEmpty()) {
        sampleDownloadEnded(tr("The sample paintings are in the gallery."), false);
        return;
    }
    std::vector<ModelEntry> entries;
    for (const SamplePainting& p : missing) entries.push_back(p.downloadEntry());
    // The check runs on a pool thread: it gets its own copy of the list.
    const SamplePaintings samples(missing);
    sampleDownload_->setCheck([samples](const ModelEntry& entry, const QString& path) {
        for (const SamplePainting& p : samples.paintings())
            if (p.id.toStdString() == entry.id) return SamplePaintings::checkFile(p, path);
        return QString();
    });
    sampleMessage_->hide();
    sampleProgress_->setRange(0, 0);
    sampleProgress_->setFormat(QString());
    sampleDownload_->start(entries, samplesFolder_);
    updateSampleControls();
}

void StyleGallery::sampleDownloadEnded(const QString& message, bool error) {
    sampleMessage_->setText(message);
    sampleMessage_->setStyleSheet(error ? QStringLiteral("color: #c04030;") : QString());
    sampleMessage_->show();
    updateSampleControls();
}

void StyleGallery::updateSampleControls() {
    const bool running = sampleDownload_->running();
    qint64 bytes = 0;
    for (const SamplePainting& p : samples_.missing(samplesFolder_)) bytes += p.bytes;
    const QString size = QString::fromStdString(humanSize(uint64_t(bytes)));
    sampleButton_->setText(bytes > 0 ? tr("Get sample paintings (%1)").arg(size) : tr("Get sample paintings"));
    const int count = int(samples_.paintings().size());
    sampleButton_->setToolTip(tr("Downloads %n public-domain painting(s) into %1", nullptr, count)
                                  .arg(QDir::toNativeSeparators(samplesFolder_)));
    sampleButton_->setVisible(list_->count() == 0 && !running && !samples_.isEmpty());
    sampleAction_->setEnabled(!running && !samples_.isEmpty());
    sampleProgress_->setVisible(running);
    sampleCancel_->setVisible(running);
}

QString StyleGallery::displayName(const QString& path) const {
    const SamplePainting* p = samples_.forFile(path, samplesFolder_);
    return p ? p->title : QFileInfo(path).completeBaseName();
}

QString StyleGallery::toolTipFor(const QString& path) const {
    if (const SamplePainting* p = samples_.forFile(path, samplesFolder_))
        return p->credits() + QLatin1Char('\n') + QDir::toNativeSeparators(path);
    return path;
}

bool StyleGallery::looksLikeImage(const QString& path) {
    static const QStringList suffixes{"png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp"};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

bool StyleGallery::addOne(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (paths().contains(absolute) || !QFileInfo(absolute).isFile()) return false;
    const QIcon icon = thumbnail(absolute);
    if (icon.isNull()) return false;
    auto* item = new QListWidgetItem(icon, displayName(absolute), list_);
    item->setData(Qt::UserRole, absolute);
    item->setToolTip(toolTipFor(absolute));
    return true;
}

int StyleGallery::addPaths(const QStringList& paths) {
    int added = 0;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            const QDir dir(path);
            for (const QString& name : dir.entryList(QDir::Files, QDir::Name))
                if (looksLikeImage(name)) added += addOne(dir.filePath(name));
        } else {
            added += addOne(path);
        }
    }
    if (added) {
        store();
        updatePlaceholder();
        if (!list_->currentItem()) list_->setCurrentRow(list_->count() - added);
    }
    return added;
}

void StyleGallery::removeCurrent() {
    delete list_->currentItem();
    store();
    updatePlaceholder();
}

QString StyleGallery::currentPath() const {
    const QListWidgetItem* item = list_->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

bool StyleGallery::setCurrentPath(const QString& path) {
    for (int i = 0; i < list_->count(); ++i)
        if (list_->item(i)->data(Qt::UserRole).toString() == path) {
            list_->setCurrentRow(i);
            return true;
        }
    return false;
}

QStringList StyleGallery::paths() const {
    QStringList out;
    for (int i = 0; i < list_->count(); ++i) out << list_->item(i)->data(Qt::UserRole).toString();
    return out;
}

void StyleGallery::store() {
    settings_.setValue(keys::galleryFiles, paths());
    refillSecond();
}

void StyleGallery::refillSecond() {
    const QString keep = secondPath();
    second_->clear();
    second_->addItem(tr("(no second painting)"), QString());
    for (const QString& p : paths()) second_->addItem(displayName(p), p);
    second_->setCurrentIndex(std::max(0, second_->findData(keep)));
    blend_->setEnabled(!secondPath().isEmpty());
}

QString StyleGallery::secondPath() const { return second_->currentData().toString(); }
double StyleGallery::blend() const { return blend_->value() / 100.0; }

void StyleGallery::setSecond(const QString& path, double blend) {
    second_->setCurrentIndex(std::max(0, second_->findData(QFileInfo(path).absoluteFilePath())));
    blend_->setValue(qRound(blend * 100));
}

void StyleGallery::addFilesInteractively() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add paintings"), settings_.text(keys::lastOpenDir),
        tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)"));
    addPaths(files);
}

void StyleGallery::addFolderInteractively() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a folder of paintings"),
                                                          settings_.text(keys::lastOpenDir));
    if (!dir.isEmpty()) addPaths({dir});
}

void StyleGallery::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void StyleGallery::dropEvent(QDropEvent* e) {
    QStringList paths;
    for (const QUrl& url : e->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (addPaths(paths) > 0) e->acceptProposedAction();
}

void StyleGallery::updatePlaceholder() {
    placeholder_->setVisible(list_->count() == 0);
    list_->setVisible(list_->count() > 0);
    updateSampleControls();
}

}  // namespace ui
}  // namespace instyle
