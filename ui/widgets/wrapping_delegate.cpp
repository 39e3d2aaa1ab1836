#include "ui/widgets/wrapping_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace instyle {
namespace ui {

namespace {

const QStyle* styleOf(const QWidget* widget) { return widget ? widget->style() : QApplication::style(); }

int margin(const QWidget* widget) {
    return styleOf(widget)->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
}

// Lays `text` out in lines of `width`, breaking between words and inside a word only where it
// is wider than a line; returns the size the lines take.
QSizeF layOut(QTextLayout& layout, qreal width) {
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    qreal height = 0, widest = 0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, height));
        height += line.height();
        widest = std::max(widest, line.naturalTextWidth());
    }
    layout.endLayout();
    return {widest, height};
}

}  // namespace

QRect WrappingDelegate::textRect(const QRect& cell, const QWidget* widget) {
    const int m = margin(widget);
    return cell.adjusted(m, m, -m, -m);
}

void WrappingDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();  // the style draws background, icon and focus; the text is drawn here
    styleOf(opt.widget)->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    const QRect area = textRect(opt.rect, opt.widget);
    // Paragraphs one under the other, as the cell's "\n" separates them.
    qreal y = area.top();
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QTextLayout layout(paragraph, opt.font);
        const QSizeF size = layOut(layout, area.width());
        layout.draw(painter, QPointF(area.left(), y));
        y += std::max(size.height(), QFontMetricsF(opt.font).height());
    }
    painter->restore();
}

QSize WrappingDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    const int m = margin(opt.widget);
    const int width = opt.rect.width() > 2 * m ? opt.rect.width() - 2 * m : 1 << 20;
    qreal height = 0, widest = 0;
    for (const QString& paragraph : opt.text.split(QLatin1Char('\n'))) {
        QTextLayout layout(paragraph, opt.font);
        const QSizeF size = layOut(layout, width);
        height += std::max(size.height(), QFontMetricsF(opt.font).height());
        widest = std::max(widest, size.width());
    }
    return {int(std::ceil(widest)) + 2 * m, int(std::ceil(height)) + 2 * m};
}

}  // namespace ui
}  // namespace instyle
