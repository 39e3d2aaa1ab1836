#pragma once
// A number as messages, job files and JSON show it: the shortest text that reads back exactly.

#include <string>

namespace instyle {

// "1000000", not "1e+06"; "0.1", not "0.10000000000000001"; "inf" / "-inf".
std::string numberText(double value);

}  // namespace instyle
