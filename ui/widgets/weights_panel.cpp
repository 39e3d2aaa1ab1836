#include "ui/widgets/weights_panel.h"

#include "ui/app_settings.h"
#include "ui/widgets/log_weight_control.h"

#include "core/style/stylize_options.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace instyle {
namespace ui {

namespace {
const QString kPresetGroup = QStringLiteral("presets");
}

QList<Preset> WeightsPanel::builtInPresets() {
    const LossWeights paper;  // the option table's defaults
    const int scales = static_cast<int>(options::scales.defaultValue);
    const int size = static_cast<int>(options::size.defaultValue);
    const int iterations = static_cast<int>(options::iters.defaultValue);
    return {
        {tr("Paper"), paper, iterations, scales, size, OptimizerKind::Adam, false},
        // The authors' notebook: 224 px, one scale, ±1.5 clamp.
        {tr("Paper-exact"), paper, iterations, 1, 224, OptimizerKind::Adam, true},
        {tr("Soft"), LossWeights{1, 0.1, 1e4, 1e3}, iterations, scales, size, OptimizerKind::Adam, false},
        {tr("Strong style"), LossWeights{1, 10, 1e3, 10}, 300, scales, size, OptimizerKind::Adam, false},
    };
}

namespace {
// A spin box's range from the option table.
void setRange(QSpinBox* box, const OptionSpec& o, int scale = 1) {
    box->setRange(static_cast<int>(o.min * scale), static_cast<int>(std::min(o.max * scale, 1e9)));
}
}  // namespace

WeightsPanel::WeightsPanel(AppSettings& settings, QWidget* parent) : QWidget(parent), settings_(settings) {
    auto* layout = new QVBoxLayout(this);

    auto* presetRow = new QHBoxLayout;
    presets_ = new QComboBox(this);
    presets_->setToolTip(tr("Apply a preset"));
    savePreset_ = new QPushButton(tr("Save…"), this);
    savePreset_->setToolTip(tr("Save the current settings as a named preset"));
    deletePreset_ = new QPushButton(tr("Delete"), this);
    deletePreset_->setToolTip(tr("Delete the selected user preset"));
    presetRow->addWidget(presets_, 1);
    presetRow->addWidget(savePreset_);
    presetRow->addWidget(deletePreset_);
    layout->addLayout(presetRow);

    auto* weightsBox = new QGroupBox(tr("Loss weights"), this);
    auto* weightsLayout = new QVBoxLayout(weightsBox);
    const QString symbols[4] = {QStringLiteral("α"), QStringLiteral("β"), QStringLiteral("θ"), QStringLiteral("γ")};
    const QString names[4] = {tr("content"), tr("style"), tr("depth"), tr("Laplacian")};
    const QString stored[4] = {keys::alpha, keys::beta, keys::theta, keys::gamma};
    for (int i = 0; i < 4; ++i) {
        controls_[i] = new LogWeightControl(symbols[i], names[i], weightsBox);
        controls_[i]->setValue(settings_.real(stored[i]));
        weightsLayout->addWidget(controls_[i]);
        connect(controls_[i], &LogWeightControl::valueChanged, this, [this] {
            store();
            Q_EMIT weightsChanged(weights());
        });
    }
    layout->addWidget(weightsBox);

    auto* runBox = new QGroupBox(tr("Optimisation"), this);
    auto* form = new QFormLayout(runBox);
    iterations_ = new QSpinBox(runBox);
    setRange(iterations_, options::iters);
    iterations_->setValue(settings_.integer(keys::iterations));
    form->addRow(tr("&Iterations:"), iterations_);
    scales_ = new QSpinBox(runBox);
    setRange(scales_, options::scales);
    scales_->setSpecialValueText(tr("off"));
    scales_->setSuffix(tr(" scales"));
    scales_->setToolTip(tr("Coarse to fine: most iterations run at a quarter and half of the work size, "
                           "each scale starting from the previous one — several times faster (scales under 64 px are "
                           "left out)"));
    scales_->setValue(settings_.integer(keys::scales));
    form->addRow(tr("Coarse to &fine:"), scales_);
    workSize_ = new QSpinBox(runBox);
    setRange(workSize_, options::size);
    workSize_->setSingleStep(32);
    workSize_->setSuffix(tr(" px"));
    workSize_->setToolTip(tr("Long side of the image the optimisation works on"));
    workSize_->setValue(settings_.integer(keys::workSize));
    form->addRow(tr("&Work size:"), workSize_);
    optimizer_ = new QComboBox(runBox);
    optimizer_->addItem(tr("Adam"), QStringLiteral("adam"));
    optimizer_->addItem(tr("L-BFGS"), QStringLiteral("lbfgs"));
    optimizer_->setCurrentIndex(settings_.text(keys::optimizer) == QLatin1String("lbfgs") ? 1 : 0);
    form->addRow(tr("&Optimiser:"), optimizer_);
    feather_ = new QSpinBox(runBox);
    setRange(feather_, options::feather);
    feather_->setSuffix(tr(" px"));
    feather_->setToolTip(tr("Softness of the selection's edge when the result is merged into the photo"));
    feather_->setValue(settings_.integer(keys::feather));
    form->addRow(tr("&Feather:"), feather_);
    blend_ = new QComboBox(runBox);
    const QString blendLabels[] = {tr("Hard edge (the paper)"), tr("Feather"), tr("Guided (edge-aware)"), tr("Poisson (seamless)")};
    for (int i = 0; i < 4; ++i) blend_->addItem(blendLabels[i], QString::fromStdString(choiceName(options::blend, i)));
    blend_->setToolTip(tr("How the stylised region is blended back into the photo"));
    blend_->setCurrentIndex(std::max(0, blend_->findData(settings_.text(keys::blend))));
    form->addRow(tr("&Blend:"), blend_);
    margin_ = new QSpinBox(runBox);
    setRange(margin_, options::margin, 100);  // in %
    margin_->setSuffix(tr(" %"));
    margin_->setToolTip(tr("Context around each instance's box that is stylised with it, per side"));
    margin_->setValue(qRound(settings_.real(keys::margin) * 100));
    form->addRow(tr("&Margin:"), margin_);
    color_ = new QComboBox(runBox);
    const QString colorLabels[] = {tr("None"), tr("Luminance only"), tr("Histogram matching")};
    for (int i = 0; i < 3; ++i) color_->addItem(colorLabels[i], QString::fromStdString(choiceName(options::preserveColor, i)));
    color_->setToolTip(tr("Keep the photo's colours and take only the painting's texture"));
    color_->setCurrentIndex(std::max(0, color_->findData(settings_.text(keys::colorPreservation))));
    form->addRow(tr("&Colours:"), color_);
    background_ = new QCheckBox(tr("Stylise the &background"), runBox);
    background_->setToolTip(tr("Stylise everything except the selection"));
    background_->setChecked(settings_.flag(keys::background));
    form->addRow(background_);
    layout->addWidget(runBox);
    layout->addStretch(1);
    notebookClamp_ = settings_.flag(keys::notebookClamp);

    for (QSpinBox* box : {iterations_, scales_, workSize_, feather_, margin_})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            if (!applying_) store();
        });
    for (QComboBox* box : {optimizer_, blend_, color_})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { store(); });
    connect(background_, &QCheckBox::toggled, this, [this] { store(); });
    connect(iterations_, &QSpinBox::valueChanged, this, &WeightsPanel::iterationsChanged);

    refillPresets();
    connect(presets_, &QComboBox::activated, this, [this](int index) {
        if (index > 0) applyPresetNamed(presets_->itemData(index).toString());
    });
    connect(savePreset_, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save preset"), tr("Preset name:"),
                                                   QLineEdit::Normal, QString(), &ok).trimmed();
        if (ok && !name.isEmpty()) saveUserPreset(name);
    });
    connect(deletePreset_, &QPushButton::clicked, this, [this] {
        const QString id = presets_->currentData().toString();
        if (!id.startsWith(QLatin1String("user:"))) return;
        settings_.raw().remove(kPresetGroup + QLatin1Char('/') + id.mid(5));
        refillPresets();
    });
}

LossWeights WeightsPanel::weights() const {
    return {controls_[0]->value(), controls_[1]->value(), controls_[2]->value(), controls_[3]->value()};
}

void WeightsPanel::setWeights(const LossWeights& w) {
    const double v[4] = {w.alpha, w.beta, w.theta, w.gamma};
    for (int i = 0; i < 4; ++i) controls_[i]->setValue(v[i]);
}

int WeightsPanel::iterations() const { return iterations_->value(); }
int WeightsPanel::scales() const { return scales_->value(); }
void WeightsPanel::setScales(int n) { scales_->setValue(n); }
void WeightsPanel::setIterations(int n) { iterations_->setValue(n); }
int WeightsPanel::workSize() const { return workSize_->value(); }
void WeightsPanel::setWorkSize(int longSide) { workSize_->setValue(longSide); }
OptimizerKind WeightsPanel::optimizer() const {
    return optimizer_->currentData().toString() == QLatin1String("lbfgs") ? OptimizerKind::Lbfgs : OptimizerKind::Adam;
}
int WeightsPanel::featherPx() const { return feather_->value(); }
void WeightsPanel::setFeatherPx(int px) { feather_->setValue(px); }
BlendMode WeightsPanel::blendMode() const { return BlendMode(std::max(0, blend_->currentIndex())); }
void WeightsPanel::setBlendMode(BlendMode mode) { blend_->setCurrentIndex(int(mode)); }
double WeightsPanel::margin() const { return margin_->value() / 100.0; }
void WeightsPanel::setMargin(double fraction) { margin_->setValue(qRound(fraction * 100)); }
ColorPreservation WeightsPanel::colorPreservation() const { return ColorPreservation(std::max(0, color_->currentIndex())); }
void WeightsPanel::setColorPreservation(ColorPreservation mode) { color_->setCurrentIndex(int(mode)); }
bool WeightsPanel::background() const { return background_->isChecked(); }
void WeightsPanel::setBackground(bool on) { background_->setChecked(on); }

void WeightsPanel::store() {
    const LossWeights w = weights();
    settings_.setValue(keys::alpha, w.alpha);
    settings_.setValue(keys::beta, w.beta);
    settings_.setValue(keys::theta, w.theta);
    settings_.setValue(keys::gamma, w.gamma);
    settings_.setValue(keys::iterations, iterations_->value());
    settings_.setValue(keys::scales, scales_->value());
    settings_.setValue(keys::workSize, workSize_->value());
    settings_.setValue(keys::optimizer, optimizer_->currentData());
    settings_.setValue(keys::feather, feather_->value());
    settings_.setValue(keys::blend, blend_->currentData());
    settings_.setValue(keys::margin, margin());
    settings_.setValue(keys::colorPreservation, color_->currentData());
    settings_.setValue(keys::background, background());
    settings_.setValue(keys::notebookClamp, notebookClamp_);
}

void WeightsPanel::applyPreset(const Preset& p) {
    applying_ = true;
    setIterations(p.iterations);
    setScales(p.scales);
    setWorkSize(p.workSize);
    optimizer_->setCurrentIndex(p.optimizer == OptimizerKind::Lbfgs ? 1 : 0);
    notebookClamp_ = p.notebookClamp;
    setWeights(p.weights);
    applying_ = false;
    store();
}

void WeightsPanel::setDepthAvailable(bool available) {
    controls_[2]->setName(available ? tr("depth") : tr("depth — inactive: no MiDaS model installed"));
}

QStringList WeightsPanel::userPresetNames() const {
    settings_.raw().beginGroup(kPresetGroup);
    QStringList names = settings_.raw().childGroups();
    settings_.raw().endGroup();
    return names;
}

void WeightsPanel::saveUserPreset(const QString& name) {
    QSettings& s = settings_.raw();
    s.beginGroup(kPresetGroup + QLatin1Char('/') + name);
    const LossWeights w = weights();
    s.setValue(QStringLiteral("alpha"), w.alpha);
    s.setValue(QStringLiteral("beta"), w.beta);
    s.setValue(QStringLiteral("theta"), w.theta);
    s.setValue(QStringLiteral("gamma"), w.gamma);
    s.setValue(QStringLiteral("iterations"), iterations());
    s.setValue(QStringLiteral("scales"), scales());
    s.setValue(QStringLiteral("workSize"), workSize());
    s.setValue(QStringLiteral("optimizer"), optimizer_->currentData());
    s.setValue(QStringLiteral("notebookClamp"), notebookClamp_);
    s.endGroup();
    refillPresets();
}

bool WeightsPanel::applyPresetNamed(const QString& id) {
    if (id.startsWith(QLatin1String("builtin:"))) {
        const int index = id.mid(8).toInt();
        const auto list = builtInPresets();
        if (index < 0 || index >= list.size()) return false;
        applyPreset(list[index]);
        return true;
    }
    if (!id.startsWith(QLatin1String("user:"))) return false;
    QSettings& s = settings_.raw();
    s.beginGroup(kPresetGroup + QLatin1Char('/') + id.mid(5));
    Preset p;
    const auto number = [&s](const char* key, const OptionSpec& o) {
        const double d = s.value(QLatin1String(key), o.defaultValue).toDouble();
        return numberProblem(o, d).empty() ? d : o.defaultValue;
    };
    p.weights = {number("alpha", options::alpha), number("beta", options::beta), number("theta", options::theta),
                 number("gamma", options::gamma)};
    p.iterations = int(number("iterations", options::iters));
    p.scales = int(number("scales", options::scales));
    p.workSize = int(number("workSize", options::size));
    p.optimizer = s.value(QStringLiteral("optimizer")).toString() == QLatin1String("lbfgs") ? OptimizerKind::Lbfgs
                                                                                          : OptimizerKind::Adam;
    p.notebookClamp = s.value(QStringLiteral("notebookClamp"), false).toBool();
    s.endGroup();
    applyPreset(p);
    return true;
}

void WeightsPanel::refillPresets() {
    presets_->clear();
    presets_->addItem(tr("Presets…"), QString());
    const auto builtIn = builtInPresets();
    for (int i = 0; i < builtIn.size(); ++i) presets_->addItem(builtIn[i].name, QStringLiteral("builtin:%1").arg(i));
    const QStringList user = userPresetNames();
    if (!user.isEmpty()) presets_->insertSeparator(presets_->count());
    for (const QString& name : user) presets_->addItem(name, QStringLiteral("user:") + name);
}

}  // namespace ui
}  // namespace instyle
