#include "core/base/shape_string.h"

#include <sstream>

namespace instyle {

std::string shapeString(const c10::IntArrayRef& sizes) {
    std::ostringstream out;
    out << "[";
    for (size_t i = 0; i < sizes.size(); ++i) out << (i ? "x" : "") << sizes[i];
    out << "]";
    return out.str();
}

}  // namespace instyle
