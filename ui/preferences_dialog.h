#pragma once
// Preferences: device, CPU threads, preview interval, models folder, language.
//
// Thread ownership: GUI thread.

#include <QDialog>

class QComboBox;
class QSpinBox;
class QLineEdit;

namespace instyle {
namespace ui {

class AppSettings;

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(AppSettings& settings, QWidget* parent = nullptr);
    // Writes the fields into the settings (called on OK).
    void apply();
    QComboBox* segmenterBox() const { return segmenter_; }

private:
    AppSettings& settings_;
    QComboBox* device_;
    QSpinBox* threads_;
    QSpinBox* previewEvery_;
    QLineEdit* modelsDir_;
    QComboBox* segmenter_;
    QComboBox* language_;
};

}  // namespace ui
}  // namespace instyle
