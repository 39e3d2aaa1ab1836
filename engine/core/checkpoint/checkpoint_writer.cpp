// writeCheckpoint: the zip torch.save format, pickled by hand (protocol 2, as torch.save does)
// so that Python's torch.load reads an OrderedDict, as it would from torch.save(state_dict).

#include "core/base/error.h"
#include "core/checkpoint/checkpoint_reader.h"
#include "core/checkpoint/pickle_opcodes.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace instyle {

namespace {

using pickle::OpCode;

const char* storageTypeName(c10::ScalarType type) {
    switch (type) {
        case c10::ScalarType::Float: return "FloatStorage";
        case c10::ScalarType::Half: return "HalfStorage";
        case c10::ScalarType::BFloat16: return "BFloat16Storage";
        case c10::ScalarType::Double: return "DoubleStorage";
        case c10::ScalarType::Long: return "LongStorage";
        case c10::ScalarType::Int: return "IntStorage";
        case c10::ScalarType::Short: return "ShortStorage";
        case c10::ScalarType::Char: return "CharStorage";
        case c10::ScalarType::Byte: return "ByteStorage";
        case c10::ScalarType::Bool: return "BoolStorage";
        case c10::ScalarType::ComplexFloat: return "ComplexFloatStorage";
        case c10::ScalarType::ComplexDouble: return "ComplexDoubleStorage";
        default: return nullptr;
    }
}

class Pickler {
public:
    std::string bytes;

    void op(OpCode code) { byte(static_cast<uint8_t>(code)); }
    void byte(uint8_t b) { bytes.push_back(static_cast<char>(b)); }
    void global(const std::string& module, const std::string& name) {
        op(OpCode::Global);
        bytes += module + "\n" + name + "\n";
    }
    void string(const std::string& s) {
        op(OpCode::BinUnicode);
        le(s.size(), 4);
        bytes += s;
    }
    void integer(int64_t v) {
        if (v >= INT32_MIN && v <= INT32_MAX) {
            op(OpCode::BinInt);
            le(static_cast<uint64_t>(static_cast<uint32_t>(static_cast<int32_t>(v))), 4);
        } else {
            op(OpCode::Long1);  // 8 bytes, two's complement
            byte(8);
            le(static_cast<uint64_t>(v), 8);
        }
    }
    void intTuple(c10::IntArrayRef values) {
        op(OpCode::Mark);
        for (int64_t v : values) integer(v);
        op(OpCode::Tuple);
    }
    void emptyOrderedDict() {
        global("collections", "OrderedDict");
        op(OpCode::EmptyTuple);
        op(OpCode::Reduce);
    }
    void tensor(const torch::Tensor& t, const std::string& storageKey) {
        global("torch._utils", "_rebuild_tensor_v2");
        op(OpCode::Mark);
        op(OpCode::Mark);
        string("storage");
        global("torch", storageTypeName(t.scalar_type()));
        string(storageKey);
        string("cpu");
        integer(t.numel());
        op(OpCode::Tuple);
        op(OpCode::BinPersId);
        integer(0);
        intTuple(t.sizes());
        intTuple(t.strides());
        op(OpCode::NewFalse);  // requires_grad = False
        emptyOrderedDict();  // backward hooks
        op(OpCode::Tuple);
        op(OpCode::Reduce);
    }

private:
    void le(uint64_t v, int n) {
        for (int i = 0; i < n; ++i, v >>= 8) bytes.push_back(static_cast<char>(v & 0xFF));
    }
};

}  // namespace

void writeCheckpoint(const std::string& path, const StateDict& tensors) {
    std::vector<torch::Tensor> data;
    Pickler p;
    p.op(OpCode::Proto);
    p.byte(2);  // the protocol
    p.emptyOrderedDict();
    size_t inBatch = 0;
    for (const auto& item : tensors) {
        if (!item.value().defined()) throw Error(ErrorCategory::InvalidArgument, path + ": tensor '" + item.key() + "' is undefined");
        if (!storageTypeName(item.value().scalar_type()))
            throw Error(ErrorCategory::InvalidArgument, path + ": tensor '" + item.key() + "' has an unsupported dtype");
        if (inBatch == 0) p.op(OpCode::Mark);
        data.push_back(item.value().detach().to(torch::kCPU).contiguous());
        p.string(item.key());
        p.tensor(data.back(), std::to_string(data.size() - 1));
        if (++inBatch == 1000) {  // as Python's pickle batches SETITEMS
            p.op(OpCode::SetItems);
            inBatch = 0;
        }
    }
    if (inBatch) p.op(OpCode::SetItems);
    p.op(OpCode::Stop);

    const std::string temp = path + ".part" + std::to_string(::getpid());
    try {
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            if (!out) throw Error(ErrorCategory::Io, path + ": cannot write " + temp);
            caffe2::serialize::PyTorchStreamWriter writer([&](const void* buffer, size_t n) -> size_t {
                out.write(static_cast<const char*>(buffer), static_cast<std::streamsize>(n));
                return out ? n : 0;
            });
            writer.writeRecord("data.pkl", p.bytes.data(), p.bytes.size());
            for (size_t i = 0; i < data.size(); ++i)
                writer.writeRecord("data/" + std::to_string(i), data[i].data_ptr(), data[i].nbytes());
            writer.writeEndOfFile();
            out.flush();
            if (!out) throw Error(ErrorCategory::Io, path + ": write failed (disk full?)");
        }
        std::filesystem::rename(temp, path);
    } catch (const Error&) {
        std::remove(temp.c_str());
        throw;
    } catch (const std::exception& e) {
        std::remove(temp.c_str());
        throw Error(ErrorCategory::Io, path + ": cannot write (" + std::string(e.what()).substr(0, 200) + ")");
    }
}

}  // namespace instyle
