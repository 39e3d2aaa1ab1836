#include "ui/models/model_check.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/nets/depth_model.h"
#include "core/sam/sam_predictor.h"
#include "core/segmentation/segmenter.h"
#include "core/nets/vgg19_features.h"

#include <torch/torch.h>

namespace instyle {
namespace ui {

QString checkModelLoads(const QString& id, const QString& path) {
    const std::string file = path.toStdString();
    try {
        if (id == QLatin1String("vgg19")) {
            Vgg19Features vgg(0);
            vgg->loadTorchvision(readCheckpoint(file), file);
        } else if (id.startsWith(QLatin1String("midas"))) {
            loadDepthModel(file);
        } else if (id == QLatin1String("mobile_sam")) {
            SamPredictor::fromFile(file);
        } else if (id.startsWith(QLatin1String("fcn"))) {
            const std::string arch = id.toStdString();
            auto model = createSegmentationModel(arch, officialAuxHead(arch));
            loadSegmentationWeights(*model, readCheckpoint(file), file);
        } else {
            readCheckpoint(file);  // at least a checkpoint
        }
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0);
    }
    return {};
}

}  // namespace ui
}  // namespace instyle
