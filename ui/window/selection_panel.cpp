#include "ui/window/selection_panel.h"

#include "core/checkpoint/model_registry.h"
#include "ui/app_settings.h"
#include "ui/models/model_locator.h"
#include "ui/project/instance_selection.h"
#include "ui/widgets/image_canvas.h"
#include "ui/widgets/style_gallery.h"
#include "ui/widgets/weights_panel.h"
#include "ui/window/window_context.h"
#include "ui/workers/style_runner.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUndoStack>
#include <QVBoxLayout>

namespace instyle {
namespace ui {

namespace {

// The selection's outline alone (ARGB32): a pixel inside with a neighbour outside is drawn.
QImage outlineOf(const QImage& mask) {
    if (mask.isNull()) return {};
    QImage out(mask.size(), QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    const QRgb edge = qRgba(255, 255, 255, 255);
    const int w = mask.width(), h = mask.height();
    for (int y = 0; y < h; ++y) {
        const uchar* row = mask.constScanLine(y);
        const uchar* up = mask.constScanLine(std::max(0, y - 1));
        const uchar* down = mask.constScanLine(std::min(h - 1, y + 1));
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < w; ++x)
            if (row[x] && (!up[x] || !down[x] || (x > 0 && !row[x - 1]) || (x + 1 < w && !row[x + 1]))) line[x] = edge;
    }
    return out;
}

}  // namespace

SelectionPanel::SelectionPanel(WindowContext& window, AppSettings& settings, QUndoStack* undo, ImageCanvas* canvas,
                               StyleGallery* gallery, WeightsPanel* weights, StyleRunner* runner, QWidget* parent)
    : QWidget(parent), window_(window), settings_(settings), undo_(undo), canvas_(canvas), gallery_(gallery),
      weights_(weights), runner_(runner), selection_(new InstanceSelection(undo, this)) {
    layout_ = new QVBoxLayout(this);
    hint_ = new QLabel(this);
    hint_->setObjectName(QStringLiteral("selectionInfo"));
    hint_->setWordWrap(true);
    hint_->setTextFormat(Qt::RichText);
    hint_->setMinimumWidth(180);
    layout_->addWidget(hint_);
    list_ = new QListWidget(this);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setWordWrap(true);
    list_->setTextElideMode(Qt::ElideMiddle);
    list_->setToolTip(tr("Choose an instance, then pick its painting and move its sliders"));
    layout_->addWidget(list_, 1);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) editInstance(list_->item(row)->data(Qt::UserRole).toInt());
    });
    connect(gallery_, &StyleGallery::currentPathChanged, this, [this] { storeLook(); });
    connect(weights_, &WeightsPanel::weightsChanged, this, [this] { storeLook(); });
    layout_->addWidget(createMaskTools());
    connect(selection_, &InstanceSelection::changed, this, [this] {
        updateList();
        window_.refreshView();
    });
    connectCanvas(canvas);
    connectRunner(runner);
    updateList();
}

void SelectionPanel::addModeTools(QWidget* tools) { layout_->insertWidget(1, tools); }

QWidget* SelectionPanel::createMaskTools() {
    maskTools_ = new QWidget(this);
    auto* tools = new QGridLayout(maskTools_);
    tools->setContentsMargins(0, 0, 0, 0);
    auto* grow = new QPushButton(tr("Grow"), maskTools_);
    grow->setToolTip(tr("Grow the mask by 3 pixels"));
    auto* shrink = new QPushButton(tr("Shrink"), maskTools_);
    shrink->setToolTip(tr("Shrink the mask by 3 pixels"));
    auto* grabCut = new QPushButton(tr("Refine edges (GrabCut)"), maskTools_);
    grabCut->setToolTip(tr("Fit the mask's boundary to the photo's edges"));
    auto* clear = new QPushButton(tr("Clear selection"), maskTools_);
    auto* brush = new QPushButton(tr("Brush"), maskTools_);
    brush->setCheckable(true);
    brush->setToolTip(tr("Paint the mask on the image: drag to add, Alt+drag to erase (middle button pans)"));
    auto* brushSize = new QSpinBox(maskTools_);
    brushSize->setRange(1, 200);
    brushSize->setValue(12);
    brushSize->setSuffix(tr(" px"));
    brushSize->setToolTip(tr("Brush radius in photo pixels"));
    tools->addWidget(grow, 0, 0);
    tools->addWidget(shrink, 0, 1);
    tools->addWidget(grabCut, 1, 0, 1, 2);
    tools->addWidget(clear, 2, 0, 1, 2);
    tools->addWidget(brush, 3, 0);
    tools->addWidget(brushSize, 3, 1);
    connect(brush, &QPushButton::toggled, canvas_, &ImageCanvas::setBrushMode);
    connect(canvas_, &ImageCanvas::strokeStarted, this,
            [this](Qt::KeyboardModifiers m) { selection_->beginStroke(!(m & Qt::AltModifier)); });
    connect(canvas_, &ImageCanvas::strokeSegment, this,
            [this, brushSize](QPoint a, QPoint b) { selection_->strokeSegment(a, b, brushSize->value()); });
    connect(canvas_, &ImageCanvas::strokeFinished, selection_, &InstanceSelection::endStroke);
    connect(grow, &QPushButton::clicked, this, [this] { selection_->grow(3); });
    connect(shrink, &QPushButton::clicked, this, [this] { selection_->grow(-3); });
    connect(grabCut, &QPushButton::clicked, this, [this] {
        window_.showStatus(tr("Refining the mask…"));
        selection_->grabCut(window_.photo());
        window_.showStatus(tr("Mask refined"), 3000);
    });
    connect(clear, &QPushButton::clicked, this, [this] { selection_->setSelected({}); });
    return maskTools_;
}

void SelectionPanel::connectCanvas(ImageCanvas* canvas) {
    connect(canvas, &ImageCanvas::imageClicked, this, [this](QPoint p, Qt::KeyboardModifiers m) {
        if (selection_->hasInstances()) selection_->click(p, m & (Qt::ControlModifier | Qt::ShiftModifier));
    });
    connect(canvas, &ImageCanvas::imageHovered, this, [this](QPoint p) {
        const int index = p.x() < 0 || anything_ ? -1 : selection_->instanceAt(p);
        if (index == hovered_) return;
        hovered_ = index;
        canvas_->setOutline(selection_->outline(index));
        if (index >= 0)
            window_.showStatus(tr("%1 — click to select, Ctrl+click to add").arg(selection_->className(index)), 2000);
    });
}

void SelectionPanel::connectRunner(StyleRunner* runner) {
    connect(runner, &StyleRunner::segmented, this, [this](const QImage& labels, const QString& arch) {
        if (labels.size() != window_.photo().size()) return;  // a photo opened since
        segmentation_ = Segmentation::Done;
        setLabelMap(labels);
        window_.showStatus(tr("Segmented with %1: %n instance(s)", nullptr, selection_->instanceCount()).arg(arch), 5000);
    });
    connect(runner, &StyleRunner::segmentationFailed, this, [this](const QString& message) {
        segmentation_ = Segmentation::Failed;
        segmentationError_ = message;
        updateHint();
    });
}

void SelectionPanel::startOver() {
    saved_.reset();  // a project's selection belongs to its own photo
    hovered_ = -1;
    selection_->clear(window_.photo().size());
    startSegmentation();
}

void SelectionPanel::startSegmentation() {
    const QString id = segmenterId(settings_);
    const QString path = findModelFile(settings_, id);
    if (window_.photo().isNull()) segmentation_ = Segmentation::NoPhoto;
    else if (path.isEmpty()) segmentation_ = Segmentation::Missing;
    else segmentation_ = Segmentation::Running;
    updateHint();
    if (segmentation_ == Segmentation::Running) runner_->segment(window_.photo(), path, id);
}

void SelectionPanel::setAnythingMode(bool on) {
    anything_ = on;
    hovered_ = -1;
    canvas_->setOutline(QImage());
    updateHint();
}

void SelectionPanel::setLabelMap(const QImage& labels) {
    if (window_.photo().isNull() || labels.size() != window_.photo().size()) return;
    segmentation_ = Segmentation::Done;
    undo_->clear();
    // Objects added from MobileSAM stay, behind the new label map's instances, with their looks.
    const int before = selection_->segmentedCount();
    const QHash<int, InstanceLook> looks = looks_;
    const int editing = editing_;
    looks_.clear();
    editing_ = -1;
    {
        QSignalBlocker block(selection_);
        selection_->setLabelMap(labels);
    }
    const int shift = selection_->segmentedCount() - before;
    for (auto it = looks.begin(); it != looks.end(); ++it)
        if (it.key() >= before) looks_.insert(it.key() + shift, it.value());
    previousChosen_ = selection_->selected();
    if (editing >= before) editing_ = editing + shift;
    updateList();
    window_.refreshView();
    applySaved();
}

void SelectionPanel::restore(const SavedSelection& saved) {
    saved_ = saved;
    // Instances exist once the photo is segmented (at once when it already is, else later on the
    // worker); a painted mask alone is applied now.
    if (selection_->hasInstances() || saved.selected.isEmpty()) applySaved();
}

void SelectionPanel::applySaved() {
    if (!saved_) return;
    const SavedSelection saved = *saved_;
    saved_.reset();
    QList<int> valid;
    for (int index : saved.selected)
        if (index >= 0 && index < selection_->segmentedCount()) valid << index;
    for (auto it = saved.looks.begin(); it != saved.looks.end(); ++it)
        if (valid.contains(it.key())) looks_.insert(it.key(), it.value());
    // MobileSAM's objects, from their saved masks, behind the instances there are now.
    int editing = valid.contains(saved.editing) ? saved.editing : -1;
    QList<QImage> objectMasks;
    for (const auto& object : saved.objects) objectMasks << object.mask;
    const QList<int> objects = selection_->restoreObjects(objectMasks);
    for (int k = 0; k < objects.size(); ++k) {
        if (objects[k] < 0) continue;
        valid << objects[k];
        looks_.insert(objects[k], saved.objects[k].look);
        if (saved.objects[k].index == saved.editing) editing = objects[k];
    }
    previousChosen_ = valid;  // not "newly clicked": they keep their saved looks
    if (!valid.isEmpty()) selection_->restore(valid, saved.mask);
    else if (!saved.mask.isNull()) selection_->setMask(saved.mask);
    // Segmentation may still be under way: its label map would clear a painted mask, so keep it
    // to apply again then.
    if (!selection_->hasInstances() && !saved.mask.isNull()) saved_ = SavedSelection{{}, {}, -1, saved.mask, {}};
    undo_->clear();  // an opened project starts a new history
    loadLook(editing >= 0 ? editing : (valid.isEmpty() ? -1 : valid.last()));
    updateList();
}

void SelectionPanel::updateHint() {
    const bool painted = !selection_->hasInstances() && !selection_->mask().isNull();
    const int chosen = int(selection_->selected().size());
    QString text;
    if (painted) {
        text = tr("A painted mask is selected: the run stylises only inside it.");
    } else if (chosen > 0) {
        text = tr("%n instance(s) selected. Choose one in the list to give it its own painting and weights.", nullptr, chosen);
    } else if (anything_) {
        // MobileSAM's own hint (SamPanel) says how to select; the segmenter's would contradict it.
    } else if (selection_->hasInstances()) {
        text = tr("%n instance(s) found. Click one on the image to stylise only it; Ctrl+click adds more. Nothing "
                  "selected: the whole photo is stylised.", nullptr, selection_->instanceCount());
    } else {
        switch (segmentation_) {
        case Segmentation::NoPhoto:
            text = tr("Open a photo: its instances (people, animals, vehicles, …) can then be selected here to "
                      "stylise only them.");
            break;
        case Segmentation::Running: text = tr("Finding instances…"); break;
        case Segmentation::Missing:
            text = tr("<b>Instance selection is unavailable</b><br>No segmentation model is installed (%1; see Help ▸ "
                      "Models…, or choose the other segmenter in the preferences). A run stylises the whole photo.")
                       .arg(QString::fromStdString(modelEntry(segmenterId(settings_))->fileName));
            break;
        case Segmentation::Failed:
            text = tr("<b>Segmentation failed</b><br>%1<br>A run stylises the whole photo.").arg(segmentationError_.toHtmlEscaped());
            break;
        case Segmentation::Done: text = tr("No instances found: a run stylises the whole photo."); break;
        }
    }
    hint_->setText(text);
    hint_->setVisible(!text.isEmpty());
}

void SelectionPanel::updateList() {
    list_->clear();
    maskTools_->setEnabled(!window_.photo().isNull());
    updateHint();
    if (!selection_->hasInstances()) return;
    const QList<int> chosen = selection_->selected();
    // A newly selected instance starts with the panel's settings and becomes the one they edit
    // (click, then pick its painting); when the edited one leaves the selection, the last one left
    // is edited.
    QList<int> added;
    for (int index : chosen)
        if (!previousChosen_.contains(index)) added << index;
    previousChosen_ = chosen;
    for (int index : added)
        if (!looks_.contains(index)) looks_.insert(index, panelLook());
    if (!added.isEmpty()) editing_ = added.last();
    else if (!chosen.contains(editing_)) loadLook(chosen.isEmpty() ? -1 : chosen.last());
    QSignalBlocker block(list_);
    for (int index : chosen) {
        auto* item = new QListWidgetItem(lookText(index), list_);
        item->setData(Qt::UserRole, index);
        if (index == editing_) list_->setCurrentItem(item);
    }
}

QString SelectionPanel::instanceLabel(int index) const {
    if (index < 0) return tr("painted mask");
    const int segmented = selection_->segmentedCount();
    if (index >= segmented) return tr("object %1").arg(index - segmented + 1);
    return tr("%1 #%2").arg(selection_->className(index)).arg(index + 1);
}

QString SelectionPanel::lookText(int index) const {
    const InstanceLook look = lookOf(index);
    return tr("%1 — %2 px\n%3\nα %4 β %5 θ %6 γ %7")
        .arg(instanceLabel(index)).arg(selection_->area(index))
        .arg(look.style.isEmpty() ? tr("no painting") : QFileInfo(look.style).fileName())
        .arg(look.weights.alpha, 0, 'g', 3).arg(look.weights.beta, 0, 'g', 3)
        .arg(look.weights.theta, 0, 'g', 3).arg(look.weights.gamma, 0, 'g', 3);
}

QImage SelectionPanel::overlay(bool showInstances) const {
    if (anything_) return outlineOf(selection_->mask());
    return showInstances ? selection_->overlay() : QImage();
}

InstanceLook SelectionPanel::panelLook() const {
    InstanceLook look;
    look.style = gallery_->currentPath();
    look.style2 = gallery_->secondPath();
    look.style2Weight = gallery_->blend();
    look.weights = weights_->weights();
    return look;
}

InstanceLook SelectionPanel::lookOf(int index) const {
    if (index == editing_ || !looks_.contains(index)) return panelLook();
    return looks_.value(index);
}

void SelectionPanel::storeLook() {
    if (loadingLook_ || editing_ < 0) return;
    looks_.insert(editing_, panelLook());
    for (int row = 0; row < list_->count(); ++row)
        if (list_->item(row)->data(Qt::UserRole).toInt() == editing_) list_->item(row)->setText(lookText(editing_));
}

void SelectionPanel::loadLook(int index) {
    editing_ = index;
    if (editing_ < 0 || !looks_.contains(editing_)) return;
    const InstanceLook look = looks_.value(editing_);
    loadingLook_ = true;
    if (!look.style.isEmpty()) gallery_->setCurrentPath(look.style);
    gallery_->setSecond(look.style2, look.style2Weight);
    weights_->setWeights(look.weights);
    loadingLook_ = false;
}

void SelectionPanel::editInstance(int index) {
    if (index == editing_) return;
    storeLook();
    loadLook(selection_->selected().contains(index) ? index : -1);
    QSignalBlocker block(list_);
    list_->setCurrentRow(-1);
    for (int row = 0; row < list_->count(); ++row)
        if (list_->item(row)->data(Qt::UserRole).toInt() == editing_) list_->setCurrentRow(row);
    if (editing_ >= 0)
        window_.showStatus(tr("The painting and the sliders now edit %1").arg(instanceLabel(editing_)), 3000);
}

}  // namespace ui
}  // namespace instyle
