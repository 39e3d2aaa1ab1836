#include "ui/loss_chart.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace instyle {
namespace ui {

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
    chart_ = new QChart;
    chart_->setTitle(tr("Loss (weighted terms)"));
    chart_->legend()->setAlignment(Qt::AlignBottom);
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
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    clear(200);
}

void LossChart::clear(int iterations) {
    for (auto* s : series_) s->clear();
    axisX_->setRange(0, std::max(1, iterations));
    axisY_->setRange(1, 10);
    minY_ = maxY_ = 0;
}

void LossChart::addPoint(int iteration, const LossPoint& loss, const JobWeights& w) {
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
        // Show every decade while they fit; above that every other one keeps the labels legible.
        axisY_->setBase(std::log10(high / low) > 8 ? 100 : 10);
        if (axisY_->min() != low || axisY_->max() != high) axisY_->setRange(low, high);
    }
}

int LossChart::pointCount(Term term) const { return series_[term]->count(); }

}  // namespace ui
}  // namespace instyle
