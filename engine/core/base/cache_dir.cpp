#include "core/base/cache_dir.h"

#include <cstdlib>

namespace instyle {

std::string xdgUserDir(const char* variable, const char* homeFallback) {
    const char* xdg = std::getenv(variable);
    if (xdg && *xdg) return std::string(xdg) + "/instyle";
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/" + homeFallback + "/instyle" : std::string();
}

std::string userDataDir() { return xdgUserDir("XDG_DATA_HOME", ".local/share"); }

std::string userCacheDir() { return xdgUserDir("XDG_CACHE_HOME", ".cache"); }

}  // namespace instyle
