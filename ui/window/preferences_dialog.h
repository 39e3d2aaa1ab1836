#pragma once
// Preferences: device, CPU threads, preview interval, models folder, language.
//
// Thread ownership: GUI thread.

#include <QDialog>

class QComboBox;
class QLabel;
class QSpinBox;
class QLineEdit;

namespace instyle {
namespace ui {

class AppSettings;

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(AppSettings& settings, QWidget* parent = nullptr);
    // Writes the fields into the settings (called on OK). A models folder that is not there is
    // refused: false, the other fields are written and the dialog says why (errorText()).
    bool apply();
    QString errorText() const;
    QComboBox* segmenterBox() const { return segmenter_; }
    QSpinBox* previewBox() const { return previewEvery_; }

private:
    AppSettings& settings_;
    QComboBox* device_;
    QComboBox* conv_;
    QComboBox* layout_;
    QSpinBox* threads_;
    QSpinBox* previewEvery_;
    QLineEdit* modelsDir_;
    QComboBox* segmenter_;
    QComboBox* language_;
    QLabel* error_;
};

}  // namespace ui
}  // namespace instyle
