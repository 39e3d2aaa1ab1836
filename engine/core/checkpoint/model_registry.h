#pragma once
// The model files instyle knows: id, architecture, official file name, download URL, hash, size;
// where to look for them; and checking a file's SHA-256 against the official one.
//
// Search order for a model file: the --models-dir option, $INSTYLE_MODELS_DIR, the per-user data
// dir ($XDG_DATA_HOME/instyle/models, else ~/.local/share/instyle/models), the install's share
// dir (<prefix>/share/instyle/models beside <prefix>/bin of the running executable).

#include "core/base/byte_size.h"  // humanSize: the sizes in its messages, and its users'

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace instyle {

struct ModelEntry {
    std::string id;            // "vgg19", "midas_v21_small", ...
    std::string architecture;  // what the file holds, for `models list`
    std::string purpose;
    std::string fileName;                   // the official file name
    std::vector<std::string> otherNames;    // older names of the same weights
    std::string url;                        // empty: not downloadable (trained by the user)
    // Lower-case hex SHA-256 of the official file, or only its prefix where that is all that is
    // published (torchvision and torch.hub put the first 8 hex digits in the file name).
    std::string sha256;
    uint64_t approximateBytes = 0;          // 0: unknown
    // Keys in the official file that instyle's module for it does not have (e.g. VGG19's classifier).
    std::vector<std::string> unusedPrefixes;
};

const std::vector<ModelEntry>& knownModels();
// nullptr for an unknown id.
const ModelEntry* findModel(const std::string& id);
// Throws Error(InvalidArgument) naming the known ids.
const ModelEntry& modelById(const std::string& id);

// The folders searched, in order, without duplicates (they need not exist).
std::vector<std::string> modelSearchDirs(const std::string& modelsDirOption = {});
// The per-user folder downloads go to when no --models-dir is given.
std::string userModelsDir();
// The first existing file named fileName (or one of otherNames) in the search folders.
std::optional<std::string> locateModelFile(const ModelEntry& model, const std::string& modelsDirOption = {});

struct HashCheck {
    enum class Result { Match, Mismatch, Unknown } result = Result::Unknown;
    std::string sha256;   // of the file
    std::string message;  // one line for the user
};
// Hashes the file (throws Error(Io) if unreadable) and compares with the registry entry: the full
// hash, or the published prefix. A mismatch message says whether the file looks truncated.
HashCheck checkModelHash(const ModelEntry& model, const std::string& path);

// The segmentation architectures (createSegmentationModel in core/segmentation/segmenter.h builds them), in the
// order the CLI lists them. Each id is also the id of the registry entry for its weights.
// Declared here, free of LibTorch, so that the window's settings can check an id.
struct SegmentationArch {
    std::string id;
    // torchvision's FCN: its official file carries the aux_classifier head, which
    // createSegmentationModel(id, true) builds so that the whole file is checked when it loads.
    bool officialAuxHead = false;
};
const std::vector<SegmentationArch>& segmentationArchitectures();
// Whether `id`'s official file carries an aux_classifier; false for an unknown id.
bool officialAuxHead(const std::string& id);
// The ids joined by `separator` ("fcn8s_resnet34, fcn_resnet50, fcn_resnet101"), for help texts
// and messages.
std::string segmentationArchIds(const std::string& separator = ", ");

// The prompt segmenters ("mobile_sam"): selection from points and boxes (SamPredictor in
// core/sam/sam_predictor.h). They are not SegmentationModels (no classes, no label map), so
// segmentationArchitectures() leaves them out and train-seg/eval-seg refuse them. Each id is the
// registry id of its weights.
const std::vector<std::string>& promptSegmenterArchitectures();
bool isPromptSegmenter(const std::string& id);

}  // namespace instyle
