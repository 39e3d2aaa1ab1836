#include "cli/segmenter_setup.h"

#include "cli/cli_args.h"

#include "core/checkpoint_reader.h"

#include <algorithm>

namespace instyle::cli {

std::shared_ptr<SegmentationModel> loadSegmentationModel(const std::string& path, const std::string& arch) {
    auto model = createSegmentationModel(arch);  // validates arch before the (slow) read
    loadSegmentationWeights(*model, readCheckpoint(path), path);
    return model;
}

void requireKnownArch(const std::string& arch) {
    const auto& archs = segmentationArchs();
    if (std::find(archs.begin(), archs.end(), arch) == archs.end())
        throw UsageError("--arch must be one of " + segmentationArchList() + " (got '" + arch + "')");
}

std::string segmentationArchList() {
    std::string list;
    for (const auto& a : segmentationArchs()) list += (list.empty() ? "" : ", ") + a;
    return list;
}

}  // namespace instyle::cli
