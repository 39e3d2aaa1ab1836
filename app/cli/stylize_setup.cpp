#include "cli/stylize_setup.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/nets/depth_model.h"
#include "core/base/error.h"
#include "core/checkpoint/model_registry.h"

#include <torch/torch.h>

namespace instyle::cli {

VggChoice loadVgg(const std::optional<std::string>& path, const std::string& modelsDir, uint64_t seed) {
    VggChoice choice;
    choice.model = Vgg19Features(seed);
    std::optional<std::string> file = path;
    if (!file) file = locateModelFile(modelById("vgg19"), modelsDir);
    if (file) {
        choice.model->loadTorchvision(readCheckpoint(*file), *file);
        choice.pretrained = true;
        choice.description = *file;
        return choice;
    }
    choice.description = "no VGG19 weights (give --vgg FILE or put " + modelById("vgg19").fileName +
                         " in a models folder, see 'instyle-cli models list'); using random weights - the result "
                         "is not a stylisation";
    return choice;
}

DepthChoice loadDepth(const std::optional<std::string>& path, const std::string& modelsDir) {
    std::optional<std::string> file = path;
    if (!file) file = locateModelFile(modelById("midas_v21_small"), modelsDir);
    if (!file)
        return {nullptr, "off (no depth model: give --midas FILE or put " + modelById("midas_v21_small").fileName +
                             " in a models folder)"};
    auto model = loadDepthModel(*file);
    return {model, model->description()};
}

}  // namespace instyle::cli
