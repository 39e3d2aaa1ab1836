#include "core/base/number_text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace instyle {

std::string numberText(double value) {
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[64];
    if (value == std::floor(value) && std::abs(value) < 1e15) {  // 1000000, not 1e+06
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
        return buffer;
    }
    for (int precision = 6; precision <= 17; ++precision) {  // the shortest form that reads back exactly
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    return buffer;
}

}  // namespace instyle
