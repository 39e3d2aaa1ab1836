#include "ui/widgets/loss_chart.h"

#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace instyle {
namespace ui {

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
    chart_ = new QChart;
    // The dock's title names the chart, and the legend stands beside the plot: at the dock's
    // default height (160 px) a title and a legend row under the plot left the axes no room, and
    // Qt Charts drew every tick label as "…".
    chart_->legend()->setAlignment(Qt::AlignRight);
    chart_->setMargins(QMargins(4, 4, 4, 4));
    chart_->setBackgroundRoundness(0);
    const QString names[TermCount] = {tr("content α·Lc"), tr("style β·Ls"), tr("depth θ·Ld"), tr("Laplacian γ·Llap"),
                                      tr("total")};
    axisX_ = new QValueAxis;
    axisX_->setTitleText(tr("iteration"));
    axisX_->setLabelFormat(QStringLiteral("%d"));
    axisY_ = new QLogValueAxis;
    axisY_->setBase(10);
    axisY_->setLabelFormat(QStringLiteral("%.0e"));
    axisY_->setMinorTickCount(0);
    QFont small = axisY_->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    axisY_->setLabelsFont(small);
    axisX_->setLabelsFont(small);
    chart_->addAxis(axisX_, Qt::AlignBottom);
    chart_->addAxis(axisY_, Qt::AlignLeft);
    for (int i = 0; i < TermCount; ++i) {
        series_[i] = new QLineSeries;
        series_[i]->setName(names[i]);
        chart_->addSeries(series_[i]);
        series_[i]->attachAxis(axisX_);
        series_[i]->attachAxis(axisY_);
    }
    QPen totalPen = series_[Total]->pen();
    totalPen.setWidth(3);
    series_[Total]->setPen(totalPen);

    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setToolTip(tr("Loss (weighted terms)"));
    connect(chart_, &QChart::plotAreaChanged, this, &LossChart::fitLabels);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    clear(200);
}

void LossChart::clear(int iterations) {
    for (auto* s : series_) s->clear();
    setIterationAxis(iterations);
    axisY_->setRange(1, 10);
    minY_ = maxY_ = 0;
}

void LossChart::setPlannedIterations(int iterations) {
    for (const auto* s : series_)
        if (s->count() > 0) return;  // the last run's curves keep their axis
    setIterationAxis(iterations);
}

void LossChart::setIterationAxis(int iterations) {
    iterations = std::max(1, iterations);
    axisX_->setRange(0, iterations);
    // Ticks at round numbers (0, 5, 10 … for 30 iterations), about five of them.
    double step = std::pow(10.0, std::floor(std::log10(iterations / 5.0)));
    for (const double f : {2.0, 2.5, 2.0})
        if (iterations / step > 6) step *= f;
    axisX_->setTickType(QValueAxis::TicksDynamic);
    axisX_->setTickAnchor(0);
    axisX_->setTickInterval(std::max(1.0, step));
}

QPair<int, int> LossChart::iterationRange() const {
    return {int(std::lround(axisX_->min())), int(std::lround(axisX_->max()))};
}

void LossChart::addPoint(int iteration, const LossTerms& loss, const LossWeights& w) {
    const double values[TermCount] = {w.alpha * loss.content, w.beta * loss.style, w.theta * loss.depth,
                                      w.gamma * loss.laplacian, loss.total};
    for (int i = 0; i < TermCount; ++i) {
        const double v = values[i];
        if (!(v > 0) || !std::isfinite(v)) continue;
        series_[i]->append(iteration, v);
        if (minY_ == 0 || v < minY_) minY_ = v;
        if (v > maxY_) maxY_ = v;
    }
    if (minY_ > 0) {
        const double low = std::pow(10.0, std::floor(std::log10(minY_)));
        const double high = std::pow(10.0, std::ceil(std::log10(maxY_)) + (maxY_ == minY_ ? 1 : 0));
        if (axisY_->min() != low || axisY_->max() != high) {
            axisY_->setRange(low, high);
            fitLabels();
        }
    }
}

void LossChart::fitLabels() {
    // One label every `step` decades, as many as the plot's height holds with a line between them.
    const double decades = std::max(1.0, std::round(std::log10(axisY_->max() / axisY_->min())));
    const double lineHeight = QFontMetricsF(axisY_->labelsFont()).height();
    const int fitting = std::max(2, int(chart_->plotArea().height() / (2 * lineHeight)) + 1);
    const double step = std::max(1.0, std::ceil(decades / (fitting - 1)));
    const double base = std::pow(10.0, step);
    if (axisY_->base() != base) axisY_->setBase(base);
}

int LossChart::pointCount(Term term) const { return series_[term]->count(); }

}  // namespace ui
}  // namespace instyle
