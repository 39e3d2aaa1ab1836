#include "core/checkpoint/pickle_reader.h"

#include "core/base/error.h"
#include "core/checkpoint/pickle_opcodes.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <limits>

namespace instyle::pickle {

namespace {

// Far above what any state dict needs (a 500-tensor model uses ~10k objects), far below what
// would exhaust memory (~100 bytes each).
constexpr size_t kMaxObjects = size_t(1) << 21;
constexpr size_t kMaxLine = 4096;
constexpr size_t kMaxDims = 64;
constexpr int kMaxKeyDepth = 16;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw Error(ErrorCategory::Format, source + ": " + what);
}

}  // namespace

using detail::resolveGlobal;

// The interpreter proper. One instance per load() call; objects and declarations live in the
// Unpickler so that later pickles in the same file can refer to them.
struct Unpickler::Impl {
    Unpickler& u;
    ByteSource& in;
    std::vector<Ref> stack;
    std::vector<size_t> marks;
    std::unordered_map<uint64_t, Ref> memo;

    [[noreturn]] void error(const std::string& what) const {
        fail(in.name(), what + " (pickle offset " + std::to_string(in.position()) + ")");
    }

    uint8_t u8() {
        uint8_t v;
        in.read(&v, 1);
        return v;
    }
    uint64_t uintLE(size_t n) {
        uint8_t b[8];
        in.read(b, n);
        uint64_t v = 0;
        for (size_t i = n; i-- > 0;) v = (v << 8) | b[i];
        return v;
    }
    std::string bytes(uint64_t n) {
        if (n > in.remaining()) in.read(nullptr, n);  // throws "truncated"
        std::string s(static_cast<size_t>(n), '\0');
        in.read(s.data(), s.size());
        return s;
    }
    std::string line() {
        std::string s;
        for (;;) {
            const char c = static_cast<char>(u8());
            if (c == '\n') break;
            if (s.size() >= kMaxLine) error("text line longer than " + std::to_string(kMaxLine) + " bytes");
            s.push_back(c);
        }
        if (!s.empty() && s.back() == '\r') s.pop_back();
        return s;
    }

    Ref make(Kind kind) {
        if (u.objects_.size() >= kMaxObjects) error("more than " + std::to_string(kMaxObjects) + " objects");
        u.objects_.emplace_back();
        u.objects_.back().kind = kind;
        return static_cast<Ref>(u.objects_.size() - 1);
    }
    Object& obj(Ref r) { return u.objects_[r]; }
    Ref makeInt(int64_t v) {
        Ref r = make(Kind::Int);
        obj(r).integer = v;
        return r;
    }
    Ref makeString(std::string s, Kind kind = Kind::String) {
        Ref r = make(kind);
        obj(r).text = std::move(s);
        return r;
    }
    Ref makeDict(bool ordered) {
        Ref r = make(Kind::Dict);
        u.indexes_.push_back(std::make_unique<std::unordered_map<std::string, size_t>>());
        obj(r).index = u.indexes_.back().get();
        obj(r).orderedDict = ordered;
        return r;
    }

    void push(Ref r) {
        if (stack.size() >= kMaxObjects) error("pickle stack too deep");
        stack.push_back(r);
    }
    Ref pop() {
        if (stack.size() <= (marks.empty() ? 0 : marks.back())) error("pickle stack underflow");
        Ref r = stack.back();
        stack.pop_back();
        return r;
    }
    Ref top() {
        if (stack.size() <= (marks.empty() ? 0 : marks.back())) error("pickle stack underflow");
        return stack.back();
    }
    std::vector<Ref> popMark() {
        if (marks.empty()) error("MARK missing");
        const size_t m = marks.back();
        marks.pop_back();
        std::vector<Ref> items(stack.begin() + static_cast<std::ptrdiff_t>(m), stack.end());
        stack.resize(m);
        return items;
    }
    void memoPut(uint64_t index) {
        if (memo.size() >= kMaxObjects) error("memo too large");
        memo[index] = top();
    }
    void memoGet(uint64_t index) {
        auto it = memo.find(index);
        if (it == memo.end()) error("memo entry " + std::to_string(index) + " missing");
        push(it->second);
    }

    std::string keySignature(Ref r, int depth) {
        if (depth > kMaxKeyDepth) error("dict key nested too deeply");
        const Object& o = obj(r);
        switch (o.kind) {
            case Kind::String:
            case Kind::Bytes: return "s" + o.text;
            case Kind::Int:
            case Kind::Bool: return "i" + std::to_string(o.integer);
            case Kind::BigInt: return "b" + o.text;
            case Kind::None: return "n";
            case Kind::Float: return "f" + std::to_string(o.real);
            case Kind::Tuple: {
                std::string s = "t(";
                for (Ref item : std::vector<Ref>(o.items)) s += keySignature(item, depth + 1) + ",";
                return s + ")";
            }
            default: error("unhashable dict key");
        }
    }
    void setItem(Ref dict, Ref key, Ref value) {
        if (obj(dict).kind != Kind::Dict) error("SETITEM on a non-dict");
        const std::string sig = keySignature(key, 0);
        auto& index = *obj(dict).index;
        auto it = index.find(sig);
        if (it != index.end()) {
            obj(dict).items[it->second + 1] = value;
        } else {
            index.emplace(sig, obj(dict).items.size());
            obj(dict).items.push_back(key);
            obj(dict).items.push_back(value);
        }
    }
    void append(Ref list, const std::vector<Ref>& items) {
        if (obj(list).kind != Kind::List) error("APPEND on a non-list");
        auto& v = obj(list).items;
        v.insert(v.end(), items.begin(), items.end());
    }

    Ref global(const std::string& module, const std::string& name) {
        GlobalId id{};
        c10::ScalarType dtype = c10::ScalarType::Float;
        if (u.scriptObjects_ && (module == "__torch__" || module.compare(0, 10, "__torch__.") == 0)) {
            if (name.empty() || module.size() + name.size() > kMaxLine) error("malformed TorchScript class name");
            id = GlobalId::ScriptClass;
        } else if (!resolveGlobal(module, name, id, dtype))
            fail(in.name(), "refused to load the global '" + module + "." + name +
                                "': only tensors and plain containers may appear in a checkpoint "
                                "(the file may be malicious; nothing was executed)");
        Ref r = make(Kind::Global);
        obj(r).global = id;
        obj(r).dtype = dtype;
        obj(r).text = module + "." + name;
        return r;
    }

    int64_t intArg(Ref r, const char* what) {
        const Object& o = obj(r);
        if (o.kind != Kind::Int && o.kind != Kind::Bool) error(std::string(what) + " is not an integer");
        return o.integer;
    }
    std::vector<int64_t> intTuple(Ref r, const char* what) {
        const Object& o = obj(r);
        if (o.kind != Kind::Tuple && o.kind != Kind::List) error(std::string(what) + " is not a tuple");
        if (o.items.size() > kMaxDims) error(std::string(what) + " has more than 64 dimensions");
        std::vector<int64_t> v;
        for (Ref item : std::vector<Ref>(o.items)) {
            const int64_t x = intArg(item, what);
            if (x < 0) error(std::string(what) + " has a negative entry");
            v.push_back(x);
        }
        return v;
    }

    Ref persistentLoad(Ref pid) {
        const Object& id = obj(pid);
        if (id.kind != Kind::Tuple || id.items.empty()) error("persistent id is not a tuple");
        const std::vector<Ref> f = id.items;
        const std::string& tag = u.stringAt(f[0], "persistent id tag");
        if (tag == "module")
            error("holds a whole pickled module (torch.save(model)); save model.state_dict() instead");
        if (tag != "storage" || (f.size() != 5 && f.size() != 6)) error("unknown persistent id '" + tag + "'");
        const Object& type = obj(f[1]);
        if (type.kind != Kind::Global || type.global != GlobalId::StorageType) error("persistent id without a storage type");
        std::string key;
        if (obj(f[2]).kind == Kind::Int) key = std::to_string(obj(f[2]).integer);
        else key = u.stringAt(f[2], "storage key");
        const std::string location = u.stringAt(f[3], "storage location");
        const int64_t numel = intArg(f[4], "storage size");
        const size_t elementSize = c10::elementSize(type.dtype);
        if (numel < 0 || static_cast<uint64_t>(numel) > (uint64_t(1) << 62) / elementSize)
            error("storage '" + key + "' declares an impossible size " + std::to_string(numel));
        const size_t decl = declare(key, type.dtype, static_cast<uint64_t>(numel), location);
        StorageView view{decl, 0, static_cast<uint64_t>(numel)};
        if (f.size() == 6 && obj(f[5]).kind != Kind::None) {
            const Object& meta = obj(f[5]);
            if (meta.kind != Kind::Tuple || meta.items.size() != 3) error("malformed storage view");
            const std::vector<Ref> m = meta.items;
            const std::string viewKey = u.stringAt(m[0], "storage view key");
            const int64_t offset = intArg(m[1], "storage view offset");
            const int64_t size = intArg(m[2], "storage view size");
            if (offset < 0 || size < 0 || static_cast<uint64_t>(offset) > view.numel ||
                static_cast<uint64_t>(size) > view.numel - static_cast<uint64_t>(offset))
                error("storage view '" + viewKey + "' lies outside its storage");
            view.offset = static_cast<uint64_t>(offset);
            view.numel = static_cast<uint64_t>(size);
        }
        u.views_.push_back(view);
        Ref r = make(Kind::Storage);
        obj(r).integer = static_cast<int64_t>(u.views_.size() - 1);
        return r;
    }
    size_t declare(const std::string& key, c10::ScalarType dtype, uint64_t numel, const std::string& location) {
        auto it = u.storageByKey_.find(key);
        if (it != u.storageByKey_.end()) {
            const StorageDecl& d = u.storages_[it->second];
            if (d.dtype != dtype || d.numel != numel) error("storage '" + key + "' declared twice differently");
            return it->second;
        }
        u.storages_.push_back({key, dtype, numel, location});
        u.storageByKey_.emplace(key, u.storages_.size() - 1);
        return u.storages_.size() - 1;
    }

    Ref rebuildTensor(const std::vector<Ref>& args, bool v2) {
        if (v2 ? (args.size() < 6 || args.size() > 7) : args.size() != 4) error("tensor rebuild with wrong arguments");
        if (obj(args[0]).kind != Kind::Storage) error("tensor without a storage");
        TensorSpec t;
        t.view = static_cast<size_t>(obj(args[0]).integer);
        t.offset = intArg(args[1], "storage offset");
        t.sizes = intTuple(args[2], "tensor size");
        t.strides = intTuple(args[3], "tensor stride");
        if (v2) t.requiresGrad = obj(args[4]).kind == Kind::Bool && obj(args[4]).integer;
        if (t.offset < 0) error("negative storage offset");
        if (t.sizes.size() != t.strides.size()) error("tensor size and stride differ in length");
        const StorageView& view = u.views_[t.view];
        unsigned __int128 numel = 1, last = static_cast<uint64_t>(t.offset);
        for (size_t i = 0; i < t.sizes.size(); ++i) {
            numel *= static_cast<uint64_t>(t.sizes[i]);
            if (numel > (unsigned __int128)(uint64_t(1) << 62)) error("tensor too large");
            if (t.sizes[i] > 0) last += (unsigned __int128)(uint64_t)(t.sizes[i] - 1) * (uint64_t)t.strides[i];
        }
        if (numel == 0) last = static_cast<uint64_t>(t.offset);
        const bool inside = numel == 0 ? last <= view.numel : last < view.numel;
        if (!inside || last > (unsigned __int128)(uint64_t(1) << 62))
            error("tensor of size " + sizeString(t.sizes) + " at offset " + std::to_string(t.offset) +
                  " lies outside its storage of " + std::to_string(view.numel) + " elements");
        u.tensors_.push_back(std::move(t));
        Ref r = make(Kind::Tensor);
        obj(r).integer = static_cast<int64_t>(u.tensors_.size() - 1);
        return r;
    }
    static std::string sizeString(const std::vector<int64_t>& sizes) {
        std::string s = "[";
        for (size_t i = 0; i < sizes.size(); ++i) s += (i ? "x" : "") + std::to_string(sizes[i]);
        return s + "]";
    }

    Ref call(Ref callable, Ref argsRef, int depth) {
        const Object& f = obj(callable);
        if (f.kind != Kind::Global) error("REDUCE on something that is not an allowed function");
        if (obj(argsRef).kind != Kind::Tuple) error("REDUCE arguments are not a tuple");
        const std::vector<Ref> args = obj(argsRef).items;
        const std::string name = f.text;
        switch (f.global) {
            case GlobalId::OrderedDict: {
                Ref d = makeDict(true);
                if (args.empty()) return d;
                const Object& items = obj(args[0]);
                if (args.size() != 1 || (items.kind != Kind::List && items.kind != Kind::Tuple))
                    error("OrderedDict with unexpected arguments");
                for (Ref pair : std::vector<Ref>(items.items)) {
                    const Object& p = obj(pair);
                    if ((p.kind != Kind::List && p.kind != Kind::Tuple) || p.items.size() != 2)
                        error("OrderedDict item is not a pair");
                    setItem(d, p.items[0], p.items[1]);
                }
                return d;
            }
            case GlobalId::RebuildTensor: return rebuildTensor(args, false);
            case GlobalId::RebuildTensorV2: return rebuildTensor(args, true);
            case GlobalId::RebuildParameter:
            case GlobalId::RebuildParameterWithState:
            case GlobalId::Parameter:
                if (args.empty() || obj(args[0]).kind != Kind::Tensor) error(name + " without a tensor");
                return args[0];
            case GlobalId::RebuildFromTypeV2: {
                if (depth > 0 || args.size() != 4 || obj(args[1]).kind != Kind::Global ||
                    (obj(args[1]).global != GlobalId::TensorType && obj(args[1]).global != GlobalId::Parameter))
                    error(name + " with unexpected arguments");
                return call(args[0], args[2], depth + 1);
            }
            case GlobalId::TorchSize: {
                if (args.size() != 1 || (obj(args[0]).kind != Kind::Tuple && obj(args[0]).kind != Kind::List))
                    error("torch.Size with unexpected arguments");
                Ref t = make(Kind::Tuple);
                obj(t).items = obj(args[0]).items;
                return t;
            }
            case GlobalId::CodecsEncode: return latin1(args);
            case GlobalId::JitIdentity:
                if (args.empty()) error(name + " without arguments");
                return args[0];
            case GlobalId::TensorType:
            case GlobalId::StorageType:
            case GlobalId::ScriptClass: break;
        }
        error("refused to call '" + name + "'");
    }
    Ref latin1(const std::vector<Ref>& args) {
        if (args.size() != 2) error("_codecs.encode with unexpected arguments");
        const std::string& encoding = u.stringAt(args[1], "encoding");
        if (encoding != "latin1" && encoding != "latin-1") error("_codecs.encode with encoding '" + encoding + "'");
        const std::string& s = u.stringAt(args[0], "encoded text");
        std::string out;
        for (size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<uint8_t>(s[i]);
            if (c < 0x80) {
                out.push_back(static_cast<char>(c));
            } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) {
                out.push_back(static_cast<char>(((c & 0x1F) << 6) | (static_cast<uint8_t>(s[++i]) & 0x3F)));
            } else {
                error("_codecs.encode of text outside latin-1");
            }
        }
        return makeString(std::move(out), Kind::Bytes);
    }

    Ref textString(std::string s) {
        // Protocol 0 STRING: a quoted repr. Escapes are not needed by any checkpoint we know.
        if (s.size() < 2 || (s.front() != '\'' && s.front() != '"') || s.back() != s.front())
            error("malformed STRING");
        s = s.substr(1, s.size() - 2);
        if (s.find('\\') != std::string::npos) error("escaped STRING not supported");
        return makeString(std::move(s), Kind::Bytes);
    }
    Ref textInt(const std::string& s, bool isLong) {
        if (!isLong && s == "00") return makeBool(false);
        if (!isLong && s == "01") return makeBool(true);
        std::string digits = s;
        if (isLong && !digits.empty() && digits.back() == 'L') digits.pop_back();
        size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(digits, &used, 10);
        } catch (const std::exception&) {
            error("malformed or out-of-range integer '" + s.substr(0, 32) + "'");
        }
        if (used != digits.size()) error("malformed integer '" + s.substr(0, 32) + "'");
        return makeInt(v);
    }
    Ref makeBool(bool v) {
        Ref r = make(Kind::Bool);
        obj(r).integer = v;
        return r;
    }
    Ref longBytes(uint64_t n) {
        std::string b = bytes(n);
        if (n <= 8) {
            uint64_t v = 0;
            for (size_t i = n; i-- > 0;) v = (v << 8) | static_cast<uint8_t>(b[i]);
            if (n > 0 && n < 8 && (static_cast<uint8_t>(b[n - 1]) & 0x80)) v |= ~uint64_t(0) << (8 * n);
            return makeInt(static_cast<int64_t>(v));
        }
        return makeString(std::move(b), Kind::BigInt);
    }
    Ref binFloat() {
        const uint64_t bits = [&] {
            uint8_t b[8];
            in.read(b, 8);
            uint64_t v = 0;
            for (uint8_t x : b) v = (v << 8) | x;  // big-endian
            return v;
        }();
        double d;
        std::memcpy(&d, &bits, 8);
        Ref r = make(Kind::Float);
        obj(r).real = d;
        return r;
    }

    Ref run();
    void build();
};

void Unpickler::Impl::build() {
    const Ref state = pop();
    const Ref target = top();
    if (obj(target).kind == Kind::ScriptObject) {
        if (!obj(target).items.empty()) error("TorchScript object built twice");
        obj(target).items.push_back(state);
        return;
    }
    // Nothing is ever set on a Python object; the only state we care about is a state dict's
    // `_metadata` (recorded so tests can tell new files from pre-0.4 ones).
    if (obj(target).kind == Kind::Dict && obj(state).kind == Kind::Dict) {
        const auto& idx = *obj(state).index;
        if (idx.count("s_metadata")) obj(target).hasMetadata = true;
    }
}

Ref Unpickler::Impl::run() {
    for (;;) {
        const uint8_t op = u8();
        switch (static_cast<OpCode>(op)) {
            case OpCode::Proto: u8(); break;
            case OpCode::Frame: uintLE(8); break;
            case OpCode::Stop:
                if (!marks.empty() || stack.size() != 1) error("malformed pickle at STOP");
                return stack.back();
            case OpCode::Mark:
                if (marks.size() >= kMaxObjects) error("too many MARKs");
                marks.push_back(stack.size());
                break;
            case OpCode::Pop: pop(); break;
            case OpCode::PopMark: popMark(); break;
            case OpCode::Dup: push(top()); break;
            case OpCode::None: push(make(Kind::None)); break;
            case OpCode::NewTrue: push(makeBool(true)); break;
            case OpCode::NewFalse: push(makeBool(false)); break;
            case OpCode::BinInt1: push(makeInt(u8())); break;
            case OpCode::BinInt2: push(makeInt(static_cast<int64_t>(uintLE(2)))); break;
            case OpCode::BinInt: push(makeInt(static_cast<int32_t>(uintLE(4)))); break;
            case OpCode::Int: push(textInt(line(), false)); break;
            case OpCode::Long: push(textInt(line(), true)); break;
            case OpCode::Long1: push(longBytes(u8())); break;
            case OpCode::Long4: {
                const auto n = static_cast<int32_t>(uintLE(4));
                if (n < 0) error("negative LONG4 length");
                push(longBytes(static_cast<uint64_t>(n)));
                break;
            }
            case OpCode::BinFloat: push(binFloat()); break;
            case OpCode::Float: {
                const std::string s = line();
                char* end = nullptr;
                const double d = std::strtod(s.c_str(), &end);
                if (s.empty() || end != s.c_str() + s.size()) error("malformed FLOAT");
                Ref r = make(Kind::Float);
                obj(r).real = d;
                push(r);
                break;
            }
            case OpCode::BinUnicode: push(makeString(bytes(uintLE(4)))); break;
            case OpCode::ShortBinUnicode: push(makeString(bytes(u8()))); break;
            case OpCode::BinUnicode8: push(makeString(bytes(uintLE(8)))); break;
            case OpCode::Unicode: push(makeString(line())); break;
            case OpCode::BinString: {
                const auto n = static_cast<int32_t>(uintLE(4));
                if (n < 0) error("negative BINSTRING length");
                push(makeString(bytes(static_cast<uint64_t>(n)), Kind::Bytes));
                break;
            }
            case OpCode::ShortBinString: push(makeString(bytes(u8()), Kind::Bytes)); break;
            case OpCode::String: push(textString(line())); break;
            case OpCode::BinBytes: push(makeString(bytes(uintLE(4)), Kind::Bytes)); break;
            case OpCode::ShortBinBytes: push(makeString(bytes(u8()), Kind::Bytes)); break;
            case OpCode::BinBytes8: push(makeString(bytes(uintLE(8)), Kind::Bytes)); break;
            case OpCode::ByteArray8: push(makeString(bytes(uintLE(8)), Kind::Bytes)); break;
            case OpCode::EmptyTuple: push(make(Kind::Tuple)); break;
            case OpCode::Tuple1:
            case OpCode::Tuple2:
            case OpCode::Tuple3: {
                std::vector<Ref> items(op - static_cast<uint8_t>(OpCode::Tuple1) + 1);
                for (size_t i = items.size(); i-- > 0;) items[i] = pop();
                Ref t = make(Kind::Tuple);
                obj(t).items = std::move(items);
                push(t);
                break;
            }
            case OpCode::Tuple: {
                std::vector<Ref> items = popMark();
                Ref t = make(Kind::Tuple);
                obj(t).items = std::move(items);
                push(t);
                break;
            }
            case OpCode::EmptyList:
            case OpCode::EmptySet: push(make(Kind::List)); break;
            case OpCode::List:
            case OpCode::FrozenSet: {
                std::vector<Ref> items = popMark();
                Ref l = make(Kind::List);
                obj(l).items = std::move(items);
                push(l);
                break;
            }
            case OpCode::Append: {
                Ref v = pop();
                append(top(), {v});
                break;
            }
            case OpCode::Appends:
            case OpCode::AddItems: {
                std::vector<Ref> items = popMark();
                append(top(), items);
                break;
            }
            case OpCode::EmptyDict: push(makeDict(false)); break;
            case OpCode::Dict: {
                std::vector<Ref> items = popMark();
                if (items.size() % 2) error("DICT with an odd number of items");
                Ref d = makeDict(false);
                for (size_t i = 0; i < items.size(); i += 2) setItem(d, items[i], items[i + 1]);
                push(d);
                break;
            }
            case OpCode::SetItem: {
                Ref v = pop();
                Ref k = pop();
                setItem(top(), k, v);
                break;
            }
            case OpCode::SetItems: {
                std::vector<Ref> items = popMark();
                if (items.size() % 2) error("SETITEMS with an odd number of items");
                Ref d = top();
                for (size_t i = 0; i < items.size(); i += 2) setItem(d, items[i], items[i + 1]);
                break;
            }
            case OpCode::Put: {
                const std::string s = line();
                try {
                    memoPut(std::stoull(s));
                } catch (const std::logic_error&) {
                    error("malformed PUT");
                }
                break;
            }
            case OpCode::BinPut: memoPut(u8()); break;
            case OpCode::LongBinPut: memoPut(uintLE(4)); break;
            case OpCode::Memoize: memoPut(memo.size()); break;
            case OpCode::Get: {
                const std::string s = line();
                uint64_t index = 0;
                try {
                    index = std::stoull(s);
                } catch (const std::logic_error&) {
                    error("malformed GET");
                }
                memoGet(index);
                break;
            }
            case OpCode::BinGet: memoGet(u8()); break;
            case OpCode::LongBinGet: memoGet(uintLE(4)); break;
            case OpCode::Global: {
                const std::string module = line();
                const std::string name = line();
                push(global(module, name));
                break;
            }
            case OpCode::StackGlobal: {
                Ref name = pop();
                Ref module = pop();
                push(global(u.stringAt(module, "global module"), u.stringAt(name, "global name")));
                break;
            }
            case OpCode::Reduce: {
                Ref args = pop();
                Ref callable = pop();
                push(call(callable, args, 0));
                break;
            }
            case OpCode::NewObj: {  // cls.__new__(cls, *args)
                Ref args = pop();
                Ref cls = pop();
                if (obj(cls).kind == Kind::Global && obj(cls).global == GlobalId::ScriptClass) {
                    if (obj(args).kind != Kind::Tuple || !obj(args).items.empty())
                        error("TorchScript object created with arguments");
                    push(makeString(obj(cls).text, Kind::ScriptObject));
                    break;
                }
                if (obj(cls).kind != Kind::Global || obj(cls).global != GlobalId::OrderedDict)
                    error("NEWOBJ of something other than OrderedDict");
                push(call(cls, args, 0));
                break;
            }
            case OpCode::Build: build(); break;
            case OpCode::BinPersId: push(persistentLoad(pop())); break;
            case OpCode::PersId: error("text persistent ids are not used by torch.save");
            case OpCode::Inst:
            case OpCode::Obj:
            case OpCode::NewObjEx:
                error("object construction (INST/OBJ/NEWOBJ_EX) is not allowed in a checkpoint");
            case OpCode::Ext1:
            case OpCode::Ext2:
            case OpCode::Ext4: error("pickle extension codes are not allowed in a checkpoint");
            default: {
                static const char* hex = "0123456789abcdef";
                error(std::string("unknown pickle opcode 0x") + hex[op >> 4] + hex[op & 15]);
            }
        }
    }
}

Unpickler::Unpickler(ByteSource& source, bool scriptObjects) : source_(source), scriptObjects_(scriptObjects) {}
Unpickler::~Unpickler() = default;

Ref Unpickler::load() {
    Impl impl{*this, source_, {}, {}, {}};
    return impl.run();
}

const std::string& Unpickler::stringAt(Ref ref, const char* what) const {
    const Object& o = objects_.at(ref);
    if (o.kind != Kind::String && o.kind != Kind::Bytes)
        fail(source_.name(), std::string(what) + " is not a string");
    return o.text;
}

}  // namespace instyle::pickle
