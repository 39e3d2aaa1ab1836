#include "core/sam/sam_embedding_cache.h"

#include "core/base/cache_dir.h"
#include "core/base/error.h"
#include "core/base/sha256.h"

#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <random>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>

namespace instyle {

namespace fs = std::filesystem;

namespace {

// File layout (native byte order; the cache belongs to one machine, and a file from a machine of
// the other byte order fails the version check and is ignored):
//   char[8] magic "ISAMEMB\0" | uint32 version | uint32 key length | key bytes |
//   int64 originalHeight, originalWidth, inputHeight, inputWidth | int64 channels, height, width |
//   float32 data[channels*height*width] | uint64 FNV-1a of the data
// The checksum catches a file damaged after it was written (the atomic rename already rules out
// a half-written one); a wrong embedding would silently give wrong masks.
constexpr char kMagic[8] = {'I', 'S', 'A', 'M', 'E', 'M', 'B', '\0'};
constexpr uint32_t kVersion = 1;
constexpr const char* kSuffix = ".samemb";
// An embedding is 256x64x64; anything far larger is a damaged header, not a reason to allocate.
constexpr int64_t kMaxElements = int64_t(64) << 20;

uint64_t fnv1a(const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

template <typename T>
void put(std::string& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
bool get(std::istream& in, T& value) {
    return static_cast<bool>(in.read(reinterpret_cast<char*>(&value), sizeof value));
}

// The key text is made of hex digits and '-', so it is a safe file name as it stands.
bool isSafeKey(const std::string& text) {
    if (text.empty() || text.size() > 200) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-')) return false;
    return true;
}

std::optional<SamEmbedding> readFile(const fs::path& path, const std::string& key) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    char magic[8];
    uint32_t version = 0, keyLength = 0;
    if (!in.read(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof magic) != 0) return std::nullopt;
    if (!get(in, version) || version != kVersion || !get(in, keyLength) || keyLength != key.size()) return std::nullopt;
    std::string stored(keyLength, '\0');
    if (!in.read(stored.data(), keyLength) || stored != key) return std::nullopt;
    SamEmbedding e;
    int64_t channels = 0, height = 0, width = 0;
    if (!get(in, e.originalHeight) || !get(in, e.originalWidth) || !get(in, e.inputHeight) || !get(in, e.inputWidth) ||
        !get(in, channels) || !get(in, height) || !get(in, width))
        return std::nullopt;
    if (e.originalHeight <= 0 || e.originalWidth <= 0 || e.inputHeight <= 0 || e.inputWidth <= 0) return std::nullopt;
    if (channels <= 0 || height <= 0 || width <= 0 || channels > kMaxElements || height > kMaxElements ||
        width > kMaxElements || channels * height > kMaxElements || channels * height * width > kMaxElements)
        return std::nullopt;
    at::Tensor features = torch::empty({1, channels, height, width}, torch::kFloat32);
    const auto bytes = static_cast<std::streamsize>(features.numel() * static_cast<int64_t>(sizeof(float)));
    uint64_t checksum = 0;
    if (!in.read(static_cast<char*>(features.data_ptr()), bytes) || !get(in, checksum)) return std::nullopt;
    if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;  // trailing bytes: not ours
    if (checksum != fnv1a(features.data_ptr(), static_cast<size_t>(bytes))) return std::nullopt;
    e.features = features;
    return e;
}

std::string serialise(const std::string& key, const SamEmbedding& e, const at::Tensor& features) {
    std::string out;
    const size_t bytes = static_cast<size_t>(features.numel()) * sizeof(float);
    out.reserve(128 + key.size() + bytes);
    out.append(kMagic, sizeof kMagic);
    put(out, kVersion);
    put(out, static_cast<uint32_t>(key.size()));
    out += key;
    for (int64_t v : {e.originalHeight, e.originalWidth, e.inputHeight, e.inputWidth}) put(out, v);
    for (int64_t d = 1; d < 4; ++d) put(out, features.size(d));
    out.append(static_cast<const char*>(features.data_ptr()), bytes);
    put(out, fnv1a(features.data_ptr(), bytes));
    return out;
}

// Write-temp-then-rename in the same folder: a reader sees the old file or the whole new one.
bool writeAtomically(const fs::path& path, const std::string& bytes) {
    static std::atomic<uint64_t> counter{0};
    std::random_device random;
    const fs::path temp = path.string() + ".tmp" + std::to_string(random()) + "-" + std::to_string(counter++);
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) return false;
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            out.close();
            std::error_code ec;
            fs::remove(temp, ec);
            return false;
        }
    }
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) fs::remove(temp, ec);
    return !ec;
}

}  // namespace

std::string samPhotoHash(const at::Tensor& rgb8) {
    if (!rgb8.defined() || rgb8.dim() != 3 || rgb8.size(2) != 3 || rgb8.scalar_type() != at::kByte)
        throw Error(ErrorCategory::InvalidArgument, "samPhotoHash: expected an HxWx3 uint8 image");
    const at::Tensor pixels = rgb8.to(at::kCPU).contiguous();
    const std::string size = std::to_string(pixels.size(0)) + "x" + std::to_string(pixels.size(1)) + "x3";
    Sha256 sha;
    sha.update(size.data(), size.size());
    sha.update(pixels.data_ptr(), static_cast<size_t>(pixels.numel()));
    return sha.hexDigest();
}

std::string samModelHash(const std::string& modelPath) {
    std::error_code ec;
    const uint64_t size = fs::file_size(modelPath, ec);
    if (ec) throw Error(ErrorCategory::Io, modelPath + ": cannot read (" + ec.message() + ")");
    const auto mtime = fs::last_write_time(modelPath, ec).time_since_epoch().count();
    if (ec) throw Error(ErrorCategory::Io, modelPath + ": cannot read (" + ec.message() + ")");
    using FileKey = std::tuple<std::string, uint64_t, int64_t>;
    static std::mutex mutex;
    static std::map<FileKey, std::string> known;
    const FileKey fileKey{fs::absolute(modelPath, ec).string(), size, static_cast<int64_t>(mtime)};
    {
        const std::lock_guard<std::mutex> lock(mutex);
        if (const auto it = known.find(fileKey); it != known.end()) return it->second;
    }
    const std::string hash = sha256File(modelPath);  // outside the lock: 40 MB takes a while
    const std::lock_guard<std::mutex> lock(mutex);
    known[fileKey] = hash;
    return hash;
}

struct SamEmbeddingCache::State {
    std::mutex mutex;
    std::list<std::pair<std::string, SamEmbedding>> recent;  // most recently used first
};

SamEmbeddingCache::SamEmbeddingCache(std::string folder, size_t memoryEntries)
    : folder_(folder.empty() ? defaultFolder() : std::move(folder)),
      memoryEntries_(memoryEntries),
      state_(std::make_shared<State>()) {}

std::string SamEmbeddingCache::defaultFolder() {
    const std::string dir = userCacheDir();
    return dir.empty() ? std::string() : dir + "/sam";
}

std::optional<SamEmbedding> SamEmbeddingCache::find(const SamCacheKey& key) {
    const std::string text = key.text();
    {
        const std::lock_guard<std::mutex> lock(state_->mutex);
        auto& recent = state_->recent;
        for (auto it = recent.begin(); it != recent.end(); ++it) {
            if (it->first != text) continue;
            recent.splice(recent.begin(), recent, it);
            return recent.front().second;
        }
    }
    if (folder_.empty() || !isSafeKey(text)) return std::nullopt;
    const fs::path path = fs::path(folder_) / (text + kSuffix);
    std::optional<SamEmbedding> loaded;
    try {
        loaded = readFile(path, text);
    } catch (const std::exception&) {  // e.g. an allocation failure on a damaged size
        loaded.reset();
    }
    if (!loaded) return std::nullopt;  // absent, damaged or foreign: the next store replaces it
    const std::lock_guard<std::mutex> lock(state_->mutex);
    auto& recent = state_->recent;
    recent.emplace_front(text, *loaded);
    while (recent.size() > memoryEntries_) recent.pop_back();
    return loaded;
}

bool SamEmbeddingCache::store(const SamCacheKey& key, const SamEmbedding& embedding) {
    if (!embedding.defined() || embedding.features.dim() != 4 || embedding.features.size(0) != 1)
        throw Error(ErrorCategory::InvalidArgument, "SamEmbeddingCache::store: expected 1xCxHxW features");
    const std::string text = key.text();
    SamEmbedding kept = embedding;
    kept.features = embedding.features.to(at::kCPU, at::kFloat).contiguous();
    {
        const std::lock_guard<std::mutex> lock(state_->mutex);
        auto& recent = state_->recent;
        recent.remove_if([&](const auto& entry) { return entry.first == text; });
        if (memoryEntries_ > 0) recent.emplace_front(text, kept);
        while (recent.size() > memoryEntries_) recent.pop_back();
    }
    if (folder_.empty() || !isSafeKey(text)) return false;
    try {
        std::error_code ec;
        fs::create_directories(folder_, ec);
        if (ec) return false;
        return writeAtomically(fs::path(folder_) / (text + kSuffix), serialise(text, kept, kept.features));
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace instyle
