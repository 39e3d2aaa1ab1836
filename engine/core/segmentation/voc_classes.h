#pragma once
// The 21 PASCAL VOC classes (background + 20) and the standard VOC colour palette, in one place.

#include <array>
#include <cstdint>
#include <string>

namespace instyle {

constexpr int kVocNumClasses = 21;
constexpr uint8_t kVocIgnoreLabel = 255;  // "void": object boundaries and unlabelled pixels

// "background", "aeroplane", ..., "tvmonitor" (the devkit's names).
const std::array<std::string, kVocNumClasses>& vocClassNames();
// Name of a class index; "ignore" for 255, "class N" for anything else out of range.
std::string vocClassName(int index);
// Index of a class name (case-sensitive devkit name), or -1.
int vocClassIndex(const std::string& name);

using Rgb = std::array<uint8_t, 3>;
// The devkit's labelcolormap(256): entry i spreads the bits of i over R, G, B. All 256 entries
// differ, so a colour maps back to exactly one index. Entry 255 is (224, 224, 192).
const std::array<Rgb, 256>& vocPalette();

}  // namespace instyle
