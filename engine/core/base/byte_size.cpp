#include "core/base/byte_size.h"

#include <cstdio>

namespace instyle {

std::string humanSize(uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024.0;
    int unit = 0;
    // 1023.96 KiB would print as "1024.0 KiB": move up a unit where the rounded value reaches 1024.
    while (unit + 1 < 4 && value >= 1024.0 - 0.05) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

}  // namespace instyle
