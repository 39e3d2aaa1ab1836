#pragma once
// Live loss curves: one series per term (content, style, depth, Laplacian, total), weighted as
// they enter the total, on a logarithmic y axis. Cleared when a new run starts.
//
// Thread ownership: GUI thread.

#include "ui/project/style_job.h"

#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace instyle {
namespace ui {

class LossChart : public QWidget {
    Q_OBJECT
public:
    enum Term { Content, Style, Depth, Laplacian, Total, TermCount };

    explicit LossChart(QWidget* parent = nullptr);

    void clear(int iterations);
    // The iterations the next run will take: the x axis spans them while no curve is drawn.
    void setPlannedIterations(int iterations);
    // The x axis's range (first, last iteration shown).
    QPair<int, int> iterationRange() const;
    // Unweighted terms of one iteration and the weights in force; non-positive values are not
    // plotted (a log axis cannot show them).
    void addPoint(int iteration, const LossTerms& loss, const LossWeights& weights);
    int pointCount(Term term) const;
    QChart* chart() const { return chart_; }

private:
    // The y axis's label step (its log base) for the plot's current height.
    void fitLabels();
    void setIterationAxis(int iterations);

    QChart* chart_;
    QChartView* view_;
    QLineSeries* series_[TermCount] = {};
    QValueAxis* axisX_;
    QLogValueAxis* axisY_;
    double minY_ = 0, maxY_ = 0;
};

}  // namespace ui
}  // namespace instyle
