#pragma once
// The job's knobs: α β θ γ (logarithmic), iterations, work size, optimiser, the merge (blend
// mode, feather, margin, colour preservation, background), and the
// presets (built-in ones and the user's, saved by name).
//
// Thread ownership: GUI thread.

#include "ui/project/style_job.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QSpinBox;
class QPushButton;

namespace instyle {
namespace ui {

class AppSettings;
class LogWeightControl;

struct Preset {
    QString name;
    LossWeights weights;
    int iterations = static_cast<int>(options::iters.defaultValue);
    int scales = static_cast<int>(options::scales.defaultValue);  // coarse-to-fine levels (1: one scale)
    int workSize = static_cast<int>(options::size.defaultValue);
    OptimizerKind optimizer = OptimizerKind::Adam;
    bool notebookClamp = false;
};

class WeightsPanel : public QWidget {
    Q_OBJECT
public:
    explicit WeightsPanel(AppSettings& settings, QWidget* parent = nullptr);

    LossWeights weights() const;
    void setWeights(const LossWeights& weights);
    int iterations() const;
    void setIterations(int n);
    int scales() const;
    void setScales(int n);
    int workSize() const;
    void setWorkSize(int longSide);
    OptimizerKind optimizer() const;
    bool notebookClamp() const { return notebookClamp_; }
    int featherPx() const;
    void setFeatherPx(int px);
    BlendMode blendMode() const;
    void setBlendMode(BlendMode mode);
    double margin() const;  // fraction of the instance's box per side
    void setMargin(double fraction);
    ColorPreservation colorPreservation() const;
    void setColorPreservation(ColorPreservation mode);
    bool background() const;
    void setBackground(bool on);

    // The built-in presets (translated names).
    static QList<Preset> builtInPresets();
    QStringList userPresetNames() const;
    void applyPreset(const Preset& preset);
    void saveUserPreset(const QString& name);
    bool applyPresetNamed(const QString& name);

    // Says on the θ control whether the depth term can act (a MiDaS model is installed).
    void setDepthAvailable(bool available);
    LogWeightControl* control(int index) const { return controls_[index]; }  // 0 α … 3 γ

Q_SIGNALS:
    // Any of α β θ γ changed (by slider, spin box or preset).
    void weightsChanged(const instyle::LossWeights& weights);
    // The iteration count changed (by the spin box, a preset or a project).
    void iterationsChanged(int iterations);

private:
    void store();
    void refillPresets();

    AppSettings& settings_;
    LogWeightControl* controls_[4] = {};
    QSpinBox* iterations_;
    QSpinBox* scales_;
    QSpinBox* workSize_;
    QComboBox* optimizer_;
    QSpinBox* feather_;
    QComboBox* blend_;
    QSpinBox* margin_;
    QComboBox* color_;
    QCheckBox* background_;
    QComboBox* presets_;
    QPushButton* savePreset_;
    QPushButton* deletePreset_;
    bool notebookClamp_ = false;
    bool applying_ = false;
};

}  // namespace ui
}  // namespace instyle
