#include "ui/window/sam_panel.h"

#include "core/checkpoint/model_registry.h"
#include "ui/app_settings.h"
#include "ui/models/model_locator.h"
#include "ui/project/instance_selection.h"
#include "ui/widgets/image_canvas.h"
#include "ui/window/selection_panel.h"
#include "ui/window/window_context.h"
#include "ui/workers/sam_session.h"

#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
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

SamPanel::SamPanel(WindowContext& window, AppSettings& settings, QUndoStack* undo, ImageCanvas* canvas,
                   SelectionPanel* selection, QWidget* parent)
    : QWidget(parent), window_(window), settings_(settings), undo_(undo), canvas_(canvas), selection_(selection),
      sam_(new SamSession(undo, this)) {
    objectsMode_ = new QAction(tr("Objects (FCN)"), this);
    objectsMode_->setObjectName(QStringLiteral("objectsModeAction"));
    objectsMode_->setToolTip(tr("Select the instances the segmenter found (people, animals, vehicles, …) by clicking them"));
    anythingMode_ = new QAction(tr("Anything (MobileSAM)"), this);
    anythingMode_->setObjectName(QStringLiteral("anythingModeAction"));
    anythingMode_->setToolTip(tr("Select any object: click it, Alt+click what does not belong to it, or drag a box "
                                 "around it; Enter adds it to the selection"));
    auto* group = new QActionGroup(this);
    group->setExclusive(true);
    for (QAction* a : {objectsMode_, anythingMode_}) {
        a->setCheckable(true);
        group->addAction(a);
    }
    (settings_.text(keys::selectionMode) == kAnything ? anythingMode_ : objectsMode_)->setChecked(true);
    connect(anythingMode_, &QAction::toggled, this, &SamPanel::setAnythingMode);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    info_ = new QLabel(this);
    info_->setWordWrap(true);
    info_->setTextFormat(Qt::RichText);
    info_->setObjectName(QStringLiteral("samInfo"));
    layout->addWidget(info_);
    auto* row = new QHBoxLayout;
    add_ = new QPushButton(tr("Add"), this);
    add_->setObjectName(QStringLiteral("samAdd"));
    add_->setToolTip(tr("Make the mask an instance of the selection, with its own painting and weights (Enter)"));
    discard_ = new QPushButton(tr("Discard"), this);
    discard_->setToolTip(tr("Drop the points and the box (Esc)"));
    row->addWidget(add_);
    row->addWidget(discard_);
    layout->addLayout(row);
    connect(add_, &QPushButton::clicked, this, &SamPanel::addObject);
    connect(discard_, &QPushButton::clicked, this, &SamPanel::discardPrompts);
    add_->setEnabled(false);
    discard_->setEnabled(false);
    hide();

    progress_ = new QProgressBar(this);
    progress_->setRange(0, 0);  // busy: the encoder reports no steps
    progress_->setMaximumWidth(100);
    progress_->setMaximumHeight(14);
    progress_->hide();
    connectSession();
    connectCanvas(canvas);
}

void SamPanel::connectSession() {
    connect(sam_, &SamSession::preparing, this, [this] {
        progress_->show();
        info_->setText(tr("<i>Preparing MobileSAM selection…</i> You can click already."));
        window_.showStatus(tr("Preparing MobileSAM selection…"));
    });
    connect(sam_, &SamSession::ready, this, [this](double secondsEncode, bool cached, double) {
        progress_->hide();
        info_->setText(tr("Click an object to select it, Alt+click (or right-click) what does not belong to it, or "
                          "drag a box around it. <b>Enter</b> or <b>Add</b> makes the mask an instance; <b>Esc</b> "
                          "discards the prompts."));
        window_.showStatus(cached ? tr("MobileSAM selection ready (the photo's embedding came from the cache)")
                                  : tr("MobileSAM selection ready (photo encoded in %1 s)").arg(secondsEncode, 0, 'f', 1),
                           5000);
    });
    connect(sam_, &SamSession::failed, this, [this](const QString& message) {
        addPending_ = false;
        if (sam_->isReady()) {  // one decode failed; the next prompt tries again
            window_.showStatus(tr("MobileSAM: %1").arg(message), 10000);
            return;
        }
        progress_->hide();
        info_->setText(tr("<b>MobileSAM failed</b><br>%1").arg(message.toHtmlEscaped()));
        window_.showBanner(tr("MobileSAM failed: %1").arg(message.toHtmlEscaped()), true, true);
    });
    connect(sam_, &SamSession::promptsChanged, this, &SamPanel::updateMarkers);
    connect(sam_, &SamSession::maskChanged, this, [this] {
        window_.refreshView();
        if (!sam_->hasPrompts() || sam_->maskPending()) return;
        window_.showStatus(tr("Mask of %1 pixels (predicted IoU %2, decoded in %3 s)")
                               .arg(maskPixels(sam_->mask()))
                               .arg(sam_->iouPrediction(), 0, 'f', 2)
                               .arg(sam_->lastLatency(), 0, 'f', 2),
                           5000);
        if (addPending_) addObject();
    });
}

void SamPanel::connectCanvas(ImageCanvas* canvas) {
    connect(canvas, &ImageCanvas::promptClicked, this, [this](QPointF pixel, bool include) {
        if (!sam_->hasPhoto() || !sam_->failure().isEmpty()) {
            startSelection();  // says what is missing
            return;
        }
        sam_->addPoint(pixel, include);
    });
    connect(canvas, &ImageCanvas::promptBoxDrawn, this, [this](QRectF box) {
        if (!sam_->hasPhoto() || !sam_->failure().isEmpty()) {
            startSelection();
            return;
        }
        sam_->setBox(box);
    });
    connect(canvas, &ImageCanvas::promptAccepted, this, &SamPanel::addObject);
    connect(canvas, &ImageCanvas::promptDiscarded, this, &SamPanel::discardPrompts);
}

bool SamPanel::anythingMode() const { return anythingMode_->isChecked(); }

void SamPanel::setAnythingMode(bool on) {
    if (anythingMode_->isChecked() != on) {
        // Through the action group, so that it knows the checked action: toggled() comes back here.
        (on ? anythingMode_ : objectsMode_)->setChecked(true);
        return;
    }
    settings_.setValue(keys::selectionMode, on ? kAnything : kObjects);
    canvas_->setPromptMode(on);
    setVisible(on);
    if (on) startSelection();
    else progress_->hide();
    updateMarkers();
    Q_EMIT modeChanged(on);
}

void SamPanel::photoChanged() {
    if (anythingMode()) startSelection();
    else sam_->clearPhoto();  // prepared when the mode is switched on
}

void SamPanel::modelsChanged() {
    // The mode waited for its model file (the models dialog may have brought it).
    if (anythingMode() && !window_.photo().isNull() && !sam_->hasPhoto() && !findModelFile(settings_, modelIds::sam).isEmpty())
        startSelection();
}

void SamPanel::startSelection() {
    if (window_.photo().isNull()) {
        info_->setText(tr("Open a photo, then click any object in it to select it."));
        return;
    }
    const QString path = findModelFile(settings_, modelIds::sam);
    if (path.isEmpty()) {
        sam_->clearPhoto();
        const ModelEntry* entry = modelEntry(modelIds::sam);
        const QString file = QString::fromStdString(entry->fileName);
        info_->setText(tr("<b>MobileSAM is not installed</b> (%1). See Help ▸ Models…, or switch back to "
                          "<i>Objects (FCN)</i>.").arg(file));
        window_.showBanner(tr("<b>The Anything selection needs MobileSAM</b> (%1, %2), which is not installed. Get it "
                              "with <i>Models…</i>, or <code>instyle-cli models download %3</code>.")
                               .arg(file, QString::fromStdString(humanSize(entry->approximateBytes)), modelIds::sam),
                           false, true);
        window_.showStatus(tr("MobileSAM is not installed"), 5000);
        return;
    }
    sam_->setPhoto(window_.photo(), path, settings_.text(keys::device), settings_.integer(keys::threads));
}

void SamPanel::updateMarkers() {
    QList<QPointF> include, exclude;
    const bool on = anythingMode();
    for (const SamAction& a : on ? sam_->actions() : SamActions()) {
        if (a.kind == SamAction::Include) include << a.point;
        else if (a.kind == SamAction::Exclude) exclude << a.point;
    }
    const auto box = on ? samBoxOf(sam_->actions()) : std::nullopt;
    canvas_->setPromptMarkers(include, exclude, box ? *box : QRectF());
    add_->setEnabled(sam_->hasPrompts());
    discard_->setEnabled(sam_->hasPrompts());
}

bool SamPanel::addObject() {
    if (!sam_->hasPrompts()) return false;
    if (sam_->maskPending()) {
        addPending_ = true;
        window_.showStatus(tr("The mask is added as soon as it is ready"), 3000);
        return true;
    }
    addPending_ = false;
    const QImage mask = sam_->mask();
    if (mask.size() != window_.photo().size() || maskPixels(mask) == 0) {
        window_.showStatus(tr("The mask is empty: nothing to add"), 5000);
        return false;
    }
    undo_->beginMacro(tr("Add object"));
    const int index = selection_->selection()->addObject(mask);
    sam_->clearPrompts(tr("Add object"));
    undo_->endMacro();
    window_.showStatus(tr("Added %1 to the selection").arg(selection_->instanceLabel(index)), 5000);
    return index >= 0;
}

void SamPanel::discardPrompts() {
    addPending_ = false;
    sam_->clearPrompts(tr("Discard prompts"));
}

QImage SamPanel::withMask(QImage overlay) const {
    const QImage& mask = sam_->mask();
    if (!anythingMode() || mask.isNull() || mask.size() != window_.photo().size()) return overlay;
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
