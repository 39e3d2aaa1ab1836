#include "ui/models/vgg_status_label.h"

#include "ui/app_settings.h"
#include "ui/models/hash_verdicts.h"

#include <QDir>

namespace instyle {
namespace ui {

VggStatusLabel::VggStatusLabel(const AppSettings& settings, QWidget* parent, ModelEntry vgg)
    : QLabel(parent), settings_(settings), vgg_(std::move(vgg)) {
    connect(&HashVerdicts::shared(), &HashVerdicts::ready, this, [this](const QString& path) {
        if (path == path_) describe(path_);
    });
    refresh();
}

void VggStatusLabel::refresh() {
    const auto found = locateModelFile(vgg_, settings_.text(keys::modelsDir).toStdString());
    path_ = found ? QString::fromStdString(*found) : QString();
    describe(path_);
}

void VggStatusLabel::describe(const QString& path) {
    if (path.isEmpty()) {
        setText(tr("VGG19: random weights"));
        setToolTip(tr("No VGG19 file found: runs use random weights, and the result does not take on the "
                      "painting's style"));
        return;
    }
    const HashVerdict verdict = HashVerdicts::shared().verdict(vgg_, path);
    const QString file = QDir::toNativeSeparators(path);
    switch (verdict.state) {
    case HashVerdict::State::Checking:
        setText(tr("VGG19: checking the file…"));
        setToolTip(tr("Comparing the SHA-256 of %1 with the official file's").arg(file));
        return;
    case HashVerdict::State::Verified:
        setText(tr("VGG19: pretrained"));
        setToolTip(tr("%1: the official pretrained weights (SHA-256 checked)").arg(file));
        return;
    case HashVerdict::State::Unreadable:
        setText(tr("VGG19: unreadable file"));
        break;
    case HashVerdict::State::Mismatch:
    case HashVerdict::State::Unpublished:
        setText(tr("VGG19: unverified file"));
        break;
    }
    setToolTip(verdict.text);
}

}  // namespace ui
}  // namespace instyle
