#pragma once
// The logarithmic mapping of the weight sliders: an integer slider position ↔ a weight in
// [10^kLogMin, 10^kLogMax], kStepsPerDecade positions per decade.

#include "core/style/stylize_options.h"

#include <algorithm>
#include <cmath>

namespace instyle::ui::logscale {

// The power of ten of a decade value (1e-2 → -2).
constexpr int decadeOf(double value) {
    int d = 0;
    for (; value >= 10; value /= 10) ++d;
    for (; value < 1; value *= 10) --d;
    return d;
}

// The option table's slider range of the loss weights (1e-2 … 1e10).
constexpr int kLogMin = decadeOf(options::alpha.sliderMin);
constexpr int kLogMax = decadeOf(options::alpha.sliderMax);
constexpr int kStepsPerDecade = 100;
constexpr int kSliderMax = (kLogMax - kLogMin) * kStepsPerDecade;

inline double sliderToValue(int position) {
    position = std::clamp(position, 0, kSliderMax);
    return std::pow(10.0, kLogMin + double(position) / kStepsPerDecade);
}

inline int valueToSlider(double value) {
    if (!(value > 0)) return 0;
    const double p = (std::log10(value) - kLogMin) * kStepsPerDecade;
    return std::clamp(int(std::lround(p)), 0, kSliderMax);
}

// Dragging the handle changes the value by one decade per kDragPixelsPerDecade pixels of mouse
// travel, whatever the slider's length: a slider of ~200 px spanning all twelve decades would
// otherwise multiply the weight by 10^6 in a 100 px drag.
constexpr int kDragPixelsPerDecade = 100;

// The slider position after a drag of `pixels` (right/up positive) that started at `start`.
inline int dragPosition(int start, int pixels) {
    const double steps = double(pixels) * kStepsPerDecade / kDragPixelsPerDecade;
    return std::clamp(start + int(std::lround(steps)), 0, kSliderMax);
}

inline double minValue() { return std::pow(10.0, kLogMin); }
inline double maxValue() { return std::pow(10.0, kLogMax); }

}  // namespace instyle::ui::logscale
