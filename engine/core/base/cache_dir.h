#pragma once
// The per-user folders, in base/ because the kernels (measured convolution choices), sam/
// (MobileSAM embeddings) and the model registry (downloaded models) all keep files there.

#include <string>

namespace instyle {

// $<variable>/instyle, else ~/<homeFallback>/instyle (empty without HOME), as the XDG base
// directory rules say: userDataDir is XDG_DATA_HOME (~/.local/share), userCacheDir XDG_CACHE_HOME.
std::string xdgUserDir(const char* variable, const char* homeFallback);
std::string userDataDir();
// $XDG_CACHE_HOME/instyle, else ~/.cache/instyle (empty without HOME). Deleting it is always safe.
std::string userCacheDir();

}  // namespace instyle
