#include "ui/widgets/log_weight_control.h"

#include "ui/widgets/log_scale.h"
#include "ui/widgets/log_slider.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QRegularExpression>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace instyle {
namespace ui {

ScientificSpinBox::ScientificSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    setDecimals(6);
    setRange(logscale::minValue(), logscale::maxValue());
    setKeyboardTracking(false);
    setAccelerated(true);
}

QString ScientificSpinBox::textFromValue(double value) const {
    return QLocale::c().toString(value, 'g', 4);
}

double ScientificSpinBox::valueFromText(const QString& text) const {
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok ? v : value();
}

QValidator::State ScientificSpinBox::validate(QString& text, int&) const {
    const QString t = text.trimmed();
    if (t.isEmpty()) return QValidator::Intermediate;
    bool ok = false;
    const double v = QLocale::c().toDouble(t, &ok);
    if (ok) return (v >= minimum() && v <= maximum()) ? QValidator::Acceptable : QValidator::Intermediate;
    // Partial input such as "1e" or "2.".
    static const QRegularExpression partial(QStringLiteral("^[0-9]*\\.?[0-9]*([eE][+-]?[0-9]*)?$"));
    return partial.match(t).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

void ScientificSpinBox::stepBy(int steps) {
    setValue(std::pow(10.0, std::log10(value()) + steps * 0.1));
}

LogWeightControl::LogWeightControl(const QString& symbol, const QString& name, QWidget* parent)
    : QWidget(parent) {
    symbol_ = symbol;
    label_ = new QLabel(QStringLiteral("%1  %2").arg(symbol, name), this);
    slider_ = new LogSlider(this);
    slider_->setToolTip(tr("Logarithmic: 10⁻² … 10¹⁰. Dragging multiplies by 10 every %1 px; a click beside the "
                           "handle or Page Up/Down by 10, an arrow key by 1.26")
                            .arg(logscale::kDragPixelsPerDecade));
    spin_ = new ScientificSpinBox(this);
    spin_->setMinimumWidth(90);
    label_->setBuddy(spin_);

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_, 0, 0, 1, 2);
    layout->addWidget(slider_, 1, 0);
    layout->addWidget(spin_, 1, 1);

    connect(slider_, &QSlider::valueChanged, this, [this](int position) {
        if (!syncing_) applyValue(logscale::sliderToValue(position), true);
    });
    connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!syncing_) applyValue(v, false);
    });
    applyValue(1, false);
}

void LogWeightControl::setValue(double value) { applyValue(value, false); }

void LogWeightControl::setName(const QString& name) { label_->setText(QStringLiteral("%1  %2").arg(symbol_, name)); }

void LogWeightControl::applyValue(double value, bool fromSlider) {
    value = std::clamp(value, logscale::minValue(), logscale::maxValue());
    syncing_ = true;
    if (!fromSlider) slider_->setValue(logscale::valueToSlider(value));
    spin_->setValue(value);
    syncing_ = false;
    if (value == value_) return;
    value_ = value;
    Q_EMIT valueChanged(value);
}

}  // namespace ui
}  // namespace instyle
