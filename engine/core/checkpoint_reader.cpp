#include "core/checkpoint_reader.h"

#include "core/error.h"
#include "core/pickle_reader.h"
#include "core/zip_sanity.h"

#include <c10/core/CPUAllocator.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/frontend/error_report.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

namespace instyle {

namespace {

using pickle::Kind;
using pickle::Ref;
using pickle::Unpickler;

constexpr uint64_t kMaxPickleRecord = uint64_t(256) << 20;
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

StateDict buildStateDict(const Unpickler& up, Ref root, const std::vector<c10::Storage>& storages,
                         const std::string& path, CheckpointInfo* info) {
    const pickle::Object& dict = findStateDict(up, root, path);
    StateDict result;
    std::vector<torch::Tensor> built(up.tensors().size());
    for (size_t i = 0; i < dict.items.size(); i += 2) {
        const std::string& key = up.at(dict.items[i]).text;
        const auto index = static_cast<size_t>(up.at(dict.items[i + 1]).integer);
        if (!built[index].defined()) {
            const pickle::TensorSpec& spec = up.tensors()[index];
            const pickle::StorageView& view = up.views()[spec.view];
            const pickle::StorageDecl& decl = up.storages()[view.decl];
            built[index] = torch::empty({0}, torch::TensorOptions().dtype(decl.dtype))
                               .set_(storages[view.decl], static_cast<int64_t>(view.offset) + spec.offset,
                                     spec.sizes, spec.strides);
        }
        result.insert(key, built[index]);
    }
    if (info) {
        info->tensors = result.size();
        info->parameters = 0;
        info->dtypes.clear();
        info->hasMetadata = dict.hasMetadata;
        for (const auto& item : result) {
            info->parameters += item.value().numel();
            const std::string name = pickle::dtypeName(item.value().scalar_type());
            if (std::find(info->dtypes.begin(), info->dtypes.end(), name) == info->dtypes.end())
                info->dtypes.push_back(name);
        }
    }
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

// Parameters and buffers of a TorchScript module, named as its state_dict() would name them.
StateDict readTorchScript(const std::string& path, CheckpointInfo* info) {
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, torch::kCPU);
    } catch (const c10::Error& e) {
        fail(path, "TorchScript archive LibTorch cannot load: " + firstLine(e.what_without_backtrace()));
    } catch (const torch::jit::ErrorReport&) {
        // Not what(): LibTorch 1.13 builds that message lazily from the archive's debug records,
        // and a damaged record makes it throw inside the noexcept what() (std::terminate).
        fail(path, "TorchScript archive LibTorch cannot load: its code does not compile");
    }
    StateDict result;
    std::function<void(const torch::jit::Module&, const std::string&, int)> visit =
        [&](const torch::jit::Module& m, const std::string& prefix, int depth) {
            if (depth > 64) fail(path, "TorchScript modules nested too deeply");
            for (const auto& p : m.named_parameters(false)) result.insert(prefix + p.name, p.value.detach());
            for (const auto& b : m.named_buffers(false)) result.insert(prefix + b.name, b.value.detach());
            for (const auto& c : m.named_children()) visit(c.value, prefix + c.name + ".", depth + 1);
        };
    visit(module, "", 0);
    if (info) {
        info->format = "torchscript";
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
    return result;
}

// Records come from LibTorch's PyTorchStreamReader (miniz). Where it refuses an archive that
// passed our own checks (e.g. a newer writer without a top-level "version" record), stored
// records are read directly at the offsets inspectZipArchive found.
//
// LibTorch 1.13's PyTorchStreamReader leaks its miniz state when its constructor throws after
// opening the archive (the destructor, which calls mz_zip_reader_end, never runs). Past that
// point it only checks the folder of the first record (done by readZip) and the version record,
// so the version record is checked here first and the reader built only when it will accept it.
class RecordReader {
public:
    RecordReader(const std::string& path, std::ifstream& in, const ZipEntry* version) : path_(path), in_(in) {
        if (!versionAccepted(version)) {
            readerError_ = "version record missing, damaged or of an unsupported file format version";
            return;
        }
        try {
            reader_ = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
        } catch (const c10::Error& e) {
            readerError_ = firstLine(e.what_without_backtrace());
        }
    }
    at::DataPtr read(const ZipEntry& entry, const std::string& record) {
        at::DataPtr data;
        if (reader_) {
            auto [ptr, size] = reader_->getRecord(record);
            if (size != entry.size) fail(path_, "record '" + entry.name + "' has the wrong size");
            data = std::move(ptr);
        } else if (entry.method == 0) {
            data = c10::GetCPUAllocator()->allocate(static_cast<size_t>(entry.size));
            in_.clear();
            in_.seekg(static_cast<std::streamoff>(entry.dataOffset));
            in_.read(static_cast<char*>(data.get()), static_cast<std::streamsize>(entry.size));
            if (static_cast<uint64_t>(in_.gcount()) != entry.size) fail(path_, "read error in '" + entry.name + "'");
        } else {
            fail(path_, readerError_);
        }
        if (crc32(data.get(), entry.size) != entry.crc32)
            fail(path_, "record '" + entry.name + "' is corrupt (CRC mismatch)");
        return data;
    }

private:
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
    if (torchScript) return readTorchScript(path, info);
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
    Unpickler up(source);
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
    if (info) info->format = "zip";
    return buildStateDict(up, root, storages, path, info);
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
