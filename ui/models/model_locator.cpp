#include "ui/models/model_locator.h"

#include "core/checkpoint/model_registry.h"
#include "ui/app_settings.h"

namespace instyle {
namespace ui {

QStringList modelSearchDirs(const AppSettings& settings) {
    QStringList dirs;
    for (const std::string& dir : instyle::modelSearchDirs(settings.text(keys::modelsDir).toStdString()))
        dirs << QString::fromStdString(dir);
    return dirs;
}

const ModelEntry* modelEntry(const QString& id) { return findModel(id.toStdString()); }

QString findModelFile(const AppSettings& settings, const QString& id) {
    const ModelEntry* entry = modelEntry(id);
    if (!entry) return {};
    const auto path = locateModelFile(*entry, settings.text(keys::modelsDir).toStdString());
    return path ? QString::fromStdString(*path) : QString();
}

QString segmenterId(const AppSettings& settings) { return settings.text(keys::segmenter); }

QString userModelsDir() { return QString::fromStdString(instyle::userModelsDir()); }

}  // namespace ui
}  // namespace instyle
