#pragma once
// One loss weight: a logarithmic slider (1e-2 … 1e10) and an editable spin box that shows the
// value in scientific notation. The two stay in sync; valueChanged is emitted once per change.

#include <QDoubleSpinBox>
#include <QWidget>

class QSlider;
class QLabel;

namespace instyle {
namespace ui {

// QDoubleSpinBox that reads and writes "1e+04", "0.5", "250" ...
class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);
    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
    void stepBy(int steps) override;  // a step is a tenth of a decade
};

class LogWeightControl : public QWidget {
    Q_OBJECT
public:
    LogWeightControl(const QString& symbol, const QString& name, QWidget* parent = nullptr);

    double value() const { return value_; }
    void setValue(double value);  // emits valueChanged when it changes
    void setName(const QString& name);
    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spinBox() const { return spin_; }

Q_SIGNALS:
    void valueChanged(double value);

private:
    void applyValue(double value, bool fromSlider);

    QLabel* label_;
    QString symbol_;
    QSlider* slider_;
    ScientificSpinBox* spin_;
    double value_ = 1;
    bool syncing_ = false;
};

}  // namespace ui
}  // namespace instyle
