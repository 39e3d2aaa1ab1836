#include "ui/window/preferences_dialog.h"

#include "ui/app_settings.h"
#include "ui/models/model_locator.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

namespace instyle {
namespace ui {

PreferencesDialog::PreferencesDialog(AppSettings& settings, QWidget* parent) : QDialog(parent), settings_(settings) {
    setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout;

    device_ = new QComboBox(this);
    device_->addItem(tr("Automatic (CUDA when available)"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    device_->addItem(tr("CUDA"), QStringLiteral("cuda"));
    device_->setCurrentIndex(std::max(0, device_->findData(settings_.text(keys::device))));
    form->addRow(tr("&Device:"), device_);

    threads_ = new QSpinBox(this);
    threads_->setRange(0, 256);
    threads_->setSpecialValueText(tr("All cores (%1)").arg(QThread::idealThreadCount()));
    threads_->setValue(settings_.integer(keys::threads));
    form->addRow(tr("CPU &threads:"), threads_);

    // The option table's choices (auto first), with the words a user reads.
    conv_ = new QComboBox(this);
    conv_->addItem(tr("Automatic (the fastest measured on this CPU)"), QStringLiteral("auto"));
    conv_->addItem(tr("Winograd (CPU)"), QStringLiteral("winograd"));
    conv_->addItem(tr("Direct (LibTorch)"), QStringLiteral("direct"));
    conv_->setCurrentIndex(std::max(0, conv_->findData(settings_.text(keys::conv))));
    conv_->setToolTip(tr("How VGG19's convolutions are computed. Automatic times each way once per image size "
                         "and remembers the fastest; the status bar's tooltip shows the choice of the last run."));
    form->addRow(tr("&Convolutions:"), conv_);
    layout_ = new QComboBox(this);
    layout_->addItem(tr("Automatic (measured)"), QStringLiteral("auto"));
    layout_->addItem(tr("NCHW"), QStringLiteral("nchw"));
    layout_->addItem(tr("NHWC (channels-last)"), QStringLiteral("nhwc"));
    layout_->setCurrentIndex(std::max(0, layout_->findData(settings_.text(keys::layout))));
    form->addRow(tr("Memory &layout:"), layout_);

    previewEvery_ = new QSpinBox(this);
    previewEvery_->setRange(1, 1000);
    // The words around the number follow it ("every iteration", "every 5 iterations"), in the
    // plural forms of the language: the translation says where the number stands.
    const auto wordPreviewRate = [this](int n) {
        QString text = tr("every %n iteration(s)", nullptr, n);
        // English has no .qm of its own: the untranslated source gets its plural here.
        text.replace(QLatin1String("iteration(s)"), n == 1 ? QLatin1String("iteration") : QLatin1String("iterations"));
        const QString number = QString::number(n);
        const qsizetype at = text.indexOf(number);
        previewEvery_->setPrefix(at < 0 ? text + QLatin1Char(' ') : text.left(at));
        previewEvery_->setSuffix(at < 0 ? QString() : text.mid(at + number.size()));
    };
    previewEvery_->setKeyboardTracking(false);  // the words change once the number is typed, not under the cursor
    connect(previewEvery_, &QSpinBox::valueChanged, this, wordPreviewRate);
    previewEvery_->setValue(settings_.integer(keys::previewEvery));
    wordPreviewRate(previewEvery_->value());
    form->addRow(tr("&Preview:"), previewEvery_);

    modelsDir_ = new QLineEdit(settings_.text(keys::modelsDir), this);
    modelsDir_->setPlaceholderText(tr("(default folders)"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Models folder"), modelsDir_->text());
        if (!dir.isEmpty()) modelsDir_->setText(dir);
    });
    auto* modelsRow = new QHBoxLayout;
    modelsRow->addWidget(modelsDir_, 1);
    modelsRow->addWidget(browse);
    // A row whose field is a layout gets a label without a buddy, which would show the "&".
    auto* modelsLabel = new QLabel(tr("&Models folder:"), this);
    modelsLabel->setBuddy(modelsDir_);
    form->addRow(modelsLabel, modelsRow);

    segmenter_ = new QComboBox(this);
    segmenter_->addItem(tr("FCN-ResNet50 (official torchvision weights)"), modelIds::officialSegmenter);
    segmenter_->addItem(tr("FCN-8s ResNet-34 (the paper's, trained with instyle-cli train-seg)"), modelIds::userSegmenter);
    segmenter_->setCurrentIndex(std::max(0, segmenter_->findData(segmenterId(settings_))));
    segmenter_->setToolTip(tr("The network that finds the instances you click on"));
    form->addRow(tr("&Segmenter:"), segmenter_);

    language_ = new QComboBox(this);
    language_->addItem(tr("System language"), QString());
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    language_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    language_->setCurrentIndex(std::max(0, language_->findData(settings_.text(keys::language))));
    form->addRow(tr("&Language:"), language_);
    auto* note = new QLabel(tr("A new language takes effect the next time instyle starts."), this);
    note->setWordWrap(true);
    form->addRow(QString(), note);

    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #c04030;"));
    error_->hide();
    form->addRow(QString(), error_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply()) accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

bool PreferencesDialog::apply() {
    settings_.setValue(keys::device, device_->currentData());
    settings_.setValue(keys::threads, threads_->value());
    settings_.setValue(keys::conv, conv_->currentData());
    settings_.setValue(keys::layout, layout_->currentData());
    settings_.setValue(keys::previewEvery, previewEvery_->value());
    settings_.setValue(keys::segmenter, segmenter_->currentData());
    settings_.setValue(keys::language, language_->currentData());
    const QString models = modelsDir_->text().trimmed();
    if (!settings_.setValue(keys::modelsDir, models)) {
        error_->setText(tr("%1: not a folder; the models folder was not changed").arg(models));
        error_->show();
        return false;
    }
    error_->hide();
    return true;
}

QString PreferencesDialog::errorText() const { return error_->isHidden() ? QString() : error_->text(); }

}  // namespace ui
}  // namespace instyle
