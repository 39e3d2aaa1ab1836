// MainWindow: segmentation, instance selection and mask tools.

#include "ui/main_window.h"

#include "core/model_registry.h"
#include "ui/image_canvas.h"
#include "ui/instance_selection.h"
#include "ui/model_locator.h"
#include "ui/style_gallery.h"
#include "ui/style_runner.h"
#include "ui/weights_panel.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStatusBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace instyle {
namespace ui {

QWidget* MainWindow::createSelectionPanel(QWidget* parent) {
    auto* panel = new QWidget(parent);
    auto* layout = new QVBoxLayout(panel);
    selectionInfo_ = new QLabel(panel);
    selectionInfo_->setObjectName(QStringLiteral("selectionInfo"));
    selectionInfo_->setWordWrap(true);
    selectionInfo_->setTextFormat(Qt::RichText);
    selectionInfo_->setMinimumWidth(180);
    layout->addWidget(selectionInfo_);
    layout->addWidget(createSamTools(panel));
    selectionList_ = new QListWidget(panel);
    selectionList_->setSelectionMode(QAbstractItemView::SingleSelection);
    selectionList_->setWordWrap(true);
    selectionList_->setTextElideMode(Qt::ElideMiddle);
    selectionList_->setToolTip(tr("Choose an instance, then pick its painting and move its sliders"));
    layout->addWidget(selectionList_, 1);
    connect(selectionList_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) editInstance(selectionList_->item(row)->data(Qt::UserRole).toInt());
    });
    connect(gallery_, &StyleGallery::currentPathChanged, this, [this] { storeLook(); });
    connect(weights_, &WeightsPanel::weightsChanged, this, [this] { storeLook(); });

    maskTools_ = new QWidget(panel);
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
    tools->addWidget(brush, 3, 0);
    tools->addWidget(brushSize, 3, 1);
    connect(brush, &QPushButton::toggled, canvas_, &ImageCanvas::setBrushMode);
    connect(canvas_, &ImageCanvas::strokeStarted, this,
            [this](Qt::KeyboardModifiers m) { selection_->beginStroke(!(m & Qt::AltModifier)); });
    connect(canvas_, &ImageCanvas::strokeSegment, this,
            [this, brushSize](QPoint a, QPoint b) { selection_->strokeSegment(a, b, brushSize->value()); });
    connect(canvas_, &ImageCanvas::strokeFinished, selection_, &InstanceSelection::endStroke);
    tools->addWidget(grow, 0, 0);
    tools->addWidget(shrink, 0, 1);
    tools->addWidget(grabCut, 1, 0, 1, 2);
    tools->addWidget(clear, 2, 0, 1, 2);
    layout->addWidget(maskTools_);
    connect(grow, &QPushButton::clicked, this, [this] { selection_->grow(3); });
    connect(shrink, &QPushButton::clicked, this, [this] { selection_->grow(-3); });
    connect(grabCut, &QPushButton::clicked, this, [this] {
        statusBar()->showMessage(tr("Refining the mask…"));
        selection_->grabCut(photo_);
        statusBar()->showMessage(tr("Mask refined"), 3000);
    });
    connect(clear, &QPushButton::clicked, this, [this] { selection_->setSelected({}); });

    connect(selection_, &InstanceSelection::changed, this, [this] {
        updateSelectionPanel();
        updateView();
    });
    connect(runner_, &StyleRunner::segmented, this, [this](const QImage& labels, const QString& arch) {
        if (labels.size() != photo_.size()) return;  // a photo opened since
        setLabelMap(labels);
        statusBar()->showMessage(tr("Segmented with %1: %n instance(s)", nullptr, selection_->instanceCount()).arg(arch), 5000);
    });
    connect(runner_, &StyleRunner::segmentationFailed, this, [this](const QString& message) {
        selectionInfo_->setText(tr("<b>Segmentation failed</b><br>%1<br>A run stylises the whole photo.")
                                    .arg(message.toHtmlEscaped()));
    });
    updateSelectionPanel();
    selectionInfo_->setText(tr("Open a photo: its instances (people, animals, vehicles, …) can then be "
                               "selected here to stylise only them."));
    return panel;
}

void MainWindow::startSegmentation() {
    const QString id = segmenterId(settings_);
    const QString path = findModelFile(settings_, id);
    if (path.isEmpty()) {
        showSegmenterMissing();
        return;
    }
    selectionInfo_->setText(tr("Finding instances…"));
    runner_->segment(photo_, path, id);
}

void MainWindow::showSegmenterMissing() {
    const QString file = QString::fromStdString(modelEntry(segmenterId(settings_))->fileName);
    if (anythingMode())  // MobileSAM's own panel below says how to select; the FCN is only missed here
        selectionInfo_->setText(tr("<b>No ready-made objects</b><br>The FCN segmentation model is not installed (%1), "
                                   "so Objects (FCN) has nothing to offer; click any object in the photo to select "
                                   "it with MobileSAM.")
                                    .arg(file));
    else
        selectionInfo_->setText(tr("<b>Instance selection is unavailable</b><br>No segmentation model is installed "
                                   "(%1; see Help ▸ Models…, or choose the other segmenter in the preferences). "
                                   "A run stylises the whole photo.")
                                    .arg(file));
}

void MainWindow::setLabelMap(const QImage& labels) {
    if (photo_.isNull() || labels.size() != photo_.size()) return;
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
    updateSelectionPanel();
    updateView();
    applyPendingSelection();
}

void MainWindow::applyPendingSelection() {
    if (!pendingSelection_) return;
    const PendingSelection pending = *pendingSelection_;
    pendingSelection_.reset();
    QList<int> valid;
    for (int index : pending.selected)
        if (index >= 0 && index < selection_->segmentedCount()) valid << index;
    for (auto it = pending.looks.begin(); it != pending.looks.end(); ++it)
        if (valid.contains(it.key())) looks_.insert(it.key(), it.value());
    // MobileSAM's objects, from their saved masks, behind the instances there are now.
    int editing = valid.contains(pending.editing) ? pending.editing : -1;
    QList<QImage> objectMasks;
    for (const auto& object : pending.objects) objectMasks << object.mask;
    const QList<int> objects = selection_->restoreObjects(objectMasks);
    for (int k = 0; k < objects.size(); ++k) {
        if (objects[k] < 0) continue;
        valid << objects[k];
        looks_.insert(objects[k], pending.objects[k].look);
        if (pending.objects[k].index == pending.editing) editing = objects[k];
    }
    previousChosen_ = valid;  // not "newly clicked": they keep their saved looks
    if (!valid.isEmpty()) selection_->restore(valid, pending.mask);
    else if (!pending.mask.isNull()) selection_->setMask(pending.mask);
    // Segmentation may still be under way: its label map would clear a painted mask, so keep it
    // to apply again then.
    if (!selection_->hasInstances() && !pending.mask.isNull()) pendingSelection_ = PendingSelection{{}, {}, -1, pending.mask, {}};
    undo_->clear();  // an opened project starts a new history
    loadLook(editing >= 0 ? editing : (valid.isEmpty() ? -1 : valid.last()));
    updateSelectionPanel();
}

void MainWindow::updateSelectionPanel() {
    selectionList_->clear();
    const bool instances = selection_->hasInstances();
    maskTools_->setEnabled(!photo_.isNull());
    if (!instances) {
        const QImage painted = selection_->mask();
        if (!painted.isNull()) selectionInfo_->setText(tr("A painted mask is selected: the run stylises only inside it."));
        return;  // otherwise the info label explains why
    }
    const QList<int> chosen = selection_->selected();
    if (chosen.isEmpty())
        selectionInfo_->setText(tr("%n instance(s) found. Click one on the image to stylise only it; "
                                   "Ctrl+click adds more. Nothing selected: the whole photo is stylised.",
                                   nullptr, selection_->instanceCount()));
    else
        selectionInfo_->setText(tr("%n instance(s) selected. Choose one in the list to give it its own painting "
                                   "and weights.", nullptr, int(chosen.size())));
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
    QSignalBlocker block(selectionList_);
    for (int index : chosen) {
        auto* item = new QListWidgetItem(lookText(index), selectionList_);
        item->setData(Qt::UserRole, index);
        if (index == editing_) selectionList_->setCurrentItem(item);
    }
}

QString MainWindow::lookText(int index) const {
    const InstanceLook look = lookOf(index);
    return tr("%1 #%2 — %3 px\n%4\nα %5 β %6 θ %7 γ %8")
        .arg(selection_->className(index)).arg(index + 1).arg(selection_->area(index))
        .arg(look.style.isEmpty() ? tr("no painting") : QFileInfo(look.style).fileName())
        .arg(look.weights.alpha, 0, 'g', 3).arg(look.weights.beta, 0, 'g', 3)
        .arg(look.weights.theta, 0, 'g', 3).arg(look.weights.gamma, 0, 'g', 3);
}

MainWindow::InstanceLook MainWindow::panelLook() const {
    InstanceLook look;
    look.style = gallery_->currentPath();
    look.style2 = gallery_->secondPath();
    look.style2Weight = gallery_->blend();
    look.weights = weights_->weights();
    return look;
}

MainWindow::InstanceLook MainWindow::lookOf(int index) const {
    if (index == editing_ || !looks_.contains(index)) return panelLook();
    return looks_.value(index);
}

void MainWindow::storeLook() {
    if (loadingLook_ || editing_ < 0) return;
    looks_.insert(editing_, panelLook());
    for (int row = 0; row < selectionList_->count(); ++row)
        if (selectionList_->item(row)->data(Qt::UserRole).toInt() == editing_)
            selectionList_->item(row)->setText(lookText(editing_));
}

void MainWindow::loadLook(int index) {
    editing_ = index;
    if (editing_ < 0 || !looks_.contains(editing_)) return;
    const InstanceLook look = looks_.value(editing_);
    loadingLook_ = true;
    if (!look.style.isEmpty()) gallery_->setCurrentPath(look.style);
    gallery_->setSecond(look.style2, look.style2Weight);
    weights_->setWeights(look.weights);
    loadingLook_ = false;
}

void MainWindow::editInstance(int index) {
    if (index == editing_) return;
    storeLook();
    loadLook(selection_->selected().contains(index) ? index : -1);
    QSignalBlocker block(selectionList_);
    selectionList_->setCurrentRow(-1);
    for (int row = 0; row < selectionList_->count(); ++row)
        if (selectionList_->item(row)->data(Qt::UserRole).toInt() == editing_) selectionList_->setCurrentRow(row);
    if (editing_ >= 0)
        statusBar()->showMessage(tr("The painting and the sliders now edit %1 #%2")
                                     .arg(selection_->className(editing_)).arg(editing_ + 1), 3000);
}

}  // namespace ui
}  // namespace instyle
