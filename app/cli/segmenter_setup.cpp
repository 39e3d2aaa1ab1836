#include "cli/segmenter_setup.h"

#include "cli/cli_args.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/checkpoint/model_registry.h"

#include <algorithm>

namespace instyle::cli {

std::shared_ptr<SegmentationModel> loadSegmentationModel(const std::string& path, const std::string& arch) {
    auto model = createSegmentationModel(arch);  // validates arch before the (slow) read
    loadSegmentationWeights(*model, readCheckpoint(path), path);
    return model;
}

void requireKnownArch(const std::string& arch) {
    if (isPromptSegmenter(arch))
        throw UsageError("--arch " + arch + " selects from points and boxes (instyle-cli segment/stylize --point, --box); " +
                         "it has no classes to train or evaluate: use one of " + segmentationArchList());
    const auto& archs = segmentationArchs();
    if (std::find(archs.begin(), archs.end(), arch) == archs.end())
        throw UsageError("--arch must be one of " + segmentationArchList() + " (got '" + arch + "')");
}

std::string segmentationArchList() {
    std::string list;
    for (const auto& a : segmentationArchs()) list += (list.empty() ? "" : ", ") + a;
    return list;
}

std::string segmenterFile(const std::optional<std::string>& given, const std::string& arch, const std::string& modelsDir) {
    if (given) return *given;
    const ModelEntry* entry = findModel(arch);
    if (!entry) throw UsageError("--segmenter FILE is needed for --arch " + arch);
    if (const auto found = locateModelFile(*entry, modelsDir)) return *found;
    std::string where;
    for (const auto& d : modelSearchDirs(modelsDir)) where += (where.empty() ? "" : ", ") + d;
    throw UsageError("--segmenter FILE not given and " + entry->fileName + " is not in the models folders (" + where + ")" +
                     (entry->url.empty() ? std::string() : "; get it with: instyle-cli models download " + entry->id));
}

SamPrompt samPromptFrom(const std::vector<std::string>& points, const std::vector<std::string>& boxes,
                        const std::string& who) {
    if (boxes.size() > 1) throw UsageError(who + "give --box once (one box and any number of --point per selection)");
    SamPrompt prompt;
    try {
        for (const auto& p : points) prompt.points.push_back(parseSamPoint(p));
        if (!boxes.empty()) prompt.box = parseSamBox(boxes.front());
    } catch (const Error& e) {
        throw Error(e.category(), who + e.what());
    }
    if (prompt.empty()) throw UsageError(who + "MobileSAM needs a prompt: --point X,Y[:1|0] (repeatable) and/or --box X0,Y0,X1,Y1");
    return prompt;
}

}  // namespace instyle::cli
