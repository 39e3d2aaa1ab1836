#include "core/segmentation/voc_classes.h"

#include <algorithm>

namespace instyle {

const std::array<std::string, kVocNumClasses>& vocClassNames() {
    static const std::array<std::string, kVocNumClasses> names = {
        "background", "aeroplane", "bicycle", "bird",  "boat",        "bottle", "bus",
        "car",        "cat",       "chair",   "cow",   "diningtable", "dog",    "horse",
        "motorbike",  "person",    "pottedplant", "sheep", "sofa",    "train",  "tvmonitor"};
    return names;
}

std::string vocClassName(int index) {
    if (index >= 0 && index < kVocNumClasses) return vocClassNames()[index];
    if (index == kVocIgnoreLabel) return "ignore";
    return "class " + std::to_string(index);
}

int vocClassIndex(const std::string& name) {
    const auto& names = vocClassNames();
    auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

const std::array<Rgb, 256>& vocPalette() {
    static const std::array<Rgb, 256> palette = [] {
        std::array<Rgb, 256> p{};
        for (int i = 0; i < 256; ++i) {
            int r = 0, g = 0, b = 0, c = i;
            for (int j = 0; j < 8; ++j) {
                r |= ((c >> 0) & 1) << (7 - j);
                g |= ((c >> 1) & 1) << (7 - j);
                b |= ((c >> 2) & 1) << (7 - j);
                c >>= 3;
            }
            p[i] = {static_cast<uint8_t>(r), static_cast<uint8_t>(g), static_cast<uint8_t>(b)};
        }
        return p;
    }();
    return palette;
}

}  // namespace instyle
