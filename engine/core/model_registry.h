#pragma once
// The model files instyle knows: id, architecture, official file name, download URL, hash, size;
// where to look for them; and checking a file's SHA-256 against the official one.
//
// Search order for a model file: the --models-dir option, $INSTYLE_MODELS_DIR, the per-user data
// dir ($XDG_DATA_HOME/instyle/models, else ~/.local/share/instyle/models), the install's share
// dir (<prefix>/share/instyle/models beside <prefix>/bin of the running executable).

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

// "548.1 MB"
std::string humanSize(uint64_t bytes);

}  // namespace instyle
