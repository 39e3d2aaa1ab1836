#include "core/checkpoint/checkpoint_reader.h"

#include "core/base/error.h"
#include "core/checkpoint/pickle_reader.h"
#include "core/checkpoint/zip_sanity.h"

#include <c10/core/CPUAllocator.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <tuple>

namespace instyle {

namespace {

using pickle::Kind;
using pickle::Ref;
using pickle::Unpickler;

constexpr uint64_t kMaxPickleRecord = uint64_t(256) << 20;
constexpr size_t kMaxScriptModules = 100000;  // MiDaS small has ~250 modules
// 0x1950a86a20f9469cfc6c, little-endian: torch.serialization.MAGIC_NUMBER.
const std::string kLegacyMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
constexpr int64_t kLegacyProtocol = 1001;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw Error(ErrorCategory::Format, path + ": " + what);
}

// The dict of tensors inside the pickled root object.
const pickle::Object& findStateDict(const Unpickler& up, Ref root, const std::string& path) {
    const pickle::Object& top = up.at(root);
    if (top.kind != Kind::Dict) fail(path, "holds no state dict (the pickled object is not a dict)");
    auto allTensors = [&](const pickle::Object& dict) {
        for (size_t i = 0; i < dict.items.size(); i += 2) {
            const Kind k = up.at(dict.items[i]).kind;
            if ((k != Kind::String && k != Kind::Bytes) || up.at(dict.items[i + 1]).kind != Kind::Tensor) return false;
        }
        return true;
    };
    if (allTensors(top)) return top;
    for (const char* name : {"state_dict", "model_state_dict", "model", "net"}) {
        for (size_t i = 0; i < top.items.size(); i += 2) {
            const pickle::Object& key = up.at(top.items[i]);
            const pickle::Object& value = up.at(top.items[i + 1]);
            if ((key.kind == Kind::String || key.kind == Kind::Bytes) && key.text == name &&
                value.kind == Kind::Dict && allTensors(value))
                return value;
        }
    }
    std::string keys;
    for (size_t i = 0; i < top.items.size() && i < 16; i += 2) {
        const pickle::Object& key = up.at(top.items[i]);
        keys += (i ? ", " : "") + (key.kind == Kind::String || key.kind == Kind::Bytes ? key.text : std::string("?"));
    }
    fail(path, "holds no state dict: a dict with keys {" + keys + (top.items.size() > 16 ? ", ..." : "") +
                   "} whose values are not all tensors");
}

// The tensor recorded at `index`, a view of its storage; built once, so that shared storage stays shared.
const torch::Tensor& tensorAt(const Unpickler& up, const std::vector<c10::Storage>& storages, size_t index,
                              std::vector<torch::Tensor>& built) {
    if (built.size() != up.tensors().size()) built.resize(up.tensors().size());
    if (!built[index].defined()) {
        const pickle::TensorSpec& spec = up.tensors()[index];
        const pickle::StorageView& view = up.views()[spec.view];
        const pickle::StorageDecl& decl = up.storages()[view.decl];
        built[index] = torch::empty({0}, torch::TensorOptions().dtype(decl.dtype))
                           .set_(storages[view.decl], static_cast<int64_t>(view.offset) + spec.offset, spec.sizes,
                                 spec.strides);
    }
    return built[index];
}

void describe(const StateDict& result, CheckpointInfo* info) {
    if (!info) return;
    info->tensors = result.size();
    info->parameters = 0;
    info->dtypes.clear();
    for (const auto& item : result) {
        info->parameters += item.value().numel();
        const std::string name = pickle::dtypeName(item.value().scalar_type());
        if (std::find(info->dtypes.begin(), info->dtypes.end(), name) == info->dtypes.end())
            info->dtypes.push_back(name);
    }
}

StateDict buildStateDict(const Unpickler& up, Ref root, const std::vector<c10::Storage>& storages,
                         const std::string& path, CheckpointInfo* info) {
    const pickle::Object& dict = findStateDict(up, root, path);
    StateDict result;
    std::vector<torch::Tensor> built;
    for (size_t i = 0; i < dict.items.size(); i += 2)
        result.insert(up.at(dict.items[i]).text,
                      tensorAt(up, storages, static_cast<size_t>(up.at(dict.items[i + 1]).integer), built));
    describe(result, info);
    if (info) info->hasMetadata = dict.hasMetadata;
    return result;
}

// What a TorchScript class's code declares, read as text — the code is never compiled or run:
// `class Conv2d(Module):` and its `__parameters__ = ["weight", "bias", ]` and `__buffers__ = [...]`
// lines, as torch.jit.save prints every module class.
struct ScriptClassDecl {
    bool module = false;
    std::vector<std::string> parameters, buffers;
};

class ScriptCode {
public:
    // readRecord returns a code record's text (CRC-checked), or throws when it is missing.
    ScriptCode(std::function<const std::string&(const std::string&)> readRecord, const std::string& path)
        : readRecord_(std::move(readRecord)), path_(path) {}

    // qualifiedName: "__torch__.torch.nn.modules.conv.Conv2d", defined in code/__torch__/torch/nn/modules/conv.py.
    const ScriptClassDecl& at(const std::string& qualifiedName) {
        auto found = classes_.find(qualifiedName);
        if (found != classes_.end()) return found->second;
        const size_t dot = qualifiedName.rfind('.');
        if (dot == std::string::npos || dot + 1 == qualifiedName.size())
            fail(path_, "TorchScript class name '" + qualifiedName + "' is malformed");
        std::string file = "code/" + qualifiedName.substr(0, dot) + ".py";
        std::replace(file.begin() + 5, file.end() - 3, '.', '/');
        return classes_.emplace(qualifiedName, parse(readRecord_(file), qualifiedName.substr(dot + 1), qualifiedName, file))
            .first->second;
    }

private:
    ScriptClassDecl parse(const std::string& text, const std::string& name, const std::string& qualifiedName,
                      const std::string& file) const {
        ScriptClassDecl result;
        bool inside = false, found = false, sawParameters = false, sawBuffers = false;
        const std::string head = "class " + name;
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const std::string line = text.substr(start, end - start);
            start = end + 1;
            if (!inside) {
                if (line.compare(0, head.size(), head) == 0 && line.size() > head.size() &&
                    (line[head.size()] == '(' || line[head.size()] == ':')) {
                    inside = found = true;
                    result.module = line.compare(head.size(), 9, "(Module):") == 0;
                }
                continue;
            }
            if (!line.empty() && line[0] != ' ' && line[0] != '\t') break;  // the class ends
            const size_t first = line.find_first_not_of(" \t");
            if (first == std::string::npos) continue;
            for (auto [list, seen, head] : {std::make_tuple(&result.parameters, &sawParameters, "__parameters__ = ["),
                                            std::make_tuple(&result.buffers, &sawBuffers, "__buffers__ = [")}) {
                const size_t n = std::strlen(head);
                if (!*seen && line.compare(first, n, head) == 0) {
                    *list = names(line.substr(first + n), qualifiedName, file);
                    *seen = true;
                }
            }
        }
        if (!found) fail(path_, "TorchScript class '" + qualifiedName + "' is not defined in '" + file + "'");
        if (result.module && (!sawParameters || !sawBuffers))
            fail(path_, "TorchScript module class '" + qualifiedName + "' lists no __parameters__ or __buffers__");
        return result;
    }
    // `"weight", "bias", ]` -> {weight, bias}
    std::vector<std::string> names(const std::string& list, const std::string& qualifiedName,
                                   const std::string& file) const {
        std::vector<std::string> result;
        size_t i = 0;
        for (;;) {
            i = list.find_first_not_of(" ,", i);
            if (i == std::string::npos) break;
            if (list[i] == ']') return result;
            const char quote = list[i];
            const size_t close = quote == '"' || quote == '\'' ? list.find(quote, i + 1) : std::string::npos;
            if (close == std::string::npos) break;
            result.push_back(list.substr(i + 1, close - i - 1));
            i = close + 1;
        }
        fail(path_, "TorchScript class '" + qualifiedName + "' has a malformed attribute list in '" + file + "'");
    }

    std::function<const std::string&(const std::string&)> readRecord_;
    const std::string& path_;
    std::map<std::string, ScriptClassDecl> classes_;
};

// The parameters and buffers of a TorchScript archive's module tree, named and ordered as
// torch::jit::Module::named_parameters/named_buffers/named_children (and so state_dict()) would:
// per module its parameters, then its buffers, then each child module, in attribute order.
StateDict buildModuleStateDict(const Unpickler& up, Ref root, const std::vector<c10::Storage>& storages,
                               ScriptCode& code, const std::string& path, CheckpointInfo* info) {
    StateDict result;
    std::vector<torch::Tensor> built;
    size_t visited = 0;
    std::function<void(Ref, const std::string&, int)> visit = [&](Ref ref, const std::string& prefix, int depth) {
        if (depth > 64) fail(path, "TorchScript modules nested too deeply");
        // A module object may be referred to from several places (the pickle's memo), and is then
        // listed under each name, as state_dict() does; a crafted chain of such references would
        // otherwise make the walk exponential.
        if (++visited > kMaxScriptModules) fail(path, "TorchScript module tree implausibly large");
        const pickle::Object& object = up.at(ref);
        const std::string where =
            prefix.empty() ? "the TorchScript root module" : "TorchScript module '" + prefix.substr(0, prefix.size() - 1) + "'";
        if (object.items.empty()) fail(path, where + " has no state");
        if (up.at(object.items[0]).kind != Kind::Dict)
            fail(path, where + " keeps its state through its own __getstate__, which instyle does not read");
        const ScriptClassDecl& cls = code.at(object.text);
        const pickle::Object& state = up.at(object.items[0]);
        auto each = [&](auto&& use) {
            for (size_t i = 0; i < state.items.size(); i += 2)
                use(up.stringAt(state.items[i], "TorchScript attribute name"), up.at(state.items[i + 1]),
                    state.items[i + 1]);
        };
        auto listed = [](const std::vector<std::string>& names, const std::string& name) {
            return std::find(names.begin(), names.end(), name) != names.end();
        };
        for (const auto* names : {&cls.parameters, &cls.buffers})
            each([&](const std::string& name, const pickle::Object& value, Ref) {
                if (value.kind == Kind::Tensor && listed(*names, name))
                    result.insert(prefix + name, tensorAt(up, storages, static_cast<size_t>(value.integer), built));
            });
        each([&](const std::string& name, const pickle::Object& value, Ref valueRef) {
            if (value.kind == Kind::ScriptObject && code.at(value.text).module) visit(valueRef, prefix + name + ".", depth + 1);
        });
    };
    const pickle::Object& top = up.at(root);
    if (top.kind != Kind::ScriptObject || !code.at(top.text).module)
        fail(path, "TorchScript archive whose root object is not a module");
    visit(root, "", 0);
    describe(result, info);
    return result;
}

uint64_t storageBytes(const pickle::StorageDecl& decl) { return decl.numel * c10::elementSize(decl.dtype); }

StateDict readLegacy(std::ifstream& in, uint64_t fileSize, const std::string& path, CheckpointInfo* info) {
    pickle::StreamSource source(in, 0, fileSize, path);
    Unpickler up(source);
    const pickle::Object& magic = up.at(up.load());
    if (magic.kind != Kind::BigInt || magic.text.substr(0, 10) != kLegacyMagic ||
        magic.text.find_first_not_of('\0', 10) != std::string::npos)
        fail(path, "not a PyTorch checkpoint (legacy magic number missing)");
    const pickle::Object& protocol = up.at(up.load());
    if (protocol.kind != Kind::Int || protocol.integer != kLegacyProtocol)
        fail(path, "unsupported legacy protocol version");
    const pickle::Object& sysInfo = up.at(up.load());
    if (sysInfo.kind == Kind::Dict) {
        for (size_t i = 0; i < sysInfo.items.size(); i += 2) {
            const pickle::Object& key = up.at(sysInfo.items[i]);
            const pickle::Object& value = up.at(sysInfo.items[i + 1]);
            if (key.text == "little_endian" && value.kind == Kind::Bool && !value.integer)
                fail(path, "was saved on a big-endian machine, which is not supported");
        }
    }
    const Ref root = up.load();
    const pickle::Object& keys = up.at(up.load());
    if (keys.kind != Kind::List) fail(path, "storage key list missing");
    std::vector<c10::Storage> storages(up.storages().size());
    std::map<std::string, size_t> declByKey;
    for (size_t i = 0; i < up.storages().size(); ++i) declByKey.emplace(up.storages()[i].key, i);
    for (Ref keyRef : std::vector<Ref>(keys.items)) {
        const std::string& key = up.stringAt(keyRef, "storage key");
        auto it = declByKey.find(key);
        if (it == declByKey.end()) fail(path, "storage '" + key + "' has data but no tensor uses it");
        if (storages[it->second]) fail(path, "storage '" + key + "' stored twice");
        const pickle::StorageDecl& decl = up.storages()[it->second];
        int64_t numel = 0;
        source.read(&numel, 8);
        if (numel < 0 || static_cast<uint64_t>(numel) != decl.numel)
            fail(path, "storage '" + key + "' holds " + std::to_string(numel) + " elements, its tensors declare " +
                           std::to_string(decl.numel));
        if (storageBytes(decl) > source.remaining())
            fail(path, "truncated: storage '" + key + "' needs " + std::to_string(storageBytes(decl)) +
                           " bytes, " + std::to_string(source.remaining()) + " remain");
        torch::Tensor data = torch::empty({numel}, torch::TensorOptions().dtype(decl.dtype));
        source.read(data.data_ptr(), storageBytes(decl));
        storages[it->second] = data.storage();
    }
    for (size_t i = 0; i < storages.size(); ++i)
        if (!storages[i]) fail(path, "truncated: data of storage '" + up.storages()[i].key + "' missing");
    if (info) info->format = "legacy";
    return buildStateDict(up, root, storages, path, info);
}

// Stored records (what torch.save and torch.jit.save write) are read directly at the offsets
// inspectZipArchive found; only deflated ones (an archive re-zipped by another tool) go through
// LibTorch's PyTorchStreamReader (miniz), built on the first such record.
//
// LibTorch 1.13's PyTorchStreamReader leaks its miniz state when its constructor throws after
// opening the archive (the destructor, which calls mz_zip_reader_end, never runs). Past that
// point it only checks the folder of the first record (done by readZip) and the version record,
// so a stored version record is checked here first and the reader built only when it will
// accept it. A deflated version record cannot be checked without inflating it: a damaged one
// still leaks ~1 KB inside LibTorch (found by fuzz_checkpoint; nothing of ours).
class RecordReader {
public:
    RecordReader(const std::string& path, std::ifstream& in, const ZipEntry* version)
        : path_(path), in_(in), version_(version) {}

    at::DataPtr read(const ZipEntry& entry, const std::string& record) {
        at::DataPtr data;
        if (entry.method == 0) {
            data = c10::GetCPUAllocator()->allocate(static_cast<size_t>(entry.size));
            in_.clear();
            in_.seekg(static_cast<std::streamoff>(entry.dataOffset));
            in_.read(static_cast<char*>(data.get()), static_cast<std::streamsize>(entry.size));
            if (static_cast<uint64_t>(in_.gcount()) != entry.size) fail(path_, "read error in '" + entry.name + "'");
        } else {
            openReader();
            if (!reader_) fail(path_, "deflated record '" + entry.name + "' cannot be read: " + readerError_);
            auto [ptr, size] = reader_->getRecord(record);
            if (size != entry.size) fail(path_, "record '" + entry.name + "' has the wrong size");
            data = std::move(ptr);
        }
        if (crc32(data.get(), entry.size) != entry.crc32)
            fail(path_, "record '" + entry.name + "' is corrupt (CRC mismatch)");
        return data;
    }

private:
    void openReader() {
        if (reader_ || !readerError_.empty()) return;
        if (!versionAccepted(version_)) {
            readerError_ = "version record missing, damaged or of an unsupported file format version";
            return;
        }
        try {
            reader_ = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path_);
        } catch (const c10::Error& e) {
            readerError_ = firstLine(e.what_without_backtrace());
        }
    }

    // Whether PyTorchStreamReader will accept the version record: decimal digits (after blanks)
    // within LibTorch's supported range, and an intact CRC. A deflated record is left to it.
    bool versionAccepted(const ZipEntry* version) {
        if (!version) return false;
        if (version->method != 0) return true;
        if (version->size == 0 || version->size > 64) return false;
        std::string text(static_cast<size_t>(version->size), '\0');
        in_.clear();
        in_.seekg(static_cast<std::streamoff>(version->dataOffset));
        in_.read(text.data(), static_cast<std::streamsize>(text.size()));
        if (static_cast<uint64_t>(in_.gcount()) != version->size) return false;
        if (crc32(text.data(), text.size()) != version->crc32) return false;
        size_t i = 0;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        uint64_t value = 0;
        size_t digits = 0;
        for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 19; ++i, ++digits)
            value = value * 10 + static_cast<uint64_t>(text[i] - '0');
        if (digits == 0 || (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))) return false;
        return value >= caffe2::serialize::kMinSupportedFileFormatVersion &&
               value <= caffe2::serialize::kMaxSupportedFileFormatVersion;
    }

    const std::string& path_;
    std::ifstream& in_;
    const ZipEntry* version_;
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader_;
    std::string readerError_;
};

StateDict readZip(std::ifstream& in, uint64_t fileSize, const std::string& path, CheckpointInfo* info) {
    const std::vector<ZipEntry> entries = inspectZipArchive(in, fileSize, path);
    if (entries.empty()) fail(path, "empty zip archive");
    const auto slash = entries.front().name.find('/');
    if (slash == std::string::npos) fail(path, "zip archive is not a torch.save file (records are not in a folder)");
    const std::string prefix = entries.front().name.substr(0, slash + 1);
    std::map<std::string, const ZipEntry*> byRecord;
    bool torchScript = false;
    for (const auto& e : entries) {
        if (e.name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string record = e.name.substr(prefix.size());
        byRecord.emplace(record, &e);
        if (record == "constants.pkl" || record.compare(0, 5, "code/") == 0) torchScript = true;
    }
    auto entry = [&](const std::string& record) -> const ZipEntry& {
        auto it = byRecord.find(record);
        if (it == byRecord.end()) fail(path, "record '" + prefix + record + "' missing");
        return *it->second;
    };
    const ZipEntry& pickleEntry = entry("data.pkl");
    if (pickleEntry.size > kMaxPickleRecord) fail(path, "data.pkl implausibly large");

    // PyTorchStreamReader reads ".data/version" when present, else "version".
    const ZipEntry* version = byRecord.count(".data/version") ? byRecord.at(".data/version")
                              : byRecord.count("version")     ? byRecord.at("version")
                                                              : nullptr;
    RecordReader reader(path, in, version);
    if (byRecord.count("byteorder")) {
        at::DataPtr order = reader.read(entry("byteorder"), "byteorder");
        const std::string text(static_cast<const char*>(order.get()), entry("byteorder").size);
        if (text != "little") fail(path, "was saved with byte order '" + text.substr(0, 16) + "', not supported");
    }
    at::DataPtr pickleData = reader.read(pickleEntry, "data.pkl");
    pickle::MemorySource source(pickleData.get(), pickleEntry.size, path + " (data.pkl)");
    Unpickler up(source, torchScript);
    const Ref root = up.load();

    std::vector<c10::Storage> storages;
    for (const auto& decl : up.storages()) {
        const std::string record = "data/" + decl.key;
        const ZipEntry& e = entry(record);
        if (e.size < storageBytes(decl))
            fail(path, "record '" + e.name + "' holds " + std::to_string(e.size) + " bytes, its tensors need " +
                           std::to_string(storageBytes(decl)));
        at::DataPtr data = reader.read(e, record);
        storages.emplace_back(c10::Storage::use_byte_size_t(), static_cast<size_t>(e.size), std::move(data),
                              nullptr, false);
    }
    if (!torchScript) {
        if (info) info->format = "zip";
        return buildStateDict(up, root, storages, path, info);
    }
    // Every other record is checked too (its CRC), so that a TorchScript depth model handed to
    // LibTorch afterwards (loadDepthModel) is the archive as it was written; the code files are
    // kept for ScriptCode.
    std::map<std::string, std::string> codeFiles;
    for (const auto& [record, e] : byRecord) {
        if (record == "data.pkl" || record.compare(0, 5, "data/") == 0) continue;
        if (e->size > kMaxPickleRecord) fail(path, "record '" + e->name + "' implausibly large");
        at::DataPtr data = reader.read(*e, record);
        if (record.compare(0, 5, "code/") == 0)
            codeFiles.emplace(record, std::string(static_cast<const char*>(data.get()), static_cast<size_t>(e->size)));
    }
    ScriptCode code(
        [&](const std::string& record) -> const std::string& {
            auto it = codeFiles.find(record);
            if (it == codeFiles.end()) entry(record);  // throws: the record is missing
            return it->second;
        },
        path);
    StateDict result = buildModuleStateDict(up, root, storages, code, path, info);
    if (info) info->format = "torchscript";
    return result;
}

StateDict readCheckpointUnchecked(const std::string& path, CheckpointInfo* info) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(ErrorCategory::Io, path + ": no such file");
    if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCategory::Io, path + ": not a regular file");
    const uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorCategory::Io, path + ": cannot read its size (" + ec.message() + ")");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCategory::Io, path + ": cannot open (" + std::strerror(errno) + ")");
    unsigned char head[512] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    const auto got = static_cast<size_t>(in.gcount());
    in.clear();
    if (got == 0) fail(path, "empty file");
    if (got >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) return readZip(in, fileSize, path, info);
    if (head[0] == 0x80) return readLegacy(in, fileSize, path, info);
    if (got >= 262 && std::memcmp(head + 257, "ustar", 5) == 0)
        fail(path, "tar-format checkpoint (PyTorch before 0.1.10) is not supported; re-save it with a current PyTorch");
    fail(path, "not a PyTorch checkpoint (neither the zip nor the legacy torch.save format)");
}

}  // namespace

StateDict readCheckpoint(const std::string& path, CheckpointInfo* info) {
    try {
        return readCheckpointUnchecked(path, info);
    } catch (const Error&) {
        throw;
    } catch (const c10::Error& e) {
        throw Error(ErrorCategory::Format, path + ": " + firstLine(e.what_without_backtrace()));
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCategory::Resource, path + ": out of memory while reading");
    } catch (const std::exception& e) {
        throw Error(ErrorCategory::Format, path + ": " + firstLine(e.what()));
    }
}

}  // namespace instyle
