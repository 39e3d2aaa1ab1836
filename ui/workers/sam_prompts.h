#pragma once
// The prompts of one MobileSAM selection in the window, as plain values that travel between the
// GUI thread and the SamWorker without LibTorch headers (the worker converts them to the engine's
// SamPrompt).
//
// A selection is the list of actions in the order they were made: include points, exclude points
// and boxes. The decoder gets every point and the last box (a new box replaces the previous one);
// the list without its last action is the "previous" selection, whose low-resolution logits are
// the next decode's mask input (each prompt refines the current mask).

#include <QList>
#include <QMetaType>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>

namespace instyle {
namespace ui {

struct SamAction {
    enum Kind { Include, Exclude, Box };
    Kind kind = Include;
    QPointF point;  // Include/Exclude: photo pixels
    QRectF box;     // Box: photo pixels, normalised (x0 < x1, y0 < y1)
    bool operator==(const SamAction& o) const { return kind == o.kind && point == o.point && box == o.box; }
};

using SamActions = QList<SamAction>;

// A text that identifies the first `count` actions (-1: all): the key of their mask and logits.
inline QString samActionsKey(const SamActions& actions, qsizetype count = -1) {
    if (count < 0 || count > actions.size()) count = actions.size();
    QString key;
    for (qsizetype i = 0; i < count; ++i) {
        const SamAction& a = actions[i];
        if (a.kind == SamAction::Box)
            key += QStringLiteral("b%1,%2,%3,%4;").arg(a.box.left()).arg(a.box.top()).arg(a.box.right()).arg(a.box.bottom());
        else
            key += QStringLiteral("%1%2,%3;").arg(a.kind == SamAction::Include ? QLatin1Char('+') : QLatin1Char('-'))
                       .arg(a.point.x()).arg(a.point.y());
    }
    return key;
}

// The box the decoder gets: the last one drawn, if any.
inline std::optional<QRectF> samBoxOf(const SamActions& actions) {
    for (qsizetype i = actions.size() - 1; i >= 0; --i)
        if (actions[i].kind == SamAction::Box) return actions[i].box;
    return std::nullopt;
}

}  // namespace ui
}  // namespace instyle

Q_DECLARE_METATYPE(instyle::ui::SamActions)
