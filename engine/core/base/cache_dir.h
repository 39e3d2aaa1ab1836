#pragma once
// The per-user cache folder, in base/ because the kernels (measured convolution choices) and sam/
// (MobileSAM embeddings) both keep files there and neither should include the model registry.

#include <string>

namespace instyle {

// $XDG_CACHE_HOME/instyle, else ~/.cache/instyle (empty without HOME). Deleting it is always safe.
std::string userCacheDir();

}  // namespace instyle
