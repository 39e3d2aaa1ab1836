#include "core/base/cache_dir.h"

#include <cstdlib>

namespace instyle {

std::string userCacheDir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg) return std::string(xdg) + "/instyle";
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/.cache/instyle" : std::string();
}

}  // namespace instyle
