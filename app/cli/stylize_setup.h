#pragma once
// Model lookup shared by the CLI commands that run the style transfer.

#include "core/nets/vgg19_features.h"

#include <memory>
#include <optional>
#include <string>

namespace instyle {
class DepthModel;
}

namespace instyle::cli {

struct VggChoice {
    Vgg19Features model{nullptr};
    bool pretrained = false;
    std::string description;  // the file used, or why random weights are used
};

// --vgg FILE when given (errors are fatal), else the registry's vgg19 file when one is found in
// the models folders, else random weights from `seed` (with the reason in `description`).
VggChoice loadVgg(const std::optional<std::string>& path, const std::string& modelsDir, uint64_t seed);

struct DepthChoice {
    std::shared_ptr<DepthModel> model;  // null: no depth term
    std::string description;
};

// --midas FILE when given, else the registry's midas_v21_small file when found, else none.
DepthChoice loadDepth(const std::optional<std::string>& path, const std::string& modelsDir);

}  // namespace instyle::cli
