#pragma once
// Whether a file loads as the model of a registry id (VGG19, MiDaS, a segmenter, MobileSAM): LibTorch reads
// it completely. Call it off the GUI thread (it takes seconds for the large files).

#include <QString>

namespace instyle {
namespace ui {

// "" when the file loads as model `id`, otherwise one line saying why not.
QString checkModelLoads(const QString& id, const QString& path);

}  // namespace ui
}  // namespace instyle
