// The byte sources, dtype names and the allowlist of globals of the pickle reader.

#include "core/base/error.h"
#include "core/checkpoint/pickle_reader.h"

#include <cstring>
#include <istream>

namespace instyle::pickle {

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw Error(ErrorCategory::Format, source + ": " + what);
}

struct StorageTypeName {
    const char* name;
    c10::ScalarType dtype;
};
constexpr StorageTypeName kStorageTypes[] = {
    {"FloatStorage", c10::ScalarType::Float},         {"HalfStorage", c10::ScalarType::Half},
    {"BFloat16Storage", c10::ScalarType::BFloat16},   {"DoubleStorage", c10::ScalarType::Double},
    {"LongStorage", c10::ScalarType::Long},           {"IntStorage", c10::ScalarType::Int},
    {"ShortStorage", c10::ScalarType::Short},         {"CharStorage", c10::ScalarType::Char},
    {"ByteStorage", c10::ScalarType::Byte},           {"BoolStorage", c10::ScalarType::Bool},
    {"ComplexFloatStorage", c10::ScalarType::ComplexFloat},
    {"ComplexDoubleStorage", c10::ScalarType::ComplexDouble},
};

}  // namespace

namespace detail {

bool resolveGlobal(const std::string& module, const std::string& name, GlobalId& id, c10::ScalarType& dtype) {
    if (module == "collections" && name == "OrderedDict") return id = GlobalId::OrderedDict, true;
    if (module == "torch._utils") {
        if (name == "_rebuild_tensor") return id = GlobalId::RebuildTensor, true;
        if (name == "_rebuild_tensor_v2") return id = GlobalId::RebuildTensorV2, true;
        if (name == "_rebuild_parameter") return id = GlobalId::RebuildParameter, true;
        if (name == "_rebuild_parameter_with_state") return id = GlobalId::RebuildParameterWithState, true;
    }
    if (module == "torch._tensor" && name == "_rebuild_from_type_v2") return id = GlobalId::RebuildFromTypeV2, true;
    if (module == "torch.nn.parameter" && name == "Parameter") return id = GlobalId::Parameter, true;
    if (module == "_codecs" && name == "encode") return id = GlobalId::CodecsEncode, true;
    if (module == "torch.jit._pickle" &&
        (name == "build_intlist" || name == "build_doublelist" || name == "build_boollist" ||
         name == "build_tensorlist" || name == "build_genericlist" || name == "restore_type_tag"))
        return id = GlobalId::JitIdentity, true;
    if (module == "torch" && name == "Tensor") return id = GlobalId::TensorType, true;
    if (module == "torch" && name == "Size") return id = GlobalId::TorchSize, true;
    if (module == "torch" || module == "torch.cuda") {
        for (const auto& s : kStorageTypes)
            if (name == s.name) return id = GlobalId::StorageType, dtype = s.dtype, true;
    }
    return false;
}

}  // namespace detail

void ByteSource::truncated(size_t wanted) const {
    fail(name_, "truncated: needs " + std::to_string(wanted) + " more bytes at offset " +
                    std::to_string(position()) + " but only " + std::to_string(remaining()) + " remain");
}

void MemorySource::read(void* destination, size_t n) {
    if (n > size_ - pos_) truncated(n);
    if (n) std::memcpy(destination, data_ + pos_, n);
    pos_ += n;
}

StreamSource::StreamSource(std::istream& in, uint64_t start, uint64_t end, std::string name)
    : ByteSource(std::move(name)), in_(in), pos_(start), end_(std::max(start, end)) {
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(start));
}

void StreamSource::read(void* destination, size_t n) {
    if (n > end_ - pos_) truncated(n);
    in_.read(static_cast<char*>(destination), static_cast<std::streamsize>(n));
    if (static_cast<size_t>(in_.gcount()) != n) fail(name(), "read error at offset " + std::to_string(pos_));
    pos_ += n;
}

std::string dtypeName(c10::ScalarType type) {
    switch (type) {
        case c10::ScalarType::Float: return "float32";
        case c10::ScalarType::Half: return "float16";
        case c10::ScalarType::BFloat16: return "bfloat16";
        case c10::ScalarType::Double: return "float64";
        case c10::ScalarType::Long: return "int64";
        case c10::ScalarType::Int: return "int32";
        case c10::ScalarType::Short: return "int16";
        case c10::ScalarType::Char: return "int8";
        case c10::ScalarType::Byte: return "uint8";
        case c10::ScalarType::Bool: return "bool";
        case c10::ScalarType::ComplexFloat: return "complex64";
        case c10::ScalarType::ComplexDouble: return "complex128";
        default: return c10::toString(type);
    }
}

}  // namespace instyle::pickle
