#include "core/checkpoint/model_registry.h"

#include "core/base/cache_dir.h"
#include "core/base/error.h"
#include "core/base/sha256.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace instyle {

namespace {

constexpr uint64_t MiB(double m) { return static_cast<uint64_t>(m * 1048576.0); }

std::vector<ModelEntry> buildTable() {
    return {
        {"vgg19", "torchvision VGG19 (ImageNet), legacy torch.save format",
         "features for the content and style losses", "vgg19-dcbb9e9d.pth", {},
         "https://download.pytorch.org/models/vgg19-dcbb9e9d.pth", "dcbb9e9d", MiB(548.1), {"classifier."}},
        {"midas_v21_small", "MiDaS v2.1 small (MidasNet_small, EfficientNet-Lite3)",
         "relative depth for the depth loss", "midas_v21_small_256.pt", {"model-small-70d6b9c8.pt"},
         "https://github.com/isl-org/MiDaS/releases/download/v2_1/midas_v21_small_256.pt", "", MiB(81.8), {}},
        {"fcn_resnet50", "torchvision FCN-ResNet50 (COCO with VOC classes), with aux_classifier",
         "semantic segmentation for instance selection", "fcn_resnet50_coco-1167a1af.pth", {},
         "https://download.pytorch.org/models/fcn_resnet50_coco-1167a1af.pth", "1167a1af", MiB(135.0), {}},
        {"fcn_resnet101", "torchvision FCN-ResNet101 (COCO with VOC classes), with aux_classifier",
         "semantic segmentation for instance selection", "fcn_resnet101_coco-7ecb50ca.pth", {},
         "https://download.pytorch.org/models/fcn_resnet101_coco-7ecb50ca.pth", "7ecb50ca", MiB(207.7), {}},
        {"resnet34", "torchvision ResNet-34 (ImageNet), zip format",
         "ImageNet backbone for training FCN-8s", "resnet34-b627a593.pth", {"resnet34-333f7ec4.pth"},
         "https://download.pytorch.org/models/resnet34-b627a593.pth", "b627a593", MiB(83.3), {}},
        {"fcn8s_resnet34", "FCN-8s on ResNet-34 (trained with instyle-cli train-seg)",
         "semantic segmentation (the paper's segmenter)", "fcn8s_resnet34.pth", {}, "", "", 0, {}},
        // The SHA-256 as several public projects record it for the same 40,728,226-byte file.
        {"mobile_sam", "MobileSAM (TinyViT-5M image encoder, SAM prompt encoder and mask decoder)",
         "selection from clicks and boxes (any object)", "mobile_sam.pt", {},
         "https://raw.githubusercontent.com/ChaoningZhang/MobileSAM/master/weights/mobile_sam.pt",
         "6dbb90523a35330fedd7f1d3dfc66f995213d81b29a5ca8108dbcdd4e37d6c2f", 40728226,
         {"image_encoder.head.", "image_encoder.norm_head."}},
    };
}

std::string envOr(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

std::string installShareDir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return (exe.parent_path().parent_path() / "share" / "instyle" / "models").string();
}

}  // namespace

const std::vector<ModelEntry>& knownModels() {
    static const std::vector<ModelEntry> table = buildTable();
    return table;
}

const ModelEntry* findModel(const std::string& id) {
    for (const auto& m : knownModels())
        if (m.id == id) return &m;
    return nullptr;
}

const ModelEntry& modelById(const std::string& id) {
    if (const ModelEntry* m = findModel(id)) return *m;
    std::string ids;
    for (const auto& m : knownModels()) ids += (ids.empty() ? "" : ", ") + m.id;
    throw Error(ErrorCategory::InvalidArgument, "unknown model '" + id + "' (known: " + ids + ")");
}

std::string userModelsDir() {
    const std::string data = userDataDir();
    return data.empty() ? std::string() : data + "/models";
}

std::vector<std::string> modelSearchDirs(const std::string& modelsDirOption) {
    std::vector<std::string> dirs;
    for (const std::string& d : {modelsDirOption, envOr("INSTYLE_MODELS_DIR"), userModelsDir(), installShareDir()})
        if (!d.empty() && std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
    return dirs;
}

std::optional<std::string> locateModelFile(const ModelEntry& model, const std::string& modelsDirOption) {
    std::vector<std::string> names{model.fileName};
    names.insert(names.end(), model.otherNames.begin(), model.otherNames.end());
    for (const auto& dir : modelSearchDirs(modelsDirOption)) {
        for (const auto& name : names) {
            const std::filesystem::path p = std::filesystem::path(dir) / name;
            std::error_code ec;
            if (std::filesystem::is_regular_file(p, ec)) return p.string();
        }
    }
    return std::nullopt;
}

const std::vector<SegmentationArch>& segmentationArchitectures() {
    static const std::vector<SegmentationArch> archs = {
        {"fcn8s_resnet34", false}, {"fcn_resnet50", true}, {"fcn_resnet101", true}};
    return archs;
}

bool officialAuxHead(const std::string& id) {
    const auto& archs = segmentationArchitectures();
    const auto it = std::find_if(archs.begin(), archs.end(), [&](const SegmentationArch& a) { return a.id == id; });
    return it != archs.end() && it->officialAuxHead;
}

std::string segmentationArchIds(const std::string& separator) {
    std::string ids;
    for (const auto& a : segmentationArchitectures()) ids += (ids.empty() ? "" : separator) + a.id;
    return ids;
}

const std::vector<std::string>& promptSegmenterArchitectures() {
    static const std::vector<std::string> ids = {"mobile_sam"};
    return ids;
}

bool isPromptSegmenter(const std::string& id) {
    const auto& ids = promptSegmenterArchitectures();
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

HashCheck checkModelHash(const ModelEntry& model, const std::string& path) {
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorCategory::Io, path + ": cannot read (" + ec.message() + ")");
    HashCheck check;
    check.sha256 = sha256File(path);
    if (model.sha256.empty()) {
        check.message = "no published hash for " + model.fileName + " (SHA-256 " + check.sha256 + ")";
        return check;
    }
    const bool prefixOnly = model.sha256.size() < 64;
    if (check.sha256.compare(0, model.sha256.size(), model.sha256) == 0) {
        check.result = HashCheck::Result::Match;
        check.message = std::string("SHA-256 matches the official ") + model.fileName +
                        (prefixOnly ? " (published prefix " + model.sha256 + ")" : "");
        return check;
    }
    check.result = HashCheck::Result::Mismatch;
    check.message = path + ": SHA-256 " + check.sha256.substr(0, 16) + "... does not match the official " +
                    model.fileName + " (" + model.sha256 + (prefixOnly ? "..." : "") + ")";
    if (model.approximateBytes && size < model.approximateBytes * 98 / 100)
        check.message += "; the file is " + humanSize(size) + ", the official one about " +
                         humanSize(model.approximateBytes) + ": truncated (interrupted download?)";
    else
        check.message += ": the file is damaged or not the official one";
    return check;
}

}  // namespace instyle
