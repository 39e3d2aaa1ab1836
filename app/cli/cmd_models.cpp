// instyle-cli models: the model files instyle knows, checking a file, downloading one.

#include "cli/commands.h"
#include "cli/segmenter_setup.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/base/json_writer.h"
#include "core/nets/midas_small.h"
#include "core/checkpoint/model_registry.h"
#include "core/nets/resnet.h"
#include "core/sam/sam_predictor.h"
#include "core/nets/vgg19_features.h"

#include <torch/torch.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <iostream>

extern char** environ;

namespace instyle::cli {

namespace {

const char* kHelp =
    "Usage: instyle-cli models list [--no-hash]\n"
    "       instyle-cli models verify FILE [--arch ID]\n"
    "       instyle-cli models download ID\n"
    "\n"
    "  list        the known models, where each is found and whether its SHA-256 is the official one\n"
    "              (--no-hash: skip hashing)\n"
    "  verify      reads FILE (any torch.save format or TorchScript), prints tensors, parameters,\n"
    "              dtypes and format, checks every key and shape against the architecture ID\n"
    "              (default: from the official file name) and, for an official file name, its SHA-256\n"
    "  download    fetches the official file into --models-dir (default: the per-user models folder)\n"
    "              with curl or wget, resuming a partial download, and checks its hash\n"
    "\n"
    "Model files are searched in: --models-dir, $INSTYLE_MODELS_DIR, $XDG_DATA_HOME/instyle/models\n"
    "(~/.local/share/instyle/models), <install prefix>/share/instyle/models.\n";

std::string idList() {
    std::string ids;
    for (const auto& m : knownModels()) ids += (ids.empty() ? "" : " | ") + m.id;
    return ids;
}

const ModelEntry* modelForFileName(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    for (const auto& m : knownModels()) {
        if (m.fileName == name) return &m;
        for (const auto& other : m.otherNames)
            if (other == name) return &m;
    }
    return nullptr;
}

// Loads the file into instyle's module for the architecture: throws Error(Model) listing every
// missing/unexpected key and shape mismatch.
void checkArchitecture(const std::string& id, const std::string& path, const StateDict& sd) {
    if (id == "vgg19") {
        Vgg19Features vgg(0);
        vgg->loadTorchvision(sd, path);
    } else if (id == "midas_v21_small") {
        MidasSmall midas(0);
        midas->loadOfficial(sd, path);
    } else if (id == "resnet34") {
        ResNetOptions options;
        options.depth = 34;
        options.withClassifier = true;
        ResNet net(options);
        LoadOptions lo;
        lo.sourceName = path;
        loadStateDict(*net, sd, lo);
    } else if (isPromptSegmenter(id)) {
        SamPredictor::fromFile(path);  // reads the file again: the predictor loads by path
    } else {
        loadSegmentationModel(path, id);
    }
}

int runList(const Args& args, const GlobalOptions& g) {
    const bool hash = !args.flag("no-hash");
    JsonWriter j;
    j.beginObject().beginArray("search_dirs");
    for (const auto& d : modelSearchDirs(g.modelsDir)) j.value(d);
    j.endArray().beginArray("models");
    if (!g.json) {
        std::cout << "Search order:";
        for (const auto& d : modelSearchDirs(g.modelsDir)) std::cout << " " << d;
        std::cout << "\n\n";
    }
    for (const auto& m : knownModels()) {
        const auto path = locateModelFile(m, g.modelsDir);
        std::string status = "not found";
        if (path) {
            status = "found, not hashed";
            if (hash) {
                const HashCheck c = checkModelHash(m, *path);
                status = c.result == HashCheck::Result::Match      ? "verified"
                         : c.result == HashCheck::Result::Mismatch ? "HASH MISMATCH"
                                                                   : "found (no published hash)";
            }
        }
        j.beginObject().field("id", m.id).field("file", m.fileName).field("url", m.url);
        j.field("size", static_cast<long long>(m.approximateBytes)).field("status", status);
        path ? j.field("path", *path) : j.key("path").null();
        j.endObject();
        if (!g.json) {
            std::cout << m.id << "  " << m.architecture << "\n    " << m.purpose << "\n    file: " << m.fileName;
            if (m.approximateBytes) std::cout << " (about " << humanSize(m.approximateBytes) << ")";
            std::cout << "\n    " << (m.url.empty() ? "no download (trained by the user)" : m.url) << "\n    "
                      << status << (path ? ": " + *path : "") << "\n";
        }
    }
    j.endArray().endObject();
    if (g.json) std::cout << j.str() << std::endl;
    return kExitOk;
}

int runVerify(const Args& args, const GlobalOptions& g) {
    if (args.positional().size() != 2) throw UsageError("models verify needs exactly one FILE");
    const std::string path = args.positional()[1];
    CheckpointInfo info;
    const StateDict sd = readCheckpoint(path, &info);
    std::string dtypes;
    for (const auto& d : info.dtypes) dtypes += (dtypes.empty() ? "" : ",") + d;
    const ModelEntry* official = modelForFileName(path);
    const std::string arch = args.value("arch").value_or(official ? official->id : "");
    if (!arch.empty()) modelById(arch);  // unknown id → usage error
    std::string archResult = "not checked (give --arch ID: " + idList() + ")";
    bool ok = true;
    std::string why;  // the reasons, for the one stderr line of a failed verification
    if (!arch.empty()) {
        try {
            checkArchitecture(arch, path, sd);
            archResult = "every key and shape fits " + arch;
        } catch (const Error& e) {
            archResult = e.what();
            ok = false;
            const std::string prefix = path + ": ";
            why = "as " + arch + ", " + (archResult.rfind(prefix, 0) == 0 ? archResult.substr(prefix.size()) : archResult);
        }
    }
    std::string hashResult = "not checked (not an official file name)";
    if (official) {
        const HashCheck c = checkModelHash(*official, path);
        hashResult = c.message;
        if (c.result == HashCheck::Result::Mismatch) {
            ok = false;
            why += (why.empty() ? "" : "; ") + c.message;
        }
    }
    if (g.json) {
        JsonWriter j;
        j.beginObject().field("file", path).field("format", info.format);
        j.field("tensors", static_cast<long long>(info.tensors)).field("parameters", static_cast<long long>(info.parameters));
        j.beginArray("dtypes");
        for (const auto& d : info.dtypes) j.value(d);
        j.endArray().field("arch", arch).field("architecture", archResult).field("hash", hashResult).field("ok", ok);
        j.endObject();
        std::cout << j.str() << std::endl;
    } else {
        std::cout << "file:         " << path << "\nformat:       " << info.format << "\ntensors:      " << info.tensors
                  << "\nparameters:   " << info.parameters << "\ndtypes:       " << dtypes
                  << "\narchitecture: " << archResult << "\nhash:         " << hashResult << "\n";
    }
    if (!ok) std::cerr << "instyle-cli models verify: " << path << " failed verification: " << why << "\n";
    return ok ? kExitOk : kExitFailure;
}

// Runs argv (no shell), returning its exit status (127 when it could not start).
int spawn(const std::vector<std::string>& argv) {
    std::vector<char*> raw;
    for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
    raw.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, raw[0], nullptr, nullptr, raw.data(), environ) != 0) return 127;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return 127;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

bool onPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (!path) return false;
    std::string dirs = path;
    size_t start = 0;
    while (start <= dirs.size()) {
        const size_t end = dirs.find(':', start);
        const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return false;
}

std::string curlReason(int code) {
    switch (code) {
        case 5: return "could not resolve the proxy";
        case 6: return "could not resolve the host";
        case 7: return "could not connect";
        case 22: return "the server answered with an HTTP error";
        case 28: return "timed out";
        case 35:
        case 60: return "TLS/certificate failure";
        default: return "failed";
    }
}

int runDownload(const Args& args, const GlobalOptions& g) {
    if (args.positional().size() != 2) throw UsageError("models download needs exactly one ID (" + idList() + ")");
    const ModelEntry& m = modelById(args.positional()[1]);
    if (m.url.empty())
        throw Error(ErrorCategory::InvalidArgument,
                    m.id + " has no download: train it with instyle-cli train-seg and pass the file with --segmenter");
    const std::string dir = !g.modelsDir.empty() ? g.modelsDir : userModelsDir();
    if (dir.empty()) throw Error(ErrorCategory::Io, "no folder for models: give --models-dir DIR");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(ErrorCategory::Io, dir + ": cannot create (" + ec.message() + ")");
    const std::string target = (std::filesystem::path(dir) / m.fileName).string();
    const std::string part = target + ".part";
    if (std::filesystem::exists(target) && checkModelHash(m, target).result != HashCheck::Result::Mismatch) {
        std::cout << target << " is already present and verified\n";
        return kExitOk;
    }
    int code = 0;
    std::string tool;
    if (onPath("curl")) {
        tool = "curl";
        // -C -: resume a partial .part from an earlier attempt.
        code = spawn({"curl", "-fL", "--connect-timeout", "20", "--retry", "2", "-C", "-", "--progress-bar", "-o",
                      part, m.url});
    } else if (onPath("wget")) {
        tool = "wget";
        code = spawn({"wget", "-c", "--timeout=20", "-O", part, m.url});
    } else {
        throw Error(ErrorCategory::Resource, "neither curl nor wget is installed: download " + m.url +
                                                 " yourself and put it into " + dir);
    }
    if (code != 0) {
        const std::string reason = tool == "curl" ? curlReason(code) : std::string("failed");
        throw Error(ErrorCategory::Io, "download of " + m.url + " " + reason + " (" + tool + " exit " +
                                           std::to_string(code) +
                                           "); is there a network connection? Run the command again to resume, or "
                                           "download the file elsewhere and put it into " + dir);
    }
    const HashCheck c = checkModelHash(m, part);
    if (c.result == HashCheck::Result::Mismatch) {
        std::filesystem::remove(part, ec);
        throw Error(ErrorCategory::Format, c.message + " (the download was removed)");
    }
    std::filesystem::rename(part, target, ec);
    if (ec) throw Error(ErrorCategory::Io, target + ": cannot move the download into place (" + ec.message() + ")");
    std::cout << target << ": " << c.message << "\n";
    return kExitOk;
}

int runModels(const std::vector<std::string>& tokens) {
    Args args(tokens, {"arch"}, {"no-hash"});
    if (helpAsked(args, kHelp)) return kExitOk;
    if (args.positional().empty()) {  // an action is required: show them
        printCommandHelp(kHelp);
        return kExitUsage;
    }
    const GlobalOptions g = applyGlobalOptions(args);
    const std::string action = args.positional()[0];
    if (action == "list") return runList(args, g);
    if (action == "verify") return runVerify(args, g);
    if (action == "download") return runDownload(args, g);
    throw UsageError("unknown action '" + action + "' (list, verify, download)");
}

}  // namespace

INSTYLE_CLI_COMMAND("models", "list, verify or download the model files (VGG19, MiDaS, FCN, MobileSAM)", runModels);

}  // namespace instyle::cli
