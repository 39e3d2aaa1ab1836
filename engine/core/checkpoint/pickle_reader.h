#pragma once
// A small, safe interpreter for the subset of Python's pickle that torch.save state dicts use.
//
// Nothing is ever executed: a GLOBAL is only accepted when it is on a fixed allowlist (OrderedDict,
// torch's tensor/parameter rebuild functions, storage types, torch.Size, ...); anything else
// (posix.system, builtins.eval, ...) is refused with an error that names it. Every length read
// from the stream is checked against the bytes that remain, and the number of objects is capped,
// so a truncated or hostile pickle gives an instyle::Error, never a crash, hang or huge
// allocation. Objects live in a flat arena and refer to each other by index, so cycles and deep
// nesting cannot overflow the stack on destruction.
//
// Tensors are not materialised here: the reader records storage declarations (persistent ids)
// and tensor views (storage, offset, sizes, strides) which the checkpoint reader turns into
// tensors once the storages' bytes are known.

#include <c10/core/ScalarType.h>

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace instyle::pickle {

// Sequential bytes with a known remainder; reads beyond it throw Error(Format).
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual uint64_t position() const = 0;
    virtual uint64_t remaining() const = 0;
    // Throws Error(Format, "<name>: truncated ...") when fewer than n bytes remain.
    virtual void read(void* destination, size_t n) = 0;
    const std::string& name() const { return name_; }

protected:
    explicit ByteSource(std::string name) : name_(std::move(name)) {}
    [[noreturn]] void truncated(size_t wanted) const;

private:
    std::string name_;
};

class MemorySource final : public ByteSource {
public:
    MemorySource(const void* data, size_t size, std::string name)
        : ByteSource(std::move(name)), data_(static_cast<const uint8_t*>(data)), size_(size) {}
    uint64_t position() const override { return pos_; }
    uint64_t remaining() const override { return size_ - pos_; }
    void read(void* destination, size_t n) override;

private:
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
};

// Reads [start, end) of a stream.
class StreamSource final : public ByteSource {
public:
    StreamSource(std::istream& in, uint64_t start, uint64_t end, std::string name);
    uint64_t position() const override { return pos_; }
    uint64_t remaining() const override { return end_ - pos_; }
    void read(void* destination, size_t n) override;

private:
    std::istream& in_;
    uint64_t pos_;
    uint64_t end_;
};

using Ref = uint32_t;

enum class Kind : uint8_t {
    None, Bool, Int, BigInt, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor,
    ScriptObject  // an instance of a TorchScript class (scriptObjects mode only): text = class, items = {state}
};

// The callables and types a checkpoint may name. Everything else is refused.
enum class GlobalId : uint8_t {
    OrderedDict,
    RebuildTensor,           // torch._utils._rebuild_tensor (pre-0.4 files)
    RebuildTensorV2,         // torch._utils._rebuild_tensor_v2
    RebuildParameter,        // torch._utils._rebuild_parameter
    RebuildParameterWithState,
    RebuildFromTypeV2,       // torch._tensor._rebuild_from_type_v2 (plain Tensor/Parameter only)
    Parameter,               // torch.nn.parameter.Parameter (0.4-era pickles)
    TensorType,              // torch.Tensor, as a type marker
    TorchSize,
    CodecsEncode,            // _codecs.encode(str, "latin1"): bytes in protocol-2 pickles
    JitIdentity,             // torch.jit._pickle.build_*list / restore_type_tag
    StorageType,             // torch.FloatStorage, torch.cuda.HalfStorage, ...
    ScriptClass,             // __torch__.*: a TorchScript class (scriptObjects mode only)
};

struct Object {
    Kind kind = Kind::None;
    GlobalId global = GlobalId::OrderedDict;  // Kind::Global
    c10::ScalarType dtype = c10::ScalarType::Float;  // StorageType globals
    bool orderedDict = false;                 // Dict created through collections.OrderedDict
    bool hasMetadata = false;                 // Dict that received `_metadata` through BUILD
    int64_t integer = 0;                      // Bool, Int, Storage/Tensor index
    double real = 0;
    std::string text;                         // String, Bytes, BigInt (little-endian bytes), Global name
    std::vector<Ref> items;                   // Tuple, List; Dict: key, value, key, value, ...
    std::unordered_map<std::string, size_t>* index = nullptr;  // Dict key → position in items (owned by the arena)
};

// A storage named by a persistent id ('storage', type, key, location, numel[, view]).
struct StorageDecl {
    std::string key;
    c10::ScalarType dtype = c10::ScalarType::Float;
    uint64_t numel = 0;
    std::string location;
};

// A view of a declared storage (old legacy files could pickle storage views).
struct StorageView {
    size_t decl = 0;
    uint64_t offset = 0;  // elements
    uint64_t numel = 0;
};

struct TensorSpec {
    size_t view = 0;  // index into views()
    int64_t offset = 0;
    std::vector<int64_t> sizes, strides;
    bool requiresGrad = false;
};

class Unpickler {
public:
    // scriptObjects: also accept the classes of a TorchScript archive's data.pkl (GLOBALs under
    // `__torch__`). Such an object is only a record of its class name and its pickled state
    // (NEWOBJ with no arguments, then BUILD); no code is compiled or run.
    explicit Unpickler(ByteSource& source, bool scriptObjects = false);
    ~Unpickler();
    Unpickler(const Unpickler&) = delete;
    Unpickler& operator=(const Unpickler&) = delete;

    // Runs the pickle up to STOP and returns the root object. May be called again for the next
    // pickle in the same source (the legacy format holds several); declarations accumulate.
    Ref load();

    const Object& at(Ref ref) const { return objects_[ref]; }
    const std::vector<StorageDecl>& storages() const { return storages_; }
    const std::vector<StorageView>& views() const { return views_; }
    const std::vector<TensorSpec>& tensors() const { return tensors_; }
    // The string of a String/Bytes object, or throws Error(Format) naming `what`.
    const std::string& stringAt(Ref ref, const char* what) const;

private:
    struct Impl;
    friend struct Impl;
    ByteSource& source_;
    bool scriptObjects_;
    std::vector<Object> objects_;
    std::vector<std::unique_ptr<std::unordered_map<std::string, size_t>>> indexes_;
    std::vector<StorageDecl> storages_;
    std::unordered_map<std::string, size_t> storageByKey_;
    std::vector<StorageView> views_;
    std::vector<TensorSpec> tensors_;
};

// "float32", "float16", ... as Python's torch prints dtypes (without the "torch." prefix).
std::string dtypeName(c10::ScalarType type);

namespace detail {
// The allowlist: true (and the id, and for storage types the dtype) for a permitted global.
bool resolveGlobal(const std::string& module, const std::string& name, GlobalId& id, c10::ScalarType& dtype);
}  // namespace detail

}  // namespace instyle::pickle
