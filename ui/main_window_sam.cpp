// MainWindow: the "Anything (MobileSAM)" selection mode — clicks, Alt+clicks and a box refine a
// mask on the SamSession's worker thread; Enter or Add makes it an instance of the selection.

#include "ui/main_window.h"

#include "core/model_registry.h"
#include "ui/image_canvas.h"
#include "ui/instance_selection.h"
#include "ui/model_locator.h"
#include "ui/sam_session.h"

#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace instyle {
namespace ui {

namespace {

const QString kObjects = QStringLiteral("objects");
const QString kAnything = QStringLiteral("anything");

qint64 maskPixels(const QImage& mask) {
    qint64 n = 0;
    for (int y = 0; y < mask.height(); ++y) {
        const uchar* row = mask.constScanLine(y);
        for (int x = 0; x < mask.width(); ++x) n += row[x] != 0;
    }
    return n;
}

}  // namespace

void MainWindow::createSamActions() {
    objectsModeAction_ = new QAction(tr("Objects (FCN)"), this);
    objectsModeAction_->setObjectName(QStringLiteral("objectsModeAction"));
    objectsModeAction_->setToolTip(tr("Select the instances the segmenter found (people, animals, vehicles, …) by clicking them"));
    anythingModeAction_ = new QAction(tr("Anything (MobileSAM)"), this);
    anythingModeAction_->setObjectName(QStringLiteral("anythingModeAction"));
    anythingModeAction_->setToolTip(tr("Select any object: click it, Alt+click what does not belong to it, or drag a box "
                                       "around it; Enter adds it to the selection"));
    auto* group = new QActionGroup(this);
    group->setExclusive(true);
    for (QAction* a : {objectsModeAction_, anythingModeAction_}) {
        a->setCheckable(true);
        group->addAction(a);
    }
    (settings_.text(keys::selectionMode) == kAnything ? anythingModeAction_ : objectsModeAction_)->setChecked(true);
    connect(anythingModeAction_, &QAction::toggled, this, &MainWindow::setAnythingMode);
}

QWidget* MainWindow::createSamTools(QWidget* parent) {
    samTools_ = new QWidget(parent);
    auto* layout = new QVBoxLayout(samTools_);
    layout->setContentsMargins(0, 0, 0, 0);
    samInfo_ = new QLabel(samTools_);
    samInfo_->setWordWrap(true);
    samInfo_->setTextFormat(Qt::RichText);
    samInfo_->setObjectName(QStringLiteral("samInfo"));
    layout->addWidget(samInfo_);
    auto* row = new QHBoxLayout;
    samAdd_ = new QPushButton(tr("Add"), samTools_);
    samAdd_->setObjectName(QStringLiteral("samAdd"));
    samAdd_->setToolTip(tr("Make the mask an instance of the selection, with its own painting and weights (Enter)"));
    samDiscard_ = new QPushButton(tr("Discard"), samTools_);
    samDiscard_->setToolTip(tr("Drop the points and the box (Esc)"));
    row->addWidget(samAdd_);
    row->addWidget(samDiscard_);
    layout->addLayout(row);
    connect(samAdd_, &QPushButton::clicked, this, &MainWindow::addSamObject);
    connect(samDiscard_, &QPushButton::clicked, this, &MainWindow::discardSamPrompts);
    samAdd_->setEnabled(false);
    samDiscard_->setEnabled(false);
    samTools_->hide();
    return samTools_;
}

void MainWindow::connectSam() {
    samProgress_ = new QProgressBar(this);
    samProgress_->setRange(0, 0);  // busy: the encoder reports no steps
    samProgress_->setMaximumWidth(100);
    samProgress_->setMaximumHeight(14);
    samProgress_->hide();
    statusBar()->addPermanentWidget(samProgress_);

    connect(sam_, &SamSession::preparing, this, [this] {
        samProgress_->show();
        samInfo_->setText(tr("<i>Preparing MobileSAM selection…</i> You can click already."));
        statusBar()->showMessage(tr("Preparing MobileSAM selection…"));
    });
    connect(sam_, &SamSession::ready, this, [this](double secondsEncode, bool cached, double) {
        samProgress_->hide();
        samInfo_->setText(tr("Click an object to select it, Alt+click (or right-click) what does not belong to it, or "
                             "drag a box around it. <b>Enter</b> or <b>Add</b> makes the mask an instance; <b>Esc</b> "
                             "discards the prompts."));
        statusBar()->showMessage(cached ? tr("MobileSAM selection ready (the photo's embedding came from the cache)")
                                        : tr("MobileSAM selection ready (photo encoded in %1 s)").arg(secondsEncode, 0, 'f', 1),
                                 5000);
    });
    connect(sam_, &SamSession::failed, this, [this](const QString& message) {
        samAddPending_ = false;
        if (sam_->isReady()) {  // one decode failed; the next prompt tries again
            statusBar()->showMessage(tr("MobileSAM: %1").arg(message), 10000);
            return;
        }
        samProgress_->hide();
        samInfo_->setText(tr("<b>MobileSAM failed</b><br>%1").arg(message.toHtmlEscaped()));
        showBanner(tr("MobileSAM failed: %1").arg(message.toHtmlEscaped()), true, true);
    });
    connect(sam_, &SamSession::promptsChanged, this, &MainWindow::updateSamMarkers);
    connect(sam_, &SamSession::maskChanged, this, [this] {
        updateView();
        if (!sam_->hasPrompts() || sam_->maskPending()) return;
        statusBar()->showMessage(tr("Mask of %1 pixels (predicted IoU %2, decoded in %3 s)")
                                     .arg(maskPixels(sam_->mask()))
                                     .arg(sam_->iouPrediction(), 0, 'f', 2)
                                     .arg(sam_->lastLatency(), 0, 'f', 2),
                                 5000);
        if (samAddPending_) addSamObject();
    });

    connect(canvas_, &ImageCanvas::promptClicked, this, [this](QPointF pixel, bool include) {
        if (!sam_->hasPhoto() || !sam_->failure().isEmpty()) {
            startSamSelection();  // says what is missing
            return;
        }
        sam_->addPoint(pixel, include);
    });
    connect(canvas_, &ImageCanvas::promptBoxDrawn, this, [this](QRectF box) {
        if (!sam_->hasPhoto() || !sam_->failure().isEmpty()) {
            startSamSelection();
            return;
        }
        sam_->setBox(box);
    });
    connect(canvas_, &ImageCanvas::promptAccepted, this, &MainWindow::addSamObject);
    connect(canvas_, &ImageCanvas::promptDiscarded, this, &MainWindow::discardSamPrompts);
}

bool MainWindow::anythingMode() const { return anythingModeAction_->isChecked(); }

void MainWindow::setAnythingMode(bool on) {
    settings_.setValue(keys::selectionMode, on ? kAnything : kObjects);
    {
        QSignalBlocker block(anythingModeAction_);
        anythingModeAction_->setChecked(on);
        objectsModeAction_->setChecked(!on);
    }
    canvas_->setPromptMode(on);
    hovered_ = -1;
    canvas_->setOutline(QImage());
    samTools_->setVisible(on);
    if (!photo_.isNull() && findModelFile(settings_, segmenterId(settings_)).isEmpty()) showSegmenterMissing();
    if (on) startSamSelection();
    else samProgress_->hide();
    updateSamMarkers();
    updateView();
}

void MainWindow::startSamSelection() {
    if (photo_.isNull()) {
        samInfo_->setText(tr("Open a photo, then click any object in it to select it."));
        return;
    }
    const QString path = findModelFile(settings_, modelIds::sam);
    if (path.isEmpty()) {
        sam_->clearPhoto();
        const ModelEntry* entry = modelEntry(modelIds::sam);
        const QString file = QString::fromStdString(entry->fileName);
        samInfo_->setText(tr("<b>MobileSAM is not installed</b> (%1). See Help ▸ Models…, or switch back to "
                             "<i>Objects (FCN)</i>.").arg(file));
        showBanner(tr("<b>The Anything selection needs MobileSAM</b> (%1, %2), which is not installed. Get it with "
                      "<i>Models…</i>, or <code>instyle-cli models download %3</code>.")
                       .arg(file, QString::fromStdString(humanSize(entry->approximateBytes)), modelIds::sam),
                   false, true);
        statusBar()->showMessage(tr("MobileSAM is not installed"), 5000);
        return;
    }
    sam_->setPhoto(photo_, path, settings_.text(keys::device), settings_.integer(keys::threads));
}

void MainWindow::updateSamMarkers() {
    QList<QPointF> include, exclude;
    const bool on = anythingMode();
    for (const SamAction& a : on ? sam_->actions() : SamActions()) {
        if (a.kind == SamAction::Include) include << a.point;
        else if (a.kind == SamAction::Exclude) exclude << a.point;
    }
    const auto box = on ? samBoxOf(sam_->actions()) : std::nullopt;
    canvas_->setPromptMarkers(include, exclude, box ? *box : QRectF());
    samAdd_->setEnabled(sam_->hasPrompts());
    samDiscard_->setEnabled(sam_->hasPrompts());
}

bool MainWindow::addSamObject() {
    if (!sam_->hasPrompts()) return false;
    if (sam_->maskPending()) {
        samAddPending_ = true;
        statusBar()->showMessage(tr("The mask is added as soon as it is ready"), 3000);
        return true;
    }
    samAddPending_ = false;
    const QImage mask = sam_->mask();
    if (mask.size() != photo_.size() || maskPixels(mask) == 0) {
        statusBar()->showMessage(tr("The mask is empty: nothing to add"), 5000);
        return false;
    }
    undo_->beginMacro(tr("Add object"));
    const int index = selection_->addObject(mask);
    sam_->clearPrompts(tr("Add object"));
    undo_->endMacro();
    statusBar()->showMessage(tr("Added %1 #%2 to the selection").arg(selection_->className(index)).arg(index + 1), 5000);
    return index >= 0;
}

void MainWindow::discardSamPrompts() {
    samAddPending_ = false;
    sam_->clearPrompts(tr("Discard prompts"));
}

QImage MainWindow::withSamMask(QImage overlay) const {
    const QImage& mask = sam_->mask();
    if (!anythingMode() || mask.isNull() || mask.size() != photo_.size()) return overlay;
    if (overlay.isNull()) {
        overlay = QImage(mask.size(), QImage::Format_ARGB32_Premultiplied);
        overlay.fill(Qt::transparent);
    }
    overlay = overlay.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    // The mask tinted, with a bright edge (a pixel inside with a neighbour outside).
    const QRgb fill = qPremultiply(qRgba(30, 144, 255, 120)), edge = qRgba(255, 255, 255, 255);
    const int w = mask.width(), h = mask.height();
    for (int y = 0; y < h; ++y) {
        const uchar* row = mask.constScanLine(y);
        const uchar* up = mask.constScanLine(std::max(0, y - 1));
        const uchar* down = mask.constScanLine(std::min(h - 1, y + 1));
        auto* line = reinterpret_cast<QRgb*>(overlay.scanLine(y));
        for (int x = 0; x < w; ++x) {
            if (!row[x]) continue;
            const bool border = !up[x] || !down[x] || (x > 0 && !row[x - 1]) || (x + 1 < w && !row[x + 1]);
            line[x] = border ? edge : fill;
        }
    }
    return overlay;
}

}  // namespace ui
}  // namespace instyle
