#pragma once
// The MobileSAM embedding of a photo, cached per (photo content, model file content) in memory
// and in the user's cache folder ($XDG_CACHE_HOME/instyle/sam, default ~/.cache/instyle/sam),
// shared by the CLI and the window: re-opening a photo or a project does not encode again, and
// another model file never reuses a stale embedding.
//
// Keys are content hashes: SHA-256 of the decoded RGB pixels with their size (so the same photo
// saved under another name hits), and SHA-256 of the model file (cached per path, size and
// modification time, so a 40 MB file is hashed once per process). Files are written atomically
// (temp + rename); a damaged or foreign cache file is ignored (and replaced), never fatal.
//
// Thread safety: all members may be called from any thread (an internal mutex guards memory).

#include "core/sam/sam_predictor.h"

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace instyle {

struct SamCacheKey {
    std::string photoHash;  // hex SHA-256 of the pixels (samPhotoHash)
    std::string modelHash;  // hex SHA-256 of the model file (samModelHash)
    std::string text() const { return photoHash + "-" + modelHash; }
};

// SHA-256 over "HxWx3" and the HxWx3 uint8 RGB bytes (contiguous CPU tensor).
std::string samPhotoHash(const at::Tensor& rgb8);
// SHA-256 of the file, remembered per (path, size, mtime). Throws Error(Io) if unreadable.
std::string samModelHash(const std::string& modelPath);

class SamEmbeddingCache {
public:
    // folder empty: defaultFolder(). memoryEntries: how many embeddings stay in memory (LRU).
    explicit SamEmbeddingCache(std::string folder = {}, size_t memoryEntries = 4);
    // $XDG_CACHE_HOME/instyle/sam, else $HOME/.cache/instyle/sam.
    static std::string defaultFolder();
    const std::string& folder() const { return folder_; }

    std::optional<SamEmbedding> find(const SamCacheKey& key);
    // Keeps it in memory and writes it to the folder (errors writing are swallowed: the cache is
    // an optimisation; the returned bool says whether the file was written).
    bool store(const SamCacheKey& key, const SamEmbedding& embedding);

private:
    std::string folder_;
    size_t memoryEntries_;
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace instyle
