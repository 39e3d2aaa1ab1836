#include "ui/project/instance_selection.h"

#include "imaging/selection/instances.h"
#include "imaging/selection/mask_refine.h"
#include "ui/image_ops.h"

#include <QColor>
#include <QUndoCommand>
#include <QUndoStack>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace instyle {
namespace ui {

namespace {


// Distinct, stable colours per class (golden-angle hues); added objects (class -1) in one of their own.
QColor classColour(int classId) {
    return classId < 0 ? QColor::fromHsv(190, 230, 255) : QColor::fromHsv((classId * 137) % 360, 200, 255);
}

// An added object: the mask's pixels (nonzero = inside) as an Instance of class -1.
Instance objectOf(const cv::Mat& mask) {
    Instance inst;
    inst.classId = -1;
    const cv::Mat binary = mask != 0;
    inst.bbox = cv::boundingRect(binary);
    inst.localMask = binary(inst.bbox).clone();
    inst.area = cv::countNonZero(inst.localMask);
    const cv::Moments m = cv::moments(binary, true);
    if (m.m00 > 0) inst.centroid = {m.m10 / m.m00, m.m01 / m.m00};
    return inst;
}

}  // namespace

struct InstanceSelection::State {
    QList<int> selected;
    cv::Mat mask;  // CV_8UC1 0/255, empty when nothing is selected
    std::vector<Instance> objects;  // added from masks (MobileSAM), after the label map's instances
};

struct InstanceSelection::Data {
    Instances instances;
    State state;
    cv::Size size;  // the photo's
    State strokeBefore;
    bool strokeAdd = true;
    bool stroking = false;
};

class InstanceSelection::Command : public QUndoCommand {
public:
    Command(InstanceSelection* owner, const QString& text, State before, State after)
        : QUndoCommand(text), owner_(owner), before_(std::move(before)), after_(std::move(after)) {}
    void undo() override { owner_->apply(before_); }
    void redo() override { owner_->apply(after_); }

private:
    InstanceSelection* owner_;
    State before_, after_;
};

InstanceSelection::InstanceSelection(QUndoStack* undo, QObject* parent)
    : QObject(parent), undo_(undo), d_(std::make_unique<Data>()) {}
InstanceSelection::~InstanceSelection() = default;

void InstanceSelection::setLabelMap(const QImage& labels) {
    const int before = segmentedCount();
    d_->instances = labels.isNull() ? Instances() : Instances::fromLabelMap(toMat(labels, true));
    d_->size = cv::Size(labels.width(), labels.height());
    // A mask painted or restored before the segmentation arrived stays; the label map's instance
    // indices don't, and the added objects' move behind the new instances.
    QList<int> objects;
    for (int i : d_->state.selected)
        if (i >= before) objects << i - before + segmentedCount();
    d_->state.selected = objects;
    if (d_->state.mask.size() != d_->size) d_->state.mask = cv::Mat();
    Q_EMIT changed();
}

void InstanceSelection::clear(QSize imageSize) {
    d_->instances = Instances();
    d_->size = cv::Size(imageSize.width(), imageSize.height());
    d_->state = State{};
    Q_EMIT changed();
}

bool InstanceSelection::hasInstances() const { return instanceCount() > 0; }
int InstanceSelection::segmentedCount() const { return int(d_->instances.size()); }
int InstanceSelection::instanceCount() const { return segmentedCount() + int(d_->state.objects.size()); }

const Instance* InstanceSelection::instance(int index) const {
    if (index < 0 || index >= instanceCount()) return nullptr;
    if (index < segmentedCount()) return &d_->instances.at(size_t(index));
    return &d_->state.objects[size_t(index - segmentedCount())];
}

cv::Mat InstanceSelection::instanceMask(int index) const {
    const Instance* inst = instance(index);
    return inst ? inst->mask(d_->size) : cv::Mat();
}

int InstanceSelection::instanceAt(QPoint p) const {
    // The smallest instance or object under the pixel (as Instances::instanceAt).
    int hit = d_->instances.empty() ? -1 : d_->instances.instanceAt(p.x(), p.y());
    for (int i = segmentedCount(); i < instanceCount(); ++i)
        if (instance(i)->contains(p.x(), p.y()) && (hit < 0 || instance(i)->area < instance(hit)->area)) hit = i;
    return hit;
}

QString InstanceSelection::className(int index) const {
    const Instance* inst = instance(index);
    if (!inst) return {};
    return inst->classId < 0 ? tr("object") : QString::fromStdString(inst->className);
}

int InstanceSelection::area(int index) const {
    const Instance* inst = instance(index);
    return inst ? inst->area : 0;
}

QList<int> InstanceSelection::selected() const { return d_->state.selected; }

InstanceSelection::State InstanceSelection::current() const {
    State s = d_->state;
    s.mask = d_->state.mask.clone();
    return s;
}

void InstanceSelection::apply(const State& state) {
    d_->state.selected = state.selected;
    d_->state.mask = state.mask.clone();
    d_->state.objects = state.objects;  // immutable once added: sharing their masks is safe
    Q_EMIT changed();
}

void InstanceSelection::push(const QString& text, const State& after) {
    undo_->push(new Command(this, text, current(), after));  // push() calls redo()
}

InstanceSelection::State InstanceSelection::selectionOf(const QList<int>& indices) const {
    State state;
    state.objects = d_->state.objects;
    for (int i : indices)
        if (i >= 0 && i < instanceCount() && !state.selected.contains(i)) state.selected << i;
    if (!state.selected.isEmpty()) {
        state.mask = cv::Mat::zeros(d_->size, CV_8UC1);
        for (int i : state.selected) state.mask |= instanceMask(i);
    }
    return state;
}

void InstanceSelection::setSelected(const QList<int>& indices) {
    const State after = selectionOf(indices);
    if (after.selected == d_->state.selected && after.mask.empty() == d_->state.mask.empty() &&
        (after.mask.empty() || cv::countNonZero(after.mask != d_->state.mask) == 0))
        return;
    push(after.selected.isEmpty() ? tr("Clear selection") : tr("Select %1").arg(className(after.selected.last())), after);
}

int InstanceSelection::addObject(const QImage& mask) {
    if (mask.isNull() || mask.size() != QSize(d_->size.width, d_->size.height)) return -1;
    const Instance object = objectOf(toMat(mask, true));
    if (object.area == 0) return -1;
    // The new object joins the selection with its own mask; the selection's refinements stay.
    State after = current();
    after.objects.push_back(object);
    const int index = segmentedCount() + int(after.objects.size()) - 1;
    after.selected << index;
    if (after.mask.empty()) after.mask = cv::Mat::zeros(d_->size, CV_8UC1);
    after.mask |= object.mask(d_->size);
    push(tr("Add object"), after);
    return index;
}

QList<int> InstanceSelection::restoreObjects(const QList<QImage>& masks) {
    QList<int> indices;
    for (const QImage& mask : masks) {
        indices << -1;
        if (mask.isNull() || mask.size() != QSize(d_->size.width, d_->size.height)) continue;
        const Instance object = objectOf(toMat(mask, true));
        if (object.area == 0) continue;
        d_->state.objects.push_back(object);
        indices.last() = instanceCount() - 1;
    }
    if (!masks.isEmpty()) Q_EMIT changed();
    return indices;
}

void InstanceSelection::click(QPoint pixel, bool add) {
    const int hit = instanceAt(pixel);
    QList<int> next = add ? d_->state.selected : QList<int>{};
    if (hit >= 0) {
        if (add && next.contains(hit)) next.removeAll(hit);
        else if (!next.contains(hit)) next << hit;
    } else if (add) {
        return;
    }
    setSelected(next);
}

void InstanceSelection::grow(int radius) {
    if (d_->state.mask.empty() || radius == 0) return;
    State after{d_->state.selected, growMask(d_->state.mask, radius), d_->state.objects};
    push(radius > 0 ? tr("Grow mask") : tr("Shrink mask"), after);
}

void InstanceSelection::grabCut(const QImage& photo) {
    if (d_->state.mask.empty()) return;
    const QImage rgb = photo.convertToFormat(QImage::Format_RGB888);
    State after{d_->state.selected, grabCutRefine(matView(rgb), d_->state.mask), d_->state.objects};
    push(tr("Refine with GrabCut"), after);
}

void InstanceSelection::brush(QPoint from, QPoint to, int radius, bool add) {
    if (d_->size.empty()) return;
    State after = current();
    if (after.mask.empty()) after.mask = cv::Mat::zeros(d_->size, CV_8UC1);
    brushStroke(after.mask, {from.x(), from.y()}, {to.x(), to.y()}, radius, add);
    push(add ? tr("Brush: add") : tr("Brush: erase"), after);
}

void InstanceSelection::beginStroke(bool add) {
    if (d_->size.empty()) return;
    d_->strokeBefore = current();
    d_->strokeAdd = add;
    d_->stroking = true;
    if (d_->state.mask.empty()) d_->state.mask = cv::Mat::zeros(d_->size, CV_8UC1);
}

void InstanceSelection::strokeSegment(QPoint from, QPoint to, int radius) {
    if (!d_->stroking) return;
    brushStroke(d_->state.mask, {from.x(), from.y()}, {to.x(), to.y()}, radius, d_->strokeAdd);
    Q_EMIT changed();
}

void InstanceSelection::endStroke() {
    if (!d_->stroking) return;
    d_->stroking = false;
    const State after = current();
    d_->state = d_->strokeBefore;  // the command's redo() applies `after` again
    push(d_->strokeAdd ? tr("Brush: add") : tr("Brush: erase"), after);
}

void InstanceSelection::setMask(const QImage& mask) {
    d_->state.selected.clear();
    d_->state.mask = mask.isNull() ? cv::Mat() : toMat(mask, true);
    Q_EMIT changed();
}

void InstanceSelection::restore(const QList<int>& indices, const QImage& mask) {
    d_->state = selectionOf(indices);  // keeps the objects
    if (!mask.isNull()) d_->state.mask = toMat(mask, true);
    Q_EMIT changed();
}

QImage InstanceSelection::mask() const {
    if (d_->state.mask.empty() || cv::countNonZero(d_->state.mask) == 0) return {};
    return toQImage(d_->state.mask);
}

QList<QPair<int, QImage>> InstanceSelection::instanceMasks() const {
    const cv::Mat& mask = d_->state.mask;
    if (mask.empty() || cv::countNonZero(mask) == 0) return {};
    const QList<int>& chosen = d_->state.selected;
    if (chosen.size() <= 1) return {{chosen.isEmpty() ? -1 : chosen.front(), toQImage(mask)}};
    // Distance of every pixel to each selected instance; the nearest one owns the pixel.
    std::vector<cv::Mat> distance;
    for (int i : chosen) {
        cv::Mat outside = instanceMask(i) == 0, d;
        cv::distanceTransform(outside, d, cv::DIST_L2, 3);
        distance.push_back(d);
    }
    std::vector<cv::Mat> parts(chosen.size());
    for (auto& part : parts) part = cv::Mat::zeros(mask.size(), CV_8UC1);
    for (int y = 0; y < mask.rows; ++y) {
        const uchar* m = mask.ptr<uchar>(y);
        for (int x = 0; x < mask.cols; ++x) {
            if (!m[x]) continue;
            size_t best = 0;
            for (size_t k = 1; k < distance.size(); ++k)
                if (distance[k].at<float>(y, x) < distance[best].at<float>(y, x)) best = k;
            parts[best].at<uchar>(y, x) = 255;
        }
    }
    QList<QPair<int, QImage>> out;
    for (size_t k = 0; k < parts.size(); ++k)
        if (cv::countNonZero(parts[k]) > 0) out.append({chosen[int(k)], toQImage(parts[k])});
    return out;
}

QImage InstanceSelection::overlay() const {
    if (!hasInstances() && d_->state.mask.empty()) return {};
    const cv::Size size = d_->size;
    QImage out(size.width, size.height, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    for (int i = instanceCount() - 1; i >= 0; --i) {  // smallest last, on top (added objects under them)
        const Instance& inst = *instance(i);
        const bool chosen = d_->state.selected.contains(i);
        QColor c = classColour(inst.classId);
        c.setAlpha(chosen ? 0 : 90);
        const QRgb px = qPremultiply(c.rgba());
        for (int y = 0; y < inst.localMask.rows; ++y) {
            const uchar* m = inst.localMask.ptr<uchar>(y);
            auto* line = reinterpret_cast<QRgb*>(out.scanLine(inst.bbox.y + y)) + inst.bbox.x;
            for (int x = 0; x < inst.localMask.cols; ++x)
                if (m[x]) line[x] = px;
        }
    }
    // The selection's (possibly refined) mask: clear inside, a bright edge around it.
    if (!d_->state.mask.empty()) {
        cv::Mat edge;
        cv::morphologyEx(d_->state.mask, edge, cv::MORPH_GRADIENT, cv::Mat::ones(3, 3, CV_8U));
        const QRgb clearPx = qRgba(0, 0, 0, 0), edgePx = qRgba(255, 255, 255, 255);
        for (int y = 0; y < size.height; ++y) {
            auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
            const uchar* m = d_->state.mask.ptr<uchar>(y);
            const uchar* e = edge.ptr<uchar>(y);
            for (int x = 0; x < size.width; ++x) {
                if (m[x]) line[x] = clearPx;
                if (e[x]) line[x] = edgePx;
            }
        }
    }
    return out;
}

QImage InstanceSelection::outline(int index) const {
    if (index < 0 || index >= instanceCount()) return {};
    const cv::Size size = d_->size;
    cv::Mat edge;
    cv::morphologyEx(instanceMask(index), edge, cv::MORPH_GRADIENT, cv::Mat::ones(5, 5, CV_8U));
    QImage out(size.width, size.height, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    const QRgb px = qRgba(255, 220, 0, 255);
    for (int y = 0; y < size.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
        const uchar* e = edge.ptr<uchar>(y);
        for (int x = 0; x < size.width; ++x)
            if (e[x]) line[x] = px;
    }
    return out;
}

}  // namespace ui
}  // namespace instyle
