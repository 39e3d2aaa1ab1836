#pragma once
// The instances found in the photo (from a label map, through the engine's Instances), the objects
// added from masks (MobileSAM's selections), and which of them the user selected, with the refined
// mask. Every change goes through the QUndoStack.
//
// Indices: the label map's instances first (0 … segmentedCount()-1), then the added objects in the
// order they were added.
//
// Thread ownership: GUI thread.

#include <QImage>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <memory>

class QUndoStack;
namespace cv {
class Mat;
}

namespace instyle {
struct Instance;

namespace ui {

class InstanceSelection : public QObject {
    Q_OBJECT
public:
    explicit InstanceSelection(QUndoStack* undo, QObject* parent = nullptr);
    ~InstanceSelection() override;

    // labels: Grayscale8 class indices at the photo's size (255 = ignore). Clears the selection
    // (not undoable: a new photo starts a new history).
    void setLabelMap(const QImage& labels);
    // No instances (no segmentation yet); a mask can still be painted at this size.
    void clear(QSize imageSize = QSize());
    bool hasInstances() const;
    int instanceCount() const;
    int segmentedCount() const;  // instances of the label map; added objects come after them
    int instanceAt(QPoint pixel) const;  // -1 when none
    QString className(int index) const;
    int area(int index) const;

    // A click on `pixel`: selects the instance there (add: toggles it in the selection). A
    // click beside every instance clears the selection.
    void click(QPoint pixel, bool add);
    void setSelected(const QList<int>& indices);
    QList<int> selected() const;
    // Adds an object with this mask (Grayscale8, nonzero = inside, at the photo's size) and
    // selects it, as one undo step; returns its index (-1 for an empty or ill-sized mask).
    int addObject(const QImage& mask);
    // Adds objects from masks without touching the undo history (a saved project's), unselected.
    // Returns the index of each (-1 for an empty or ill-sized mask, which is left out).
    QList<int> restoreObjects(const QList<QImage>& masks);

    // Mask edits on the current selection's mask (undoable).
    void grow(int radius);                // < 0 shrinks
    void grabCut(const QImage& photo);
    void brush(QPoint from, QPoint to, int radius, bool add);
    // A brush stroke made of many segments is one undo step: begin, paint segments, end.
    void beginStroke(bool add);
    void strokeSegment(QPoint from, QPoint to, int radius);
    void endStroke();

    // Replaces the mask (e.g. from a saved project) without touching the undo history.
    void setMask(const QImage& mask);
    // Restores a saved selection (indices of this label map) with its refined mask (null: the
    // instances' own masks), without touching the undo history.
    void restore(const QList<int>& indices, const QImage& mask);
    // The selection's mask (Grayscale8 0/255 at the photo's size), or null when nothing is selected.
    QImage mask() const;
    // The selection's mask split per selected instance (each refined-mask pixel goes to the
    // nearest selected instance): {instance index, Grayscale8 0/255 mask}, in selection order.
    // A painted mask without selected instances is one entry with index -1. Empty parts are dropped.
    QList<QPair<int, QImage>> instanceMasks() const;
    // Class colours of all instances, semi-transparent; the selection drawn stronger (ARGB32).
    QImage overlay() const;
    // The outline of one instance (ARGB32), null for -1.
    QImage outline(int index) const;

Q_SIGNALS:
    void changed();

private:
    struct Data;
    struct State;
    class Command;
    void apply(const State& state);
    void push(const QString& text, const State& after);
    State current() const;
    // The given instances (invalid and repeated indices dropped) with the union of their masks.
    State selectionOf(const QList<int>& indices) const;
    // An instance of the label map or an added object.
    const Instance* instance(int index) const;
    cv::Mat instanceMask(int index) const;

    QUndoStack* undo_;
    std::unique_ptr<Data> d_;
};

}  // namespace ui
}  // namespace instyle
