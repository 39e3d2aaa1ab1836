#pragma once
// The status bar's word on the VGG19 file the losses use. "VGG19: pretrained" only once the
// file's SHA-256 matched the official one (HashVerdicts); while it is being hashed it says so,
// and a file that does not match (damaged, truncated, or other weights under the official name)
// or cannot be read is called what it is, the tooltip giving the reason. Without a file the
// run uses random weights, and the label says that.
//
// Thread ownership: GUI thread.

#include "core/checkpoint/model_registry.h"
#include "ui/models/model_locator.h"

#include <QLabel>

namespace instyle {
namespace ui {

class AppSettings;

class VggStatusLabel : public QLabel {
    Q_OBJECT
public:
    // vgg: the registry's entry (tests pass their own).
    explicit VggStatusLabel(const AppSettings& settings, QWidget* parent = nullptr,
                            ModelEntry vgg = modelById(modelIds::vgg.toStdString()));

    // Looks for the file again (the models folder or the files may have changed).
    void refresh();

private:
    void describe(const QString& path);

    const AppSettings& settings_;
    const ModelEntry vgg_;
    QString path_;  // the file found by the last refresh(); "" when none
};

}  // namespace ui
}  // namespace instyle
