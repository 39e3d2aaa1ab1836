#pragma once
// A tensor shape as error messages print it: "[64x3x3x3]".

#include <c10/util/ArrayRef.h>

#include <cstdint>
#include <string>

namespace instyle {

std::string shapeString(const c10::IntArrayRef& sizes);

}  // namespace instyle
