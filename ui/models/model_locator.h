#pragma once
// The engine's model registry (engine/core/checkpoint/model_registry.h) as the window uses it: the models
// folder from the preferences is the registry's --models-dir, searched first; then
// $INSTYLE_MODELS_DIR, the per-user folder and the install's share folder (the registry's order).

#include <QString>
#include <QStringList>

namespace instyle {

struct ModelEntry;

namespace ui {

class AppSettings;

// Registry ids of the models the window uses.
namespace modelIds {
inline const QString vgg = QStringLiteral("vgg19");
inline const QString midas = QStringLiteral("midas_v21_small");
inline const QString officialSegmenter = QStringLiteral("fcn_resnet50");
inline const QString userSegmenter = QStringLiteral("fcn8s_resnet34");
inline const QString sam = QStringLiteral("mobile_sam");  // the prompt segmenter ("Anything" selection)
}  // namespace modelIds

QStringList modelSearchDirs(const AppSettings& settings);
// The path of the model's file, or "" when it is nowhere to be found (or the id is unknown).
QString findModelFile(const AppSettings& settings, const QString& id);
// The registry entry (nullptr for an unknown id).
const ModelEntry* modelEntry(const QString& id);
// The segmenter chosen in the preferences (an id of segmentationArchitectures()).
QString segmenterId(const AppSettings& settings);
// Where downloads and located files go.
QString userModelsDir();

}  // namespace ui
}  // namespace instyle
