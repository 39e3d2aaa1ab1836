#pragma once
// An item delegate whose text wraps at word boundaries and, where a word is wider than the
// column (a path, a hash), anywhere inside it: the style's own delegate wraps only between words
// and cuts a long path or hash off at the column's edge. Rows sized with the view's
// resizeRowsToContents() then show every line whole.
//
// Thread ownership: GUI thread.

#include <QStyledItemDelegate>

namespace instyle {
namespace ui {

class WrappingDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // For the width option.rect gives (the column's): the height the wrapped text needs.
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The rectangle the text of a cell at `cell` is drawn in.
    static QRect textRect(const QRect& cell, const QWidget* widget);
};

}  // namespace ui
}  // namespace instyle
