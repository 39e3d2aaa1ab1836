#pragma once
// A byte size as the user reads it: binary units (powers of 1024) with their IEC names and one
// decimal, "548.1 MiB", "312.5 KiB", "1.2 GiB". Every size the window and the CLI show is
// written by this one function, so that a file's size reads the same in every place.

#include <cstdint>
#include <string>

namespace instyle {

std::string humanSize(uint64_t bytes);

}  // namespace instyle
